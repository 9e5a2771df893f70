// The region hierarchy: district → street → community → grid, with statistical division codes.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx, RegionLevel } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import { regionScopeSql } from '../../lib/scope.ts';

export type RegionRow = { id: number; parent_id: number | null; level: RegionLevel; code: string; name: string; path: string; retired_at: Date | null };

const CHILD: Record<RegionLevel, RegionLevel | null> = { district: 'street', street: 'community', community: 'grid', grid: null };
const LEVEL_ZH: Record<RegionLevel, string> = { district: '区县', street: '街道', community: '社区', grid: '网格' };

export function toRegion(r: RegionRow) {
  return { id: Number(r.id), parentId: r.parent_id === null ? null : Number(r.parent_id), level: r.level, code: r.code, name: r.name, path: r.path, retiredAt: r.retired_at ? new Date(r.retired_at).toISOString() : null };
}

/**
 * Official codes (统计用区划代码): district 6 digits, street 9, community 12, grid 15 (community code + 3 digits).
 * Streets and communities may also use the 12-digit padded form. Each code must extend its parent's.
 */
export function codeProblem(level: RegionLevel, code: string, parentCode: string | null): string | null {
  const lengths: Record<RegionLevel, number[]> = { district: [6, 12], street: [9, 12], community: [12], grid: [15] };
  if (!lengths[level].includes(code.length)) return `${LEVEL_ZH[level]}代码应为 ${lengths[level].join(' 或 ')} 位数字`;
  if (!parentCode) return null;
  const prefixLen: Record<RegionLevel, number> = { district: 0, street: 6, community: 9, grid: 12 };
  const prefix = parentCode.slice(0, prefixLen[level]);
  if (!code.startsWith(prefix)) return `${LEVEL_ZH[level]}代码应以上级代码 ${prefix} 开头`;
  if (level === 'grid' && code.slice(12) === '000') return '网格编号不能为 000';
  return null;
}

async function getInScope(q: Queryable, actor: Actor, id: number): Promise<RegionRow> {
  const rows = await q.query<RegionRow>('SELECT * FROM regions WHERE id = $1', [id]);
  const r = rows[0];
  if (!r || !r.path.startsWith(actor.scopePath)) throw notFound('区划', 'Region');
  return r;
}

/** Changing a node needs it strictly inside the actor's scope: nobody renames or moves their own scope root. */
function assertBelowScope(actor: Actor, r: RegionRow) {
  if (r.path === actor.scopePath && !can(actor, '*')) {
    throw new AppError('FORBIDDEN', '不能修改自己所属的管辖区划，请联系上级管理员', 'You cannot change the region that is your own scope');
  }
}

export async function listRegions(ctx: Ctx, actor: Actor, opts: { includeRetired: boolean }) {
  const p = params();
  const rows = await ctx.db.query<RegionRow>(
    `SELECT * FROM regions r WHERE ${regionScopeSql(actor, p)} ${opts.includeRetired ? '' : 'AND r.retired_at IS NULL'} ORDER BY r.path`,
    p.values,
  );
  return rows.map(toRegion);
}

export async function getRegion(ctx: Ctx, actor: Actor, id: number) {
  return toRegion(await getInScope(ctx.db, actor, id));
}

export async function createRegion(ctx: Ctx, actor: Actor, input: { parentId: number; code: string; name: string }) {
  return ctx.db.tx(async (q) => {
    const parent = await getInScope(q, actor, input.parentId);
    if (parent.retired_at) throw new AppError('INVALID_STATE', '上级区划已撤销，不能在其下新建', 'The parent region is retired');
    const level = CHILD[parent.level];
    if (!level) throw new AppError('VALIDATION', '网格下不能再建下级区划', 'A grid has no child regions');
    const problem = codeProblem(level, input.code, parent.code);
    if (problem) throw new AppError('VALIDATION', problem, `Invalid ${level} code`, [{ path: 'code', messages: { 'zh-CN': problem, 'en-US': `Invalid ${level} code` } }]);
    await assertCodeFree(q, input.code);
    const ins = await q.query<RegionRow>(
      `INSERT INTO regions (parent_id, level, code, name, path) VALUES ($1, $2, $3, $4, '') RETURNING *`,
      [parent.id, level, input.code, input.name],
    );
    const path = `${parent.path}${ins[0].id}/`;
    const rows = await q.query<RegionRow>('UPDATE regions SET path = $2 WHERE id = $1 RETURNING *', [ins[0].id, path]);
    const created = toRegion(rows[0]);
    await q.query('INSERT INTO region_history (region_id, action, after, actor_id) VALUES ($1, $2, $3, $4)', [created.id, 'create', JSON.stringify(created), actor.userId]);
    await audit(q, actor, { action: 'region.create', entityType: 'region', entityId: created.id, regionId: created.id, detail: { code: created.code, name: created.name } });
    return created;
  });
}

async function assertCodeFree(q: Queryable, code: string, exceptId?: number) {
  const dup = await q.query<{ id: number; name: string }>('SELECT id, name FROM regions WHERE code = $1 AND id <> coalesce($2, 0)', [code, exceptId ?? null]);
  if (dup[0]) {
    const zh = `代码 ${code} 已被「${dup[0].name}」使用`;
    throw new AppError('CONFLICT', zh, `Code ${code} is already used`, [{ path: 'code', messages: { 'zh-CN': zh, 'en-US': `Code ${code} is already used` } }]);
  }
}

export async function renameRegion(ctx: Ctx, actor: Actor, id: number, name: string) {
  return ctx.db.tx(async (q) => {
    const before = await getInScope(q, actor, id);
    assertBelowScope(actor, before);
    const rows = await q.query<RegionRow>('UPDATE regions SET name = $2, updated_at = now() WHERE id = $1 RETURNING *', [id, name]);
    const after = toRegion(rows[0]);
    await q.query('INSERT INTO region_history (region_id, action, before, after, actor_id) VALUES ($1, $2, $3, $4, $5)', [id, 'rename', JSON.stringify(toRegion(before)), JSON.stringify(after), actor.userId]);
    await audit(q, actor, { action: 'region.rename', entityType: 'region', entityId: id, regionId: id, detail: { from: before.name, to: name } });
    return after;
  });
}

export async function moveRegion(ctx: Ctx, actor: Actor, id: number, input: { parentId: number; code?: string }) {
  return ctx.db.tx(async (q) => {
    const node = await getInScope(q, actor, id);
    assertBelowScope(actor, node);
    const parent = await getInScope(q, actor, input.parentId);
    if (CHILD[parent.level] !== node.level) throw new AppError('VALIDATION', '只能移动到上一级区划之下（如网格移到另一个社区）', 'A region can only move under a region one level up');
    if (parent.retired_at) throw new AppError('INVALID_STATE', '目标区划已撤销', 'The target region is retired');
    const code = input.code ?? node.code;
    const problem = codeProblem(node.level, code, parent.code);
    if (problem) throw new AppError('VALIDATION', `${problem}（移动时可同时填写新代码）`, `Invalid code for the new parent; give a new code`, [{ path: 'code', messages: { 'zh-CN': problem, 'en-US': 'Invalid code for the new parent' } }]);
    await assertCodeFree(q, code, id);
    const newPath = `${parent.path}${id}/`;
    await q.query('UPDATE regions SET path = $2 || substr(path, length($1) + 1) WHERE path LIKE $3', [node.path, newPath, node.path + '%']);
    const rows = await q.query<RegionRow>('UPDATE regions SET parent_id = $2, code = $3, updated_at = now() WHERE id = $1 RETURNING *', [id, parent.id, code]);
    const after = toRegion(rows[0]);
    await q.query('INSERT INTO region_history (region_id, action, before, after, actor_id) VALUES ($1, $2, $3, $4, $5)', [id, 'move', JSON.stringify(toRegion(node)), JSON.stringify(after), actor.userId]);
    await audit(q, actor, { action: 'region.move', entityType: 'region', entityId: id, regionId: id, detail: { fromParent: node.parent_id, toParent: parent.id, code } });
    return after;
  });
}

export async function retireRegion(ctx: Ctx, actor: Actor, id: number) {
  return ctx.db.tx(async (q) => {
    const node = await getInScope(q, actor, id);
    assertBelowScope(actor, node);
    if (node.retired_at) throw new AppError('INVALID_STATE', '该区划已撤销', 'The region is already retired');
    const kids = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM regions WHERE parent_id = $1 AND retired_at IS NULL', [id]);
    if (kids[0].n > 0) throw new AppError('INVALID_STATE', `该区划下还有 ${kids[0].n} 个未撤销的下级区划，请先移走或撤销`, `It still has ${kids[0].n} active child region(s)`);
    const rows = await q.query<RegionRow>('UPDATE regions SET retired_at = now(), updated_at = now() WHERE id = $1 RETURNING *', [id]);
    await q.query('INSERT INTO region_history (region_id, action, before, after, actor_id) VALUES ($1, $2, $3, $4, $5)', [id, 'retire', JSON.stringify(toRegion(node)), JSON.stringify(toRegion(rows[0])), actor.userId]);
    await audit(q, actor, { action: 'region.retire', entityType: 'region', entityId: id, regionId: id });
    return toRegion(rows[0]);
  });
}

export async function regionHistory(ctx: Ctx, actor: Actor, id: number) {
  await getInScope(ctx.db, actor, id);
  const rows = await ctx.db.query<{ id: number; action: string; before: unknown; after: unknown; actor: string | null; at: Date }>(
    `SELECT h.id, h.action, h.before, h.after, u.display_name AS actor, h.at
     FROM region_history h LEFT JOIN users u ON u.id = h.actor_id WHERE h.region_id = $1 ORDER BY h.at, h.id`,
    [id],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() }));
}
