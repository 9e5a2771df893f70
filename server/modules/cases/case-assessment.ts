// Assessment (考核) of case handling per community, street, department and grid (its grid workers):
// response, on-time, resolution, satisfaction and reopen rates, average handling time, a weighted score and
// a ranking; monthly trends; and the quarterly problem list (问题清单) for the livelihood meeting.
import type { Actor, Ctx } from '../../lib/context.ts';
import { params } from '../../lib/sql.ts';
import { contentDisposition, xlsxStream } from '../../lib/xlsx.ts';
import { readSetting } from '../calendar/calendar.service.ts';
import { caseVisibilitySql } from './case-access.ts';

type By = 'community' | 'street' | 'department' | 'grid';
const TZ = `'Asia/Shanghai'`;

const GROUP: Record<By, { key: string; name: string; parent: string; join: string; where?: string }> = {
  community: { key: 'cr.id::text', name: 'cr.name', parent: 'sr.name', join: 'JOIN regions cr ON cr.id = c.community_id JOIN regions sr ON sr.id = cr.parent_id' },
  street: { key: 'sr.id::text', name: 'sr.name', parent: 'dr.name', join: 'JOIN regions cr ON cr.id = c.community_id JOIN regions sr ON sr.id = cr.parent_id JOIN regions dr ON dr.id = sr.parent_id' },
  department: { key: 'd.id::text', name: 'd.name', parent: 'NULL::text', join: 'JOIN departments d ON d.id = c.assignee_department_id' },
  grid: { key: 'g.id::text', name: 'g.name', parent: 'cr.name', join: 'JOIN regions g ON g.id = c.grid_id JOIN regions cr ON cr.id = g.parent_id' },
};

const METRICS = `
  count(*)::int AS total,
  count(*) FILTER (WHERE c.dispatched_at IS NOT NULL)::int AS dispatched,
  count(*) FILTER (WHERE c.responded_on_time)::int AS responded,
  count(*) FILTER (WHERE c.handled_at IS NOT NULL)::int AS handled,
  count(*) FILTER (WHERE c.handled_on_time)::int AS on_time,
  count(*) FILTER (WHERE c.rating IS NOT NULL)::int AS rated,
  count(*) FILTER (WHERE c.resolved)::int AS resolved,
  count(*) FILTER (WHERE c.rating IN ('satisfied', 'basically_satisfied'))::int AS satisfied,
  avg(c.handling_minutes) / 60 AS avg_hours,
  count(*) FILTER (WHERE c.status IN ('closed', 'archived'))::int AS closed,
  count(*) FILTER (WHERE c.reopen_count > 0)::int AS reopened,
  count(*) FILTER (WHERE c.sla_state = 'overdue' AND c.status NOT IN ('closed', 'archived', 'merged'))::int AS overdue_open`;

type MetricRow = { total: number; dispatched: number; responded: number; handled: number; on_time: number; rated: number; resolved: number; satisfied: number; avg_hours: number | null; closed: number; reopened: number; overdue_open: number };
const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

function period(from?: string, to?: string): { from: string; to: string } {
  const now = new Date(Date.now() + 8 * 3600_000);
  return { from: from ?? `${now.getUTCFullYear()}-01-01`, to: to ?? now.toISOString().slice(0, 10) };
}

function rates(m: MetricRow) {
  return {
    total: m.total, dispatched: m.dispatched, responded: m.responded, responseRate: rate(m.responded, m.dispatched),
    handled: m.handled, onTime: m.on_time, onTimeRate: rate(m.on_time, m.handled), rated: m.rated, resolved: m.resolved, resolutionRate: rate(m.resolved, m.rated),
    satisfied: m.satisfied, satisfactionRate: rate(m.satisfied, m.rated), avgHandlingHours: m.avg_hours === null ? null : Math.round(Number(m.avg_hours) * 10) / 10,
    closed: m.closed, reopened: m.reopened, reopenRate: rate(m.reopened, m.handled), overdueOpen: m.overdue_open,
  };
}

export async function assessment(ctx: Ctx, actor: Actor, q: { by: By; from?: string; to?: string }) {
  const g = GROUP[q.by];
  const { from, to } = period(q.from, q.to);
  const p = params([from, to]);
  const rows = await ctx.db.query<MetricRow & { key: string; name: string; parent_name: string | null }>(
    `SELECT ${g.key} AS key, ${g.name} AS name, ${g.parent} AS parent_name, ${METRICS}
     FROM cases c ${g.join}
     WHERE c.created_at >= ($1::date)::timestamp AT TIME ZONE ${TZ} AND c.created_at < ($2::date + 1)::timestamp AT TIME ZONE ${TZ}
       AND c.status <> 'merged' AND ${caseVisibilitySql(actor, p)}
     GROUP BY 1, 2, 3`, p.values);
  const w = await readSetting<{ response: number; onTime: number; resolution: number; satisfaction: number }>(ctx.db, 'cases.assessment_weights', { response: 0.2, onTime: 0.2, resolution: 0.3, satisfaction: 0.3 });
  let workers = new Map<string, string[]>();
  if (q.by === 'grid' && rows.length) {
    const ws = await ctx.db.query<{ grid: number; name: string }>(
      `SELECT u.scope_region_id AS grid, u.display_name AS name FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
       WHERE r.code = 'grid_worker' AND u.disabled_at IS NULL AND u.scope_region_id = ANY($1::bigint[]) ORDER BY u.display_name`, [rows.map((r) => Number(r.key))]);
    workers = ws.reduce((m, x) => m.set(String(x.grid), [...(m.get(String(x.grid)) ?? []), x.name]), new Map<string, string[]>());
  }
  const out = rows.map((r) => {
    const m = rates(r);
    const parts: [number | null, number][] = [[m.responseRate, w.response], [m.onTimeRate, w.onTime], [m.resolutionRate, w.resolution], [m.satisfactionRate, w.satisfaction]];
    const known = parts.filter(([v]) => v !== null) as [number, number][];
    const weight = known.reduce((s, [, x]) => s + x, 0);
    const score = weight > 0 ? Math.round((known.reduce((s, [v, x]) => s + v * x, 0) / weight) * 10) / 10 : null;
    return { key: r.key, name: r.name, parentName: r.parent_name, workers: workers.get(r.key) ?? [], ...m, score, rank: null as number | null };
  });
  const ranked = out.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score! || b.total - a.total);
  ranked.forEach((r, i) => (r.rank = i > 0 && ranked[i - 1].score === r.score ? ranked[i - 1].rank : i + 1));
  return [...ranked, ...out.filter((r) => r.score === null).sort((a, b) => a.name.localeCompare(b.name, 'zh'))];
}

export async function trends(ctx: Ctx, actor: Actor, q: { months: number; by?: By; key?: string }) {
  const p = params([q.months]);
  let filter = '';
  if (q.by && q.key) {
    const col = { community: 'c.community_id::text', street: '(SELECT parent_id FROM regions WHERE id = c.community_id)::text', department: 'c.assignee_department_id::text', grid: 'c.grid_id::text' }[q.by];
    filter = `AND ${col} = ${p.add(q.key)}`;
  }
  const rows = await ctx.db.query<MetricRow & { month: string }>(
    `SELECT to_char(c.created_at AT TIME ZONE ${TZ}, 'YYYY-MM') AS month, ${METRICS}
     FROM cases c
     WHERE c.created_at >= date_trunc('month', now() AT TIME ZONE ${TZ}) AT TIME ZONE ${TZ} - make_interval(months => $1 - 1)
       AND c.status <> 'merged' ${filter} AND ${caseVisibilitySql(actor, p)}
     GROUP BY 1 ORDER BY 1`, p.values);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const now = new Date(Date.now() + 8 * 3600_000);
  return Array.from({ length: q.months }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (q.months - 1 - i), 1));
    const month = d.toISOString().slice(0, 7);
    const r = byMonth.get(month);
    const m = r ? rates(r) : null;
    return { month, total: r?.total ?? 0, closed: r?.closed ?? 0, responseRate: m?.responseRate ?? null, onTimeRate: m?.onTimeRate ?? null, resolutionRate: m?.resolutionRate ?? null, satisfactionRate: m?.satisfactionRate ?? null };
  });
}

type ProblemRow = { owner_type: string; owner_name: string; category_code: string; category_name: string; total: number; open: number; overdue: number; unsatisfied: number; recurring: number; examples: string[] };

/** Open and recurring problems of a quarter, grouped by the unit that owns them and by category. */
export async function problemList(ctx: Ctx, actor: Actor, year: number, quarter: number) {
  const m = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(m).padStart(2, '0')}-01`;
  const to = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(m + 3).padStart(2, '0')}-01`;
  const p = params([from, to]);
  const rows = await ctx.db.query<ProblemRow>(
    `WITH base AS (
       SELECT c.*, CASE WHEN c.assignee_department_id IS NOT NULL THEN 'department' ELSE coalesce(c.assignee_type, 'community') END AS owner_type,
              coalesce(d.name, ar.name, cr.name) AS owner_name, cat.code AS category_code, cat.name AS category_name,
              coalesce(c.house_id::text, c.building_id::text, c.address, c.grid_id::text, c.id::text) AS place_key
       FROM cases c JOIN case_categories cat ON cat.id = c.category_id JOIN regions cr ON cr.id = c.community_id
       LEFT JOIN departments d ON d.id = c.assignee_department_id LEFT JOIN regions ar ON ar.id = c.assignee_region_id
       WHERE c.created_at >= ($1::date)::timestamp AT TIME ZONE ${TZ} AND c.created_at < ($2::date)::timestamp AT TIME ZONE ${TZ}
         AND c.status <> 'merged' AND ${caseVisibilitySql(actor, p)}
     ), places AS (
       SELECT owner_type, owner_name, category_code, count(*) FILTER (WHERE n > 1)::int AS recurring
       FROM (SELECT owner_type, owner_name, category_code, place_key, count(*) AS n FROM base GROUP BY 1, 2, 3, 4) x GROUP BY 1, 2, 3
     )
     SELECT b.owner_type, b.owner_name, b.category_code, b.category_name, count(*)::int AS total,
            count(*) FILTER (WHERE b.status NOT IN ('closed', 'archived'))::int AS open,
            count(*) FILTER (WHERE b.sla_state = 'overdue' OR b.handled_on_time = false)::int AS overdue,
            count(*) FILTER (WHERE b.rating = 'unsatisfied')::int AS unsatisfied,
            coalesce(max(pl.recurring), 0)::int AS recurring,
            (array_agg(b.title ORDER BY b.created_at DESC))[1:3] AS examples
     FROM base b LEFT JOIN places pl ON pl.owner_type = b.owner_type AND pl.owner_name = b.owner_name AND pl.category_code = b.category_code
     GROUP BY 1, 2, 3, 4
     HAVING count(*) FILTER (WHERE b.status NOT IN ('closed', 'archived')) > 0 OR coalesce(max(pl.recurring), 0) > 0 OR count(*) FILTER (WHERE b.rating = 'unsatisfied') > 0
     ORDER BY CASE b.owner_type WHEN 'department' THEN 0 WHEN 'street' THEN 1 ELSE 2 END, b.owner_name, b.category_code`, p.values);
  return rows.map((r) => ({ ownerType: r.owner_type, ownerName: r.owner_name, categoryCode: r.category_code, categoryName: r.category_name, total: r.total, open: r.open,
    overdue: r.overdue, unsatisfied: r.unsatisfied, recurringPlaces: r.recurring, examples: r.examples ?? [] }));
}

const OWNER_ZH: Record<string, string> = { department: '部门', street: '街道', community: '社区' };

export async function problemListXlsx(ctx: Ctx, actor: Actor, year: number, quarter: number) {
  const rows = await problemList(ctx, actor, year, quarter);
  async function* gen() {
    for (const r of rows) yield { ...r, ownerType: OWNER_ZH[r.ownerType] ?? r.ownerType, examples: r.examples.join('；') };
  }
  const stream = xlsxStream('问题清单', [
    { header: '责任单位类型', key: 'ownerType', width: 12 }, { header: '责任单位', key: 'ownerName', width: 24 },
    { header: '分类编码', key: 'categoryCode', width: 10 }, { header: '问题分类', key: 'categoryName', width: 16 },
    { header: '诉求总数', key: 'total', width: 10 }, { header: '未办结', key: 'open', width: 10 }, { header: '超期', key: 'overdue', width: 10 },
    { header: '不满意', key: 'unsatisfied', width: 10 }, { header: '反复发生地点数', key: 'recurringPlaces', width: 14 }, { header: '典型问题', key: 'examples', width: 60 },
  ], gen(), { title: `${year}年第${quarter}季度民生问题清单`, subtitle: `生成时间：${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（按责任单位、问题分类汇总未办结与反复发生的问题）`, footer: `共 ${rows.length} 项` });
  return { stream, disposition: contentDisposition(`${year}年第${quarter}季度问题清单.xlsx`) };
}
