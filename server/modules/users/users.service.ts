// Accounts: each user has one scope (a region node) and one or more roles.
// Nobody can grant more than they have: roles given must be within the granter's own permissions.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { audit, auditNow } from '../../lib/audit.ts';
import { hashPassword } from '../../lib/password.ts';
import { params } from '../../lib/sql.ts';
import { maskPhone } from '../../lib/mask.ts';
import { assertRegionInScope } from '../../lib/scope.ts';
import { assertPasswordPolicy } from '../auth/auth.service.ts';

type UserRow = {
  id: string; username: string; display_name: string; scope_region_id: number; scope_name: string; scope_path: string;
  roles: string[] | null; department_id: string | null; department_name: string | null; phone_last4: string | null; phone_enc: string | null;
  locked: boolean; disabled_at: Date | null; must_change_password: boolean; last_login_at: Date | null;
};

const SELECT_USER = `
  SELECT u.id, u.username, u.display_name, u.scope_region_id, r.name AS scope_name, r.path AS scope_path,
         (SELECT array_agg(ro.code ORDER BY ro.code) FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ur.user_id = u.id) AS roles,
         u.department_id, d.name AS department_name, u.phone_last4, u.phone_enc,
         coalesce(u.locked_until > now(), false) AS locked, u.disabled_at, u.must_change_password, u.last_login_at
  FROM users u JOIN regions r ON r.id = u.scope_region_id LEFT JOIN departments d ON d.id = u.department_id`;

function toUser(r: UserRow) {
  return {
    id: r.id, username: r.username, displayName: r.display_name, scopeRegionId: Number(r.scope_region_id), scopeName: r.scope_name,
    roles: r.roles ?? [], departmentId: r.department_id, departmentName: r.department_name,
    phone: maskPhone(r.phone_last4),
    locked: r.locked, disabled: !!r.disabled_at, mustChangePassword: r.must_change_password,
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
  };
}

export async function listUsers(ctx: Ctx, actor: Actor, query: { q?: string; role?: string; page: number; pageSize: number }) {
  const p = params();
  const where = [`r.path LIKE ${p.add(actor.scopePath + '%')}`];
  if (query.q) where.push(`(u.username ILIKE ${p.add(`%${query.q}%`)} OR u.display_name ILIKE ${p.add(`%${query.q}%`)})`);
  if (query.role) where.push(`EXISTS (SELECT 1 FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ur.user_id = u.id AND ro.code = ${p.add(query.role)})`);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users u JOIN regions r ON r.id = u.scope_region_id WHERE ${where.join(' AND ')}`, p.values);
  const rows = await ctx.db.query<UserRow>(
    `${SELECT_USER} WHERE ${where.join(' AND ')} ORDER BY r.path, u.username LIMIT ${p.add(query.pageSize)} OFFSET ${p.add((query.page - 1) * query.pageSize)}`,
    p.values,
  );
  return { items: rows.map(toUser), total: total[0].n, page: query.page, pageSize: query.pageSize };
}

async function getUserRow(q: Queryable, actor: Actor, id: string): Promise<UserRow> {
  const rows = await q.query<UserRow>(`${SELECT_USER} WHERE u.id = $1`, [id]);
  if (!rows[0] || !rows[0].scope_path.startsWith(actor.scopePath)) throw notFound('账号', 'User');
  return rows[0];
}

export async function getUser(ctx: Ctx, actor: Actor, id: string) {
  return toUser(await getUserRow(ctx.db, actor, id));
}

/** Role ids for codes, refusing unknown roles and roles carrying permissions the granter lacks. */
async function resolveRoles(q: Queryable, actor: Actor, codes: string[]): Promise<string[]> {
  const rows = await q.query<{ id: string; code: string; permissions: string[] }>('SELECT id, code, permissions FROM roles WHERE code = ANY($1)', [codes]);
  const missing = codes.filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) throw new AppError('VALIDATION', `角色不存在：${missing.join('、')}`, `Unknown role(s): ${missing.join(', ')}`, [{ path: 'roleCodes', messages: { 'zh-CN': '角色不存在', 'en-US': 'Unknown role' } }]);
  for (const r of rows) {
    const extra = r.permissions.filter((p) => !can(actor, p));
    if (extra.length) throw new AppError('FORBIDDEN', `不能授予超出自身权限的角色「${r.code}」`, `You cannot grant role "${r.code}": it has permissions you do not have`);
  }
  return rows.map((r) => r.id);
}

async function assertDepartment(q: Queryable, actor: Actor, departmentId: string | null | undefined) {
  if (!departmentId) return;
  const d = await q.query<{ region_id: number }>('SELECT region_id FROM departments WHERE id = $1', [departmentId]);
  if (!d[0]) throw new AppError('VALIDATION', '部门不存在', 'Unknown department', [{ path: 'departmentId', messages: { 'zh-CN': '部门不存在', 'en-US': 'Unknown department' } }]);
}

export async function createUser(ctx: Ctx, actor: Actor, input: { username: string; displayName: string; password: string; scopeRegionId: number; roleCodes: string[]; departmentId?: string | null; phone?: string }) {
  assertPasswordPolicy(input.password);
  const hash = await hashPassword(input.password);
  return ctx.db.tx(async (q) => {
    await assertRegionInScope(q, actor, input.scopeRegionId);
    const roleIds = await resolveRoles(q, actor, input.roleCodes);
    await assertDepartment(q, actor, input.departmentId);
    const dup = await q.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [input.username]);
    if (dup.length) throw new AppError('CONFLICT', `用户名 ${input.username} 已存在`, `User name ${input.username} is taken`, [{ path: 'username', messages: { 'zh-CN': '用户名已存在', 'en-US': 'Taken' } }]);
    const phone = input.phone ?? null;
    const rows = await q.query<{ id: string }>(
      `INSERT INTO users (username, display_name, password_hash, scope_region_id, department_id, phone_enc, phone_bidx, phone_last4, must_change_password)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,true) RETURNING id`,
      [input.username, input.displayName, hash, input.scopeRegionId, input.departmentId ?? null,
        phone ? ctx.crypto.encrypt(phone) : null, phone ? ctx.crypto.blindIndex('phone', phone) : null, phone ? phone.slice(-4) : null],
    );
    for (const rid of roleIds) await q.query('INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)', [rows[0].id, rid]);
    await audit(q, actor, { action: 'user.create', entityType: 'user', entityId: rows[0].id, regionId: input.scopeRegionId, detail: { username: input.username, roles: input.roleCodes } });
    return toUser(await getUserRow(q, actor, rows[0].id));
  });
}

export async function updateUser(ctx: Ctx, actor: Actor, id: string, input: { displayName?: string; scopeRegionId?: number; roleCodes?: string[]; departmentId?: string | null; disabled?: boolean; unlock?: boolean; resetPassword?: string }) {
  if (input.resetPassword) assertPasswordPolicy(input.resetPassword, 'resetPassword');
  const hash = input.resetPassword ? await hashPassword(input.resetPassword) : null;
  return ctx.db.tx(async (q) => {
    const before = await getUserRow(q, actor, id);
    if (id === actor.userId && (input.disabled || input.roleCodes || input.scopeRegionId)) {
      throw new AppError('FORBIDDEN', '不能修改自己的角色、范围或停用自己', 'You cannot change your own roles or scope, or disable yourself');
    }
    // The target's current roles must also be within the actor's power, or a street user could edit an admin.
    await resolveRoles(q, actor, before.roles ?? []);
    if (input.scopeRegionId) await assertRegionInScope(q, actor, input.scopeRegionId);
    if (input.departmentId !== undefined) await assertDepartment(q, actor, input.departmentId);
    const sets: string[] = ['updated_at = now()'];
    const vals: unknown[] = [id];
    const set = (col: string, v: unknown) => { vals.push(v); sets.push(`${col} = $${vals.length}`); };
    if (input.displayName !== undefined) set('display_name', input.displayName);
    if (input.scopeRegionId !== undefined) set('scope_region_id', input.scopeRegionId);
    if (input.departmentId !== undefined) set('department_id', input.departmentId);
    if (input.disabled !== undefined) sets.push(input.disabled ? 'disabled_at = coalesce(disabled_at, now())' : 'disabled_at = NULL');
    if (input.unlock) sets.push('locked_until = NULL', 'failed_logins = 0');
    if (hash) { set('password_hash', hash); sets.push('must_change_password = true'); }
    await q.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, vals);
    if (input.roleCodes) {
      const roleIds = await resolveRoles(q, actor, input.roleCodes);
      await q.query('DELETE FROM user_roles WHERE user_id = $1', [id]);
      for (const rid of roleIds) await q.query('INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)', [id, rid]);
    }
    // Disabling, a new scope or new roles end existing sessions, so they take effect at once.
    if (input.disabled || input.scopeRegionId || input.roleCodes || hash) await q.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    const changes = { ...input, resetPassword: input.resetPassword ? '***' : undefined };
    await audit(q, actor, { action: 'user.update', entityType: 'user', entityId: id, regionId: Number(before.scope_region_id), detail: changes });
    return toUser(await getUserRow(q, actor, id));
  });
}

/** Shows a user's full phone number; needs user.write and is audited. */
export async function revealUserPhone(ctx: Ctx, actor: Actor, id: string) {
  const u = await getUserRow(ctx.db, actor, id);
  await auditNow(ctx.db, actor, { action: 'user.reveal_phone', entityType: 'user', entityId: id, regionId: Number(u.scope_region_id) });
  return { phone: u.phone_enc ? ctx.crypto.decrypt(u.phone_enc) : null };
}

// --- Roles ----------------------------------------------------------------------------------------

type RoleRow = { id: string; code: string; name_zh: string; name_en: string; permissions: string[]; builtin: boolean };
const toRole = (r: RoleRow) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, permissions: r.permissions, builtin: r.builtin });

export async function listRoles(ctx: Ctx) {
  return (await ctx.db.query<RoleRow>('SELECT * FROM roles ORDER BY builtin DESC, code')).map(toRole);
}

function assertPermissions(actor: Actor, perms: string[], known: (p: string) => boolean) {
  const unknown = perms.filter((p) => !known(p));
  if (unknown.length) throw new AppError('VALIDATION', `未知权限：${unknown.join('、')}`, `Unknown permission(s): ${unknown.join(', ')}`, [{ path: 'permissions', messages: { 'zh-CN': '未知权限', 'en-US': 'Unknown permission' } }]);
  const beyond = perms.filter((p) => !can(actor, p));
  if (beyond.length) throw new AppError('FORBIDDEN', `不能授予自己没有的权限：${beyond.join('、')}`, `You cannot grant permissions you do not have: ${beyond.join(', ')}`);
}

export async function createRole(ctx: Ctx, actor: Actor, input: { code: string; nameZh: string; nameEn: string; permissions: string[] }, known: (p: string) => boolean) {
  assertPermissions(actor, input.permissions, known);
  return ctx.db.tx(async (q) => {
    const dup = await q.query('SELECT 1 FROM roles WHERE code = $1', [input.code]);
    if (dup.length) throw new AppError('CONFLICT', `角色代码 ${input.code} 已存在`, `Role code ${input.code} exists`);
    const rows = await q.query<RoleRow>('INSERT INTO roles (code, name_zh, name_en, permissions) VALUES ($1,$2,$3,$4) RETURNING *', [input.code, input.nameZh, input.nameEn, input.permissions]);
    await audit(q, actor, { action: 'role.create', entityType: 'role', entityId: rows[0].id, detail: input });
    return toRole(rows[0]);
  });
}

export async function updateRole(ctx: Ctx, actor: Actor, id: string, input: { nameZh?: string; nameEn?: string; permissions?: string[] }, known: (p: string) => boolean) {
  if (input.permissions) assertPermissions(actor, input.permissions, known);
  return ctx.db.tx(async (q) => {
    const rows = await q.query<RoleRow>('SELECT * FROM roles WHERE id = $1', [id]);
    if (!rows[0]) throw notFound('角色', 'Role');
    if (rows[0].code === 'system_admin') throw new AppError('FORBIDDEN', '系统管理员角色不可修改', 'The system admin role cannot be changed');
    const r = rows[0];
    const up = await q.query<RoleRow>(
      'UPDATE roles SET name_zh = $2, name_en = $3, permissions = $4, updated_at = now() WHERE id = $1 RETURNING *',
      [id, input.nameZh ?? r.name_zh, input.nameEn ?? r.name_en, input.permissions ?? r.permissions],
    );
    await audit(q, actor, { action: 'role.update', entityType: 'role', entityId: id, detail: { code: r.code, before: r.permissions, after: up[0].permissions } });
    return toRole(up[0]);
  });
}

// --- Departments ----------------------------------------------------------------------------------

export async function listDepartments(ctx: Ctx, actor: Actor) {
  // Departments belong to a district (or street); everyone in the tree below or above may pick them.
  const rows = await ctx.db.query<{ id: string; code: string; name: string; region_id: number }>(
    `SELECT d.* FROM departments d JOIN regions r ON r.id = d.region_id
     WHERE r.path LIKE $1 OR $2 LIKE r.path || '%' ORDER BY d.code`,
    [actor.scopePath + '%', actor.scopePath],
  );
  return rows.map((d) => ({ id: d.id, code: d.code, name: d.name, regionId: Number(d.region_id) }));
}

export async function createDepartment(ctx: Ctx, actor: Actor, input: { code: string; name: string; regionId: number }) {
  return ctx.db.tx(async (q) => {
    await assertRegionInScope(q, actor, input.regionId);
    const dup = await q.query('SELECT 1 FROM departments WHERE code = $1', [input.code]);
    if (dup.length) throw new AppError('CONFLICT', `部门代码 ${input.code} 已存在`, `Department code ${input.code} exists`);
    const rows = await q.query<{ id: string; code: string; name: string; region_id: number }>('INSERT INTO departments (code, name, region_id) VALUES ($1,$2,$3) RETURNING *', [input.code, input.name, input.regionId]);
    await audit(q, actor, { action: 'department.create', entityType: 'department', entityId: rows[0].id, regionId: input.regionId, detail: input });
    return { id: rows[0].id, code: rows[0].code, name: rows[0].name, regionId: Number(rows[0].region_id) };
  });
}
