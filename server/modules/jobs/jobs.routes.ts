import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { idParam, paged, pageQuery } from '../../../contracts/common.ts';
import { jobItem } from '../../../contracts/platform.ts';
import { cancelJob, getJob, listJobs } from './jobs.service.ts';

export function jobRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['jobs'];
  app.get('/api/jobs', { config: { perm: 'job.read' }, schema: { tags, querystring: pageQuery.extend({ status: z.string().optional() }), response: { 200: paged(jobItem) } } }, async (req) =>
    listJobs(ctx, requireActor(req), req.query));
  app.get('/api/jobs/:id', { config: { perm: 'job.read' }, schema: { tags, params: idParam, response: { 200: jobItem } } }, async (req) =>
    getJob(ctx, requireActor(req), req.params.id));
  app.post('/api/jobs/:id/cancel', { config: { perm: 'job.read' }, schema: { tags, params: idParam, response: { 200: jobItem } } }, async (req) =>
    cancelJob(ctx, requireActor(req), req.params.id));
}
