// Statistical reports (报表) as cross-tabs over the population base: rows are communities or grids, columns one
// or two dimensions (age band × gender, special groups, residency type, …). Age bands are a setting.
import type { Actor, Ctx } from '../../lib/context.ts';
import { params, type Params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import { visibleTagSql } from '../../lib/tags.ts';
import { xlsxStream } from '../../lib/xlsx.ts';
import { getSetting, today } from '../admission/admission-dates.ts';
import { loadRegion } from './ledger-render.ts';

type RowDim = 'community' | 'grid';
type ColDim = 'gender' | 'ageBand' | 'residencyType' | 'tag' | 'politicalStatus' | 'education';

export const REPORT_PRESETS: { code: string; name: string; rows: RowDim; cols: ColDim[] }[] = [
  { code: 'population-age-gender', name: '人口年龄段×性别统计表（按社区）', rows: 'community', cols: ['ageBand', 'gender'] },
  { code: 'special-groups-grid', name: '特殊群体统计表（按网格）', rows: 'grid', cols: ['tag'] },
  { code: 'residency-community', name: '人口类型统计表（按社区）', rows: 'community', cols: ['residencyType'] },
  { code: 'political-community', name: '政治面貌统计表（按社区）', rows: 'community', cols: ['politicalStatus'] },
];

const DIM_ZH: Record<ColDim, string> = { gender: '性别', ageBand: '年龄段', residencyType: '人口类型', tag: '特殊群体', politicalStatus: '政治面貌', education: '文化程度' };
const LABELS: Partial<Record<ColDim, Record<string, string>>> = {
  gender: { M: '男', F: '女' },
  residencyType: { registered: '户籍人口', resident: '常住人口', floating: '流动人口', overseas: '境外人员', separated: '人户分离' },
};

/** [0, 15, 35, 60, 80] → '0-14岁', '15-34岁', …, '80岁及以上'. */
function bandLabels(bands: number[]): string[] {
  return bands.map((b, i) => (i + 1 < bands.length ? `${b}-${bands[i + 1] - 1}岁` : `${b}岁及以上`));
}

function colSql(dim: ColDim, p: Params, bands: number[]): string {
  switch (dim) {
    case 'gender': return `coalesce(x.gender, '?')`;
    case 'residencyType': return 'x.residency_type';
    case 'politicalStatus': return `coalesce(x.political_status, '未填')`;
    case 'education': return `coalesce(x.education, '未填')`;
    case 'tag': return 't.name_zh';
    case 'ageBand': {
      const age = `date_part('year', age(current_date, x.birth_date))`;
      const labels = bandLabels(bands);
      const whens = bands.map((b, i) => `WHEN ${age} >= ${p.add(b)}::int THEN ${p.add(labels[i])}::text`).reverse().join(' ');
      return `CASE ${whens} ELSE '未知' END`;
    }
  }
}

export async function crosstab(ctx: Ctx, actor: Actor, q: { rows: RowDim; cols: ColDim[]; regionId?: number }) {
  const region = await loadRegion(ctx, actor, q.regionId);
  const bands = (await getSetting<number[]>(ctx.db, 'report.age_bands', [0, 15, 35, 60, 80])).map(Number).filter((n) => Number.isInteger(n) && n >= 0).sort((a, b) => a - b);
  const p = params();
  const rowCol = q.rows === 'grid' ? 'x.grid_id' : 'x.community_id';
  const cols = q.cols.map((d) => colSql(d, p, bands));
  const tagJoin = q.cols.includes('tag') ? `JOIN person_tags pt ON pt.person_id = x.id JOIN tag_types t ON t.code = pt.tag_code AND t.retired_at IS NULL AND ${visibleTagSql(actor, p, 't')}` : '';
  const where = [`x.status = 'living'`, scopeSql(actor, p, { community: 'x.community_id', grid: 'x.grid_id' }),
    region.level === 'grid' ? `x.grid_id = ${p.add(region.id)}` : `x.community_id IN (SELECT id FROM regions WHERE path LIKE ${p.add(region.path + '%')})`];
  const data = await ctx.db.query<{ r: number | null; c0: string; c1?: string; n: number }>(
    `SELECT ${rowCol} AS r, ${cols.map((c, i) => `${c} AS c${i}`).join(', ')}, count(DISTINCT x.id)::int AS n
     FROM persons x ${tagJoin} WHERE ${where.join(' AND ')} GROUP BY ${[1, ...cols.map((_, i) => i + 2)].join(', ')}`, p.values);

  // Row labels: every community (or grid) under the region, even those with no one counted.
  const rowRegions = await ctx.db.query<{ id: number; name: string; community: string | null }>(
    `SELECT r.id, r.name, c.name AS community FROM regions r LEFT JOIN regions c ON c.id = r.parent_id
     WHERE r.level = $1 AND r.retired_at IS NULL AND r.path LIKE $2 ORDER BY r.code`,
    [q.rows, (region.level === 'grid' && q.rows === 'community' ? region.path.split('/').slice(0, -2).join('/') + '/' : region.path) + '%']);
  const label = (dim: ColDim, v: string) => LABELS[dim]?.[v] ?? (v === '?' ? '未知' : v);
  const orderOf = (dim: ColDim): string[] => {
    if (dim === 'ageBand') return [...bandLabels(bands), '未知'];
    if (dim === 'gender') return ['M', 'F', '?'];
    if (dim === 'residencyType') return Object.keys(LABELS.residencyType!);
    return [];
  };
  const values = q.cols.map((_, i) => {
    const seen = [...new Set(data.map((d) => String(i === 0 ? d.c0 : d.c1)))];
    const order = orderOf(q.cols[i]);
    return seen.sort((a, b) => (order.indexOf(a) + 1 || 999) - (order.indexOf(b) + 1 || 999) || a.localeCompare(b, 'zh-CN'));
  });
  const columns = q.cols.length === 1
    ? values[0].map((v) => ({ key: v, label: label(q.cols[0], v) }))
    : values[0].flatMap((a) => values[1].map((b) => ({ key: `${a}|${b}`, label: `${label(q.cols[0], a)} ${label(q.cols[1], b)}` })));
  const rows = rowRegions.map((rr) => ({ key: String(rr.id), label: q.rows === 'grid' ? `${rr.community ?? ''}${rr.name}` : rr.name, cells: {} as Record<string, number>, total: 0 }));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const totals: Record<string, number> = {};
  let grand = 0;
  for (const d of data) {
    const row = byKey.get(String(d.r));
    if (!row) continue;
    const key = q.cols.length === 1 ? String(d.c0) : `${d.c0}|${d.c1}`;
    row.cells[key] = (row.cells[key] ?? 0) + d.n;
    row.total += d.n;
    totals[key] = (totals[key] ?? 0) + d.n;
    grand += d.n;
  }
  for (const r of rows) for (const c of columns) r.cells[c.key] ??= 0;
  const preset = REPORT_PRESETS.find((x) => x.rows === q.rows && x.cols.join() === q.cols.join());
  return {
    title: preset?.name ?? `${q.cols.map((d) => DIM_ZH[d]).join('×')}统计表（按${q.rows === 'grid' ? '网格' : '社区'}）`,
    regionName: region.name, rowHeader: q.rows === 'grid' ? '网格' : '社区', columns, rows, totals, grandTotal: grand,
  };
}

export async function crosstabXlsx(ctx: Ctx, actor: Actor, q: { rows: RowDim; cols: ColDim[]; regionId?: number }) {
  const t = await crosstab(ctx, actor, q);
  const columns = [{ header: t.rowHeader, key: '__row', width: 24 }, ...t.columns.map((c) => ({ header: c.label, key: c.key, width: 12 })), { header: '合计', key: '__total', width: 10 }];
  async function* rows() {
    for (const r of t.rows) yield { __row: r.label, ...r.cells, __total: r.total };
    yield { __row: '合计', ...t.totals, __total: t.grandTotal };
  }
  // Tag columns count a person once per group; the total column counts each person once per row.
  const note = q.cols.includes('tag') ? '（一人有多个标签时分别计入各群体）' : '';
  return {
    stream: xlsxStream(t.title, columns, rows(), { title: t.title, subtitle: `区域：${t.regionName}    统计日期：${today()}${note}`, footer: `制表人：${actor.label.replace(/\(.*\)$/, '')}    审核人：__________    日期：${today()}` }),
    filename: `${t.title}-${t.regionName}-${today()}.xlsx`,
  };
}
