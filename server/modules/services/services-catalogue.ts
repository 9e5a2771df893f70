// The service catalogue (事项清单): items with their department, legal basis, who may apply, materials,
// promised working days, fee, channels and configurable steps. A public menu lists them without login.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import type { ServiceConditions, ServiceItem, ServiceItemBody } from '../../../contracts/services.ts';

export type ItemRow = {
  id: string; code: string; name: string; category: string; department_code: string | null; department_name: string | null; legal_basis: string;
  description: string; conditions: ServiceConditions; materials: ServiceItem['materials']; time_limit_days: number; fee_cents: number;
  fee_note: string; channels: ('window' | 'online')[]; steps: ServiceItem['steps']; active: boolean; sort: number;
};

const SELECT = `SELECT i.*, d.name AS department_name FROM service_items i LEFT JOIN departments d ON d.code = i.department_code`;

export function toItem(r: ItemRow): ServiceItem {
  return {
    id: r.id, code: r.code, name: r.name, category: r.category, departmentCode: r.department_code, departmentName: r.department_name,
    legalBasis: r.legal_basis, description: r.description, conditions: r.conditions ?? {}, materials: r.materials ?? [],
    timeLimitDays: Number(r.time_limit_days), feeCents: Number(r.fee_cents), feeNote: r.fee_note, channels: r.channels, steps: r.steps ?? [],
    active: r.active, sort: Number(r.sort),
  };
}

const RESIDENCY_ZH: Record<string, string> = { registered: '户籍人口', resident: '常住人口', floating: '流动人口', overseas: '境外人员', separated: '人户分离人员' };

export async function tagNames(q: Queryable): Promise<Map<string, string>> {
  const rows = await q.query<{ code: string; name_zh: string }>('SELECT code, name_zh FROM tag_types');
  return new Map(rows.map((r) => [r.code, r.name_zh]));
}

/** Conditions in words, for the public menu and the one-time notice. */
export function conditionsText(c: ServiceConditions, tags: Map<string, string>): string {
  const parts: string[] = [];
  if (c.tags?.length) parts.push(`须为${c.tags.map((t) => tags.get(t) ?? t).join('、')}`);
  if (c.anyTags?.length) parts.push(`须为${c.anyTags.map((t) => tags.get(t) ?? t).join('或')}之一`);
  if (c.minAge !== undefined && c.maxAge !== undefined) parts.push(`年龄 ${c.minAge}–${c.maxAge} 周岁`);
  else if (c.minAge !== undefined) parts.push(`年满 ${c.minAge} 周岁`);
  else if (c.maxAge !== undefined) parts.push(`不超过 ${c.maxAge} 周岁`);
  if (c.residency?.length) parts.push(`限${c.residency.map((r) => RESIDENCY_ZH[r] ?? r).join('、')}`);
  return parts.length ? parts.join('；') : '本区居民均可申请';
}

export function ageOn(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** Why a person may not apply (empty when eligible). */
export function eligibilityProblems(c: ServiceConditions, p: { age: number | null; residency: string; tags: string[] }, names: Map<string, string>): string[] {
  const out: string[] = [];
  const n = (t: string) => names.get(t) ?? t;
  for (const t of c.tags ?? []) if (!p.tags.includes(t)) out.push(`申请人不是${n(t)}`);
  if (c.anyTags?.length && !c.anyTags.some((t) => p.tags.includes(t))) out.push(`申请人须为${c.anyTags.map(n).join('或')}之一`);
  if (c.minAge !== undefined && (p.age === null || p.age < c.minAge)) out.push(`申请人须年满 ${c.minAge} 周岁`);
  if (c.maxAge !== undefined && (p.age === null || p.age > c.maxAge)) out.push(`申请人年龄不得超过 ${c.maxAge} 周岁`);
  if (c.residency?.length && !c.residency.includes(p.residency as never)) out.push(`限${c.residency.map((r) => RESIDENCY_ZH[r] ?? r).join('、')}申请`);
  return out;
}

export async function listItems(ctx: Ctx, query: { category?: string; includeInactive: boolean }) {
  const p = params();
  const where = ['true'];
  if (!query.includeInactive) where.push('i.active');
  if (query.category) where.push(`i.category = ${p.add(query.category)}`);
  const rows = await ctx.db.query<ItemRow>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY i.sort, i.code`, p.values);
  return rows.map(toItem);
}

export async function publicServiceList(ctx: Ctx, query: { category?: string }) {
  const [items, names] = await Promise.all([listItems(ctx, { category: query.category, includeInactive: false }), tagNames(ctx.db)]);
  return items.map((i) => ({
    id: i.id, code: i.code, name: i.name, category: i.category, departmentName: i.departmentName, legalBasis: i.legalBasis, description: i.description,
    materials: i.materials, timeLimitDays: i.timeLimitDays, feeCents: i.feeCents, feeNote: i.feeNote, channels: i.channels,
    free: i.feeCents === 0, conditionsText: conditionsText(i.conditions, names),
  }));
}

export async function loadItem(q: Queryable, id: string): Promise<ItemRow> {
  const rows = await q.query<ItemRow>(`${SELECT} WHERE i.id = $1`, [id]);
  if (!rows[0]) throw notFound('服务事项', 'Service item');
  return rows[0];
}

export async function getItem(ctx: Ctx, id: string) {
  return toItem(await loadItem(ctx.db, id));
}

/** Public: a material's sample (样表) of an active item, so residents can fill the form before coming. */
export async function sampleFile(ctx: Ctx, code: string, key: string): Promise<{ data: Buffer; mime: string; name: string }> {
  const rows = await ctx.db.query<{ storage_key: string; mime: string; original_name: string }>(
    `SELECT f.storage_key, f.mime, f.original_name FROM service_items i, jsonb_array_elements(i.materials) m JOIN files f ON f.id::text = m->>'sampleFileId'
     WHERE i.code = $1 AND i.active AND m->>'key' = $2`,
    [code, key],
  );
  if (!rows[0]) throw notFound('样表', 'Sample');
  return { data: await ctx.storage.get(rows[0].storage_key), mime: rows[0].mime, name: rows[0].original_name };
}

async function assertSamples(q: Queryable, b: ServiceItemBody) {
  const ids = b.materials.map((m) => m.sampleFileId).filter((x): x is string => !!x);
  if (!ids.length) return;
  const found = await q.query<{ id: string }>('SELECT id FROM files WHERE id = ANY($1)', [ids]);
  if (found.length !== new Set(ids).size) throw new AppError('VALIDATION', '样表文件不存在', 'A sample file does not exist', [{ path: 'materials', messages: { 'zh-CN': '样表文件不存在', 'en-US': 'Sample file not found' } }]);
}

async function assertDepartments(q: Queryable, b: ServiceItemBody) {
  await assertSamples(q, b);
  const codes = [...new Set([b.departmentCode, ...b.steps.map((s) => s.departmentCode)].filter((c): c is string => !!c))];
  if (!codes.length) return;
  const found = await q.query<{ code: string }>('SELECT code FROM departments WHERE code = ANY($1)', [codes]);
  const missing = codes.filter((c) => !found.some((f) => f.code === c));
  if (missing.length) {
    const zh = `部门代码不存在：${missing.join('、')}`;
    throw new AppError('VALIDATION', zh, `Unknown department codes: ${missing.join(', ')}`, [{ path: 'departmentCode', messages: { 'zh-CN': zh, 'en-US': 'Unknown department code' } }]);
  }
}

const COLS = 'code, name, category, department_code, legal_basis, description, conditions, materials, time_limit_days, fee_cents, fee_note, channels, steps, active, sort';
function values(b: ServiceItemBody) {
  return [b.code, b.name, b.category, b.departmentCode, b.legalBasis, b.description, JSON.stringify(b.conditions), JSON.stringify(b.materials), b.timeLimitDays,
    b.feeCents, b.feeNote, b.channels, JSON.stringify(b.steps), b.active, b.sort];
}

/** Catalogue seed: idempotent by code, never overwrites an installation's edits. */
export async function insertItem(q: Queryable, b: ServiceItemBody): Promise<void> {
  await q.query(`INSERT INTO service_items (${COLS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) ON CONFLICT (code) DO NOTHING`, values(b));
}

export async function createItem(ctx: Ctx, actor: Actor, b: ServiceItemBody) {
  return ctx.db.tx(async (q) => {
    await assertDepartments(q, b);
    const dup = await q.query('SELECT 1 FROM service_items WHERE code = $1', [b.code]);
    if (dup[0]) throw new AppError('CONFLICT', `事项代码 ${b.code} 已存在`, `Code ${b.code} already exists`, [{ path: 'code', messages: { 'zh-CN': `事项代码 ${b.code} 已存在`, 'en-US': 'Code exists' } }]);
    const rows = await q.query<{ id: string }>(`INSERT INTO service_items (${COLS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id`, values(b));
    await audit(q, actor, { action: 'service_item.create', entityType: 'service_item', entityId: rows[0].id, detail: { code: b.code, name: b.name } });
    return toItem(await loadItem(q, rows[0].id));
  });
}

/** Applications snapshot their steps when they start, so editing an item never changes one in progress. */
export async function updateItem(ctx: Ctx, actor: Actor, id: string, b: ServiceItemBody) {
  return ctx.db.tx(async (q) => {
    const before = await loadItem(q, id);
    if (before.code !== b.code) throw new AppError('VALIDATION', '事项代码不能修改', 'The code cannot change', [{ path: 'code', messages: { 'zh-CN': '事项代码不能修改', 'en-US': 'The code cannot change' } }]);
    await assertDepartments(q, b);
    await q.query(
      `UPDATE service_items SET name=$2, category=$3, department_code=$4, legal_basis=$5, description=$6, conditions=$7, materials=$8, time_limit_days=$9,
         fee_cents=$10, fee_note=$11, channels=$12, steps=$13, active=$14, sort=$15, updated_at=now() WHERE id = $1`,
      [id, ...values(b).slice(1)],
    );
    await audit(q, actor, { action: 'service_item.update', entityType: 'service_item', entityId: id, detail: { code: b.code, timeLimitDays: b.timeLimitDays, feeCents: b.feeCents, active: b.active } });
    return toItem(await loadItem(q, id));
  });
}
