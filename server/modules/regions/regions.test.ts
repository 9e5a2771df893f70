import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES, setupTestEnv, type TestEnv } from '../../test/harness.ts';
import { codeProblem } from './regions.service.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv({ persons: 60 }); });
afterAll(async () => env?.close());

describe('official codes', () => {
  test.each([
    ['street', '370199003', '370199', null],
    ['street', '37019900', '370199', '9'],
    ['street', '370188003', '370199', '370199'],
    ['community', '370199001009', '370199001', null],
    ['community', '370199002009', '370199001', '370199001'],
    ['grid', '370199001001007', '370199001001', null],
    ['grid', '37019900100100', '370199001001', '15'],
    ['grid', '370199001002007', '370199001001', '370199001001'],
    ['grid', '370199001001000', '370199001001', '000'],
  ] as const)('%s %s under %s', (level, code, parent, problem) => {
    const p = codeProblem(level, code, parent);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toContain(problem);
  });
});

describe('regions', () => {
  test('a secretary creates a grid in their community; history and audit are kept', async () => {
    const c = await env.login('secretary');
    const res = await c.post('/api/regions', { parentId: env.region(CODES.garden), code: '370199001001005', name: '第五网格' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ level: 'grid', code: '370199001001005', name: '第五网格' });
    const hist = await c.get(`/api/regions/${res.body.id}/history`);
    expect(hist.body[0]).toMatchObject({ action: 'create', actor: expect.stringContaining('王书记') });
    const audit = await env.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'region.create' AND entity_id = $1`, [String(res.body.id)]);
    expect(audit.length).toBe(1);
  });

  test('a worker of another community never sees it: not in lists, 404 by id', async () => {
    const grid = (await env.ctx.db.query<{ id: number }>(`SELECT id FROM regions WHERE code = '370199001001005'`))[0];
    const other = await env.login('worker2');
    const list = await other.get('/api/regions');
    expect(list.status).toBe(200);
    expect(list.body.some((r: { code: string }) => r.code.startsWith('370199001'))).toBe(false);
    expect(list.body.every((r: { code: string }) => r.code.startsWith('370199002001'))).toBe(true);
    expect((await other.get(`/api/regions/${grid.id}`)).status).toBe(404);
    expect((await other.get(`/api/regions/${grid.id}/history`)).status).toBe(404);
  });

  test('a grid worker sees only their grid', async () => {
    const c = await env.login('grid');
    const list = await c.get('/api/regions');
    expect(list.body.map((r: { code: string }) => r.code)).toEqual([CODES.gardenGrid1]);
  });

  test('wrong role: a community worker may not create regions (403)', async () => {
    const c = await env.login('worker');
    const res = await c.post('/api/regions', { parentId: env.region(CODES.garden), code: '370199001001006', name: '第六网格' });
    expect(res.status).toBe(403);
  });

  test('wrong community: the secretary cannot create under another community (404) nor a community under the street', async () => {
    const c = await env.login('secretary');
    expect((await c.post('/api/regions', { parentId: env.region(CODES.heping), code: '370199002001009', name: '外网格' })).status).toBe(404);
    expect((await c.post('/api/regions', { parentId: env.region(CODES.street1), code: '370199001009', name: '新社区' })).status).toBe(404);
  });

  test('bad codes and duplicates get clear errors', async () => {
    const c = await env.login('admin');
    const wrongPrefix = await c.post('/api/regions', { parentId: env.region(CODES.garden), code: '370199001002009', name: '错网格' });
    expect(wrongPrefix.status).toBe(400);
    expect(wrongPrefix.body.error.message).toContain('370199001001');
    const dup = await c.post('/api/regions', { parentId: env.region(CODES.garden), code: CODES.gardenGrid1, name: '重复' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('第一网格');
    const noName = await c.post('/api/regions', { parentId: env.region(CODES.garden), code: '370199001001008', name: 'x' });
    expect(noName.status).toBe(400);
    const underGrid = await c.post('/api/regions', { parentId: env.region(CODES.gardenGrid1), code: '370199001001001001', name: '楼' });
    expect(underGrid.status).toBe(400);
  });

  test('rename, move (with a new code) and retire; nobody changes their own scope node', async () => {
    const street = await env.login('street');
    const created = await street.post('/api/regions', { parentId: env.region(CODES.garden), code: '370199001001009', name: '临时网格' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await street.patch(`/api/regions/${id}`, { name: '九号网格' })).body.name).toBe('九号网格');
    const noCode = await street.post(`/api/regions/${id}/move`, { parentId: env.region(CODES.wenyuan) });
    expect(noCode.status).toBe(400);
    const moved = await street.post(`/api/regions/${id}/move`, { parentId: env.region(CODES.wenyuan), code: '370199001002009' });
    expect(moved.status).toBe(200);
    expect(moved.body.path.startsWith((await street.get(`/api/regions/${env.region(CODES.wenyuan)}`)).body.path)).toBe(true);
    // Moving across streets is outside this user's scope.
    expect((await street.post(`/api/regions/${id}/move`, { parentId: env.region(CODES.heping), code: '370199002001009' })).status).toBe(404);
    expect((await street.post(`/api/regions/${id}/retire`)).body.retiredAt).toBeTruthy();
    expect((await street.post(`/api/regions/${id}/retire`)).status).toBe(409);
    expect((await street.get('/api/regions')).body.some((r: { id: number }) => r.id === id)).toBe(false);
    expect((await street.get('/api/regions?includeRetired=true')).body.some((r: { id: number }) => r.id === id)).toBe(true);
    const history = await street.get(`/api/regions/${id}/history`);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['create', 'rename', 'move', 'retire']);
    expect((await street.patch(`/api/regions/${env.region(CODES.street1)}`, { name: '改名街道' })).status).toBe(403);
  });

  test('a region with active children cannot be retired', async () => {
    const c = await env.login('admin');
    const res = await c.post(`/api/regions/${env.region(CODES.garden)}/retire`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('下级区划');
  });
});
