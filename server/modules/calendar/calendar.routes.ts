import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { okResponse } from '../../../contracts/common.ts';
import { calendarQuery, calendarResponse, deadlineQuery, putCalendarBody } from '../../../contracts/cases.ts';
import { deadline, deleteCalendarDay, getCalendarYear, putCalendarDays } from './calendar.service.ts';

export function calendarRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['calendar'];
  app.get('/api/calendar', { config: { perm: 'region.read' }, schema: { tags, querystring: calendarQuery, response: { 200: calendarResponse } } }, async (req) =>
    getCalendarYear(ctx, req.query.year));
  app.put('/api/calendar/days', { config: { perm: 'case.config' }, schema: { tags, body: putCalendarBody, response: { 200: okResponse } } }, async (req) =>
    putCalendarDays(ctx, requireActor(req), req.body.days));
  app.delete('/api/calendar/days/:date', { config: { perm: 'case.config' }, schema: { tags, params: z.object({ date: z.iso.date('日期格式应为 YYYY-MM-DD||Date must be YYYY-MM-DD') }), response: { 200: okResponse } } }, async (req) =>
    deleteCalendarDay(ctx, requireActor(req), req.params.date));
  app.get('/api/calendar/deadline', { config: { perm: 'region.read' }, schema: { tags, querystring: deadlineQuery, response: { 200: z.object({ dueAt: z.string() }) } } }, async (req) =>
    deadline(ctx, req.query.start, { value: req.query.value, unit: req.query.unit }));
}
