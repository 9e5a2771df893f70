import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.ts';
import { passwordProblems, hashPassword, verifyPassword } from '../../lib/password.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv(); });
afterAll(async () => env?.close());

const login = (username: string, password: string) => env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('password policy and hashing', () => {
  test.each([
    ['short1A', false], ['alllowercase', false], ['lowerUPPER', false], ['lower123', false],
    ['lowerUP12', true], ['lower12#$', true], ['UPPER12#$', true], ['Linli@2026', true],
  ])('%s acceptable: %s', (pw, ok) => {
    expect(passwordProblems(pw).length === 0).toBe(ok);
  });

  test('scrypt hashes verify and differ by salt', async () => {
    const a = await hashPassword('Linli@2026');
    const b = await hashPassword('Linli@2026');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('Linli@2026', a)).toBe(true);
    expect(await verifyPassword('linli@2026', a)).toBe(false);
  });
});

describe('login', () => {
  test('good credentials give an httpOnly session cookie and a CSRF token', async () => {
    const res = await login('worker', 'Linli@2026');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'linli_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().csrfToken.length).toBeGreaterThan(20);
  });

  test('wrong password and unknown user get the same answer', async () => {
    const a = await login('worker2', 'Wrong#Pass1');
    const b = await login('nobody-here', 'Wrong#Pass1');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(b.json().error.message).toBe('用户名或密码错误');
  });

  test('5 failures lock the account for 15 minutes, even for the right password; an admin can unlock', async () => {
    for (let i = 1; i <= 4; i++) {
      const r = await login('social', 'Wrong#Pass1');
      expect(r.statusCode).toBe(401);
      expect(r.json().error.message).toContain(`再错 ${5 - i} 次`);
    }
    const fifth = await login('social', 'Wrong#Pass1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.json().error.message).toContain('锁定 15 分钟');
    const right = await login('social', 'Linli@2026');
    expect(right.statusCode).toBe(423);
    const audit = await env.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'auth.lock'`);
    expect(audit.length).toBe(1);

    const admin = await env.login('admin');
    const users = await admin.get('/api/users?q=social');
    const id = users.body.items.find((u: { username: string }) => u.username === 'social').id;
    expect(users.body.items[0].locked).toBe(true);
    expect((await admin.patch(`/api/users/${id}`, { unlock: true })).status).toBe(200);
    expect((await login('social', 'Linli@2026')).statusCode).toBe(200);
  });

  test('login is rate limited per address', async () => {
    const prev = env.ctx.config.loginRateLimitPerMinute;
    env.ctx.config.loginRateLimitPerMinute = 3;
    try {
      await env.ctx.db.query('DELETE FROM rate_counters');
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await login('grid', 'Linli@2026')).statusCode);
      expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
      expect(codes[4]).toBe(429);
    } finally {
      env.ctx.config.loginRateLimitPerMinute = prev;
      await env.ctx.db.query('DELETE FROM rate_counters');
    }
  });

  test('bad input is a 400 with field errors', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['username', 'password']));
  });
});

describe('sessions', () => {
  test('writes need the CSRF header; reads do not', async () => {
    const c = await env.login('admin');
    const noCsrf = await env.app.inject({ method: 'POST', url: '/api/auth/switch-region', headers: { cookie: c.cookie }, payload: { regionId: null } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF');
    const read = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c.cookie } });
    expect(read.statusCode).toBe(200);
  });

  test('an idle session ends after 30 minutes', async () => {
    const c = await env.login('worker');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    await env.ctx.db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'`);
    const res = await c.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('会话已过期');
  });

  test('sessions live in the database: logout everywhere ends all of them', async () => {
    const a = await env.login('street');
    const b = await env.login('street');
    expect((await b.post('/api/auth/logout-all')).body.ended).toBeGreaterThanOrEqual(2);
    expect((await a.get('/api/auth/me')).status).toBe(401);
  });

  test('logout ends the session', async () => {
    const c = await env.login('grid');
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});

describe('first login', () => {
  test('a new account must change its initial password before anything else', async () => {
    const admin = await env.login('admin');
    const created = await admin.post('/api/users', { username: 'newbie', displayName: '新同事', password: 'Init#Pass1', scopeRegionId: env.region('370199001001'), roleCodes: ['community_worker'] });
    expect(created.status).toBe(201);
    const c = await env.login('newbie', 'Init#Pass1');
    const blocked = await c.get('/api/regions');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);

    const weak = await c.post('/api/auth/change-password', { oldPassword: 'Init#Pass1', newPassword: 'weakweak' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields[0].path).toBe('newPassword');
    const wrongOld = await c.post('/api/auth/change-password', { oldPassword: 'nope', newPassword: 'Strong#Pass2' });
    expect(wrongOld.status).toBe(400);
    const same = await c.post('/api/auth/change-password', { oldPassword: 'Init#Pass1', newPassword: 'Init#Pass1' });
    expect(same.status).toBe(400);
    expect((await c.post('/api/auth/change-password', { oldPassword: 'Init#Pass1', newPassword: 'Strong#Pass2' })).status).toBe(200);
    expect((await c.get('/api/regions')).status).toBe(200);
  });
});

describe('residents: phone + one-time code', () => {
  test('the code goes through the sender (dev inbox) and logs the resident in, linked to their person', async () => {
    const c = await env.loginResident();
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.roles).toEqual(['resident']);
    expect(me.body.user.personId).toBeTruthy();
    // Residents see nothing of the administration.
    expect((await c.get('/api/regions')).status).toBe(403);
  });

  test('a wrong code is refused; five wrong codes burn it', async () => {
    const phone = '13900001111';
    await env.ctx.db.query('DELETE FROM rate_counters');
    expect((await env.anon.post('/api/auth/otp/request', { phone })).status).toBe(200);
    const msg = await env.ctx.db.query<{ body: string }>('SELECT body FROM notifications WHERE recipient = $1', [phone]);
    const code = /(\d{6})/.exec(msg[0].body)![1];
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await env.anon.post('/api/auth/otp/verify', { phone, code: wrong })).status).toBe(401);
    expect((await env.anon.post('/api/auth/otp/verify', { phone, code })).status).toBe(401);
  });

  test('codes are rate limited per phone and phones are validated', async () => {
    await env.ctx.db.query('DELETE FROM rate_counters');
    expect((await env.anon.post('/api/auth/otp/request', { phone: '139-0000-2222' })).status).toBe(200);
    expect((await env.anon.post('/api/auth/otp/request', { phone: '13900002222' })).status).toBe(429);
    const bad = await env.anon.post('/api/auth/otp/request', { phone: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].messages['zh-CN']).toContain('11 位手机号码');
  });

  test('the dev inbox shows the codes to admins only', async () => {
    const admin = await env.login('admin');
    const inbox = await admin.get('/api/dev/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.some((m: { body: string }) => /验证码/.test(m.body))).toBe(true);
    expect((await (await env.login('worker')).get('/api/dev/inbox')).status).toBe(403);
  });
});

describe('region switcher', () => {
  test('a street user narrows the view to one community and back', async () => {
    const c = await env.login('street');
    const me = await c.get('/api/auth/me');
    const garden = me.body.switchable.find((r: { code: string }) => r.code === '370199001001');
    expect(garden).toBeTruthy();
    expect(me.body.switchable.some((r: { code: string }) => r.code.startsWith('370199002'))).toBe(false);
    expect((await c.post('/api/auth/switch-region', { regionId: garden.id })).status).toBe(200);
    const regions = await c.get('/api/regions');
    expect(regions.body.every((r: { code: string }) => r.code.startsWith('370199001001'))).toBe(true);
    // Switching outside the home scope is refused.
    expect((await c.post('/api/auth/switch-region', { regionId: env.region('370199002001') })).status).toBe(404);
    expect((await c.post('/api/auth/switch-region', { regionId: null })).status).toBe(200);
    expect((await c.get('/api/regions')).body.length).toBeGreaterThan(15);
  });
});
