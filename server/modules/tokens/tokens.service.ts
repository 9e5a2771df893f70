// API tokens for department systems: scoped to a region and a set of permissions, shown once, stored hashed.
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import { assertRegionInScope } from '../../lib/scope.ts';
import { isKnownPermission } from '../../lib/permissions.ts';

type TokenRow = {
  id: string; name: string; prefix: string; region_id: number; region_name: string; department_id: string | null; permissions: string[];
  share_tags: string[] | null; share_fields: string[] | null; created_at: Date; expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null;
};
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toToken = (t: TokenRow) => ({
  id: t.id, name: t.name, prefix: t.prefix, regionId: Number(t.region_id), regionName: t.region_name, departmentId: t.department_id,
  permissions: t.permissions, shareTags: t.share_tags, shareFields: t.share_fields, createdAt: iso(t.created_at)!, expiresAt: iso(t.expires_at),
  revokedAt: iso(t.revoked_at), lastUsedAt: iso(t.last_used_at),
});

export async function listTokens(ctx: Ctx, actor: Actor) {
  const rows = await ctx.db.query<TokenRow>(
    `SELECT t.*, r.name AS region_name FROM api_tokens t JOIN regions r ON r.id = t.region_id WHERE r.path LIKE $1 ORDER BY t.created_at DESC`,
    [actor.scopePath + '%'],
  );
  return rows.map(toToken);
}

export async function createToken(ctx: Ctx, actor: Actor, input: { name: string; regionId: number; permissions: string[]; departmentId?: string | null; shareTags?: string[] | null; shareFields?: string[] | null; expiresAt?: string | null }) {
  const unknown = input.permissions.filter((p) => !isKnownPermission(p) || p === '*');
  if (unknown.length) throw new AppError('VALIDATION', `未知或不可授予的权限：${unknown.join('、')}`, `Unknown or ungrantable permission(s): ${unknown.join(', ')}`, [{ path: 'permissions', messages: { 'zh-CN': '未知权限', 'en-US': 'Unknown permission' } }]);
  const beyond = input.permissions.filter((p) => !can(actor, p));
  if (beyond.length) throw new AppError('FORBIDDEN', `令牌不能拥有您自己没有的权限：${beyond.join('、')}`, `A token cannot have permissions you lack: ${beyond.join(', ')}`);
  if (input.expiresAt && new Date(input.expiresAt) <= new Date()) throw new AppError('VALIDATION', '到期时间必须晚于现在', 'The expiry must be in the future', [{ path: 'expiresAt', messages: { 'zh-CN': '到期时间必须晚于现在', 'en-US': 'Must be in the future' } }]);
  const raw = `linli_${randomToken(30)}`;
  return ctx.db.tx(async (q) => {
    await assertRegionInScope(q, actor, input.regionId);
    const rows = await q.query<TokenRow>(
      `INSERT INTO api_tokens (name, prefix, token_hash, region_id, department_id, permissions, share_tags, share_fields, created_by, expires_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
       RETURNING *, (SELECT name FROM regions WHERE id = $4) AS region_name`,
      [input.name, raw.slice(0, 12), sha256(raw), input.regionId, input.departmentId ?? null, input.permissions, input.shareTags ?? null, input.shareFields ?? null, actor.userId, input.expiresAt ?? null],
    );
    await audit(q, actor, { action: 'token.create', entityType: 'api_token', entityId: rows[0].id, regionId: input.regionId, detail: { name: input.name, permissions: input.permissions, shareTags: input.shareTags ?? null } });
    // The raw token is returned this once and never stored.
    return { ...toToken(rows[0]), token: raw };
  });
}

export async function revokeToken(ctx: Ctx, actor: Actor, id: string) {
  return ctx.db.tx(async (q) => {
    const rows = await q.query<TokenRow & { path: string }>('SELECT t.*, r.name AS region_name, r.path FROM api_tokens t JOIN regions r ON r.id = t.region_id WHERE t.id = $1', [id]);
    if (!rows[0] || !rows[0].path.startsWith(actor.scopePath)) throw notFound('令牌', 'Token');
    if (rows[0].revoked_at) throw new AppError('INVALID_STATE', '该令牌已吊销', 'The token is already revoked');
    const up = await q.query<TokenRow>('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 RETURNING *, (SELECT name FROM regions WHERE id = region_id) AS region_name', [id]);
    await audit(q, actor, { action: 'token.revoke', entityType: 'api_token', entityId: id, regionId: Number(rows[0].region_id) });
    return toToken(up[0]);
  });
}
