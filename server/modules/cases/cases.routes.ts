// Routes of residents' opinions and incidents: thin — schema → permission → service → response.
import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { idParam, pageQuery, paged } from '../../../contracts/common.ts';
import {
  acceptBody, actionNoteBody, assessmentQuery, assessmentRow, callbackBody, caseDetail, caseItem, caseList, caseListQuery, category, createCaseBody, createCaseResult,
  createCategoryBody, dispatchBody, extensionBody, extensionDecisionBody, handleBody, mergeBody, myCase, problemListQuery, problemRow, rateBody, reasonBody,
  replyBody, reportCaseBody, trendPoint, trendQuery, updateCategoryBody,
} from '../../../contracts/cases.ts';
import { createCategory, listCategories, updateCategory } from './case-categories.ts';
import { createCase, findDuplicates, getCaseDetail, getMyCase, listCases, listMyCases, reportCase } from './cases.service.ts';
import { ACTIONS, runAction, type ActionName } from './case-workflow.ts';
import { startSweepScheduler, sweepSla } from './case-sla.ts';
import { assessment, problemList, problemListXlsx, trends } from './case-assessment.ts';

// Staff workflow actions: URL segment → action and body schema. The permission comes from the ACTIONS table.
const STAFF_ACTIONS: { path: string; action: ActionName; body: z.ZodType }[] = [
  { path: 'accept', action: 'accept', body: acceptBody },
  { path: 'reject', action: 'reject', body: reasonBody },
  { path: 'dispatch', action: 'dispatch', body: dispatchBody },
  { path: 'sign', action: 'sign', body: actionNoteBody },
  { path: 'return', action: 'return', body: reasonBody },
  { path: 'handle', action: 'handle', body: handleBody },
  { path: 'reply', action: 'reply', body: replyBody },
  { path: 'callback', action: 'callback', body: callbackBody },
  { path: 'reopen', action: 'reopen', body: reasonBody },
  { path: 'close', action: 'close', body: actionNoteBody },
  { path: 'archive', action: 'archive', body: actionNoteBody },
  { path: 'pause', action: 'pause', body: reasonBody },
  { path: 'resume', action: 'resume', body: actionNoteBody },
  { path: 'extensions', action: 'request_extension', body: extensionBody },
  { path: 'extensions/decide', action: 'decide_extension', body: extensionDecisionBody },
  { path: 'supervise', action: 'supervise', body: actionNoteBody },
  { path: 'urge', action: 'urge', body: actionNoteBody },
  { path: 'merge', action: 'merge', body: mergeBody },
];

export function caseRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['cases'];
  app.get('/api/case-categories', { config: { perm: 'case.read' }, schema: { tags, querystring: z.object({ includeRetired: z.enum(['true', 'false']).optional() }), response: { 200: z.array(category) } } }, async (req) =>
    listCategories(ctx, { includeRetired: req.query.includeRetired === 'true' }));
  app.post('/api/case-categories', { config: { perm: 'case.config' }, schema: { tags, body: createCategoryBody, response: { 201: category } } }, async (req, reply) =>
    reply.status(201).send(await createCategory(ctx, requireActor(req), req.body)));
  app.patch('/api/case-categories/:id', { config: { perm: 'case.config' }, schema: { tags, params: idParam, body: updateCategoryBody, response: { 200: category } } }, async (req) =>
    updateCategory(ctx, requireActor(req), req.params.id, req.body));

  app.get('/api/cases', { config: { perm: 'case.read' }, schema: { tags, querystring: caseListQuery, response: { 200: caseList } } }, async (req) =>
    listCases(ctx, requireActor(req), req.query));
  app.post('/api/cases', { config: { perm: 'case.create' }, schema: { tags, body: createCaseBody, response: { 201: createCaseResult } } }, async (req, reply) =>
    reply.status(201).send(await createCase(ctx, requireActor(req), req.body)));

  app.get('/api/cases/assessment', { config: { perm: 'case.assess' }, schema: { tags, querystring: assessmentQuery, response: { 200: z.array(assessmentRow) } } }, async (req) =>
    assessment(ctx, requireActor(req), req.query));
  app.get('/api/cases/assessment/trends', { config: { perm: 'case.assess' }, schema: { tags, querystring: trendQuery, response: { 200: z.array(trendPoint) } } }, async (req) =>
    trends(ctx, requireActor(req), req.query));
  app.get('/api/cases/problem-list', { config: { perm: 'case.assess' }, schema: { tags, querystring: problemListQuery, response: { 200: z.array(problemRow) } } }, async (req) =>
    problemList(ctx, requireActor(req), req.query.year, req.query.quarter));
  app.get('/api/cases/problem-list.xlsx', { config: { perm: 'case.assess' }, schema: { tags, querystring: problemListQuery } }, async (req, reply) => {
    const { stream, disposition } = await problemListXlsx(ctx, requireActor(req), req.query.year, req.query.quarter);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', disposition);
    return reply.send(stream);
  });
  app.post('/api/cases/sla-sweep', { config: { perm: 'case.supervise' }, schema: { tags, body: z.object({ full: z.boolean().default(false) }), response: { 200: z.object({ dueSoon: z.number(), overdue: z.number(), toStreet: z.number(), toDistrict: z.number(), notified: z.number(), ms: z.number(), full: z.boolean().optional(), skipped: z.boolean().optional() }) } } }, async (req) =>
    sweepSla(ctx, new Date(), { full: req.body.full }));

  app.get('/api/cases/:id', { config: { perm: 'case.read' }, schema: { tags, params: idParam, response: { 200: caseDetail } } }, async (req) =>
    getCaseDetail(ctx, requireActor(req), req.params.id));
  app.get('/api/cases/:id/duplicates', { config: { perm: 'case.read' }, schema: { tags, params: idParam, response: { 200: z.array(caseItem) } } }, async (req) =>
    findDuplicates(ctx, requireActor(req), req.params.id));

  for (const a of STAFF_ACTIONS) {
    app.post(`/api/cases/:id/${a.path}`, { config: { perm: ACTIONS[a.action].perm }, schema: { tags, params: idParam, body: a.body, response: { 200: caseDetail } } }, async (req) => {
      const actor = requireActor(req);
      await runAction(ctx, actor, req.params.id, a.action, req.body as never);
      return getCaseDetail(ctx, actor, req.params.id);
    });
  }

  // Residents: report from a phone, follow progress, read the reply, rate.
  app.get('/api/my/case-categories', { config: { perm: 'case.report' }, schema: { tags, response: { 200: z.array(category) } } }, async () => listCategories(ctx));
  app.get('/api/my/cases', { config: { perm: 'case.report' }, schema: { tags, querystring: pageQuery, response: { 200: paged(caseItem) } } }, async (req) =>
    listMyCases(ctx, requireActor(req), req.query.page, req.query.pageSize));
  app.post('/api/my/cases', { config: { perm: 'case.report' }, schema: { tags, body: reportCaseBody, response: { 201: myCase } } }, async (req, reply) =>
    reply.status(201).send(await reportCase(ctx, requireActor(req), req.body)));
  app.get('/api/my/cases/:id', { config: { perm: 'case.report' }, schema: { tags, params: idParam, response: { 200: myCase } } }, async (req) =>
    getMyCase(ctx, requireActor(req), req.params.id));
  app.post('/api/my/cases/:id/rate', { config: { perm: 'case.report' }, schema: { tags, params: idParam, body: rateBody, response: { 200: myCase } } }, async (req) => {
    const actor = requireActor(req);
    await runAction(ctx, actor, req.params.id, 'rate', req.body, { own: true });
    return getMyCase(ctx, actor, req.params.id);
  });

  // The periodic SLA sweep is scheduled only where this process runs the job worker.
  if (ctx.config.workers) {
    let stop: (() => void) | null = null;
    app.addHook('onReady', async () => void (stop = startSweepScheduler(ctx)));
    app.addHook('onClose', async () => stop?.());
  }
}
