import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv({ persons: 600 }); });
afterAll(async () => env?.close());

describe('home figures', () => {
  test('match the database and are scoped', async () => {
    const admin = await env.login('admin');
    const all = await admin.get('/api/dashboard/summary');
    const persons = (await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons WHERE status = 'living'`))[0].n;
    expect(all.body.persons).toBe(persons);
    expect(all.body.regions).toEqual({ streets: 2, communities: 6, grids: 24 });
    expect(all.body.byCommunity).toHaveLength(6);

    const worker = await env.login('worker');
    const mine = await worker.get('/api/dashboard/summary');
    const garden = (await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.code = '370199001001' AND p.status = 'living'`))[0].n;
    expect(mine.body.persons).toBe(garden);
    expect(mine.body.byCommunity.map((c: { name: string }) => c.name)).toEqual(['花园社区']);

    const grid = await env.login('grid');
    const g = await grid.get('/api/dashboard/summary');
    expect(g.body.persons).toBeLessThan(garden);
    expect(g.body.byCommunity).toEqual([]);
  });

  test('sensitive groups are counted only for those who may see them', async () => {
    const worker = await env.login('worker');
    const secretary = await env.login('secretary');
    const w = (await worker.get('/api/dashboard/summary')).body.groups.map((g: { code: string }) => g.code);
    const s = (await secretary.get('/api/dashboard/summary')).body.groups.map((g: { code: string }) => g.code);
    expect(w).not.toContain('corrections');
    expect(w).not.toContain('mental_health');
    expect(s).toContain('corrections');
    expect(w).toContain('disabled');
  });
});

describe('settings', () => {
  test('admins change a locality setting; others may read but not write', async () => {
    const admin = await env.login('admin');
    const list = await admin.get('/api/settings');
    expect(list.body.find((s: { key: string }) => s.key === 'grid.households_per_worker').value).toBe(300);
    expect((await admin.put('/api/settings/grid.households_per_worker', { value: 280 })).body.value).toBe(280);
    expect((await admin.put('/api/settings/no.such.key', { value: 1 })).status).toBe(404);
    expect((await admin.put('/api/settings/BAD KEY', { value: 1 })).status).toBe(400);
    const worker = await env.login('worker');
    expect((await worker.get('/api/settings')).status).toBe(200);
    expect((await worker.put('/api/settings/grid.households_per_worker', { value: 1 })).status).toBe(403);
  });
});
