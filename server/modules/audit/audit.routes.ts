import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { audit, verifyAudit } from '../../lib/audit.ts';
import { enqueueJob } from '../../lib/jobs.ts';
import { contentDisposition, pagedRows, xlsxStream } from '../../lib/xlsx.ts';
import { paged } from '../../../contracts/common.ts';
import { auditItem, auditQuery, verifyResult } from '../../../contracts/platform.ts';
import { auditExportRows, listAudit } from './audit.service.ts';

export function auditRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['audit'];
  app.get('/api/audit', { config: { perm: 'audit.read' }, schema: { tags, querystring: auditQuery, response: { 200: paged(auditItem) } } }, async (req) =>
    listAudit(ctx, requireActor(req), req.query));

  app.get('/api/audit/export.xlsx', { config: { perm: 'audit.export' }, schema: { tags, querystring: auditQuery.omit({ page: true, pageSize: true }) } }, async (req, reply) => {
    const actor = requireActor(req);
    await ctx.db.tx((q) => audit(q, actor, { action: 'audit.export', entityType: 'audit_log', regionId: actor.scopeRegionId, detail: req.query }));
    const columns = [
      { header: '编号', key: 'id', width: 10 }, { header: '时间', key: 'at', width: 22 }, { header: '操作人', key: 'actorLabel', width: 24 },
      { header: '操作', key: 'action', width: 22 }, { header: '对象类型', key: 'entityType' }, { header: '对象编号', key: 'entityId', width: 38 },
      { header: '来源 IP', key: 'ip' }, { header: '详情', key: 'detail', width: 60 },
    ];
    const stream = xlsxStream('审计日志', columns, pagedRows(auditExportRows(ctx, actor, req.query)), { title: '审计日志' });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', contentDisposition(`审计日志-${new Date().toISOString().slice(0, 10)}.xlsx`));
    return reply.send(stream);
  });

  app.post('/api/audit/verify', { config: { perm: 'audit.read' }, schema: { tags, response: { 200: verifyResult } } }, async () => verifyAudit(ctx.db));

  app.post('/api/audit/verify-job', { config: { perm: 'audit.read' }, schema: { tags, response: { 202: z.object({ jobId: z.string() }) } } }, async (req, reply) => {
    const actor = requireActor(req);
    const jobId = await enqueueJob(ctx.db, 'audit.verify', {}, { createdBy: actor.userId, regionId: actor.scopeRegionId, maxAttempts: 1 });
    return reply.status(202).send({ jobId });
  });
}
