// Password login with lockout, resident login by one-time code, password change, region switching.
import crypto from 'node:crypto';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../../lib/password.ts';
import { createSession, loadUserActor } from '../../lib/auth.ts';
import { audit } from '../../lib/audit.ts';
import { hit } from '../../lib/rate-limit.ts';
import { sha256 } from '../../lib/crypto.ts';

type Client = { ip: string; ua: string | null };
export type LoginResult = { sessionRaw: string; csrfToken: string; mustChangePassword: boolean };

const badCredentials = () => new AppError('UNAUTHENTICATED', '用户名或密码错误', 'Wrong user name or password');

export async function login(ctx: Ctx, input: { username: string; password: string }, client: Client): Promise<LoginResult> {
  if (!(await hit(ctx.db, `login-ip:${client.ip}`, ctx.config.loginRateLimitPerMinute, 60))) {
    throw new AppError('RATE_LIMITED', '登录尝试过于频繁，请一分钟后再试', 'Too many login attempts; try again in a minute');
  }
  const rows = await ctx.db.query<{ id: string; password_hash: string | null; locked: boolean; locked_until: Date | null; failed_logins: number; disabled_at: Date | null; must_change_password: boolean }>(
    `SELECT id, password_hash, locked_until > now() AS locked, locked_until, failed_logins, disabled_at, must_change_password
     FROM users WHERE lower(username) = lower($1)`,
    [input.username],
  );
  const u = rows[0];
  const anon = { label: input.username, ip: client.ip };
  if (!u) {
    await hashPassword(input.password); // same work as a real check, so timing does not reveal which names exist
    throw badCredentials();
  }
  if (u.locked) {
    const minutes = Math.max(1, Math.ceil((new Date(u.locked_until!).getTime() - Date.now()) / 60000));
    throw new AppError('ACCOUNT_LOCKED', `密码连续错误次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系管理员解锁`, `Too many failed attempts: the account is locked for ${minutes} more minute(s)`);
  }
  if (u.disabled_at) throw new AppError('FORBIDDEN', '账号已停用，请联系管理员', 'The account is disabled');
  if (!(await verifyPassword(input.password, u.password_hash))) {
    const failures = u.failed_logins + 1;
    const lock = failures >= ctx.config.loginMaxFailures;
    await ctx.db.tx(async (q) => {
      await q.query(
        `UPDATE users SET failed_logins = $2, locked_until = CASE WHEN $3 THEN now() + make_interval(mins => $4) ELSE locked_until END WHERE id = $1`,
        [u.id, lock ? 0 : failures, lock, ctx.config.loginLockMinutes],
      );
      await audit(q, null, { action: lock ? 'auth.lock' : 'auth.login_failed', entityType: 'user', entityId: u.id, detail: { username: anon.label, ip: anon.ip } });
    });
    if (lock) {
      throw new AppError('ACCOUNT_LOCKED', `密码连续错误 ${ctx.config.loginMaxFailures} 次，账号已锁定 ${ctx.config.loginLockMinutes} 分钟`, `Wrong password ${ctx.config.loginMaxFailures} times: the account is locked for ${ctx.config.loginLockMinutes} minutes`);
    }
    const left = ctx.config.loginMaxFailures - failures;
    throw new AppError('UNAUTHENTICATED', `用户名或密码错误，再错 ${left} 次账号将被锁定`, `Wrong user name or password; ${left} attempt(s) left before the account is locked`);
  }
  return ctx.db.tx(async (q) => {
    await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1', [u.id]);
    const s = await createSession(ctx, q, u.id, client);
    await audit(q, null, { action: 'auth.login', entityType: 'user', entityId: u.id, detail: { ip: client.ip } });
    return { sessionRaw: s.raw, csrfToken: s.csrf, mustChangePassword: u.must_change_password };
  });
}

export async function logout(ctx: Ctx, sessionHash: string): Promise<void> {
  await ctx.db.query('DELETE FROM sessions WHERE id_hash = $1', [sessionHash]);
}

export async function logoutEverywhere(ctx: Ctx, actor: Actor): Promise<number> {
  return ctx.db.tx(async (q) => {
    const rows = await q.query('DELETE FROM sessions WHERE user_id = $1 RETURNING id_hash', [actor.userId]);
    await audit(q, actor, { action: 'auth.logout_all', entityType: 'user', entityId: actor.userId, detail: { sessions: rows.length } });
    return rows.length;
  });
}

export async function changePassword(ctx: Ctx, actor: Actor, input: { oldPassword: string; newPassword: string }, keepSessionHash: string | null): Promise<void> {
  const rows = await ctx.db.query<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = $1', [actor.userId]);
  if (!(await verifyPassword(input.oldPassword, rows[0]?.password_hash ?? null))) {
    throw new AppError('VALIDATION', '原密码不正确', 'The current password is wrong', [{ path: 'oldPassword', messages: { 'zh-CN': '原密码不正确', 'en-US': 'Wrong current password' } }]);
  }
  assertPasswordPolicy(input.newPassword, 'newPassword');
  if (input.newPassword === input.oldPassword) {
    throw new AppError('VALIDATION', '新密码不能与原密码相同', 'The new password must differ from the old one', [{ path: 'newPassword', messages: { 'zh-CN': '新密码不能与原密码相同', 'en-US': 'Must differ from the old password' } }]);
  }
  const hash = await hashPassword(input.newPassword);
  await ctx.db.tx(async (q) => {
    await q.query('UPDATE users SET password_hash = $2, must_change_password = false, updated_at = now() WHERE id = $1', [actor.userId, hash]);
    // Other sessions end: whoever knew the old password is out.
    await q.query('DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2', [actor.userId, keepSessionHash ?? '']);
    await audit(q, actor, { action: 'auth.password_changed', entityType: 'user', entityId: actor.userId });
  });
}

export function assertPasswordPolicy(pw: string, field = 'password'): void {
  const problems = passwordProblems(pw);
  if (problems.length) {
    throw new AppError('VALIDATION', problems.map((p) => p.zh).join('；'), problems.map((p) => p.en).join('; '), problems.map((p) => ({ path: field, messages: { 'zh-CN': p.zh, 'en-US': p.en } })));
  }
}

export async function switchRegion(ctx: Ctx, actor: Actor, sessionHash: string, regionId: number | null): Promise<void> {
  if (regionId !== null) {
    const rows = await ctx.db.query<{ path: string }>('SELECT path FROM regions WHERE id = $1 AND retired_at IS NULL', [regionId]);
    if (!rows[0] || !rows[0].path.startsWith(actor.homePath)) throw new AppError('NOT_FOUND', '区划不存在或不在您的管辖范围内', 'Region not found in your scope');
  }
  await ctx.db.query('UPDATE sessions SET active_region_id = $2 WHERE id_hash = $1', [sessionHash, regionId]);
}

// --- Residents: phone + one-time code -------------------------------------------------------------

export async function requestOtp(ctx: Ctx, phone: string, client: Client): Promise<void> {
  const bidx = ctx.crypto.blindIndex('phone', phone);
  const okPhone = await hit(ctx.db, `otp-phone:${bidx}`, 1, 60);
  const okIp = await hit(ctx.db, `otp-ip:${client.ip}`, 10, 60);
  if (!okPhone || !okIp) throw new AppError('RATE_LIMITED', '验证码发送过于频繁，请一分钟后再试', 'Codes are requested too often; wait a minute');
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await ctx.db.tx(async (q) => {
    await q.query(
      `INSERT INTO otp_codes (phone_bidx, code_hash, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`,
      [bidx, sha256(`${bidx}:${code}`), ctx.config.otpTtlMinutes],
    );
    await ctx.sender.send(q, { channel: 'sms', recipient: phone, subject: '登录验证码', body: `【邻里】您的登录验证码为 ${code}，${ctx.config.otpTtlMinutes} 分钟内有效。如非本人操作请忽略。` });
  });
}

export async function verifyOtp(ctx: Ctx, phone: string, code: string, client: Client): Promise<LoginResult> {
  const bidx = ctx.crypto.blindIndex('phone', phone);
  const rows = await ctx.db.query<{ id: string; code_hash: string; attempts: number }>(
    `SELECT id, code_hash, attempts FROM otp_codes
     WHERE phone_bidx = $1 AND used_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT 1`,
    [bidx],
  );
  const otp = rows[0];
  const wrong = () => new AppError('UNAUTHENTICATED', '验证码错误或已过期，请重新获取', 'The code is wrong or expired; request a new one');
  if (!otp || otp.attempts >= 5) throw wrong();
  if (otp.code_hash !== sha256(`${bidx}:${code}`)) {
    await ctx.db.query('UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1', [otp.id]);
    throw wrong();
  }
  return ctx.db.tx(async (q) => {
    await q.query('UPDATE otp_codes SET used_at = now() WHERE id = $1', [otp.id]);
    const userId = await findOrCreateResident(ctx, q, phone, bidx);
    await q.query('UPDATE users SET last_login_at = now() WHERE id = $1', [userId]);
    const s = await createSession(ctx, q, userId, client);
    await audit(q, null, { action: 'auth.login_otp', entityType: 'user', entityId: userId, detail: { ip: client.ip } });
    return { sessionRaw: s.raw, csrfToken: s.csrf, mustChangePassword: false };
  });
}

/** Resident accounts get a random user name: a phone number must never show up as a label or in a log. */
export function residentUsername(): string {
  return `resident_${crypto.randomBytes(5).toString('hex')}`;
}

/** A resident account is created on first login, linked to the person with that phone if the base has one. */
async function findOrCreateResident(ctx: Ctx, q: Parameters<Parameters<Ctx['db']['tx']>[0]>[0], phone: string, bidx: string): Promise<string> {
  const existing = await q.query<{ id: string }>('SELECT id FROM users WHERE phone_bidx = $1', [bidx]);
  if (existing[0]) return existing[0].id;
  const person = await q.query<{ id: string; name: string; community_id: number }>(
    `SELECT id, name, community_id FROM persons WHERE phone_bidx = $1 AND status = 'living' LIMIT 1`, [bidx]);
  const root = await q.query<{ id: number }>(`SELECT id FROM regions WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
  const scope = person[0]?.community_id ?? root[0].id;
  const created = await q.query<{ id: string }>(
    `INSERT INTO users (username, display_name, phone_enc, phone_bidx, phone_last4, scope_region_id, person_id, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, false) RETURNING id`,
    [residentUsername(), person[0]?.name ?? `居民${phone.slice(-4)}`, ctx.crypto.encrypt(phone), bidx, phone.slice(-4), scope, person[0]?.id ?? null],
  );
  await q.query(`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE code = 'resident'`, [created[0].id]);
  return created[0].id;
}

export async function describeMe(ctx: Ctx, actor: Actor, csrfToken: string) {
  const loaded = await loadUserActor(ctx.db, actor.userId!, null, actor.ip);
  const ids = [actor.scopeRegionId, actor.homeRegionId];
  const regions = await ctx.db.query<{ id: number; name: string; level: string; code: string }>('SELECT id, name, level, code FROM regions WHERE id = ANY($1)', [ids]);
  const byId = new Map(regions.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]));
  // Users whose scope covers several communities may narrow their view to one of them (or a street).
  const switchable = await ctx.db.query<{ id: number; name: string; level: string; code: string }>(
    `SELECT id, name, level, code FROM regions WHERE path LIKE $1 AND level IN ('street', 'community') AND retired_at IS NULL ORDER BY path`,
    [actor.homePath + '%'],
  );
  const u = (await ctx.db.query<{ username: string; display_name: string }>('SELECT username, display_name FROM users WHERE id = $1', [actor.userId]))[0];
  return {
    user: {
      id: actor.userId!,
      username: u.username,
      displayName: u.display_name,
      mustChangePassword: loaded?.mustChangePassword ?? false,
      roles: actor.roles,
      permissions: [...actor.permissions].sort(),
      departmentId: actor.departmentId,
      personId: actor.personId,
    },
    scope: byId.get(actor.scopeRegionId)!,
    home: byId.get(actor.homeRegionId)!,
    switchable: switchable.map((r) => ({ ...r, id: Number(r.id) })),
    csrfToken,
  };
}

