import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let worker: Client, worker2: Client, secretary: Client, admin: Client, district: Client, street: Client, dept: Client, grid: Client;
let garden: number;
const byCode = new Map<string, { id: string; available: boolean; sensitive: boolean }>();
const FULL_ID = /\d{17}[\dX]/;

async function sheetCells(raw: Buffer): Promise<{ ws: ExcelJS.Worksheet; text: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const text: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => text.push(String(c.value ?? ''))));
  return { ws, text };
}

const newLedger = (over: Record<string, unknown> = {}) => ({
  code: 'test_elderly', name: '测试：70岁以上老人', department: '区民政局', source: 'persons',
  columns: [{ field: 'name' }, { field: 'gender' }, { field: 'age' }, { field: 'docNo' }, { field: 'communityName' }],
  filters: [{ field: 'status', op: 'eq', value: 'living' }, { field: 'age', op: 'gte', value: 70 }],
  sort: [{ field: 'age', dir: 'desc' }], ...over,
});

beforeAll(async () => {
  env = await setupTestEnv();
  [worker, worker2, secretary, admin, district, street, dept, grid] = await Promise.all(
    ['worker', 'worker2', 'secretary', 'admin', 'district', 'street', 'dept', 'grid'].map((u) => env.login(u)));
  garden = env.region(CODES.garden);
  for (const l of (await admin.get('/api/ledgers')).body) byCode.set(l.code, l);
});
afterAll(async () => env?.close());

describe('seeded ledger definitions', () => {
  it('at least 15 ledgers the documents name, every source module present and working', async () => {
    expect(byCode.size).toBeGreaterThanOrEqual(15);
    for (const code of ['party_members', 'low_income', 'disabled', 'childbearing_women', 'floating_population', 'elderly_alone', 'empty_nest', 'rented_houses',
      'organisations', 'visits', 'mediation', 'corrections', 'mental_health', 'certificates_issued', 'applications', 'resident_cases']) {
      expect(byCode.has(code), code).toBe(true);
    }
    for (const [code, l] of byCode) {
      expect(l.available, code).toBe(true);
      const res = await admin.get(`/api/ledgers/${l.id}/rows?pageSize=5`);
      expect(res.status, `${code}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
    }
    const party = await secretary.get(`/api/ledgers/${byCode.get('party_members')!.id}/rows?pageSize=200`);
    expect(party.body.total).toBeGreaterThan(0);
    expect(party.body.columns.map((c: { label: string }) => c.label)).toEqual(['姓名', '性别', '出生日期', '证件号码', '现住址', '联系电话', '入党日期', '所在支部', '文化程度', '网格']);
  });

  it('sensitive ledgers (corrections, mental health) are invisible without the tag permission', async () => {
    const list = await worker.get('/api/ledgers');
    const codes = list.body.map((l: { code: string }) => l.code);
    expect(codes).not.toContain('corrections');
    expect(codes).not.toContain('mental_health');
    expect((await worker.get(`/api/ledgers/${byCode.get('corrections')!.id}/rows`)).status).toBe(404);
    expect((await worker.get(`/api/ledgers/${byCode.get('mental_health')!.id}`)).status).toBe(404);
    const sec = await secretary.get(`/api/ledgers/${byCode.get('mental_health')!.id}/rows?pageSize=200`);
    expect(sec.status).toBe(200);
    // Attributes of sensitive tags are decrypted for those allowed; names are masked unless revealed.
    for (const r of sec.body.items) expect(String(r.name)).toMatch(/^.\*+$/);
  });

  it('grouping gives counts per group', async () => {
    const res = await secretary.get(`/api/ledgers/${byCode.get('disabled')!.id}/rows`);
    expect(res.body.groups.length).toBeGreaterThan(0);
    expect(res.body.groups.reduce((s: number, g: { count: number }) => s + g.count, 0)).toBe(res.body.total);
  });
});

describe('masking and reveal', () => {
  it('ID numbers and phones are masked on screen; reveal is ignored without person.reveal', async () => {
    const res = await worker.get(`/api/ledgers/${byCode.get('floating_population')!.id}/rows?pageSize=50&reveal=true`);
    expect(res.status).toBe(200);
    expect(res.body.revealed).toBe(false);
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const r of res.body.items) {
      expect(String(r.docNo)).not.toMatch(FULL_ID);
      expect(String(r.docNo)).toMatch(/^\*+[\dX]{4}$/);
      if (r.phone) expect(String(r.phone)).toMatch(/^\*{7}\d{4}$/);
    }
  });

  it('a secretary may reveal; the reveal is audited without the values', async () => {
    const res = await secretary.get(`/api/ledgers/${byCode.get('floating_population')!.id}/rows?pageSize=10&reveal=true`);
    expect(res.body.revealed).toBe(true);
    expect(res.body.items.some((r: { docNo: string }) => FULL_ID.test(r.docNo))).toBe(true);
    const a = await env.ctx.db.query<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_log WHERE action = 'ledger.reveal' ORDER BY id DESC LIMIT 1`);
    expect(a[0].detail).toMatchObject({ code: 'floating_population', fields: ['docNo', 'phone'] });
    expect(JSON.stringify(a[0].detail)).not.toMatch(FULL_ID);
  });

  it('xlsx export: standard header and footer, no full ID numbers unless revealed', async () => {
    const id = byCode.get('floating_population')!.id;
    const res = await worker.get(`/api/ledgers/${id}/export.xlsx?period=2026-11&reviewedBy=王书记`);
    expect(res.status).toBe(200);
    const { ws, text } = await sheetCells(res.raw);
    expect(ws.getRow(1).getCell(1).value).toBe('流动人口台账');
    expect(ws.getRow(2).getCell(1).value).toBe('社区：花园社区    期间：2026年11月');
    expect(ws.getRow(3).getCell(4).value).toBe('证件号码');
    expect(String(ws.getRow(ws.rowCount).getCell(1).value)).toMatch(/^制表人：花园社区 张社工 {4}审核人：王书记 {4}制表日期：\d{4}-\d{2}-\d{2}$/);
    expect(text.filter((t) => FULL_ID.test(t))).toEqual([]);
    expect(ws.rowCount).toBeGreaterThan(4);
    const revealed = await secretary.get(`/api/ledgers/${id}/export.xlsx?reveal=true`);
    expect((await sheetCells(revealed.raw)).text.some((t) => FULL_ID.test(t))).toBe(true);
    const a = await env.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'ledger.export.reveal'`);
    expect(a.length).toBe(1);
  });

  it('PDF export with the Chinese font', async () => {
    const res = await worker.get(`/api/ledgers/${byCode.get('organisations')!.id}/export.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
    await admin.put('/api/settings/ledger.pdf_max_rows', { value: 3 });
    const big = await worker.get(`/api/ledgers/${byCode.get('households')!.id}/export.pdf`);
    expect(big.status).toBe(400);
    await admin.put('/api/settings/ledger.pdf_max_rows', { value: 2000 });
  });
});

describe('scope', () => {
  it('worker2 never sees 花园社区 rows, and cannot name it', async () => {
    const created = await district.post('/api/ledgers', newLedger({ code: 'scope_check', columns: [{ field: 'name' }, { field: 'communityName' }], filters: [], sort: [] }));
    expect(created.status).toBe(201);
    const rows = await worker2.get(`/api/ledgers/${created.body.id}/rows?pageSize=200`);
    expect(rows.body.total).toBeGreaterThan(0);
    expect(rows.body.items.every((r: { communityName: string }) => r.communityName === '和平里社区')).toBe(true);
    expect((await worker2.get(`/api/ledgers/${created.body.id}/rows?regionId=${garden}`)).status).toBe(404);
    expect((await worker2.get(`/api/ledgers/${created.body.id}/export.xlsx?regionId=${garden}`)).status).toBe(404);
    const x = await worker2.get(`/api/ledgers/${created.body.id}/export.xlsx`);
    expect((await sheetCells(x.raw)).text).not.toContain('花园社区');
    // A street account narrows to one community with regionId.
    const one = await street.get(`/api/ledgers/${created.body.id}/rows?regionId=${garden}&pageSize=200`);
    expect(one.body.items.every((r: { communityName: string }) => r.communityName === '花园社区')).toBe(true);
    expect(one.body.regionName).toBe('花园社区');
  });
});

describe('ledger definitions: an admin defines a new one without code', () => {
  it('valid: create, render, change (new version), retire', async () => {
    const check = await district.post('/api/ledgers/validate', newLedger());
    expect(check.body).toEqual({ ok: true, columns: [{ key: 'name', label: '姓名' }, { key: 'gender', label: '性别' }, { key: 'age', label: '年龄' }, { key: 'docNo', label: '证件号码' }, { key: 'communityName', label: '社区' }] });
    const res = await district.post('/api/ledgers', newLedger());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'test_elderly', version: 1, builtin: false, available: true, sensitive: true });
    const rows = await worker.get(`/api/ledgers/${res.body.id}/rows?pageSize=200`);
    expect(rows.body.items.every((r: { age: number }) => r.age >= 70)).toBe(true);
    const ages = rows.body.items.map((r: { age: number }) => r.age);
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    expect(rows.body.items.every((r: { gender: string }) => ['男', '女'].includes(r.gender))).toBe(true);
    const { code: _c, ...rest } = newLedger({ name: '测试：80岁以上老人', filters: [{ field: 'age', op: 'gte', value: 80 }] });
    const upd = await district.put(`/api/ledgers/${res.body.id}`, rest);
    expect(upd.body).toMatchObject({ version: 2, name: '测试：80岁以上老人' });
    expect((await worker.get(`/api/ledgers/${res.body.id}/rows?pageSize=200`)).body.items.every((r: { age: number }) => r.age >= 80)).toBe(true);
    expect((await district.post('/api/ledgers', newLedger())).status).toBe(409);
    expect((await district.del(`/api/ledgers/${res.body.id}`)).status).toBe(200);
    expect((await worker.get(`/api/ledgers/${res.body.id}`)).status).toBe(404);
  });

  it('a ledger over a tag with its attributes, filtered by an attribute', async () => {
    const res = await district.post('/api/ledgers', {
      code: 'dibao_big', name: '低保金额 600 元以上', department: '区民政局', source: 'persons_with_tag', tag: 'low_income',
      columns: [{ field: 'name' }, { field: 'attr.monthlyAmount', label: '月保障金' }], filters: [{ field: 'attr.monthlyAmount', op: 'gte', value: 600 }],
    });
    expect(res.status).toBe(201);
    const rows = await admin.get(`/api/ledgers/${res.body.id}/rows?pageSize=200`);
    expect(rows.body.columns[1].label).toBe('月保障金');
    expect(rows.body.items.every((r: Record<string, number>) => r['attr.monthlyAmount'] >= 600)).toBe(true);
  });

  it('invalid definitions get clear field errors', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ source: 'salaries' }, 'source', /数据来源应为/],
      [{ columns: [{ field: 'name' }, { field: 'salary' }] }, 'columns.1.field', /没有字段「salary」/],
      [{ columns: [{ field: 'name' }, { field: 'name' }] }, 'columns.1.field', /重复/],
      [{ filters: [{ field: 'age', op: 'contains', value: '7' }] }, 'filters.0.op', /不支持条件/],
      [{ filters: [{ field: 'age', op: 'gte', value: 'old' }] }, 'filters.0.value', /数字/],
      [{ filters: [{ field: 'residencyType', op: 'eq', value: 'alien' }] }, 'filters.0.value', /floating（流动人口）/],
      [{ filters: [{ field: 'age', op: 'between', value: [1] }] }, 'filters.0.value', /两个值/],
      [{ filters: [{ field: 'docNo', op: 'eq', value: '1' }] }, 'filters.0.field', /不能作为筛选条件/],
      [{ sort: [{ field: 'docNo', dir: 'asc' }] }, 'sort.0.field', /不能用于排序/],
      [{ groupBy: ['nothing'] }, 'groupBy.0', /没有字段/],
      [{ tag: 'party_member' }, 'tag', /不需要人员标签/],
      [{ source: 'persons_with_tag', tag: undefined }, 'tag', /请选择人员标签/],
      [{ source: 'persons_with_tag', tag: 'astronaut' }, 'tag', /不存在/],
      [{ code: 'Bad Code' }, 'code', /编码/],
      [{ columns: [] }, 'columns', /至少选择一列/],
      [{ filters: [{ field: 'age', op: 'like', value: 1 }] }, 'filters.0.op', /.+/],
    ];
    for (const [over, path, message] of cases) {
      const res = await district.post('/api/ledgers/validate', newLedger(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      const f = res.body.error.fields.find((x: { path: string }) => x.path === path);
      expect(f, `${JSON.stringify(over)} → ${JSON.stringify(res.body.error.fields)}`).toBeTruthy();
      expect(f.message).toMatch(message);
    }
    // Several problems are reported at once.
    const many = await district.post('/api/ledgers', newLedger({ columns: [{ field: 'x1' }, { field: 'x2' }] }));
    expect(many.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['columns.0.field', 'columns.1.field']);
  });

  it('user text never reaches the SQL: values are parameters', async () => {
    const res = await district.post('/api/ledgers', newLedger({ code: 'inject_try', filters: [{ field: 'name', op: 'contains', value: "'; DROP TABLE persons; --" }] }));
    expect(res.status).toBe(201);
    const rows = await worker.get(`/api/ledgers/${res.body.id}/rows`);
    expect(rows.status).toBe(200);
    expect(rows.body.total).toBe(0);
    expect((await env.ctx.db.query('SELECT count(*)::int AS n FROM persons'))[0]).toMatchObject({});
  });

  it('the designer gets the registry', async () => {
    const res = await worker.get('/api/ledgers/sources?tag=low_income');
    const withTag = res.body.find((s: { name: string }) => s.name === 'persons_with_tag');
    expect(withTag.fields.map((f: { key: string }) => f.key)).toContain('attr.monthlyAmount');
    const persons = res.body.find((s: { name: string }) => s.name === 'persons');
    expect(persons.fields.find((f: { key: string }) => f.key === 'docNo')).toMatchObject({ sensitive: true, filterable: false });
    expect(res.body.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['cases', 'visits', 'mediation', 'applications', 'certificates', 'households', 'houses', 'organisations']));
  });

  it('the designer lists only the tags the user may see', async () => {
    const w = (await worker.get('/api/ledgers/tags')).body.map((x: { code: string }) => x.code);
    expect(w).toContain('party_member');
    expect(w).not.toContain('corrections');
    expect((await secretary.get('/api/ledgers/tags')).body.map((x: { code: string }) => x.code)).toContain('corrections');
    expect((await dept.get('/api/ledgers/tags')).status).toBe(403);
  });

  it('forbidden and bad input on the definition routes', async () => {
    const id = byCode.get('party_members')!.id;
    expect((await worker.post('/api/ledgers', newLedger())).status).toBe(403);
    expect((await street.post('/api/ledgers/validate', newLedger())).status).toBe(403);
    expect((await worker.put(`/api/ledgers/${id}`, newLedger())).status).toBe(403);
    expect((await secretary.del(`/api/ledgers/${id}`)).status).toBe(403);
    expect((await dept.get('/api/ledgers')).status).toBe(403);
    expect((await dept.get('/api/ledgers/sources')).status).toBe(403);
    expect((await dept.get(`/api/ledgers/${id}`)).status).toBe(403);
    expect((await grid.get(`/api/ledgers/${id}/rows`)).status).toBe(403);
    expect((await dept.get(`/api/ledgers/${id}/export.xlsx`)).status).toBe(403);
    expect((await dept.get(`/api/ledgers/${id}/export.pdf`)).status).toBe(403);
    expect((await env.anon.get('/api/ledgers')).status).toBe(401);
    expect((await worker.get('/api/ledgers/not-a-uuid')).status).toBe(400);
    expect((await worker.get(`/api/ledgers/${id}/rows?pageSize=0`)).status).toBe(400);
    expect((await worker.get(`/api/ledgers/${id}/rows?period=11-2026`)).status).toBe(400);
    expect((await worker.get('/api/ledgers/00000000-0000-0000-0000-000000000000/rows')).status).toBe(404);
  });
});
