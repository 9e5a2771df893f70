// App-wide guarantees: one error shape, no stack traces, OpenAPI, health, and a forbidden test for EVERY route.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routeTable } from './app.ts';
import { setupTestEnv, type Client, type TestEnv } from './test/harness.ts';

let env: TestEnv;
let resident: Client;
let dept: Client;

/** Fills path parameters with well-formed values, so the permission check (not validation) is what answers. */
function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => (/code|key/i.test(name) ? 'x1' : /^id$/.test(name) && /regions/.test(url) ? '1' : '00000000-0000-4000-8000-000000000000'));
}

beforeAll(async () => {
  env = await setupTestEnv();
  resident = await env.loginResident();
  dept = await env.login('dept');
});
afterAll(async () => env?.close());

describe('every route', () => {
  test('declares a permission or is public, and refuses anonymous callers', async () => {
    const routes = routeTable(env.app);
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) {
      if (r.public) continue;
      const res = await env.anon.request(r.method, concrete(r.url), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  test('refuses a logged-in user whose role lacks the permission (403)', async () => {
    const residentPerms = new Set(['self.read', 'file.read', 'file.write', 'case.report', 'application.apply']);
    const me = await dept.get('/api/auth/me');
    const deptPerms = new Set<string>(me.body.user.permissions);
    let checked = 0;
    for (const r of routeTable(env.app)) {
      if (r.public || !r.perm || r.perm === 'authenticated') continue;
      // The resident lacks nearly everything; for the resident's own permissions use the department account.
      const client = residentPerms.has(r.perm) ? (deptPerms.has(r.perm) ? null : dept) : resident;
      if (!client) continue;
      const res = await client.request(r.method, concrete(r.url), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url} needs ${r.perm}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });
});

describe('error shape', () => {
  test('unknown API route answers 404 in the standard shape', async () => {
    const c = await env.login('admin');
    const res = await c.get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', messages: { 'zh-CN': expect.any(String), 'en-US': expect.any(String) } });
  });

  test('malformed JSON is a 400 with no stack trace', async () => {
    const c = await env.login('admin');
    const res = await env.app.inject({ method: 'POST', url: '/api/regions', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' }, payload: '{"parentId": ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(res.json().error.code).toBe('VALIDATION');
  });

  test('validation errors carry field paths and both languages; English on request', async () => {
    const c = await env.login('admin');
    const res = await env.app.inject({ method: 'POST', url: '/api/regions', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'accept-language': 'en-US' }, payload: { parentId: 'x', code: '12', name: '' } });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.fields.map((f: { path: string }) => f.path).sort()).toEqual(['code', 'name', 'parentId']);
    expect(err.message).toMatch(/Invalid input/);
    expect(err.fields.find((f: { path: string }) => f.path === 'code').messages['zh-CN']).toMatch(/区划代码/);
  });
});

describe('service endpoints', () => {
  test('OpenAPI 3.1 is generated from the schemas', async () => {
    const res = await env.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/regions');
    expect(doc.paths['/api/regions'].post.requestBody).toBeTruthy();
  });

  test('healthz and readyz', async () => {
    expect((await env.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await env.app.inject({ url: '/readyz' });
    expect(ready.json()).toMatchObject({ ok: true });
  });
});
