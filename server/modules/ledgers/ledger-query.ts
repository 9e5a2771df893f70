// Definition → checked plan → parameterized SQL. validateDefinition() turns every problem into a field error
// (path like columns.2.field) so the designer can point at it; buildQuery() only ever splices registry SQL.
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { AppError, type FieldError } from '../../lib/errors.ts';
import { likeEscape, params, type Params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import type { FilterOp, LedgerDefinition } from '../../../contracts/ledgers.ts';
import { fieldsOf, SOURCES, type FieldDef, type SourceDef, type TagInfo } from './ledger-sources.ts';

export type Plan = {
  def: LedgerDefinition;
  src: SourceDef;
  tag: TagInfo | null;
  fields: Record<string, FieldDef>;
  columns: { key: string; label: string; width?: number; field: FieldDef; sensitive: boolean }[];
};

const fe = (path: string, zh: string, en: string): FieldError => ({ path, messages: { 'zh-CN': zh, 'en-US': en } });

export async function loadTag(q: Queryable, code: string): Promise<TagInfo | null> {
  const rows = await q.query<TagInfo>('SELECT code, name_zh, sensitive, permission, attributes FROM tag_types WHERE code = $1', [code]);
  return rows[0] ?? null;
}

const OPS_BY_TYPE: Record<FieldDef['type'], FilterOp[]> = {
  text: ['eq', 'ne', 'in', 'notIn', 'contains', 'startsWith', 'isNull', 'notNull'],
  enum: ['eq', 'ne', 'in', 'notIn', 'isNull', 'notNull'],
  number: ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'notNull'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'notNull'],
  bool: ['eq', 'ne', 'isNull', 'notNull'],
};

function valueProblem(f: FieldDef, op: FilterOp, v: unknown): string | null {
  if (op === 'isNull' || op === 'notNull') return v === undefined || v === null ? null : '该条件不需要取值';
  if (v === undefined || v === null || v === '') return '请填写条件取值';
  const one = (x: unknown): string | null => {
    if (f.type === 'number') return typeof x === 'number' || (typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x)) ? null : '取值应为数字';
    if (f.type === 'date') return typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x) ? null : '取值应为 YYYY-MM-DD 格式的日期';
    if (f.type === 'bool') return typeof x === 'boolean' ? null : '取值应为 true 或 false';
    if (f.type === 'enum') return typeof x === 'string' && f.options && x in f.options ? null : `取值应为 ${Object.entries(f.options ?? {}).map(([k, l]) => `${k}（${l}）`).join('、')} 之一`;
    return typeof x === 'string' || typeof x === 'number' ? null : '取值应为文字';
  };
  if (op === 'in' || op === 'notIn') return Array.isArray(v) && v.length > 0 ? v.map(one).find((x) => x) ?? null : '取值应为非空列表';
  if (op === 'between') return Array.isArray(v) && v.length === 2 ? v.map(one).find((x) => x) ?? null : '取值应为 [下限, 上限] 两个值';
  if (Array.isArray(v)) return '取值应为单个值';
  return one(v);
}

/** Checks a definition against the registry and the tag catalogue; throws VALIDATION with every field error found. */
export async function validateDefinition(q: Queryable, def: LedgerDefinition): Promise<Plan> {
  const errors: FieldError[] = [];
  const src = SOURCES[def.source];
  if (!src) {
    throw new AppError('VALIDATION', `数据来源「${def.source}」不存在`, `Unknown source ${def.source}`, [
      fe('source', `数据来源应为 ${Object.values(SOURCES).map((s) => `${s.name}（${s.label}）`).join('、')} 之一`, `Source must be one of ${Object.keys(SOURCES).join(', ')}`),
    ]);
  }
  let tag: TagInfo | null = null;
  if (src.needsTag) {
    if (!def.tag) errors.push(fe('tag', '请选择人员标签', 'Choose the tag'));
    else if (!(tag = await loadTag(q, def.tag))) errors.push(fe('tag', `人员标签「${def.tag}」不存在`, `Unknown tag ${def.tag}`));
  } else if (def.tag) errors.push(fe('tag', '该数据来源不需要人员标签', 'This source takes no tag'));
  const fields = fieldsOf(src, tag);
  const known = (path: string, key: string) => {
    if (fields[key]) return fields[key];
    errors.push(fe(path, `来源「${src.label}」没有字段「${key}」`, `Source ${src.name} has no field ${key}`));
    return null;
  };
  const seen = new Set<string>();
  def.columns.forEach((c, i) => {
    known(`columns.${i}.field`, c.field);
    if (seen.has(c.field)) errors.push(fe(`columns.${i}.field`, `字段「${c.field}」重复`, `Duplicate column ${c.field}`));
    seen.add(c.field);
  });
  def.filters.forEach((f, i) => {
    const fd = known(`filters.${i}.field`, f.field);
    if (!fd) return;
    if (fd.filterable === false) return void errors.push(fe(`filters.${i}.field`, `字段「${fd.label}」不能作为筛选条件`, `Field ${f.field} cannot be filtered`));
    if (!OPS_BY_TYPE[fd.type].includes(f.op)) return void errors.push(fe(`filters.${i}.op`, `字段「${fd.label}」不支持条件 ${f.op}，可用：${OPS_BY_TYPE[fd.type].join('、')}`, `Operator ${f.op} does not apply to ${f.field}`));
    const problem = valueProblem(fd, f.op, f.value);
    if (problem) errors.push(fe(`filters.${i}.value`, `「${fd.label}」${problem}`, `Bad value for ${f.field}`));
  });
  def.groupBy.forEach((g, i) => {
    const fd = known(`groupBy.${i}`, g);
    if (fd && (fd.filterable === false || fd.encryptedAttr)) errors.push(fe(`groupBy.${i}`, `字段「${fd.label}」不能用于分组`, `Cannot group by ${g}`));
  });
  def.sort.forEach((s, i) => {
    const fd = known(`sort.${i}.field`, s.field);
    if (fd && (fd.encryptedAttr || fd.mask)) errors.push(fe(`sort.${i}.field`, `字段「${fd.label}」不能用于排序`, `Cannot sort by ${s.field}`));
  });
  def.sensitive.forEach((s, i) => known(`sensitive.${i}`, s));
  if (errors.length) {
    throw new AppError('VALIDATION', `台账定义有误：${errors.map((e) => `${e.path} ${e.messages['zh-CN']}`).join('；')}`, `Invalid ledger definition: ${errors.map((e) => e.path).join(', ')}`, errors);
  }
  const sensitive = new Set(def.sensitive);
  return {
    def, src, tag, fields,
    columns: def.columns.map((c) => {
      const field = fields[c.field];
      return { key: c.field, label: c.label ?? field.label, width: c.width, field, sensitive: !!field.mask || !!field.encryptedAttr || sensitive.has(c.field) };
    }),
  };
}

const sqlOf = (f: FieldDef, p: Params, actor: Actor) => (typeof f.sql === 'function' ? f.sql(p, actor) : f.sql);
const cast = (f: FieldDef, v: unknown) => (f.type === 'number' ? Number(v) : v);
const typeSuffix = (f: FieldDef) => (f.type === 'number' ? '::numeric' : f.type === 'date' ? '::date' : f.type === 'bool' ? '::boolean' : '::text');

function filterSql(f: FieldDef, op: FilterOp, value: unknown, p: Params, actor: Actor): string {
  const col = sqlOf(f, p, actor);
  const v = (x: unknown) => `${p.add(cast(f, x))}${typeSuffix(f)}`;
  const arr = value as unknown[];
  switch (op) {
    case 'eq': return `${col} = ${v(value)}`;
    case 'ne': return `${col} IS DISTINCT FROM ${v(value)}`;
    case 'in': return `${col} IN (${arr.map(v).join(', ')})`;
    case 'notIn': return `${col} NOT IN (${arr.map(v).join(', ')})`;
    case 'gt': return `${col} > ${v(value)}`;
    case 'gte': return `${col} >= ${v(value)}`;
    case 'lt': return `${col} < ${v(value)}`;
    case 'lte': return `${col} <= ${v(value)}`;
    case 'between': return `${col} BETWEEN ${v(arr[0])} AND ${v(arr[1])}`;
    case 'contains': return `${col}::text ILIKE ${p.add(`%${likeEscape(String(value))}%`)}`;
    case 'startsWith': return `${col}::text LIKE ${p.add(`${likeEscape(String(value))}%`)}`;
    case 'isNull': return `${col} IS NULL`;
    case 'notNull': return `${col} IS NOT NULL`;
  }
}

export type Built = { p: Params; from: string; where: string; select: string; order: string; groupSelect: string | null };

/**
 * The query for a plan as seen by an actor inside a region: scope in SQL, the tag bound as a parameter, sensitive
 * tags visible only with their permission, values parameterized. `reveal` adds the encrypted columns.
 */
export function buildQuery(plan: Plan, actor: Actor, region: { path: string; level: string }, reveal: boolean, opts: { idsOnly?: boolean } = {}): Built {
  const p = params();
  const { src } = plan;
  const from = src.needsTag ? src.from.replace('$TAG', p.add(plan.tag!.code)) : src.from;
  const where = [scopeSql(actor, p, { community: src.community, grid: src.grid })];
  where.push(region.level === 'grid' && src.grid
    ? `${src.grid} IN (SELECT id FROM regions WHERE path LIKE ${p.add(region.path + '%')})`
    : `${src.community} IN (SELECT id FROM regions WHERE path LIKE ${p.add(region.level === 'grid' ? region.path.split('/').slice(0, -2).join('/') + '/' : region.path + '%')})`);
  if (src.needsTag && plan.tag!.sensitive && !actor.permissions.has('*')) where.push(`${p.add(plan.tag!.permission ?? '')} = ANY(${p.add([...actor.permissions])})`);
  for (const f of plan.def.filters) where.push(filterSql(plan.fields[f.field], f.op, f.value, p, actor));
  const select = opts.idsOnly ? [`${src.id} AS id`] : plan.columns.map((c, i) => {
    const parts = [`${sqlOf(c.field, p, actor)} AS c${i}`];
    if (reveal && c.field.revealSql) parts.push(`${c.field.revealSql} AS r${i}`);
    return parts.join(', ');
  });
  const order = [
    ...plan.def.groupBy.map((g) => `${sqlOf(plan.fields[g], p, actor)} ASC NULLS LAST`),
    ...(plan.def.sort.length ? plan.def.sort : src.defaultSort.filter((k) => plan.fields[k]).map((field) => ({ field, dir: 'asc' as const })))
      .map((s) => `${sqlOf(plan.fields[s.field], p, actor)} ${s.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`),
    src.id,
  ].join(', ');
  const groupSelect = plan.def.groupBy.length ? plan.def.groupBy.map((g, i) => `${sqlOf(plan.fields[g], p, actor)} AS g${i}`).join(', ') : null;
  return { p, from, where: where.join(' AND '), select: select.join(', '), order, groupSelect };
}

/**
 * The rows of a page of ids (in the given order). Exports first read the ordered ids of the whole ledger (one sort,
 * one scan), then fetch the display columns page by page by id: linear in the ledger size, where OFFSET paging
 * would re-sort the ledger for every page.
 */
export function buildPageByIds(plan: Plan, actor: Actor, reveal: boolean, ids: string[]): { text: string; values: unknown[] } {
  const p = params();
  const { src } = plan;
  const from = src.needsTag ? src.from.replace('$TAG', p.add(plan.tag!.code)) : src.from;
  const select = plan.columns.map((c, i) => {
    const parts = [`${sqlOf(c.field, p, actor)} AS c${i}`];
    if (reveal && c.field.revealSql) parts.push(`${c.field.revealSql} AS r${i}`);
    return parts.join(', ');
  });
  const idList = p.add(ids);
  // `= ANY` lets the planner fetch the page by primary key instead of hashing the whole table for every page.
  return { text: `SELECT ${select.join(', ')} FROM ${from} JOIN unnest(${idList}::uuid[]) WITH ORDINALITY AS k(id, ord) ON k.id = ${src.id} WHERE ${src.id} = ANY(${idList}::uuid[]) ORDER BY k.ord`, values: p.values };
}
