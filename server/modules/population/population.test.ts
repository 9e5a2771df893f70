// Persons, places, history, events, tags, masking and reveal, search and scope — through HTTP with the real database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { makeResidentId } from '../../lib/id-number.ts';

let env: TestEnv;
let worker: Client, worker2: Client, secretary: Client, grid: Client, dept: Client, social: Client, street: Client;
let seq = 100;
const newId = (birth = '1980-05-06', gender: 'M' | 'F' = 'M') => makeResidentId('370102', birth, (seq += 2), gender);

beforeAll(async () => {
  env = await setupTestEnv();
  [worker, worker2, secretary, grid, dept, social, street] = await Promise.all(['worker', 'worker2', 'secretary', 'grid', 'dept', 'social', 'street'].map((u) => env.login(u)));
});
afterAll(async () => env?.close());

const personIn = async (code: string, extra = '') =>
  (await env.ctx.db.query<{ id: string; grid_id: number; household_id: string; house_id: string }>(`SELECT id, grid_id, household_id, house_id FROM persons WHERE community_id = $1 AND house_id IS NOT NULL ${extra} ORDER BY id LIMIT 1`, [env.region(code)]))[0];

describe('create a person', () => {
  test('happy path: derived birth date and gender, masked ID, history, event and audit', async () => {
    const doc = newId('1950-03-02', 'M');
    const res = await worker.post('/api/persons', { name: '张三 ', docNumber: doc.toLowerCase(), phone: '138-0013-1234', residencyType: 'registered' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '张三', gender: 'M', birthDate: '1950-03-02', docNumber: `**************${doc.slice(-4)}`, phone: '*******1234', communityId: env.region(CODES.garden), status: 'living' });
    expect(JSON.stringify(res.body)).not.toContain(doc);
    const page = await worker.get(`/api/persons/${res.body.id}/page`);
    expect(page.status).toBe(200);
    expect(page.body.history[0]).toMatchObject({ action: 'create', actor: '花园社区 张社工' });
    expect(JSON.stringify(page.body.history)).not.toContain(doc);
    expect(page.body.timeline.map((t: { kind: string }) => t.kind)).toContain('registered');
    expect(page.body.canReveal).toBe(false);
    const audit = await env.ctx.db.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE action = 'person.create' AND entity_id = $1`, [res.body.id]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].detail)).not.toContain(doc);
  });

  test('names with a middle dot and landlines with area code', async () => {
    const res = await worker.post('/api/persons', { name: '阿不都•热合曼', docNumber: newId('1975-01-01'), phone: '0531-88886666' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('阿不都·热合曼');
    expect(res.body.phone).toBe('*******6666');
  });

  test('bad input: wrong check digit, disagreeing gender, future date, missing name → 400 with field errors in Chinese', async () => {
    const doc = newId();
    const wrong = doc.slice(0, 17) + (doc[17] === '1' ? '2' : '1');
    const a = await worker.post('/api/persons', { name: '李四', docNumber: wrong });
    expect(a.status).toBe(400);
    expect(a.body.error.fields[0]).toMatchObject({ path: 'docNumber' });
    expect(a.body.error.message).toContain('校验位');
    const b = await worker.post('/api/persons', { name: '李四', docNumber: newId('1980-01-01', 'M'), gender: 'F' });
    expect(b.status).toBe(400);
    expect(b.body.error.fields[0].path).toBe('gender');
    const c = await worker.post('/api/persons', { name: '李四', docType: 'passport', docNumber: 'E12345678', birthDate: '2999-01-01' });
    expect(c.status).toBe(400);
    const d = await worker.post('/api/persons', { docNumber: newId() });
    expect(d.status).toBe(400);
    expect(d.body.error.fields[0].path).toBe('name');
    const e = await worker.post('/api/persons', { name: '李四', docNumber: newId(), phone: '88886666' });
    expect(e.status).toBe(400);
    expect(e.body.error.message).toContain('区号');
  });

  test('one person per document number: in scope the name is shown, out of scope it is not', async () => {
    const doc = newId();
    expect((await worker.post('/api/persons', { name: '王五', docNumber: doc })).status).toBe(201);
    const dup = await worker.post('/api/persons', { name: '王五', docNumber: doc });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('王五');
    const other = await worker2.post('/api/persons', { name: '王五', docNumber: doc });
    expect(other.status).toBe(409);
    expect(other.body.error.message).not.toContain('王五');
  });

  test('district and street staff must choose the community; grid workers place people in their grid', async () => {
    const s = await street.post('/api/persons', { name: '赵六', docNumber: newId() });
    expect(s.status).toBe(403); // street staff have no person.write
    const g = await grid.post('/api/persons', { name: '钱七', docNumber: newId() });
    expect(g.status).toBe(201);
    expect(g.body.gridId).toBe(env.region(CODES.gardenGrid1));
  });
});

describe('scope', () => {
  test('worker2 never sees 花园社区 persons: 404 on read, write, reveal; absent from lists', async () => {
    const p = await personIn(CODES.garden);
    expect((await worker2.get(`/api/persons/${p.id}`)).status).toBe(404);
    expect((await worker2.get(`/api/persons/${p.id}/page`)).status).toBe(404);
    expect((await worker2.patch(`/api/persons/${p.id}`, { education: '本科' })).status).toBe(404);
    expect((await worker2.post(`/api/persons/${p.id}/events`, { kind: 'move_out', date: '2026-01-01' })).status).toBe(404);
    expect((await worker2.request('PUT', `/api/persons/${p.id}/tags/volunteer`, { attributes: {} })).status).toBe(404);
    const list = await worker2.get('/api/persons?pageSize=200');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((x: { communityId: number }) => x.communityId === env.region(CODES.heping))).toBe(true);
    const byName = await worker2.get(`/api/persons?q=${encodeURIComponent('张三')}`);
    expect(byName.body.items.every((x: { communityId: number }) => x.communityId !== env.region(CODES.garden))).toBe(true);
    expect((await worker2.get(`/api/households/${p.household_id}`)).status).toBe(404);
    expect((await worker2.get(`/api/houses/${p.house_id}`)).status).toBe(404);
  });

  test('a grid worker sees only their grid', async () => {
    const list = await grid.get('/api/persons?pageSize=200');
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((x: { gridId: number }) => x.gridId === env.region(CODES.gardenGrid1))).toBe(true);
    const other = await personIn(CODES.garden, `AND grid_id = ${env.region(CODES.gardenGrid2)}`);
    expect((await grid.get(`/api/persons/${other.id}`)).status).toBe(404);
    const mine = await personIn(CODES.garden, `AND grid_id = ${env.region(CODES.gardenGrid1)}`);
    expect((await grid.get(`/api/persons/${mine.id}`)).status).toBe(200);
    const b = await grid.get('/api/buildings?pageSize=100');
    expect(b.body.items.every((x: { gridId: number }) => x.gridId === env.region(CODES.gardenGrid1))).toBe(true);
  });

  test('street staff see all communities of their street only', async () => {
    const list = await street.get(`/api/persons?communityId=${env.region(CODES.heping)}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(0);
    expect((await street.get(`/api/persons?communityId=${env.region(CODES.wenyuan)}`)).body.items.length).toBeGreaterThan(0);
  });
});

describe('change, history and events', () => {
  test('update keeps before/after, bumps the version, refuses stale versions', async () => {
    const created = (await worker.post('/api/persons', { name: '孙八', docNumber: newId(), phone: '13900001111' })).body;
    const up = await worker.patch(`/api/persons/${created.id}`, { phone: '13900002222', education: '本科', version: created.version });
    expect(up.status).toBe(200);
    expect(up.body.version).toBe(created.version + 1);
    const stale = await worker.patch(`/api/persons/${created.id}`, { education: '大专', version: created.version });
    expect(stale.status).toBe(409);
    const page = (await worker.get(`/api/persons/${created.id}/page`)).body;
    const h = page.history.find((x: { action: string }) => x.action === 'update');
    expect(h.before).toEqual({ phoneLast4: '1111', education: null });
    expect(h.after).toEqual({ phoneLast4: '2222', education: '本科' });
    expect(JSON.stringify(page.history)).not.toContain('13900002222');
  });

  test('move out, death; a deceased person takes no further events', async () => {
    const p = (await worker.post('/api/persons', { name: '周九', docNumber: newId() })).body;
    const out = await worker.post(`/api/persons/${p.id}/events`, { kind: 'move_out', date: '2026-10-01', note: '迁往外省' });
    expect(out.status).toBe(201);
    expect(out.body.status).toBe('moved_out');
    const search = await worker.get(`/api/persons?q=${encodeURIComponent('周九')}`);
    expect(search.body.items.find((x: { id: string }) => x.id === p.id)).toBeUndefined();
    const all = await worker.get(`/api/persons?q=${encodeURIComponent('周九')}&status=all`);
    expect(all.body.items.find((x: { id: string }) => x.id === p.id)).toBeDefined();
    expect((await worker.post(`/api/persons/${p.id}/events`, { kind: 'move_in', date: '2026-10-05' })).body.status).toBe('living');
    expect((await worker.post(`/api/persons/${p.id}/events`, { kind: 'death', date: '2026-11-01' })).body.status).toBe('deceased');
    expect((await worker.post(`/api/persons/${p.id}/events`, { kind: 'move_out', date: '2026-11-02' })).status).toBe(409);
    expect((await worker.post(`/api/persons/${p.id}/events`, { kind: 'move_in', date: '2999-01-01' })).status).toBe(400);
    const page = (await worker.get(`/api/persons/${p.id}/page`)).body;
    expect(page.events.map((e: { kind: string }) => e.kind).sort()).toEqual(['death', 'move_in', 'move_out', 'registered']);
    expect(page.events.filter((e: { kind: string }) => e.kind !== 'registered').map((e: { kind: string }) => e.kind)).toEqual(['death', 'move_in', 'move_out']);
    expect(page.history.map((e: { action: string }) => e.action)).toContain('event.move_out');
  });

  test('household change moves the person to another household and records it', async () => {
    const p = (await worker.post('/api/persons', { name: '吴十', docNumber: newId() })).body;
    const hh = await personIn(CODES.garden);
    const res = await worker.post(`/api/persons/${p.id}/events`, { kind: 'household_change', date: '2026-11-01', householdId: hh.household_id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.householdId).toBe(hh.household_id);
    expect(res.body.houseId).toBe(hh.house_id);
    const page = (await worker.get(`/api/persons/${p.id}/page`)).body;
    expect(page.household.id).toBe(hh.household_id);
    expect(page.household.members.map((m: { id: string }) => m.id)).toContain(p.id);
    expect(page.house.id).toBe(hh.house_id);
    const other = await personIn(CODES.heping);
    expect((await worker.post(`/api/persons/${p.id}/events`, { kind: 'household_change', date: '2026-11-01', householdId: other.household_id })).status).toBe(404);
  });
});

describe('tags', () => {
  test('attributes are validated against the tag type', async () => {
    const p = (await worker.post('/api/persons', { name: '郑一', docNumber: newId() })).body;
    const ok = await worker.request('PUT', `/api/persons/${p.id}/tags/disabled`, { attributes: { category: '肢体', level: '二级', certificateNo: 'C123' } });
    expect(ok.status).toBe(200);
    expect(ok.body.tags.find((t: { code: string }) => t.code === 'disabled').attributes).toEqual({ category: '肢体', level: '二级', certificateNo: 'C123' });
    const bad = await worker.request('PUT', `/api/persons/${p.id}/tags/disabled`, { attributes: { category: '飞行', shoeSize: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['attributes.category', 'attributes.level', 'attributes.shoeSize']);
    const missing = await worker.request('PUT', `/api/persons/${p.id}/tags/low_income`, { attributes: { monthlyAmount: 'abc' } });
    expect(missing.status).toBe(400);
    expect((await worker.request('PUT', `/api/persons/${p.id}/tags/no_such_tag`, { attributes: {} })).status).toBe(404);
    const del = await worker.del(`/api/persons/${p.id}/tags/disabled`);
    expect(del.status).toBe(200);
    expect(del.body.tags).toHaveLength(0);
  });

  test('sensitive tags are invisible to worker and visible to secretary', async () => {
    const p = (await worker.post('/api/persons', { name: '冯二', docNumber: newId() })).body;
    const hidden = await worker.request('PUT', `/api/persons/${p.id}/tags/corrections`, { attributes: { class: '普管' } });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(404);
    const set = await secretary.request('PUT', `/api/persons/${p.id}/tags/corrections`, { attributes: { class: '严管' }, startDate: '2026-01-01' });
    expect(set.status).toBe(200);
    const stored = await env.ctx.db.query<{ attributes: unknown; attributes_enc: string }>(`SELECT attributes, attributes_enc FROM person_tags WHERE person_id = $1`, [p.id]);
    expect(stored[0].attributes).toEqual({});
    expect(stored[0].attributes_enc).toBeTruthy();
    const asWorker = (await worker.get(`/api/persons/${p.id}/page`)).body;
    expect(JSON.stringify(asWorker)).not.toContain('corrections');
    expect(JSON.stringify(asWorker)).not.toContain('社区矫正');
    const asSecretary = (await secretary.get(`/api/persons/${p.id}/page`)).body;
    expect(asSecretary.person.tags[0]).toMatchObject({ code: 'corrections', attributes: { class: '严管' } });
    expect(asSecretary.history.map((h: { action: string }) => h.action)).toContain('tag.set');
    expect(asSecretary.timeline.map((t: { kind: string }) => t.kind)).toContain('tag');
    const wSearch = await worker.get('/api/persons?tag=corrections');
    expect(wSearch.body.total).toBe(0);
    const sSearch = await secretary.get('/api/persons?tag=corrections&pageSize=200');
    expect(sSearch.body.items.map((x: { id: string }) => x.id)).toContain(p.id);
    const types = (await worker.get('/api/tag-types')).body.map((t: { code: string }) => t.code);
    expect(types).toContain('disabled');
    expect(types).not.toContain('corrections');
    expect((await secretary.get('/api/tag-types')).body.map((t: { code: string }) => t.code)).toContain('corrections');
    expect((await worker.del(`/api/persons/${p.id}/tags/corrections`)).status).toBe(404);
  });
});

describe('masking and reveal', () => {
  test('worker may not reveal; secretary may, and it is audited without the number', async () => {
    const doc = newId('1966-06-06', 'F');
    const p = (await worker.post('/api/persons', { name: '陈三', docNumber: doc, phone: '13712345678' })).body;
    expect((await worker.post(`/api/persons/${p.id}/reveal`, { fields: ['docNumber'] })).status).toBe(403);
    const r = await secretary.post(`/api/persons/${p.id}/reveal`, { fields: ['docNumber', 'phone'], reason: '办理低保' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ docNumber: doc, phone: '13712345678' });
    const a = await env.ctx.db.query<{ detail: Record<string, unknown>; actor_label: string }>(`SELECT detail, actor_label FROM audit_log WHERE action = 'person.reveal' AND entity_id = $1`, [p.id]);
    expect(a).toHaveLength(1);
    expect(a[0].detail).toEqual({ fields: ['docNumber', 'phone'], reason: '办理低保' });
    expect(a[0].actor_label).toContain('secretary');
    expect((await secretary.post(`/api/persons/${p.id}/reveal`, { fields: ['ssn'] })).status).toBe(400);
    const other = await personIn(CODES.heping);
    expect((await secretary.post(`/api/persons/${other.id}/reveal`, {})).status).toBe(404);
  });
});

describe('search', () => {
  let zs: string, doc: string;
  beforeAll(async () => {
    doc = newId('1990-02-03', 'M');
    zs = (await worker.post('/api/persons', { name: '张三丰', docNumber: doc, phone: '15012345678', registeredAddress: '济南市历下区泉城路100号' })).body.id;
  });
  const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((x) => x.id);

  test.each([
    ['1-character name (prefix btree)', '张', 'namePrefix'],
    ['2-character name', '张三', 'namePrefix'],
    ['3+ characters (trigram)', '三丰', 'namePrefix'],
    ['initials', 'zsf', 'pinyin'],
    ['initials prefix "zs" finds 张三丰', 'zs', 'pinyin'],
    ['full pinyin', 'zhangsanfeng', 'pinyin'],
    ['pinyin upper case', 'ZhangSan', 'pinyin'],
  ])('%s', async (_label, q, by) => {
    const r = await worker.get(`/api/persons?pageSize=200&q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(200);
    expect(r.body.matchedBy).toBe(by);
    if (q !== '三丰') expect(ids(r)).toContain(zs);
  });

  test('3 characters anywhere in the name', async () => {
    const r = await worker.get(`/api/persons?q=${encodeURIComponent('张三丰')}`);
    expect(ids(r)).toEqual([zs]);
  });

  test('full ID number through the blind index (lower-case x and spaces too), last 4, phone', async () => {
    const full = await worker.get(`/api/persons?q=${encodeURIComponent(doc.slice(0, 6) + ' ' + doc.slice(6).toLowerCase())}`);
    expect(full.body.matchedBy).toBe('docNumber');
    expect(ids(full)).toEqual([zs]);
    const last4 = await worker.get(`/api/persons?pageSize=200&q=${doc.slice(-4)}`);
    expect(last4.body.matchedBy).toBe('docLast4');
    expect(ids(last4)).toContain(zs);
    const phone = await worker.get(`/api/persons?q=${encodeURIComponent('150-1234-5678')}`);
    expect(phone.body.matchedBy).toBe('phone');
    expect(ids(phone)).toEqual([zs]);
    // the same number is not found from the other community
    expect((await worker2.get(`/api/persons?q=${doc}`)).body.items).toHaveLength(0);
  });

  test('address, filters and paging', async () => {
    expect(ids(await worker.get(`/api/persons?address=${encodeURIComponent('泉城路100')}`))).toEqual([zs]);
    const b = await env.ctx.db.query<{ id: string; name: string }>(`SELECT b.id, b.name FROM buildings b WHERE community_id = $1
      AND EXISTS (SELECT 1 FROM persons p JOIN houses h ON h.id = p.house_id WHERE h.building_id = b.id) ORDER BY name LIMIT 1`, [env.region(CODES.garden)]);
    const inB = await worker.get(`/api/persons?buildingId=${b[0].id}&pageSize=200`);
    expect(inB.body.items.length).toBeGreaterThan(0);
    expect(inB.body.items.every((x: { address: string }) => x.address.startsWith(b[0].name))).toBe(true);
    const byAddr = await worker.get(`/api/persons?address=${encodeURIComponent(b[0].name)}&pageSize=200`);
    expect(byAddr.body.total).toBeGreaterThanOrEqual(inB.body.total);
    const women = await worker.get('/api/persons?gender=F&pageSize=200');
    expect(women.body.items.every((x: { gender: string }) => x.gender === 'F')).toBe(true);
    const old = await worker.get('/api/persons?ageBand=80%2B&pageSize=200');
    expect(old.body.items.every((x: { age: number }) => x.age >= 80)).toBe(true);
    const kids = await worker.get('/api/persons?ageMin=7&ageMax=17&pageSize=200');
    expect(kids.body.items.every((x: { age: number }) => x.age >= 7 && x.age <= 17)).toBe(true);
    const floating = await worker.get('/api/persons?residencyType=floating&pageSize=200');
    expect(floating.body.items.every((x: { residencyType: string }) => x.residencyType === 'floating')).toBe(true);
    const g2 = await worker.get(`/api/persons?gridId=${env.region(CODES.gardenGrid2)}&pageSize=200`);
    expect(g2.body.items.every((x: { gridId: number }) => x.gridId === env.region(CODES.gardenGrid2))).toBe(true);
    const p1 = await worker.get('/api/persons?pageSize=5&page=1');
    const p2 = await worker.get('/api/persons?pageSize=5&page=2');
    expect(p1.body.items).toHaveLength(5);
    expect(p1.body.total).toBeGreaterThan(10);
    expect(ids(p1).filter((x) => ids(p2).includes(x))).toHaveLength(0);
    expect((await worker.get('/api/persons?pageSize=500')).status).toBe(400);
    expect((await worker.get('/api/persons?ageBand=old')).status).toBe(400);
  });
});

describe('places', () => {
  test('building view: units × floors × rooms with occupants and use', async () => {
    const b = await worker.get('/api/buildings?pageSize=50');
    expect(b.status).toBe(200);
    const first = b.body.items[0];
    const layout = await worker.get(`/api/buildings/${first.id}/layout`);
    expect(layout.status).toBe(200);
    expect(layout.body.units).toHaveLength(2);
    expect(layout.body.units[0].floors).toHaveLength(6);
    expect(layout.body.units[0].floors[0].floor).toBe(6);
    const rooms = layout.body.units.flatMap((u: { floors: { rooms: unknown[] }[] }) => u.floors.flatMap((f) => f.rooms));
    expect(rooms.some((r: { occupants: unknown[] }) => r.occupants.length > 0)).toBe(true);
    expect(new Set(rooms.map((r: { use: string }) => r.use)).size).toBeGreaterThanOrEqual(1);
    expect((await worker2.get(`/api/buildings/${first.id}/layout`)).status).toBe(404);
  });

  test('create building, house, household; history of a house change', async () => {
    const b = await worker.post('/api/buildings', { name: '新建13号楼', address: '花园路26号', units: 2, floors: 6 });
    expect(b.status).toBe(201);
    expect((await worker.post('/api/buildings', { name: '' })).status).toBe(400);
    const h = await worker.post('/api/houses', { buildingId: b.body.id, unit: 1, floor: 5, room: '501', area: 88.5 });
    expect(h.status).toBe(201);
    expect((await worker.post('/api/houses', { buildingId: b.body.id, unit: 1, floor: 5, room: '501' })).status).toBe(409);
    expect((await worker.post('/api/houses', { buildingId: b.body.id, unit: 9, floor: 5, room: '502' })).status).toBe(400);
    expect((await worker2.post('/api/houses', { buildingId: b.body.id, unit: 1, floor: 5, room: '502' })).status).toBe(404);
    const up = await worker.patch(`/api/houses/${h.body.id}`, { use: 'rented' });
    expect(up.body.use).toBe('rented');
    const hist = await worker.get(`/api/houses/${h.body.id}/history`);
    expect(hist.body[0]).toMatchObject({ action: 'update', before: { use: 'owner_occupied' }, after: { use: 'rented' } });
    const hh = await worker.post('/api/households', { householdNo: 'T-0001', houseId: h.body.id, registeredAddress: '花园路26号' });
    expect(hh.status).toBe(201);
    const p = (await worker.post('/api/persons', { name: '林户主', docNumber: newId(), householdId: hh.body.id, relationToHead: '户主' })).body;
    expect(p.houseId).toBe(h.body.id);
    expect(p.address).toBe('新建13号楼 1单元 501室');
    const set = await worker.patch(`/api/households/${hh.body.id}`, { headPersonId: p.id });
    expect(set.body.headName).toBe('林户主');
    const got = await worker.get(`/api/households/${hh.body.id}`);
    expect(got.body.members.map((m: { name: string }) => m.name)).toEqual(['林户主']);
    expect((await worker.get(`/api/households/${hh.body.id}/history`)).body.map((x: { action: string }) => x.action)).toEqual(['update', 'create']);
    const list = await worker.get('/api/households?q=T-0001');
    expect(list.body.items[0].memberCount).toBe(1);
    const stranger = await personIn(CODES.garden);
    expect((await worker.patch(`/api/households/${hh.body.id}`, { headPersonId: stranger.id })).status).toBe(400);
  });

  test('organisations: create with credit code and phone, masked; bad code refused', async () => {
    const o = await worker.post('/api/organisations', { name: '花园便民超市', kind: '商户', uscc: '91370102MA3C4XYW1K', contactName: '李老板', phone: '0531-88887777' });
    expect(o.status).toBe(201);
    expect(o.body.phone).toBe('*******7777');
    expect((await worker.post('/api/organisations', { name: '重复超市', kind: '商户', uscc: '91370102MA3C4XYW1K' })).status).toBe(409);
    expect((await worker.post('/api/organisations', { name: '坏代码', kind: '商户', uscc: '123' })).status).toBe(400);
    const list = await worker.get(`/api/organisations?name=${encodeURIComponent('便民')}`);
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(o.body.id);
    expect((await worker2.get(`/api/organisations?name=${encodeURIComponent('便民')}`)).body.items).toHaveLength(0);
    expect((await worker2.patch(`/api/organisations/${o.body.id}`, { name: '改名' })).status).toBe(404);
    expect((await worker.patch(`/api/organisations/${o.body.id}`, { name: '花园便民超市（新）' })).body.name).toBe('花园便民超市（新）');
  });
});

describe('forbidden: every route refuses a role without its permission', () => {
  const someId = '00000000-0000-4000-8000-000000000000';
  test.each([
    ['GET', '/api/persons'], ['POST', '/api/persons'], ['GET', `/api/persons/${someId}`], ['GET', `/api/persons/${someId}/page`], ['PATCH', `/api/persons/${someId}`],
    ['POST', `/api/persons/${someId}/events`], ['PUT', `/api/persons/${someId}/tags/disabled`], ['DELETE', `/api/persons/${someId}/tags/disabled`],
    ['POST', `/api/persons/${someId}/reveal`], ['GET', '/api/tag-types'], ['GET', '/api/persons/export.xlsx'],
    ['GET', '/api/buildings'], ['POST', '/api/buildings'], ['PATCH', `/api/buildings/${someId}`], ['GET', `/api/buildings/${someId}/layout`], ['GET', `/api/buildings/${someId}/history`],
    ['GET', '/api/houses'], ['POST', '/api/houses'], ['GET', `/api/houses/${someId}`], ['PATCH', `/api/houses/${someId}`], ['GET', `/api/houses/${someId}/history`],
    ['GET', '/api/households'], ['POST', '/api/households'], ['GET', `/api/households/${someId}`], ['PATCH', `/api/households/${someId}`], ['GET', `/api/households/${someId}/history`],
    ['GET', '/api/organisations'], ['POST', '/api/organisations'], ['PATCH', `/api/organisations/${someId}`],
    ['POST', '/api/population/imports'], ['GET', `/api/population/imports/${someId}`], ['GET', `/api/population/imports/${someId}/preview`],
    ['POST', `/api/population/imports/${someId}/commit`], ['GET', `/api/population/imports/${someId}/errors.xlsx`],
    ['GET', '/api/share/persons'], ['GET', `/api/share/persons/${someId}`],
  ])('%s %s → 403 for department staff', async (method, url) => {
    const r = await dept.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
    expect(r.status).toBe(403);
  });

  test('narrower roles: social worker reads but cannot write; grid worker cannot import or export; worker cannot share', async () => {
    expect((await social.get('/api/persons')).status).toBe(200);
    expect((await social.post('/api/persons', { name: '某', docNumber: newId() })).status).toBe(403);
    expect((await grid.get('/api/persons/export.xlsx')).status).toBe(403);
    expect((await grid.get(`/api/population/imports/00000000-0000-4000-8000-000000000000`)).status).toBe(403);
    expect((await worker.get('/api/share/persons')).status).toBe(403);
    expect((await env.anon.get('/api/persons')).status).toBe(401);
  });
});
