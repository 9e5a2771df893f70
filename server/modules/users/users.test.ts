import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES, setupTestEnv, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv({ persons: 60 }); });
afterAll(async () => env?.close());

describe('users', () => {
  test('lists are scoped: the street sees its own users, not the other street', async () => {
    const c = await env.login('street');
    const res = await c.get('/api/users?pageSize=200');
    const names = res.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['street', 'secretary', 'worker', 'grid', 'social']));
    expect(names).not.toContain('worker2');
    expect(names).not.toContain('admin');
  });

  test('a secretary creates a community worker in their community', async () => {
    const c = await env.login('secretary');
    const res = await c.post('/api/users', { username: 'xiaoli', displayName: '小李', password: 'Good#Pass1', scopeRegionId: env.region(CODES.gardenGrid2), roleCodes: ['grid_worker'], phone: '138-1234-5678' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'xiaoli', roles: ['grid_worker'], mustChangePassword: true, phone: '*******5678' });
    const row = await env.ctx.db.query<{ phone_enc: string }>(`SELECT phone_enc FROM users WHERE username = 'xiaoli'`);
    expect(row[0].phone_enc).not.toContain('5678');
    const reveal = await c.post(`/api/users/${res.body.id}/reveal-phone`);
    expect(reveal.body.phone).toBe('13812345678');
    expect((await env.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'user.reveal_phone'`)).length).toBe(1);
  });

  test('nobody grants more than they have', async () => {
    const c = await env.login('secretary');
    const res = await c.post('/api/users', { username: 'boss', displayName: '越权', password: 'Good#Pass1', scopeRegionId: env.region(CODES.garden), roleCodes: ['district_admin'] });
    expect(res.status).toBe(403);
  });

  test('wrong community: a user cannot be placed outside the creator scope (404)', async () => {
    const c = await env.login('secretary');
    const res = await c.post('/api/users', { username: 'outside', displayName: '外人', password: 'Good#Pass1', scopeRegionId: env.region(CODES.heping), roleCodes: ['community_worker'] });
    expect(res.status).toBe(404);
    const other = (await env.ctx.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'worker2'`))[0].id;
    expect((await c.get(`/api/users/${other}`)).status).toBe(404);
    expect((await c.patch(`/api/users/${other}`, { disabled: true })).status).toBe(404);
  });

  test('wrong role: a community worker cannot create or list users (403)', async () => {
    const c = await env.login('worker');
    expect((await c.get('/api/users')).status).toBe(403);
    expect((await c.post('/api/users', { username: 'x1x', displayName: 'x', password: 'Good#Pass1', scopeRegionId: 1, roleCodes: ['resident'] })).status).toBe(403);
  });

  test('bad input: weak password, bad user name, unknown role, duplicate', async () => {
    const c = await env.login('admin');
    const base = { username: 'okname', displayName: '好', password: 'Good#Pass1', scopeRegionId: env.region(CODES.garden), roleCodes: ['community_worker'] };
    expect((await c.post('/api/users', { ...base, password: 'short' })).body.error.fields[0].path).toBe('password');
    expect((await c.post('/api/users', { ...base, username: '中文名' })).body.error.fields[0].path).toBe('username');
    expect((await c.post('/api/users', { ...base, roleCodes: ['nope'] })).status).toBe(400);
    expect((await c.post('/api/users', { ...base, username: 'WORKER' })).status).toBe(409);
  });

  test('disabling ends sessions and blocks login; nobody disables themselves', async () => {
    const admin = await env.login('admin');
    const social = await env.login('social');
    const id = (await env.ctx.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'social'`))[0].id;
    expect((await admin.patch(`/api/users/${id}`, { disabled: true })).body.disabled).toBe(true);
    expect((await social.get('/api/auth/me')).status).toBe(401);
    expect((await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'social', password: 'Linli@2026' } })).statusCode).toBe(403);
    await admin.patch(`/api/users/${id}`, { disabled: false });
    const me = (await env.ctx.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'admin'`))[0].id;
    expect((await admin.patch(`/api/users/${me}`, { disabled: true })).status).toBe(403);
  });
});

describe('roles', () => {
  test('an admin edits a built-in role and creates a custom one; unknown permissions are refused', async () => {
    const c = await env.login('admin');
    const roles = await c.get('/api/roles');
    const worker = roles.body.find((r: { code: string }) => r.code === 'community_worker');
    const up = await c.patch(`/api/roles/${worker.id}`, { permissions: [...worker.permissions, 'person.reveal'] });
    expect(up.status).toBe(200);
    expect(up.body.permissions).toContain('person.reveal');
    expect((await c.patch(`/api/roles/${worker.id}`, { permissions: ['made.up'] })).status).toBe(400);
    const custom = await c.post('/api/roles', { code: 'ledger_clerk', nameZh: '台账员', nameEn: 'Ledger clerk', permissions: ['ledger.read', 'ledger.export'] });
    expect(custom.status).toBe(201);
    const sys = roles.body.find((r: { code: string }) => r.code === 'system_admin');
    expect((await c.patch(`/api/roles/${sys.id}`, { nameZh: '改' })).status).toBe(403);
  });

  test('wrong role: only role.write may edit roles', async () => {
    const c = await env.login('street');
    const roles = await c.get('/api/roles');
    expect(roles.status).toBe(200);
    expect((await c.patch(`/api/roles/${roles.body[0].id}`, { nameZh: 'x' })).status).toBe(403);
    expect((await c.post('/api/roles', { code: 'abc', nameZh: 'a', nameEn: 'a', permissions: [] })).status).toBe(403);
  });
});

describe('departments', () => {
  test('listed for pickers; created by admins; duplicates refused', async () => {
    const c = await env.login('admin');
    expect((await c.get('/api/departments')).body.some((d: { name: string }) => d.name === '区民政局')).toBe(true);
    const d = await c.post('/api/departments', { code: 'sfs1', name: '文化路司法所', regionId: env.region(CODES.street1) });
    expect(d.status).toBe(201);
    expect((await c.post('/api/departments', { code: 'sfs1', name: '重复', regionId: env.region(CODES.street1) })).status).toBe(409);
    expect((await (await env.login('worker')).post('/api/departments', { code: 'x2', name: '某部门', regionId: 1 })).status).toBe(403);
  });
});
