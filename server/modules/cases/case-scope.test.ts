// Who sees which case: departments only what was dispatched to them, communities their own, the street its
// communities, grid workers their grid, residents their own reports. Lists never leak. Every route refuses
// the wrong role (403) and bad input (400 with field errors).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routeTable } from '../../app.ts';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { buildingIn, categoryId, departmentId, residentLogin } from './case-test-helpers.ts';

let env: TestEnv;
const c: Record<string, Client> = {};
let noise: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await setupTestEnv();
  for (const u of ['worker', 'worker2', 'street', 'dept', 'grid', 'social', 'secretary', 'admin', 'district']) c[u] = await env.login(u);
  c.resident = await residentLogin(env);
  noise = await categoryId(env, '0501');
  const mk = async (who: string, body: Record<string, unknown>) => {
    const r = await c[who].post('/api/cases', { source: 'hotline', requestType: 'complaint', categoryId: noise, description: '夜间噪音扰民问题反映', accept: true, ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.case.id as string;
  };
  ids.garden = await mk('worker', { communityId: env.region(CODES.garden) });
  ids.gardenGrid1 = await mk('worker', { buildingId: await buildingIn(env, CODES.gardenGrid1) });
  ids.heping = await mk('worker2', { communityId: env.region(CODES.heping) });
  ids.toDept = await mk('worker2', { communityId: env.region(CODES.heping) });
  const d = await c.worker2.post(`/api/cases/${ids.toDept}/dispatch`, { assigneeType: 'department', departmentId: await departmentId(env, 'mzj') });
  expect(d.status).toBe(200);
  ids.toOtherDept = await mk('worker', { communityId: env.region(CODES.garden) });
  await c.worker.post(`/api/cases/${ids.toOtherDept}/dispatch`, { assigneeType: 'department', departmentId: await departmentId(env, 'cgj') });
});
afterAll(async () => env?.close());

const listIds = async (who: string, q = '') => {
  const r = await c[who].get(`/api/cases?pageSize=200${q}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items.map((x: { id: string }) => x.id) as string[];
};

describe('visibility', () => {
  test('worker2 never sees 花园社区 cases, in lists or by id', async () => {
    const seen = await listIds('worker2');
    expect(seen).toEqual(expect.arrayContaining([ids.heping, ids.toDept]));
    for (const k of ['garden', 'gardenGrid1', 'toOtherDept']) {
      expect(seen).not.toContain(ids[k]);
      expect((await c.worker2.get(`/api/cases/${ids[k]}`)).status).toBe(404);
      expect((await c.worker2.post(`/api/cases/${ids[k]}/dispatch`, { assigneeType: 'community' })).status).toBe(404);
      expect((await c.worker2.get(`/api/cases/${ids[k]}/duplicates`)).status).toBe(404);
    }
    // Filtering by the other community gives nothing rather than its rows.
    expect(await listIds('worker2', `&communityId=${env.region(CODES.garden)}`)).toEqual([]);
    const rows = (await c.worker2.get('/api/cases?pageSize=200')).body.items as { communityId: number }[];
    expect(new Set(rows.map((r) => r.communityId))).toEqual(new Set([env.region(CODES.heping)]));
  });

  test('a department sees only the cases dispatched to it', async () => {
    const seen = await listIds('dept');
    expect(seen).toContain(ids.toDept);
    // Demo cases the department was given appear too, and nothing else.
    const given = await env.ctx.db.query<{ case_id: string }>(`SELECT case_id FROM case_assignments WHERE department_id = $1`, [await departmentId(env, 'mzj')]);
    const allowed = new Set(given.map((g) => g.case_id));
    for (const id of seen) expect(allowed.has(id)).toBe(true);
    for (const k of ['garden', 'heping', 'toOtherDept']) expect((await c.dept.get(`/api/cases/${ids[k]}`)).status).toBe(404);
    expect((await c.dept.get(`/api/cases/${ids.toDept}`)).status).toBe(200);
  });

  test('the street sees its communities; the district everything; the grid worker only their grid', async () => {
    const st = await listIds('street');
    expect(st).toEqual(expect.arrayContaining([ids.garden, ids.gardenGrid1, ids.toOtherDept]));
    expect(st).not.toContain(ids.heping);
    expect((await c.street.get(`/api/cases/${ids.heping}`)).status).toBe(404);
    expect(await listIds('district')).toEqual(expect.arrayContaining(Object.values(ids)));
    const g = (await c.grid.get('/api/cases?pageSize=200')).body.items as { id: string; gridId: number }[];
    expect(g.map((x) => x.id)).toContain(ids.gardenGrid1);
    expect(new Set(g.map((x) => x.gridId))).toEqual(new Set([env.region(CODES.gardenGrid1)]));
    expect((await c.grid.get(`/api/cases/${ids.garden}`)).status).toBe(404);
  });

  test('a resident sees only their own reports, never staff lists', async () => {
    expect((await c.resident.get('/api/cases')).status).toBe(403);
    expect((await c.resident.get(`/api/my/cases/${ids.garden}`)).status).toBe(404);
    const mine = (await c.resident.get('/api/my/cases')).body.items.map((x: { id: string }) => x.id) as string[];
    for (const id of Object.values(ids)) expect(mine).not.toContain(id);
    if (mine.length) {
      const me = (await c.resident.get('/api/auth/me')).body.user.id as string;
      const own = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases c WHERE c.reporter_user_id = $1 AND c.id = ANY($2::uuid[])`, [me, mine]);
      expect(own[0].n).toBe(mine.length);
    }
  });

  test('assessment and the problem list stay in scope', async () => {
    const a = await c.street.get('/api/cases/assessment?by=community');
    expect(a.status).toBe(200);
    expect(a.body.map((r: { name: string }) => r.name)).not.toContain('和平里社区');
    const p = await c.street.get('/api/cases/problem-list?year=2026&quarter=4');
    expect(p.status).toBe(200);
    expect(JSON.stringify(p.body)).not.toContain('和平里');
  });
});

describe('filters', () => {
  test('status, open, sla, source, case number and title search', async () => {
    const all = await listIds('worker');
    expect(all.length).toBeGreaterThanOrEqual(3);
    const items = async (q: string) => (await c.worker.get(`/api/cases?pageSize=200${q}`)).body.items as { id: string; status: string; source: string; slaState: string }[];
    const dispatched = await items('&status=dispatched');
    expect(dispatched.map((x) => x.id)).toContain(ids.toOtherDept);
    expect(dispatched.every((x) => x.status === 'dispatched')).toBe(true);
    expect(await listIds('worker', '&status=accepted,dispatched')).toEqual(expect.arrayContaining([ids.garden, ids.toOtherDept]));
    const closed = await items('&open=false');
    expect(closed.every((x) => ['closed', 'archived', 'merged'].includes(x.status))).toBe(true);
    expect(closed.map((x) => x.id)).not.toContain(ids.garden);
    expect((await items('&source=window')).every((x) => x.source === 'window')).toBe(true);
    expect((await items('&source=hotline')).map((x) => x.id)).toContain(ids.garden);
    expect((await items('&sla=overdue')).every((x) => x.slaState === 'overdue')).toBe(true);
    const detail = (await c.worker.get(`/api/cases/${ids.garden}`)).body;
    expect(await listIds('worker', `&q=${detail.caseNo}`)).toEqual([ids.garden]);
    expect(await listIds('worker', `&q=${encodeURIComponent('噪音扰民')}`)).toEqual(expect.arrayContaining([ids.garden]));
    expect(await listIds('worker', `&categoryId=${await categoryId(env, '05')}`)).toEqual(expect.arrayContaining([ids.garden]));
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await listIds('worker', `&from=${today}&to=${today}`)).toEqual(expect.arrayContaining([ids.garden, ids.toOtherDept]));
    expect(await listIds('worker', '&from=2099-01-01')).toEqual([]);
    expect(await listIds('worker', '&to=2000-01-01')).toEqual([]);
    const page = await c.worker.get('/api/cases?pageSize=1&page=2');
    expect(page.body).toMatchObject({ page: 2, pageSize: 1, totalExact: true });
    expect(page.body.items).toHaveLength(1);
  });
});

describe('bad input', () => {
  test('create: missing and malformed fields give 400 with field errors', async () => {
    const r = await c.worker.post('/api/cases', { source: 'resident', requestType: 'gossip', description: '短' });
    expect(r.status).toBe(400);
    const paths = r.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['source', 'requestType', 'categoryId', 'description']));
    expect((await c.worker.post('/api/cases', { source: 'hotline', requestType: 'help', categoryId: noise, description: '没有地点的诉求内容', reporterPhone: '12345' })).body.error.fields[0].path).toBe('reporterPhone');
    const noPlace = await c.street.post('/api/cases', { source: 'hotline', requestType: 'help', categoryId: noise, description: '没有地点的诉求内容' });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body.error.fields[0].path).toBe('communityId');
    const ghostCat = await c.worker.post('/api/cases', { source: 'hotline', requestType: 'help', categoryId: '00000000-0000-4000-8000-000000000000', description: '分类不存在的诉求' });
    expect(ghostCat.status).toBe(400);
    expect(ghostCat.body.error.fields[0].path).toBe('categoryId');
    const ghostFile = await c.worker.post('/api/cases', { source: 'hotline', requestType: 'help', categoryId: noise, description: '附件不存在的诉求', photos: ['00000000-0000-4000-8000-000000000000'] });
    expect(ghostFile.status).toBe(400);
    expect(ghostFile.body.error.fields[0].path).toBe('attachments');
    // A place in another community is out of scope.
    expect((await c.worker.post('/api/cases', { source: 'hotline', requestType: 'help', categoryId: noise, description: '别的社区的诉求', communityId: env.region(CODES.heping) })).status).toBe(404);
    const otherPerson = await env.ctx.db.query<{ id: string }>(`SELECT p.id FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.code = $1 LIMIT 1`, [CODES.heping]);
    expect((await c.worker.post('/api/cases', { source: 'hotline', requestType: 'help', categoryId: noise, description: '关联外社区人员', personIds: [otherPerson[0].id] })).status).toBe(400);
  });

  test('actions and queries: malformed ids, ratings, days, filters', async () => {
    expect((await c.worker.get('/api/cases/not-a-uuid')).status).toBe(400);
    expect((await c.worker.get('/api/cases?status=flying')).status).toBe(400);
    expect((await c.worker.get('/api/cases?from=2026-13-01')).status).toBe(400);
    expect((await c.worker.get('/api/cases?pageSize=1000')).status).toBe(400);
    expect((await c.worker.post(`/api/cases/${ids.garden}/dispatch`, { assigneeType: 'ministry' })).status).toBe(400);
    expect((await c.worker.post(`/api/cases/${ids.garden}/callback`, { rating: 'ecstatic', resolved: true })).status).toBe(400);
    expect((await c.worker.post(`/api/cases/${ids.garden}/extensions`, { days: 0, reason: '太忙' })).status).toBe(400);
    expect((await c.resident.post('/api/my/cases', { requestType: 'help', categoryId: noise, description: '没有写地点' })).body.error.fields[0].path).toBe('address');
    expect((await c.district.get('/api/cases/assessment?by=planet')).status).toBe(400);
    expect((await c.district.get('/api/cases/problem-list?year=2026&quarter=5')).status).toBe(400);
    expect((await c.admin.put('/api/calendar/days', { days: [{ date: '2026-02-30', kind: 'holiday' }] })).status).toBe(400);
    expect((await c.admin.put('/api/calendar/days', { days: [{ date: '2026-12-31', kind: 'party' }] })).status).toBe(400);
    expect((await c.admin.post('/api/case-categories', { code: '0301', name: '重复编码', unitType: 'community' })).status).toBe(409);
    expect((await c.admin.post('/api/case-categories', { code: '08', name: '部门未填', unitType: 'department' })).status).toBe(400);
  });
});

describe('forbidden', () => {
  test('every case, calendar and category route refuses a role without its permission (403)', async () => {
    const perms: Record<string, Set<string>> = {};
    for (const [k, cl] of Object.entries(c)) perms[k] = new Set((await cl.get('/api/auth/me')).body.user.permissions as string[]);
    const uuid = '00000000-0000-4000-8000-000000000000';
    let checked = 0;
    for (const r of routeTable(env.app)) {
      if (!/^\/api\/(cases|case-categories|my\/case|calendar|grid)/.test(r.url) || !r.perm) continue;
      const who = ['resident', 'social', 'dept', 'grid', 'worker', 'street'].find((k) => !perms[k].has(r.perm!) && !perms[k].has('*'));
      expect(who, `nobody lacks ${r.perm}`).toBeTruthy();
      const url = r.url.replace(/:(\w+)/g, (_m, n: string) => (n === 'date' ? '2026-01-01' : uuid));
      const res = await c[who!].request(r.method, url, r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url} as ${who}`).toBe(403);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });
});
