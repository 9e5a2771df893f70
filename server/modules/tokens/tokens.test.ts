import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES, setupTestEnv, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv({ persons: 60 }); });
afterAll(async () => env?.close());

const bearer = (token: string, url: string) => env.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('API tokens', () => {
  test('shown once, stored hashed, scoped to a region and permissions, every use audited, revocable', async () => {
    const c = await env.login('admin');
    const res = await c.post('/api/tokens', { name: '残联系统', regionId: env.region(CODES.street2), permissions: ['region.read', 'dashboard.read'] });
    expect(res.status).toBe(201);
    const token: string = res.body.token;
    expect(token.startsWith('linli_')).toBe(true);
    const stored = await env.ctx.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [res.body.id]);
    expect(stored[0].token_hash).not.toContain(token.slice(6, 20));
    expect((await c.get('/api/tokens')).body.find((t: { id: string }) => t.id === res.body.id).token).toBeUndefined();

    const regions = await bearer(token, '/api/regions');
    expect(regions.statusCode).toBe(200);
    expect(regions.json().every((r: { code: string }) => r.code.startsWith('370199002'))).toBe(true);
    expect((await bearer(token, '/api/users')).statusCode).toBe(403);
    const uses = await env.ctx.db.query<{ detail: { route: string } }>(`SELECT detail FROM audit_log WHERE action = 'token.use' AND entity_id = $1`, [res.body.id]);
    expect(uses.map((u) => u.detail.route)).toEqual(['GET /api/regions', 'GET /api/users']);

    expect((await c.post(`/api/tokens/${res.body.id}/revoke`)).status).toBe(200);
    const after = await bearer(token, '/api/regions');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toContain('吊销');
    expect((await c.post(`/api/tokens/${res.body.id}/revoke`)).status).toBe(409);
  });

  test('a forged token is refused', async () => {
    expect((await bearer('linli_forged', '/api/regions')).statusCode).toBe(401);
  });

  test('a token cannot carry permissions its creator lacks, nor unknown ones', async () => {
    const street = await env.login('street');
    // street_staff lacks token.write altogether
    expect((await street.post('/api/tokens', { name: 'x', regionId: env.region(CODES.street1), permissions: ['region.read'] })).status).toBe(403);
    const admin = await env.login('district');
    expect((await admin.post('/api/tokens', { name: '某系统', regionId: env.region(CODES.street1), permissions: ['*'] })).status).toBe(400);
    expect((await admin.post('/api/tokens', { name: '某系统', regionId: env.region(CODES.street1), permissions: [] })).status).toBe(400);
    expect((await admin.post('/api/tokens', { name: '某系统', regionId: env.region(CODES.street1), permissions: ['region.read'], expiresAt: '2001-01-01T00:00:00Z' })).status).toBe(400);
  });

  test('wrong role and wrong scope', async () => {
    const worker = await env.login('worker');
    expect((await worker.get('/api/tokens')).status).toBe(403);
    const admin = await env.login('admin');
    const t = await admin.post('/api/tokens', { name: '和平系统', regionId: env.region(CODES.street2), permissions: ['region.read'] });
    // A district admin whose view is narrowed to street 1 cannot revoke street 2's token.
    const district = await env.login('district');
    await district.post('/api/auth/switch-region', { regionId: env.region(CODES.street1) });
    expect((await district.post(`/api/tokens/${t.body.id}/revoke`)).status).toBe(404);
    expect((await district.get('/api/tokens')).body.some((x: { id: string }) => x.id === t.body.id)).toBe(false);
  });
});
