// Reading the audit log: filtered lists, export, chain verification (also as a job with progress).
import type { Actor, Ctx } from '../../lib/context.ts';
import { params, likeEscape, type Params } from '../../lib/sql.ts';
import { verifyAudit } from '../../lib/audit.ts';
import { registerJobHandler } from '../../lib/jobs.ts';

type Query = { actor?: string; action?: string; entityType?: string; entityId?: string; from?: string; to?: string };
type AuditRow = { id: number; at: Date; actor_label: string; action: string; entity_type: string; entity_id: string | null; region_id: number | null; ip: string | null; detail: unknown };

/** Rows about regions in the actor's subtree; rows without a region only for district-level scopes. */
function whereFor(actor: Actor, q: Query, p: Params): string {
  const w = [`(a.region_id IN (SELECT id FROM regions WHERE path LIKE ${p.add(actor.scopePath + '%')})${actor.scopeLevel === 'district' ? ' OR a.region_id IS NULL' : ''})`];
  if (q.actor) w.push(`a.actor_label ILIKE ${p.add(`%${likeEscape(q.actor)}%`)}`);
  if (q.action) w.push(`a.action LIKE ${p.add(`${likeEscape(q.action)}%`)}`);
  if (q.entityType) w.push(`a.entity_type = ${p.add(q.entityType)}`);
  if (q.entityId) w.push(`a.entity_id = ${p.add(q.entityId)}`);
  if (q.from) w.push(`a.at >= (${p.add(q.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (q.to) w.push(`a.at < ((${p.add(q.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  return w.join(' AND ');
}

const toItem = (r: AuditRow) => ({
  id: Number(r.id), at: new Date(r.at).toISOString(), actorLabel: r.actor_label, action: r.action, entityType: r.entity_type,
  entityId: r.entity_id, regionId: r.region_id === null ? null : Number(r.region_id), ip: r.ip, detail: r.detail,
});

export async function listAudit(ctx: Ctx, actor: Actor, q: Query & { page: number; pageSize: number }) {
  const p = params();
  const where = whereFor(actor, q, p);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log a WHERE ${where}`, p.values);
  const rows = await ctx.db.query<AuditRow>(
    `SELECT a.* FROM audit_log a WHERE ${where} ORDER BY a.id DESC LIMIT ${p.add(q.pageSize)} OFFSET ${p.add((q.page - 1) * q.pageSize)}`,
    p.values,
  );
  return { items: rows.map(toItem), total: total[0].n, page: q.page, pageSize: q.pageSize };
}

export function auditExportRows(ctx: Ctx, actor: Actor, q: Query) {
  return async (offset: number, limit: number) => {
    const p = params();
    const where = whereFor(actor, q, p);
    const rows = await ctx.db.query<AuditRow>(`SELECT a.* FROM audit_log a WHERE ${where} ORDER BY a.id LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`, p.values);
    return rows.map((r) => ({ ...toItem(r), at: new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }), detail: JSON.stringify(r.detail) }));
  };
}

registerJobHandler('audit.verify', async (ctx, _job, report) => {
  const total = (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0].n;
  await report.progress(0, total, '正在校验审计日志哈希链');
  const result = await verifyAudit(ctx.db);
  await report.progress(result.checked, total, result.ok ? '校验通过' : `第 ${result.firstBadId} 条记录异常`);
  return result;
});
