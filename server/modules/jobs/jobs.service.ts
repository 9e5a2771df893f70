// Viewing jobs: a user sees the jobs they started, and jobs of regions in their scope if they may read audit.
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { params, type Params } from '../../lib/sql.ts';
import { audit } from '../../lib/audit.ts';

type JobRow = { id: string; kind: string; status: string; attempts: number; progress: number; progress_total: number | null; message: string | null; result: unknown; error: string | null; created_at: Date; finished_at: Date | null; created_by: string | null; region_id: number | null };

const toJob = (j: JobRow) => ({
  id: j.id, kind: j.kind, status: j.status, attempts: j.attempts, progress: j.progress, progressTotal: j.progress_total, message: j.message,
  result: j.result, error: j.error, createdAt: new Date(j.created_at).toISOString(), finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
});

function visible(actor: Actor, p: Params): string {
  const mine = `j.created_by = ${p.add(actor.userId)}`;
  if (!can(actor, 'audit.read')) return mine;
  return `(${mine} OR j.region_id IN (SELECT id FROM regions WHERE path LIKE ${p.add(actor.scopePath + '%')}))`;
}

export async function listJobs(ctx: Ctx, actor: Actor, q: { page: number; pageSize: number; status?: string }) {
  const p = params();
  const where = [visible(actor, p)];
  if (q.status) where.push(`j.status = ${p.add(q.status)}`);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs j WHERE ${where.join(' AND ')}`, p.values);
  const rows = await ctx.db.query<JobRow>(`SELECT * FROM jobs j WHERE ${where.join(' AND ')} ORDER BY j.created_at DESC LIMIT ${p.add(q.pageSize)} OFFSET ${p.add((q.page - 1) * q.pageSize)}`, p.values);
  return { items: rows.map(toJob), total: total[0].n, page: q.page, pageSize: q.pageSize };
}

export async function getJob(ctx: Ctx, actor: Actor, id: string) {
  const p = params([id]);
  const rows = await ctx.db.query<JobRow>(`SELECT * FROM jobs j WHERE j.id = $1 AND ${visible(actor, p)}`, p.values);
  if (!rows[0]) throw notFound('任务', 'Job');
  return toJob(rows[0]);
}

export async function cancelJob(ctx: Ctx, actor: Actor, id: string) {
  await getJob(ctx, actor, id);
  return ctx.db.tx(async (q) => {
    const rows = await q.query<JobRow>(`UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status = 'queued' RETURNING *`, [id]);
    if (!rows[0]) throw new AppError('INVALID_STATE', '只能取消排队中的任务', 'Only queued jobs can be cancelled');
    await audit(q, actor, { action: 'job.cancel', entityType: 'job', entityId: id, regionId: rows[0].region_id });
    return toJob(rows[0]);
  });
}
