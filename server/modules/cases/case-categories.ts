// The case category tree (事件分类): codes, default handling unit, urgency and time limits. Rows, edited by admins.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { audit } from '../../lib/audit.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { TimeLimit } from '../../lib/working-time.ts';
import { DEFAULT_LIMITS, type UrgencyLimits } from '../../seed/cases-catalogue.ts';
import type { Urgency } from '../../../contracts/cases.ts';

export type CategoryRow = {
  id: string; code: string; name: string; parent_id: string | null; unit_type: 'community' | 'street' | 'department';
  department_code: string | null; default_urgency: Urgency; limits: UrgencyLimits; sort: number; retired_at: Date | null;
};

export const toCategory = (c: CategoryRow) => ({
  id: c.id, code: c.code, name: c.name, parentId: c.parent_id, unitType: c.unit_type, departmentCode: c.department_code,
  defaultUrgency: c.default_urgency, limits: c.limits, sort: c.sort, retired: !!c.retired_at,
});

export async function listCategories(ctx: Ctx, opts: { includeRetired?: boolean } = {}) {
  const rows = await ctx.db.query<CategoryRow>(`SELECT * FROM case_categories ${opts.includeRetired ? '' : 'WHERE retired_at IS NULL'} ORDER BY code`);
  return rows.map(toCategory);
}

export async function getCategory(q: Queryable, id: string, opts: { active?: boolean } = {}): Promise<CategoryRow> {
  const rows = await q.query<CategoryRow>('SELECT * FROM case_categories WHERE id = $1', [id]);
  const c = rows[0];
  if (!c) throw invalid('事件分类不存在', 'Unknown category', [{ path: 'categoryId', messages: { 'zh-CN': '事件分类不存在', 'en-US': 'Unknown category' } }]);
  if (opts.active && c.retired_at) throw invalid('该事件分类已停用', 'The category is retired', [{ path: 'categoryId', messages: { 'zh-CN': '该事件分类已停用', 'en-US': 'The category is retired' } }]);
  return c;
}

export function stageLimit(c: CategoryRow, urgency: Urgency, stage: 'accept' | 'handle' | 'reply'): TimeLimit {
  return (c.limits?.[urgency] ?? DEFAULT_LIMITS[urgency])[stage];
}

export async function createCategory(ctx: Ctx, actor: Actor, input: {
  code: string; name: string; parentId?: string | null; unitType: 'community' | 'street' | 'department'; departmentCode?: string | null;
  defaultUrgency: Urgency; limits?: UrgencyLimits; sort?: number;
}) {
  return ctx.db.tx(async (q) => {
    const dup = await q.query('SELECT 1 FROM case_categories WHERE code = $1', [input.code]);
    if (dup[0]) throw new AppError('CONFLICT', `分类编码 ${input.code} 已存在`, `Category code ${input.code} exists`, [{ path: 'code', messages: { 'zh-CN': '编码已存在', 'en-US': 'Code exists' } }]);
    const parent = input.parentId ? await getCategory(q, input.parentId) : null;
    if (input.parentId && !parent) throw notFound('上级分类', 'Parent category');
    await assertDepartment(q, input.unitType, input.departmentCode ?? null);
    const rows = await q.query<CategoryRow>(
      `INSERT INTO case_categories (code, name, parent_id, unit_type, department_code, default_urgency, limits, sort) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *`,
      [input.code, input.name, parent?.id ?? null, input.unitType, input.departmentCode ?? null, input.defaultUrgency,
        JSON.stringify(input.limits ?? parent?.limits ?? DEFAULT_LIMITS), input.sort ?? 0],
    );
    await audit(q, actor, { action: 'case_category.create', entityType: 'case_category', entityId: rows[0].id, detail: { code: input.code, name: input.name } });
    return toCategory(rows[0]);
  });
}

export async function updateCategory(ctx: Ctx, actor: Actor, id: string, input: {
  name?: string; unitType?: 'community' | 'street' | 'department'; departmentCode?: string | null; defaultUrgency?: Urgency; limits?: UrgencyLimits; sort?: number; retired?: boolean;
}) {
  return ctx.db.tx(async (q) => {
    const rows0 = await q.query<CategoryRow>('SELECT * FROM case_categories WHERE id = $1 FOR UPDATE', [id]);
    const before = rows0[0];
    if (!before) throw notFound('事件分类', 'Category');
    const unitType = input.unitType ?? before.unit_type;
    const departmentCode = input.departmentCode !== undefined ? input.departmentCode : before.department_code;
    await assertDepartment(q, unitType, departmentCode);
    const rows = await q.query<CategoryRow>(
      `UPDATE case_categories SET name = $2, unit_type = $3, department_code = $4, default_urgency = $5, limits = $6, sort = $7,
              retired_at = CASE WHEN $8::boolean IS NULL THEN retired_at WHEN $8 THEN coalesce(retired_at, now()) ELSE NULL END, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [id, input.name ?? before.name, unitType, departmentCode, input.defaultUrgency ?? before.default_urgency,
        JSON.stringify(input.limits ?? before.limits), input.sort ?? before.sort, input.retired ?? null],
    );
    await audit(q, actor, { action: 'case_category.update', entityType: 'case_category', entityId: id, detail: { changed: Object.keys(input) } });
    return toCategory(rows[0]);
  });
}

async function assertDepartment(q: Queryable, unitType: string, code: string | null) {
  if (unitType !== 'department') return;
  const msg = { 'zh-CN': '默认办理单位为部门时，请填写存在的部门编码', 'en-US': 'Give an existing department code' };
  if (!code) throw invalid(msg['zh-CN'], msg['en-US'], [{ path: 'departmentCode', messages: msg }]);
  const rows = await q.query('SELECT 1 FROM departments WHERE code = $1', [code]);
  if (!rows[0]) throw invalid(msg['zh-CN'], msg['en-US'], [{ path: 'departmentCode', messages: msg }]);
}
