// Throughput of the service hall: counts and times per item, per window worker and per department;
// and a department's (or the street's) inbox of back-office steps.
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';

type Row = { key: string; name: string; total: number; finished: number; overdue: number; avg_days: number | null; avg_score: number | null; bad: number };
const toRow = (r: Row) => ({ key: String(r.key), name: r.name, total: r.total, finished: r.finished, overdue: r.overdue, avgDays: r.avg_days === null ? null : Math.round(Number(r.avg_days) * 10) / 10, avgScore: r.avg_score === null ? null : Math.round(Number(r.avg_score) * 100) / 100, bad: r.bad });
const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

export async function applicationStats(ctx: Ctx, actor: Actor, query: { from?: string; to?: string }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'a.community_id', grid: 'a.grid_id' })];
  if (query.from) where.push(`a.created_at >= (${p.add(query.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (query.to) where.push(`a.created_at < ((${p.add(query.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  const w = where.join(' AND ');
  // Elapsed days from acceptance to result (calendar days, to one decimal); overdue = past the promised date.
  const measures = `count(*)::int AS total,
    count(a.finished_at)::int AS finished,
    count(*) FILTER (WHERE a.due_date < coalesce((a.finished_at AT TIME ZONE 'Asia/Shanghai')::date, CASE WHEN a.status IN ('in_progress', 'returned') THEN ${TODAY} END))::int AS overdue,
    avg(extract(epoch FROM a.finished_at - a.accepted_at) / 86400) AS avg_days,
    avg(g.score) AS avg_score,
    count(*) FILTER (WHERE g.score <= 2)::int AS bad`;
  const byItem = await ctx.db.query<Row>(
    `SELECT i.code AS key, i.name, ${measures} FROM applications a JOIN service_items i ON i.id = a.item_id LEFT JOIN application_ratings g ON g.application_id = a.id
     WHERE ${w} GROUP BY i.code, i.name ORDER BY total DESC, i.code`, p.values);
  const byWorker = await ctx.db.query<Row>(
    `SELECT coalesce(u.username, '（网上申请未受理）') AS key, coalesce(u.display_name, '（网上申请未受理）') AS name, ${measures}
     FROM applications a LEFT JOIN users u ON u.id = a.intake_by LEFT JOIN application_ratings g ON g.application_id = a.id
     WHERE ${w} GROUP BY u.username, u.display_name ORDER BY total DESC, 1`, p.values);
  // Per department: its back-office steps, time from start to completion, overdue against the step's limit.
  const byDepartment = await ctx.db.query<Row>(
    `SELECT coalesce(d.code, s.kind) AS key, coalesce(d.name, '街道') AS name, count(*)::int AS total, count(s.completed_at)::int AS finished,
       count(*) FILTER (WHERE s.due_date < coalesce((s.completed_at AT TIME ZONE 'Asia/Shanghai')::date, ${TODAY}))::int AS overdue,
       avg(extract(epoch FROM s.completed_at - s.started_at) / 86400) AS avg_days, NULL::numeric AS avg_score,
       count(*) FILTER (WHERE s.outcome = 'return')::int AS bad
     FROM application_steps s JOIN applications a ON a.id = s.application_id LEFT JOIN departments d ON d.id = s.department_id
     WHERE s.kind <> 'window' AND ${w} GROUP BY 1, 2 ORDER BY total DESC, 1`, p.values);
  return { byItem: byItem.map(toRow), byWorker: byWorker.map(toRow), byDepartment: byDepartment.map(toRow) };
}

/** Steps waiting for the actor's department (department staff) or for the street (street staff without a department). */
export async function inbox(ctx: Ctx, actor: Actor) {
  const p = params();
  const mine = can(actor, '*') ? 'true' : actor.departmentId ? `s.kind = 'department' AND s.department_id = ${p.add(actor.departmentId)}` : `s.kind = 'street'`;
  const rows = await ctx.db.query<{ application_id: string; no: string; item_name: string; community_name: string; applicant_name: string; step_id: string; step_name: string; status: 'active' | 'received'; started_at: Date; due_date: string | null; overdue: boolean }>(
    `SELECT a.id AS application_id, a.no, i.name AS item_name, r.name AS community_name, a.applicant_name, s.id AS step_id, s.name AS step_name, s.status,
            s.started_at, s.due_date, (s.due_date < ${TODAY}) AS overdue
     FROM application_steps s JOIN applications a ON a.id = s.application_id JOIN service_items i ON i.id = a.item_id JOIN regions r ON r.id = a.community_id
     WHERE s.status IN ('active', 'received') AND s.kind <> 'window' AND ${mine} AND ${scopeSql(actor, p, { community: 'a.community_id', grid: 'a.grid_id' })}
     ORDER BY s.due_date NULLS LAST, s.started_at LIMIT 500`, p.values);
  return rows.map((r) => ({
    applicationId: r.application_id, no: r.no, itemName: r.item_name, communityName: r.community_name, applicantName: r.applicant_name, stepId: r.step_id,
    stepName: r.step_name, status: r.status, startedAt: new Date(r.started_at).toISOString(), dueDate: r.due_date, overdue: !!r.overdue,
  }));
}
