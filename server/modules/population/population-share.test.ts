// Export (masked unless revealed, audited, formula-safe) and department sharing through API tokens.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { makeResidentId } from '../../lib/id-number.ts';

let env: TestEnv;
let worker: Client, secretary: Client, admin: Client, worker2: Client;
beforeAll(async () => {
  env = await setupTestEnv();
  [worker, secretary, admin, worker2] = await Promise.all(['worker', 'secretary', 'admin', 'worker2'].map((u) => env.login(u)));
});
afterAll(async () => env?.close());

async function sheet(raw: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('export', () => {
  const doc = makeResidentId('370102', '1970-07-07', 501, 'M');
  beforeAll(async () => {
    const r = await worker.post('/api/persons', { name: '导出测试', docNumber: doc, phone: '13600001234', registeredAddress: '=HYPERLINK("http://x")' });
    expect(r.status).toBe(201);
  });

  test('masked by default, formula-safe, audited', async () => {
    const res = await worker.get(`/api/persons/export.xlsx?q=${encodeURIComponent('导出测试')}&reveal=true`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const rows = await sheet(res.raw);
    expect(rows[0][0]).toBe('人员名单');
    expect(rows[2]).toContain('姓名');
    const row = rows[3];
    expect(row[0]).toBe('导出测试');
    expect(row).toContain(`**************${doc.slice(-4)}`);
    expect(row).toContain('*******1234');
    expect(row).toContain(`'=HYPERLINK("http://x")`);
    const a = await env.ctx.db.query<{ action: string; detail: { revealed: boolean } }>(`SELECT action, detail FROM audit_log WHERE action LIKE 'person.export%' ORDER BY id DESC LIMIT 1`);
    // worker asked to reveal but lacks person.reveal: masked, and audited as a plain export
    expect(a[0]).toMatchObject({ action: 'person.export', detail: { revealed: false } });
  });

  test('revealed for a user who may, and audited as such', async () => {
    const res = await secretary.get(`/api/persons/export.xlsx?q=${doc}&reveal=true`);
    const rows = await sheet(res.raw);
    expect(rows[3]).toContain(doc);
    expect(rows[3]).toContain('13600001234');
    const a = await env.ctx.db.query<{ action: string; detail: { filters: { q: string } } }>(`SELECT action, detail FROM audit_log WHERE action LIKE 'person.export%' ORDER BY id DESC LIMIT 1`);
    expect(a[0].action).toBe('person.export.reveal');
    expect(JSON.stringify(a[0].detail)).not.toContain(doc);
  });

  test('scoped: worker2 exports none of 花园社区', async () => {
    const rows = await sheet((await worker2.get(`/api/persons/export.xlsx?q=${encodeURIComponent('导出测试')}`)).raw);
    expect(rows).toHaveLength(3);
    const all = await sheet((await worker2.get('/api/persons/export.xlsx')).raw);
    expect(all.length).toBeGreaterThan(10);
    expect(all.slice(3).every((r) => r[9] === '和平里社区')).toBe(true);
  });

  test('bad filters → 400', async () => {
    expect((await worker.get('/api/persons/export.xlsx?gender=X')).status).toBe(400);
  });
});

describe('department sharing', () => {
  async function token(body: Record<string, unknown>) {
    const r = await admin.post('/api/tokens', { name: '区残联数据共享', ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.token as string;
  }
  const bearer = (t: string, url: string) => env.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t}` } });

  test('reads only persons with its tags, only its fields, within its region; every read audited', async () => {
    const t = await token({ regionId: env.region(CODES.street1), permissions: ['person.share'], shareTags: ['disabled'], shareFields: ['name', 'docNumber', 'tags'] });
    const res = await bearer(t, '/api/share/persons?pageSize=500');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.fields).toEqual(['name', 'docNumber', 'tags']);
    for (const p of body.items) {
      expect(Object.keys(p).sort()).toEqual(['docNumber', 'id', 'name', 'tags', 'updatedAt']);
      expect(p.docNumber).toMatch(/^[0-9A-Z]{8,18}$/);
      expect(p.tags.map((x: { code: string }) => x.code)).toEqual(['disabled']);
      expect(p.tags[0].attributes.category).toBeTruthy();
    }
    const ids = body.items.map((p: { id: string }) => p.id);
    const regions = await env.ctx.db.query<{ path: string }>(`SELECT DISTINCT r.path FROM persons p JOIN regions r ON r.id = p.community_id WHERE p.id = ANY($1)`, [ids]);
    const street = await env.ctx.db.query<{ path: string }>('SELECT path FROM regions WHERE id = $1', [env.region(CODES.street1)]);
    expect(regions.every((r) => r.path.startsWith(street[0].path))).toBe(true);
    const audit = await env.ctx.db.query<{ detail: { personIds: string[] }; token_id: string }>(`SELECT detail, token_id FROM audit_log WHERE action = 'person.share.read' ORDER BY id DESC LIMIT 1`);
    expect(audit[0].detail.personIds.sort()).toEqual([...ids].sort());
    expect(audit[0].token_id).toBeTruthy();
    const one = await bearer(t, `/api/share/persons/${ids[0]}`);
    expect(one.statusCode).toBe(200);
    expect(Object.keys(one.json()).sort()).toEqual(['docNumber', 'id', 'name', 'tags', 'updatedAt']);
  });

  test('other tags, persons without the tag, and persons outside the region are refused', async () => {
    const t = await token({ regionId: env.region(CODES.garden), permissions: ['person.share'], shareTags: ['disabled'], shareFields: ['name'] });
    expect((await bearer(t, '/api/share/persons?tag=low_income')).statusCode).toBe(403);
    const noTag = await env.ctx.db.query<{ id: string }>(`SELECT id FROM persons p WHERE community_id = $1 AND NOT EXISTS (SELECT 1 FROM person_tags WHERE person_id = p.id AND tag_code = 'disabled') LIMIT 1`, [env.region(CODES.garden)]);
    expect((await bearer(t, `/api/share/persons/${noTag[0].id}`)).statusCode).toBe(404);
    const outside = await env.ctx.db.query<{ id: string }>(`SELECT p.id FROM persons p JOIN person_tags pt ON pt.person_id = p.id AND pt.tag_code = 'disabled' WHERE p.community_id = $1 LIMIT 1`, [env.region(CODES.heping)]);
    expect((await bearer(t, `/api/share/persons/${outside[0].id}`)).statusCode).toBe(404);
    const list = (await bearer(t, '/api/share/persons?pageSize=500')).json();
    expect(list.items.every((p: Record<string, unknown>) => Object.keys(p).sort().join() === 'id,name,updatedAt')).toBe(true);
  });

  test('sensitive tags need their permission on the token too; tokens without share grants are refused', async () => {
    const t = await token({ regionId: env.region(CODES.district), permissions: ['person.share'], shareTags: ['corrections'], shareFields: ['name'] });
    expect((await bearer(t, '/api/share/persons')).json().total).toBe(0);
    const t2 = await token({ regionId: env.region(CODES.district), permissions: ['person.share', 'tag.sensitive.corrections'], shareTags: ['corrections'], shareFields: ['name'] });
    const n = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM person_tags WHERE tag_code = 'corrections'`);
    expect((await bearer(t2, '/api/share/persons')).json().total).toBe(n[0].n);
    const t3 = await token({ regionId: env.region(CODES.district), permissions: ['person.share'] });
    expect((await bearer(t3, '/api/share/persons')).statusCode).toBe(403);
    const t4 = await token({ regionId: env.region(CODES.district), permissions: ['person.read'], shareTags: ['disabled'], shareFields: ['name'] });
    expect((await bearer(t4, '/api/share/persons')).statusCode).toBe(403);
  });
});
