// Grid work through HTTP: workload vs the norm, patrols with findings, visits, mediation, one-step cases, scope.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { buildingIn, categoryId, residentLogin, uploadPhoto } from '../cases/case-test-helpers.ts';

let env: TestEnv;
let grid: Client, worker: Client, worker2: Client, dept: Client, resident: Client, admin: Client;
let noise: string;

beforeAll(async () => {
  env = await setupTestEnv();
  [grid, worker, worker2, dept, admin] = await Promise.all([env.login('grid'), env.login('worker'), env.login('worker2'), env.login('dept'), env.login('admin')]);
  resident = await residentLogin(env);
  noise = await categoryId(env, '0501');
});
afterAll(async () => env?.close());

async function householdIn(gridCode: string) {
  const rows = await env.ctx.db.query<{ id: string; person: string }>(
    `SELECT h.id, (SELECT p.id FROM persons p WHERE p.household_id = h.id LIMIT 1) AS person FROM households h JOIN regions g ON g.id = h.grid_id WHERE g.code = $1 ORDER BY h.household_no LIMIT 1`, [gridCode]);
  return rows[0];
}

describe('workload', () => {
  test('households per grid worker against the configurable norm', async () => {
    const r = await worker.get('/api/grid/workload');
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(4); // 花园社区's four grids only
    const g1 = r.body.find((x: { gridId: number }) => x.gridId === env.region(CODES.gardenGrid1));
    expect(g1.workers.map((w: { name: string }) => w.name)).toEqual(['花园社区 第一网格 刘网格员']);
    expect(g1).toMatchObject({ norm: 300, householdsPerWorker: g1.households, overNorm: g1.households > 300 });
    const g2 = r.body.find((x: { gridId: number }) => x.gridId === env.region(CODES.gardenGrid2));
    expect(g2).toMatchObject({ workers: [], householdsPerWorker: null, overNorm: g2.households > 0 });
    // The norm is a setting: lower it and the grid is over the norm.
    expect((await admin.put('/api/settings/grid.households_per_worker', { value: 1 })).status).toBe(200);
    const r2 = await grid.get('/api/grid/workload');
    expect(r2.body).toHaveLength(1);
    expect(r2.body[0]).toMatchObject({ norm: 1, overNorm: true });
    await admin.put('/api/settings/grid.households_per_worker', { value: 300 });
  });
});

describe('patrols', () => {
  test('start, end with findings (photo), and a finding becomes a case in one step', async () => {
    const s = await grid.post('/api/grid/patrols', {});
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body).toMatchObject({ gridId: env.region(CODES.gardenGrid1), endedAt: null });
    const me = (await grid.get('/api/auth/me')).body.user.id;
    expect(s.body.workerId).toBe(me);
    expect((await grid.post('/api/grid/patrols', {})).status).toBe(409);
    // Another worker cannot end it.
    expect((await worker.post(`/api/grid/patrols/${s.body.id}/end`, {})).status).toBe(403);
    const photo = await uploadPhoto(env, grid);
    const building = await buildingIn(env, CODES.gardenGrid1);
    const e = await grid.post(`/api/grid/patrols/${s.body.id}/end`, { routeNotes: '1号楼—3号楼—小广场', findings: [{ description: '小广场音响夜间扰民', buildingId: building, photos: [photo] }, { description: '3号楼前堆放建筑垃圾', address: '3号楼前' }] });
    expect(e.status, JSON.stringify(e.body)).toBe(200);
    expect(e.body.findings).toHaveLength(2);
    expect(e.body.endedAt).toBeTruthy();
    expect((await grid.post(`/api/grid/patrols/${s.body.id}/end`, {})).status).toBe(409);

    const f = e.body.findings[0];
    const c = await grid.post(`/api/grid/findings/${f.id}/case`, { categoryId: noise });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ source: 'patrol', status: 'reported', buildingId: building, gridId: env.region(CODES.gardenGrid1), description: '小广场音响夜间扰民' });
    expect(c.body.timeline[0].attachments).toEqual([photo]);
    expect((await grid.post(`/api/grid/findings/${f.id}/case`, { categoryId: noise })).status).toBe(409);
    const again = await worker.get(`/api/grid/patrols/${s.body.id}`);
    expect(again.body.findings[0].caseId).toBe(c.body.id);
  });

  test('scope: other communities never see the patrol; bad input is refused', async () => {
    const list = await worker2.get('/api/grid/patrols');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const mine = await worker.get('/api/grid/patrols');
    expect(mine.body.items.length).toBeGreaterThan(0);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await worker.get(`/api/grid/patrols?from=${today}&to=${today}`)).body.items.length).toBeGreaterThan(0);
    expect((await worker.get('/api/grid/patrols?from=2099-01-01')).body.items).toEqual([]);
    expect((await worker.get('/api/grid/mediations?to=2000-01-01')).body.items).toEqual([]);
    expect((await worker.get('/api/grid/visits?from=2000-01-01')).body.items.length).toBeGreaterThan(0);
    expect((await worker2.get(`/api/grid/patrols/${mine.body.items[0].id}`)).status).toBe(404);
    expect((await worker2.post(`/api/grid/findings/${mine.body.items[0].findings[1].id}/case`, { categoryId: noise })).status).toBe(404);
    expect((await worker2.post('/api/grid/patrols', { gridId: env.region(CODES.gardenGrid1) })).status).toBe(404);
    expect((await worker.post('/api/grid/patrols', {})).status).toBe(400); // a community worker must say which grid
    expect((await worker.post('/api/grid/patrols', { gridId: env.region(CODES.garden) })).status).toBe(400); // not a grid
    expect((await grid.post('/api/grid/patrols', { kind: 'stroll' })).status).toBe(400);
  });
});

describe('visits', () => {
  test('a visit records the household, the persons met, findings and the next visit date', async () => {
    const h = await householdIn(CODES.gardenGrid1);
    const r = await grid.post('/api/grid/visits', { householdId: h.id, visitType: 'care', personsMet: [h.person], notes: '老人身体尚可，需要助餐服务', nextVisitDate: '2099-01-15', findings: [{ description: '楼道扶手松动' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.personsMet[0].id).toBe(h.person);
    expect(r.body.personsMet[0].name).toBeTruthy();
    expect(r.body.findings).toHaveLength(1);
    const c = await worker.post(`/api/grid/findings/${r.body.findings[0].id}/case`, { categoryId: await categoryId(env, '0202'), requestType: 'help' });
    expect(c.status).toBe(201);
    expect(c.body.source).toBe('visit');
    const list = await grid.get(`/api/grid/visits?householdId=${h.id}`);
    expect(list.body.items.map((v: { id: string }) => v.id)).toContain(r.body.id);
    expect((await worker2.get(`/api/grid/visits/${r.body.id}`)).status).toBe(404);
    expect((await worker2.get('/api/grid/visits')).body.items).toEqual([]);
  });

  test('a grid worker cannot visit a household of another grid; bad input', async () => {
    const other = await householdIn(CODES.gardenGrid2);
    expect((await grid.post('/api/grid/visits', { householdId: other.id, visitType: 'routine' })).status).toBe(400);
    expect((await grid.post('/api/grid/visits', { householdId: 'nope', visitType: 'routine' })).status).toBe(400);
    const h = await householdIn(CODES.gardenGrid1);
    const bad = await grid.post('/api/grid/visits', { householdId: h.id, visitType: 'party' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('visitType');
    const stranger = await env.ctx.db.query<{ id: string }>(`SELECT p.id FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.code = $1 LIMIT 1`, [CODES.heping]);
    expect((await grid.post('/api/grid/visits', { householdId: h.id, visitType: 'routine', personsMet: [stranger[0].id] })).status).toBe(400);
  });
});

describe('mediation', () => {
  test('open with parties from the base, add steps, close with an agreement, refer to a case', async () => {
    const a = await householdIn(CODES.gardenGrid1);
    const r = await grid.post('/api/grid/mediations', { disputeType: 'neighbour', parties: [{ personId: a.person, role: '申请人' }, { name: '楼上住户李某', role: '被申请人' }], description: '楼上卫生间漏水到楼下，双方就维修费用争执' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.parties[0].name).toBeTruthy();
    const s = await grid.post(`/api/grid/mediations/${r.body.id}/steps`, { note: '约双方到社区调解室面谈' });
    expect(s.body.steps).toHaveLength(1);
    expect((await grid.post(`/api/grid/mediations/${r.body.id}/close`, { status: 'resolved', result: '达成一致' })).status).toBe(400);
    const c = await grid.post(`/api/grid/mediations/${r.body.id}/close`, { status: 'resolved', result: '达成一致', agreement: '楼上负责维修并承担费用 800 元' });
    expect(c.body).toMatchObject({ status: 'resolved' });
    expect((await grid.post(`/api/grid/mediations/${r.body.id}/steps`, { note: '再次回访' })).status).toBe(409);

    const r2 = await grid.post('/api/grid/mediations', { disputeType: 'property', parties: [{ name: '业主甲' }, { name: '物业公司' }], description: '物业费争议，调解未果需街道协调' });
    const k = await grid.post(`/api/grid/mediations/${r2.body.id}/case`, { categoryId: await categoryId(env, '0203'), requestType: 'help' });
    expect(k.status, JSON.stringify(k.body)).toBe(201);
    expect((await grid.get(`/api/grid/mediations/${r2.body.id}`)).body.caseId).toBe(k.body.id);
    expect((await worker2.get(`/api/grid/mediations/${r2.body.id}`)).status).toBe(404);
    expect((await worker2.get('/api/grid/mediations')).body.items).toEqual([]);
  });

  test('bad input: one party, unknown type, party outside the area', async () => {
    expect((await grid.post('/api/grid/mediations', { disputeType: 'neighbour', parties: [{ name: '甲' }], description: '只有一方的纠纷' })).status).toBe(400);
    expect((await grid.post('/api/grid/mediations', { disputeType: 'war', parties: [{ name: '甲' }, { name: '乙' }], description: '类型不对的纠纷' })).status).toBe(400);
    expect((await grid.post('/api/grid/mediations', { disputeType: 'neighbour', parties: [{ role: '甲' }, { name: '乙' }], description: '缺少姓名的当事人' })).status).toBe(400);
    const stranger = await env.ctx.db.query<{ id: string }>(`SELECT p.id FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.code = $1 LIMIT 1`, [CODES.heping]);
    expect((await grid.post('/api/grid/mediations', { disputeType: 'neighbour', parties: [{ personId: stranger[0].id }, { name: '乙' }], description: '外社区人员当事人' })).status).toBe(400);
  });
});

describe('forbidden', () => {
  test('roles without grid work get 403 on every grid route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const c of [dept, resident]) {
      for (const [m, u] of [['GET', '/api/grid/workload'], ['GET', '/api/grid/patrols'], ['POST', '/api/grid/patrols'], ['GET', `/api/grid/patrols/${id}`], ['POST', `/api/grid/patrols/${id}/end`],
        ['GET', '/api/grid/visits'], ['POST', '/api/grid/visits'], ['GET', `/api/grid/visits/${id}`], ['GET', '/api/grid/mediations'], ['POST', '/api/grid/mediations'],
        ['GET', `/api/grid/mediations/${id}`], ['POST', `/api/grid/mediations/${id}/steps`], ['POST', `/api/grid/mediations/${id}/close`], ['POST', `/api/grid/mediations/${id}/case`], ['POST', `/api/grid/findings/${id}/case`]] as const) {
        const r = await c.request(m, u, m === 'GET' ? undefined : {});
        expect(r.status, `${m} ${u}`).toBe(403);
      }
    }
  });
});
