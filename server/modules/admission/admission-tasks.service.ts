// What reaches communities: tasks from approved requests, with their progress-report schedule and the funds
// credited to each community's funds account. Communities see their own tasks; departments the tasks of their requests.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { invalidState, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params, type Params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import { getSetting, reportSchedule, today, type ReportSchedule } from './admission-dates.ts';

/** Creates one task per target community, its reports, and the funds credits. Runs inside the approval transaction. */
export async function deliverTasks(ctx: Ctx, q: Queryable, actor: Actor, requestId: string): Promise<void> {
  const rows = await q.query<{ id: string; no: string; department_id: string; title: string; target_community_ids: number[]; period_start: string; period_end: string; funds_per_community: number; report_schedule: ReportSchedule }>(
    'SELECT id, no, department_id, title, target_community_ids, period_start, period_end, funds_per_community, report_schedule FROM task_requests WHERE id = $1', [requestId]);
  const r = rows[0];
  const defaults = await getSetting<ReportSchedule>(q, 'admission.report_schedule', { quarterly: true, summaryDay: 3 });
  const schedule = reportSchedule(r.period_start, r.period_end, { ...defaults, ...r.report_schedule });
  for (const communityId of r.target_community_ids) {
    const t = await q.query<{ id: string }>(
      `INSERT INTO community_tasks (request_id, community_id, department_id, title, period_start, deadline) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
      [r.id, communityId, r.department_id, r.title, r.period_start, r.period_end]);
    for (const s of schedule) {
      await q.query('INSERT INTO task_reports (task_id, community_id, kind, label, due_date) VALUES ($1,$2,$3,$4,$5)', [t[0].id, communityId, s.kind, s.label, s.dueDate]);
    }
    if (Number(r.funds_per_community) > 0) {
      await q.query(
        `INSERT INTO community_funds (community_id, amount, kind, source_type, source_id, department_id, memo, created_by) VALUES ($1,$2,'credit','task_request',$3,$4,$5,$6)`,
        [communityId, r.funds_per_community, r.id, r.department_id, `准入事项 ${r.no}「${r.title}」工作经费（费随事转）`, actor.userId]);
    }
    const users = await q.query<{ id: string }>(
      `SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles ro ON ro.id = ur.role_id
       WHERE u.scope_region_id = $1 AND ro.code IN ('community_secretary', 'community_worker') AND u.disabled_at IS NULL`, [communityId]);
    for (const u of users) {
      await ctx.sender.send(q, { channel: 'inbox', recipient: u.id, userId: u.id, regionId: communityId, subject: '新的准入任务', body: `已准入任务「${r.title}」已下达本社区，完成期限 ${r.period_end}` });
    }
  }
}

type TaskRow = {
  id: string; request_id: string; request_no: string; community_id: number; community_name: string; department_name: string; title: string;
  description: string | null; period_start: string; deadline: string; status: 'open' | 'done'; funds: number; personnel: number; authority: string | null;
};

const SELECT_TASK = `
  SELECT t.id, t.request_id, tr.no AS request_no, t.community_id, c.name AS community_name, d.name AS department_name, t.title, tr.description,
         t.period_start, t.deadline, t.status, tr.personnel, tr.authority,
         coalesce((SELECT sum(f.amount) FROM community_funds f WHERE f.source_type = 'task_request' AND f.source_id = tr.id AND f.community_id = t.community_id), 0) AS funds
  FROM community_tasks t JOIN task_requests tr ON tr.id = t.request_id JOIN regions c ON c.id = t.community_id JOIN departments d ON d.id = t.department_id`;

/** Departments: tasks of their own requests; everyone else: tasks in communities of their scope. */
function taskScope(actor: Actor, p: Params): string {
  if (actor.departmentId) return `t.department_id = ${p.add(actor.departmentId)}`;
  return scopeSql(actor, p, { community: 't.community_id' });
}

async function reportsOf(q: Queryable, taskIds: string[]) {
  const rows = await q.query<{ id: string; task_id: string; kind: 'quarterly' | 'monthly' | 'summary'; label: string; due_date: string; content: string | null; submitted_at: Date | null }>(
    'SELECT id, task_id, kind, label, due_date, content, submitted_at FROM task_reports WHERE task_id = ANY($1) ORDER BY due_date, kind', [taskIds]);
  const now = today();
  const by = new Map<string, ReturnType<typeof toReport>[]>();
  function toReport(r: (typeof rows)[number]) {
    return { id: r.id, kind: r.kind, label: r.label, dueDate: r.due_date, content: r.content, submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null, overdue: !r.submitted_at && r.due_date < now };
  }
  for (const r of rows) by.set(r.task_id, [...(by.get(r.task_id) ?? []), toReport(r)]);
  return by;
}

function toTask(r: TaskRow, reports: Map<string, unknown[]>) {
  return {
    id: r.id, requestId: r.request_id, requestNo: r.request_no, communityId: Number(r.community_id), communityName: r.community_name, departmentName: r.department_name,
    title: r.title, description: r.description, periodStart: r.period_start, deadline: r.deadline, status: r.status, fundsCredited: Number(r.funds),
    personnel: r.personnel, authority: r.authority, reports: (reports.get(r.id) ?? []) as never[],
  };
}

export async function listTasks(ctx: Ctx, actor: Actor, query: { communityId?: number; status?: string; page: number; pageSize: number }) {
  const p = params();
  const where = [taskScope(actor, p)];
  if (query.communityId) where.push(`t.community_id = ${p.add(query.communityId)}`);
  if (query.status) where.push(`t.status = ${p.add(query.status)}`);
  const w = where.join(' AND ');
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM community_tasks t WHERE ${w}`, p.values);
  const rows = await ctx.db.query<TaskRow>(`${SELECT_TASK} WHERE ${w} ORDER BY t.deadline, t.id LIMIT ${p.add(query.pageSize)} OFFSET ${p.add((query.page - 1) * query.pageSize)}`, p.values);
  const reports = await reportsOf(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((r) => toTask(r, reports)), total: total[0].n, page: query.page, pageSize: query.pageSize };
}

async function taskRow(q: Queryable, actor: Actor, id: string): Promise<TaskRow> {
  const p = params([id]);
  const rows = await q.query<TaskRow>(`${SELECT_TASK} WHERE t.id = $1 AND ${taskScope(actor, p)}`, p.values);
  if (!rows[0]) throw notFound('任务', 'Task');
  return rows[0];
}

export async function getTask(ctx: Ctx, actor: Actor, id: string) {
  const r = await taskRow(ctx.db, actor, id);
  return toTask(r, await reportsOf(ctx.db, [id]));
}

export async function submitTaskReport(ctx: Ctx, actor: Actor, taskId: string, reportId: string, content: string) {
  await ctx.db.tx(async (q) => {
    const t = await taskRow(q, actor, taskId);
    const rows = await q.query<{ kind: string; submitted_at: Date | null }>('SELECT kind, submitted_at FROM task_reports WHERE id = $1 AND task_id = $2', [reportId, taskId]);
    if (!rows[0]) throw notFound('报告', 'Report');
    if (rows[0].submitted_at) throw invalidState('该报告已提交', 'The report has already been submitted');
    await q.query('UPDATE task_reports SET content = $2, submitted_at = now(), submitted_by = $3 WHERE id = $1', [reportId, content, actor.userId]);
    if (rows[0].kind === 'summary') await q.query(`UPDATE community_tasks SET status = 'done', updated_at = now() WHERE id = $1`, [taskId]);
    await audit(q, actor, { action: 'task.report', entityType: 'community_task', entityId: taskId, regionId: Number(t.community_id), detail: { reportId, kind: rows[0].kind } });
  });
  return getTask(ctx, actor, taskId);
}

export async function listFunds(ctx: Ctx, actor: Actor, query: { communityId?: number; page: number; pageSize: number }) {
  const p = params();
  const where = [actor.departmentId ? `f.department_id = ${p.add(actor.departmentId)}` : scopeSql(actor, p, { community: 'f.community_id' })];
  if (query.communityId) where.push(`f.community_id = ${p.add(query.communityId)}`);
  const w = where.join(' AND ');
  const balances = await ctx.db.query<{ community_id: number; community_name: string; credited: number; debited: number }>(
    `SELECT f.community_id, c.name AS community_name,
            coalesce(sum(f.amount) FILTER (WHERE f.kind = 'credit'), 0)::numeric AS credited, coalesce(sum(f.amount) FILTER (WHERE f.kind = 'debit'), 0)::numeric AS debited
     FROM community_funds f JOIN regions c ON c.id = f.community_id WHERE ${w} GROUP BY f.community_id, c.name, c.code ORDER BY c.code`, p.values);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM community_funds f WHERE ${w}`, p.values);
  const rows = await ctx.db.query<{ id: string; community_id: number; community_name: string; amount: number; kind: 'credit' | 'debit'; source_type: string; source_id: string | null; department_name: string | null; memo: string; at: Date }>(
    `SELECT f.id, f.community_id, c.name AS community_name, f.amount, f.kind, f.source_type, f.source_id, d.name AS department_name, f.memo, f.at
     FROM community_funds f JOIN regions c ON c.id = f.community_id LEFT JOIN departments d ON d.id = f.department_id
     WHERE ${w} ORDER BY f.at DESC, f.id LIMIT ${p.add(query.pageSize)} OFFSET ${p.add((query.page - 1) * query.pageSize)}`, p.values);
  return {
    balances: balances.map((b) => ({ communityId: Number(b.community_id), communityName: b.community_name, credited: Number(b.credited), debited: Number(b.debited), balance: Number(b.credited) - Number(b.debited) })),
    items: rows.map((r) => ({ id: r.id, communityId: Number(r.community_id), communityName: r.community_name, amount: Number(r.amount), kind: r.kind, sourceType: r.source_type, sourceId: r.source_id, departmentName: r.department_name, memo: r.memo, at: new Date(r.at).toISOString() })),
    total: total[0].n, page: query.page, pageSize: query.pageSize,
  };
}
