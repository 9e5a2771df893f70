// Burden account: communities log what departments impose on them; aggregates per department (tasks requested,
// approved, refused, estimated hours, funds sent versus owed, inspections, meetings, reports) and per community
// and month, exported to xlsx as the evidence a street hands to the district.
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params, type Params } from '../../lib/sql.ts';
import { assertRegionInScope, scopeSql } from '../../lib/scope.ts';
import type { BurdenKind } from '../../../contracts/burden.ts';
import { getSetting, today } from '../admission/admission-dates.ts';

type EntryRow = { id: string; community_id: number; community_name: string; department_id: string | null; department_name: string; kind: BurdenKind; date: string; hours: number; title: string; note: string | null; created_at: Date };
const toEntry = (r: EntryRow) => ({
  id: r.id, communityId: Number(r.community_id), communityName: r.community_name, departmentId: r.department_id, departmentName: r.department_name,
  kind: r.kind, date: r.date, hours: Number(r.hours), title: r.title, note: r.note, createdAt: new Date(r.created_at).toISOString(),
});

/** The community an entry is logged for: the actor's own community, or one inside a wider scope named explicitly. */
async function communityFor(ctx: Ctx, actor: Actor, communityId?: number): Promise<number> {
  if (communityId) {
    await assertRegionInScope(ctx.db, actor, communityId);
    const r = await ctx.db.query<{ level: string }>('SELECT level FROM regions WHERE id = $1', [communityId]);
    if (r[0].level !== 'community') throw invalid('请选择一个社区', 'Choose a community', [{ path: 'communityId', messages: { 'zh-CN': '请选择一个社区', 'en-US': 'Choose a community' } }]);
    return communityId;
  }
  if (actor.scopeLevel === 'community') return actor.scopeRegionId;
  if (actor.scopeLevel === 'grid') return Number(actor.scopePath.split('/').slice(-3, -2)[0]);
  throw invalid('请选择登记的社区', 'Choose the community', [{ path: 'communityId', messages: { 'zh-CN': '请选择登记的社区', 'en-US': 'Choose the community' } }]);
}

export async function logEntry(ctx: Ctx, actor: Actor, body: { communityId?: number; departmentId?: string; departmentName?: string; kind: BurdenKind; date: string; hours: number; title: string; note?: string }) {
  const communityId = await communityFor(ctx, actor, body.communityId);
  if (body.date > today()) throw invalid('日期不能晚于今天', 'The date is in the future', [{ path: 'date', messages: { 'zh-CN': '日期不能晚于今天', 'en-US': 'The date is in the future' } }]);
  let deptName = body.departmentName ?? '';
  if (body.departmentId) {
    const d = await ctx.db.query<{ name: string }>('SELECT name FROM departments WHERE id = $1', [body.departmentId]);
    if (!d[0]) throw invalid('部门不存在', 'Unknown department', [{ path: 'departmentId', messages: { 'zh-CN': '部门不存在', 'en-US': 'Unknown department' } }]);
    deptName = d[0].name;
  }
  const id = await ctx.db.tx(async (q) => {
    const rows = await q.query<{ id: string }>(
      `INSERT INTO burden_entries (community_id, department_id, department_name, kind, date, hours, title, note, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
      [communityId, body.departmentId ?? null, deptName, body.kind, body.date, body.hours, body.title, body.note ?? null, actor.userId]);
    await audit(q, actor, { action: 'burden.log', entityType: 'burden_entry', entityId: rows[0].id, regionId: communityId, detail: { kind: body.kind, department: deptName } });
    return rows[0].id;
  });
  return getEntry(ctx, actor, id);
}

const SELECT_ENTRY = `SELECT b.*, c.name AS community_name FROM burden_entries b JOIN regions c ON c.id = b.community_id`;

async function getEntry(ctx: Ctx, actor: Actor, id: string) {
  const p = params([id]);
  const rows = await ctx.db.query<EntryRow>(`${SELECT_ENTRY} WHERE b.id = $1 AND ${scopeSql(actor, p, { community: 'b.community_id' })}`, p.values);
  if (!rows[0]) throw notFound('登记', 'Entry');
  return toEntry(rows[0]);
}

export async function deleteEntry(ctx: Ctx, actor: Actor, id: string) {
  const e = await getEntry(ctx, actor, id);
  await ctx.db.tx(async (q) => {
    await q.query('DELETE FROM burden_entries WHERE id = $1', [id]);
    await audit(q, actor, { action: 'burden.delete', entityType: 'burden_entry', entityId: id, regionId: e.communityId, detail: { kind: e.kind, department: e.departmentName, date: e.date } });
  });
  return { ok: true as const };
}

export async function listEntries(ctx: Ctx, actor: Actor, query: { communityId?: number; kind?: string; from?: string; to?: string; page: number; pageSize: number }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'b.community_id' })];
  if (query.communityId) where.push(`b.community_id = ${p.add(query.communityId)}`);
  if (query.kind) where.push(`b.kind = ${p.add(query.kind)}`);
  if (query.from) where.push(`b.date >= ${p.add(query.from)}`);
  if (query.to) where.push(`b.date <= ${p.add(query.to)}`);
  const w = where.join(' AND ');
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM burden_entries b WHERE ${w}`, p.values);
  const rows = await ctx.db.query<EntryRow>(`${SELECT_ENTRY} WHERE ${w} ORDER BY b.date DESC, b.created_at DESC LIMIT ${p.add(query.pageSize)} OFFSET ${p.add((query.page - 1) * query.pageSize)}`, p.values);
  return { items: rows.map(toEntry), total: total[0].n, page: query.page, pageSize: query.pageSize };
}

type Period = { regionId?: number; from?: string; to?: string };
const KINDS: BurdenKind[] = ['inspection', 'assessment', 'meeting', 'report', 'signboard', 'other'];

function regionSql(p: Params, col: string, path: string) {
  return `${col} IN (SELECT id FROM regions WHERE path LIKE ${p.add(path + '%')})`;
}

/** Aggregates over the actor's scope (or a region inside it) for a period (default: this calendar year). */
export async function burdenSummary(ctx: Ctx, actor: Actor, query: Period) {
  const regionId = query.regionId ?? actor.scopeRegionId;
  await assertRegionInScope(ctx.db, actor, regionId);
  const region = (await ctx.db.query<{ name: string; path: string }>('SELECT name, path FROM regions WHERE id = $1', [regionId]))[0];
  const from = query.from ?? `${today().slice(0, 4)}-01-01`;
  const to = query.to ?? today();
  if (to < from) throw new AppError('VALIDATION', '结束日期不能早于开始日期', 'The end date is before the start date', [{ path: 'to', messages: { 'zh-CN': '结束日期不能早于开始日期', 'en-US': 'The end date is before the start date' } }]);
  // 费随事转: what the estimated workload should have brought, at the locality's standard per hour.
  const perHour = Number(await getSetting<number>(ctx.db, 'admission.funds_per_hour', 0));

  const p = params();
  // Requests touching a community in the region, counted per department; funds per community actually credited.
  const reqs = await ctx.db.query<{ department_id: string; department_name: string; requested: number; approved: number; refused: number; returned: number; pending: number; hours: number; owed: number }>(
    `SELECT d.id AS department_id, d.name AS department_name, count(*)::int AS requested,
            count(*) FILTER (WHERE tr.status = 'approved')::int AS approved, count(*) FILTER (WHERE tr.status = 'refused')::int AS refused,
            count(*) FILTER (WHERE tr.status = 'returned')::int AS returned, count(*) FILTER (WHERE tr.status = 'submitted')::int AS pending,
            coalesce(sum(tr.hours) FILTER (WHERE tr.status = 'approved'), 0)::numeric AS hours,
            coalesce(sum(tr.hours * ${p.add(perHour)}) FILTER (WHERE tr.status = 'approved'), 0)::numeric AS owed
     FROM task_requests tr JOIN departments d ON d.id = tr.department_id
     WHERE tr.submitted_at::date BETWEEN ${p.add(from)} AND ${p.add(to)}
       AND EXISTS (SELECT 1 FROM regions c WHERE c.id = ANY(tr.target_community_ids) AND c.path LIKE ${p.add(region.path + '%')})
     GROUP BY d.id, d.name`, p.values);
  const p2 = params();
  const funds = await ctx.db.query<{ department_id: string; sent: number }>(
    `SELECT f.department_id, sum(f.amount)::numeric AS sent FROM community_funds f
     WHERE f.kind = 'credit' AND f.department_id IS NOT NULL AND f.at::date BETWEEN ${p2.add(from)} AND ${p2.add(to)} AND ${regionSql(p2, 'f.community_id', region.path)}
     GROUP BY f.department_id`, p2.values);
  const p3 = params();
  const logs = await ctx.db.query<{ department_id: string | null; department_name: string; kind: BurdenKind; n: number; hours: number }>(
    `SELECT b.department_id, coalesce(d.name, b.department_name) AS department_name, b.kind, count(*)::int AS n, coalesce(sum(b.hours), 0)::numeric AS hours
     FROM burden_entries b LEFT JOIN departments d ON d.id = b.department_id
     WHERE b.date BETWEEN ${p3.add(from)} AND ${p3.add(to)} AND ${regionSql(p3, 'b.community_id', region.path)} AND ${scopeSql(actor, p3, { community: 'b.community_id' })}
     GROUP BY b.department_id, coalesce(d.name, b.department_name), b.kind`, p3.values);

  type Dept = ReturnType<typeof emptyDept>;
  function emptyDept(id: string | null, name: string) {
    return { departmentId: id, departmentName: name, tasksRequested: 0, tasksApproved: 0, tasksRefused: 0, tasksReturned: 0, tasksPending: 0, estimatedHours: 0, fundsSent: 0, fundsOwed: 0,
      inspection: 0, assessment: 0, meeting: 0, report: 0, signboard: 0, other: 0, loggedHours: 0 };
  }
  const depts = new Map<string, Dept>();
  const dept = (id: string | null, name: string) => {
    const key = id ?? `name:${name}`;
    if (!depts.has(key)) depts.set(key, emptyDept(id, name));
    return depts.get(key)!;
  };
  for (const r of reqs) Object.assign(dept(r.department_id, r.department_name), { tasksRequested: r.requested, tasksApproved: r.approved, tasksRefused: r.refused, tasksReturned: r.returned, tasksPending: r.pending, estimatedHours: Number(r.hours), fundsOwed: Number(r.owed) });
  const names = new Map(reqs.map((r) => [r.department_id, r.department_name]));
  for (const f of funds) {
    const name = names.get(f.department_id) ?? (await ctx.db.query<{ name: string }>('SELECT name FROM departments WHERE id = $1', [f.department_id]))[0]?.name ?? '';
    dept(f.department_id, name).fundsSent = Number(f.sent);
  }
  for (const l of logs) {
    const d = dept(l.department_id, l.department_name);
    d[l.kind] += l.n;
    d.loggedHours += Number(l.hours);
  }
  return {
    regionName: region.name, from, to, hourlyFundsStandard: perHour,
    departments: [...depts.values()].sort((a, b) => b.tasksRequested + b.inspection + b.meeting + b.report - (a.tasksRequested + a.inspection + a.meeting + a.report)),
    communities: await communityLoad(ctx, actor, region.path, from, to),
  };
}

/** Per community and month: tasks that reached it, their estimated hours, and what was logged. */
async function communityLoad(ctx: Ctx, actor: Actor, path: string, from: string, to: string) {
  const p = params();
  const rows = await ctx.db.query<{ community_id: number; community_name: string; month: string; tasks: number; est: number; kind: BurdenKind | null; n: number; hours: number }>(
    `WITH t AS (
       SELECT ct.community_id, to_char(ct.period_start, 'YYYY-MM') AS month, count(*)::int AS tasks,
              coalesce(sum(tr.hours / greatest(cardinality(tr.target_community_ids), 1)), 0)::numeric AS est
       FROM community_tasks ct JOIN task_requests tr ON tr.id = ct.request_id
       WHERE ct.period_start BETWEEN ${p.add(from)} AND ${p.add(to)} AND ${regionSql(p, 'ct.community_id', path)} AND ${scopeSql(actor, p, { community: 'ct.community_id' })}
       GROUP BY 1, 2),
     b AS (
       SELECT b.community_id, to_char(b.date, 'YYYY-MM') AS month, b.kind, count(*)::int AS n, coalesce(sum(b.hours), 0)::numeric AS hours
       FROM burden_entries b WHERE b.date BETWEEN ${p.add(from)} AND ${p.add(to)} AND ${regionSql(p, 'b.community_id', path)} AND ${scopeSql(actor, p, { community: 'b.community_id' })}
       GROUP BY 1, 2, 3)
     SELECT coalesce(t.community_id, b.community_id) AS community_id, c.name AS community_name, coalesce(t.month, b.month) AS month,
            coalesce(t.tasks, 0) AS tasks, coalesce(t.est, 0) AS est, b.kind, coalesce(b.n, 0) AS n, coalesce(b.hours, 0) AS hours
     FROM t FULL JOIN b ON b.community_id = t.community_id AND b.month = t.month
     JOIN regions c ON c.id = coalesce(t.community_id, b.community_id)
     ORDER BY c.code, 3`, p.values);
  const out = new Map<string, { communityId: number; communityName: string; month: string; tasks: number; estimatedHours: number } & Record<BurdenKind | 'loggedHours', number>>();
  for (const r of rows) {
    const key = `${r.community_id}|${r.month}`;
    if (!out.has(key)) out.set(key, { communityId: Number(r.community_id), communityName: r.community_name, month: r.month, tasks: 0, estimatedHours: 0, inspection: 0, assessment: 0, meeting: 0, report: 0, signboard: 0, other: 0, loggedHours: 0 });
    const o = out.get(key)!;
    // The full join repeats a month's task numbers on each kind row: take them once.
    o.tasks = r.tasks;
    o.estimatedHours = Math.round(Number(r.est) * 10) / 10;
    if (r.kind && KINDS.includes(r.kind)) {
      o[r.kind] += r.n;
      o.loggedHours += Number(r.hours);
    }
  }
  return [...out.values()];
}
