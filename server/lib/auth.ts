// Resolving who is calling: a cookie session (browser, with CSRF header on writes) or a Bearer API token.
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client.ts';
import type { Actor, Ctx, RegionLevel } from './context.ts';
import { AppError, unauthenticated } from './errors.ts';
import { randomToken, sha256 } from './crypto.ts';
import { auditNow } from './audit.ts';

export const SESSION_COOKIE = 'linli_sid';
export const CSRF_HEADER = 'x-csrf-token';

type ActorRow = {
  user_id: string;
  display_name: string;
  username: string;
  department_id: string | null;
  person_id: string | null;
  must_change_password: boolean;
  disabled_at: Date | null;
  home_id: number;
  home_path: string;
  home_level: RegionLevel;
  active_id: number | null;
  active_path: string | null;
  active_level: RegionLevel | null;
  roles: string[] | null;
  permissions: string[] | null;
};

// The actor's columns; joined either from a user id or from a session (one round trip per request).
const ACTOR_COLUMNS = `
  u.id AS user_id, u.display_name, u.username, u.department_id, u.person_id, u.must_change_password, u.disabled_at,
  h.id AS home_id, h.path AS home_path, h.level AS home_level,
  a.id AS active_id, a.path AS active_path, a.level AS active_level,
  (SELECT array_agg(r.code) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id) AS roles,
  (SELECT array_agg(DISTINCT p) FROM user_roles ur JOIN roles r ON r.id = ur.role_id, unnest(r.permissions) p WHERE ur.user_id = u.id) AS permissions`;

function toActor(r: ActorRow, ip: string | null): { actor: Actor; mustChangePassword: boolean } | null {
  if (r.disabled_at) return null;
  // The active region narrows the scope only if it lies inside the home scope.
  const active = r.active_path && r.active_path.startsWith(r.home_path) ? { id: Number(r.active_id), path: r.active_path, level: r.active_level! } : null;
  return {
    mustChangePassword: r.must_change_password,
    actor: {
      kind: 'user',
      userId: r.user_id,
      tokenId: null,
      label: `${r.display_name}(${r.username})`,
      scopeRegionId: active?.id ?? Number(r.home_id),
      scopePath: active?.path ?? r.home_path,
      scopeLevel: active?.level ?? r.home_level,
      homeRegionId: Number(r.home_id),
      homePath: r.home_path,
      permissions: new Set(r.permissions ?? []),
      roles: r.roles ?? [],
      departmentId: r.department_id,
      personId: r.person_id,
      shareTags: null,
      shareFields: null,
      ip,
    },
  };
}

export async function loadUserActor(q: Queryable, userId: string, activeRegionId: number | null, ip: string | null): Promise<{ actor: Actor; mustChangePassword: boolean } | null> {
  const rows = await q.query<ActorRow>(
    `SELECT ${ACTOR_COLUMNS} FROM users u JOIN regions h ON h.id = u.scope_region_id LEFT JOIN regions a ON a.id = $2 WHERE u.id = $1`,
    [userId, activeRegionId],
  );
  return rows[0] ? toActor(rows[0], ip) : null;
}

export type SessionInfo = { idHash: string; csrfToken: string; userId: string; mustChangePassword: boolean };

/** Creates a session row and returns the raw id for the cookie (only its hash is stored). */
export async function createSession(ctx: Ctx, q: Queryable, userId: string, req: { ip: string; ua: string | null }) {
  const raw = randomToken(32);
  const csrf = randomToken(24);
  await q.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, ip, user_agent, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))`,
    [sha256(raw), userId, csrf, req.ip, req.ua, ctx.config.sessionMaxHours],
  );
  return { raw, csrf };
}

type Resolved = { actor: Actor; session: SessionInfo | null };

async function fromSession(ctx: Ctx, raw: string, ip: string): Promise<Resolved | null> {
  const idHash = sha256(raw);
  const rows = await ctx.db.query<ActorRow & { csrf_token: string; idle: boolean; expired: boolean; touch: boolean }>(
    `SELECT s.csrf_token,
            s.last_seen_at < now() - make_interval(mins => $2) AS idle,
            s.expires_at < now() AS expired,
            s.last_seen_at < now() - interval '30 seconds' AS touch,
            ${ACTOR_COLUMNS}
     FROM sessions s JOIN users u ON u.id = s.user_id JOIN regions h ON h.id = u.scope_region_id
     LEFT JOIN regions a ON a.id = s.active_region_id
     WHERE s.id_hash = $1`,
    [idHash, ctx.config.sessionIdleMinutes],
  );
  const s = rows[0];
  if (!s) return null;
  if (s.idle || s.expired) {
    await ctx.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    throw new AppError('UNAUTHENTICATED', '长时间未操作，会话已过期，请重新登录', 'Your session expired after inactivity; please log in again');
  }
  // Touch at most every 30 s: idle timeout needs it, every request writing would not scale.
  if (s.touch) await ctx.db.query('UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1', [idHash]);
  const loaded = toActor(s, ip);
  if (!loaded) return null;
  return { actor: loaded.actor, session: { idHash, csrfToken: s.csrf_token, userId: s.user_id, mustChangePassword: loaded.mustChangePassword } };
}

async function fromToken(ctx: Ctx, raw: string, ip: string, route: string): Promise<Resolved | null> {
  const rows = await ctx.db.query<{
    id: string; name: string; permissions: string[]; department_id: string | null; share_tags: string[] | null; share_fields: string[] | null;
    region_id: number; path: string; level: RegionLevel; revoked_at: Date | null; expired: boolean;
  }>(
    `SELECT t.id, t.name, t.permissions, t.department_id, t.share_tags, t.share_fields, t.revoked_at,
            coalesce(t.expires_at < now(), false) AS expired, r.id AS region_id, r.path, r.level
     FROM api_tokens t JOIN regions r ON r.id = t.region_id WHERE t.token_hash = $1`,
    [sha256(raw)],
  );
  const t = rows[0];
  if (!t || t.revoked_at || t.expired) return null;
  const actor: Actor = {
    kind: 'token', userId: null, tokenId: t.id, label: `token:${t.name}`,
    scopeRegionId: Number(t.region_id), scopePath: t.path, scopeLevel: t.level,
    homeRegionId: Number(t.region_id), homePath: t.path,
    permissions: new Set(t.permissions), roles: [], departmentId: t.department_id, personId: null,
    shareTags: t.share_tags, shareFields: t.share_fields, ip,
  };
  await ctx.db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [t.id]);
  // Every use of a token is audited.
  await auditNow(ctx.db, actor, { action: 'token.use', entityType: 'api_token', entityId: t.id, regionId: Number(t.region_id), detail: { route } });
  return { actor, session: null };
}

export async function resolveCaller(ctx: Ctx, req: FastifyRequest): Promise<Resolved | null> {
  const authz = req.headers.authorization;
  const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
  if (authz?.startsWith('Bearer ')) {
    const r = await fromToken(ctx, authz.slice(7).trim(), req.ip, route);
    if (!r) throw new AppError('UNAUTHENTICATED', '接口令牌无效、已过期或已吊销', 'The API token is invalid, expired or revoked');
    return r;
  }
  const raw = req.cookies?.[SESSION_COOKIE];
  if (!raw) return null;
  const r = await fromSession(ctx, raw, req.ip);
  if (!r) return null;
  const safe = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
  if (!safe && req.headers[CSRF_HEADER] !== r.session!.csrfToken) {
    throw new AppError('CSRF', '页面已过期，请刷新后重试（CSRF 校验失败）', 'CSRF check failed: reload the page and try again');
  }
  return r;
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}
