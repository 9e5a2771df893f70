// Burden account: log entries (communities), summaries and the xlsx evidence (streets, districts).
import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { audit } from '../../lib/audit.ts';
import { contentDisposition } from '../../lib/xlsx.ts';
import { idParam, okResponse, paged } from '../../../contracts/common.ts';
import { burdenEntry, burdenEntryBody, burdenEntryQuery, burdenPeriodQuery, burdenSummary as summarySchema } from '../../../contracts/burden.ts';
import { burdenSummary, deleteEntry, listEntries, logEntry } from './burden.service.ts';
import { burdenWorkbook } from './burden-export.ts';

export function burdenRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['burden'];
  app.post('/api/burden/entries', { config: { perm: 'burden.log' }, schema: { tags, body: burdenEntryBody, response: { 201: burdenEntry } } }, async (req, reply) =>
    reply.status(201).send(await logEntry(ctx, requireActor(req), req.body)));
  app.get('/api/burden/entries', { config: { perm: 'burden.log' }, schema: { tags, querystring: burdenEntryQuery, response: { 200: paged(burdenEntry) } } }, async (req) =>
    listEntries(ctx, requireActor(req), req.query));
  app.delete('/api/burden/entries/:id', { config: { perm: 'burden.log' }, schema: { tags, params: idParam, response: { 200: okResponse } } }, async (req) =>
    deleteEntry(ctx, requireActor(req), req.params.id));
  // The departments a community can pick when logging (any department may impose; the list is not scoped).
  app.get('/api/burden/departments', { config: { perm: 'burden.log' }, schema: { tags, response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) } } }, async () =>
    ctx.db.query<{ id: string; name: string }>('SELECT id, name FROM departments ORDER BY code'));
  app.get('/api/burden/summary', { config: { perm: 'burden.read' }, schema: { tags, querystring: burdenPeriodQuery, response: { 200: summarySchema } } }, async (req) =>
    burdenSummary(ctx, requireActor(req), req.query));
  app.get('/api/burden/export.xlsx', { config: { perm: 'burden.read' }, schema: { tags, querystring: burdenPeriodQuery } }, async (req, reply) => {
    const actor = requireActor(req);
    const { stream, filename } = await burdenWorkbook(ctx, actor, req.query);
    await ctx.db.tx((q) => audit(q, actor, { action: 'burden.export', entityType: 'burden', regionId: req.query.regionId ?? actor.scopeRegionId, detail: req.query }));
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', contentDisposition(filename));
    return reply.send(stream);
  });
}
