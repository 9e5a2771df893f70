import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let worker: Client, worker2: Client, secretary: Client, admin: Client, street: Client, dept: Client, grid: Client;
const ids: Record<string, string> = {};

async function typeId(code: string): Promise<string> {
  const rows = await env.ctx.db.query<{ id: string }>('SELECT id FROM cert_types WHERE code = $1', [code]);
  return rows[0].id;
}
async function personIn(code: string, n = 0): Promise<{ id: string; name: string; doc: string }> {
  const rows = await env.ctx.db.query<{ id: string; name: string; doc_enc: string }>(
    `SELECT p.id, p.name, p.doc_enc FROM persons p JOIN regions r ON r.id = p.community_id
     WHERE r.code = $1 AND p.status = 'living' AND p.doc_enc IS NOT NULL AND char_length(p.name) > 1 ORDER BY p.id OFFSET $2 LIMIT 1`,
    [code, n],
  );
  return { id: rows[0].id, name: rows[0].name, doc: env.ctx.crypto.decrypt(rows[0].doc_enc) };
}
export async function pdfText(buf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const tc = await (await doc.getPage(i)).getTextContent();
    out += tc.items.map((x) => ('str' in x ? x.str : '')).join('');
  }
  await doc.destroy();
  return out;
}
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');
async function upload(c: Client, name = 'evidence.png'): Promise<string> {
  const boundary = '----linli' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
    PNG, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/files', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.status).toBe(201);
  return res.body[0].id;
}

beforeAll(async () => {
  env = await setupTestEnv();
  [worker, worker2, secretary, admin, street, dept, grid] = await Promise.all(['worker', 'worker2', 'secretary', 'admin', 'street', 'dept', 'grid'].map((u) => env.login(u)));
  for (const c of ['residence', 'kinship', 'no_criminal_record', 'sole_housing']) ids[c] = await typeId(c);
});
afterAll(async () => env?.close());

describe('certificate catalogue', () => {
  it('seeds the three policies from the documents, idempotently', async () => {
    const res = await worker.get('/api/cert-types');
    expect(res.status).toBe(200);
    const byCode = new Map(res.body.map((t: { code: string }) => [t.code, t]));
    expect(byCode.get('residence')).toMatchObject({ name: '居住证明', policy: 'issue', version: 1, validityDays: 90 });
    expect(byCode.get('kinship')).toMatchObject({ policy: 'issue_with_evidence' });
    expect(byCode.get('kinship_unverifiable')).toMatchObject({ policy: 'not_issue' });
    const notIssue = res.body.filter((t: { policy: string }) => t.policy === 'not_issue');
    expect(notIssue.length).toBeGreaterThanOrEqual(15);
    for (const t of notIssue) expect(t.responsibleDepartment && t.alternative).toBeTruthy();
    const names = notIssue.map((t: { name: string }) => t.name).join('');
    for (const w of ['无犯罪记录', '婚姻状况', '出生', '死亡', '健在', '疾病', '残疾', '财产', '继承', '唯一住房', '遗失', '营业', '住院', '贷款', '车辆']) expect(names).toContain(w);
    const { seedCertificateCatalogue } = await import('../../seed/certificates.ts');
    await env.ctx.db.tx((q) => seedCertificateCatalogue(env.ctx, q));
    const again = await worker.get('/api/cert-types');
    expect(again.body.length).toBe(res.body.length);
  });

  it('an admin edit writes a new version; old versions stay; issued certificates keep theirs', async () => {
    const p = await personIn(CODES.garden, 5);
    const before = await worker.post('/api/certificates', { typeId: ids.residence, personId: p.id, purpose: '子女入学' });
    expect(before.status).toBe(201);
    expect(before.body.version).toBe(1);
    const cur = (await admin.get(`/api/cert-types/${ids.residence}`)).body;
    const { id: _i, versionId: _v, version: _n, createdAt: _c, ...body } = cur;
    const upd = await admin.put(`/api/cert-types/${ids.residence}`, { ...body, template: `${cur.template}\n（修订版）`, changeNote: '增加说明' });
    expect(upd.status).toBe(200);
    expect(upd.body.version).toBe(2);
    const versions = await worker.get(`/api/cert-types/${ids.residence}/versions`);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await worker.get(`/api/certificates/${before.body.id}`)).body.version).toBe(1);
    const after = await worker.post('/api/certificates', { typeId: ids.residence, personId: p.id });
    expect(after.body.version).toBe(2);
    expect((await admin.put(`/api/cert-types/${ids.residence}`, { ...body, code: 'renamed' })).status).toBe(400);
  });

  it('creates a type; refuses bad input and duplicates', async () => {
    const ok = await admin.post('/api/cert-types', { code: 'test_only', name: '测试证明', policy: 'not_issue', responsibleDepartment: '某部门', alternative: '请到某部门办理' });
    expect(ok.status).toBe(201);
    expect((await admin.post('/api/cert-types', { code: 'test_only', name: '测试证明', policy: 'not_issue', responsibleDepartment: '某部门', alternative: '请到某部门办理' })).status).toBe(409);
    const bad = await admin.post('/api/cert-types', { code: 'Bad Code', name: 'x', policy: 'not_issue' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['code', 'name', 'responsibleDepartment']));
    expect((await admin.post('/api/cert-types', { code: 'no_tpl', name: '无模板', policy: 'issue' })).status).toBe(400);
    expect((await admin.put('/api/cert-types/00000000-0000-0000-0000-000000000000', { code: 'x1', name: '测试', policy: 'not_issue', responsibleDepartment: 'a', alternative: 'b' })).status).toBe(404);
  });
});

describe('issuing a 居住证明', () => {
  let cert: { id: string; serialNo: string; verifyUrl: string };
  let person: { id: string; name: string; doc: string };

  it('person → filled from the base → preview (masked) → issue', async () => {
    person = await personIn(CODES.garden, 0);
    const pre = await worker.post('/api/certificates/preview', { typeId: ids.residence, personId: person.id, purpose: '子女入学' });
    expect(pre.status).toBe(200);
    expect(pre.body.body).toContain(person.name);
    expect(pre.body.body).toContain('花园社区');
    expect(pre.body.body).toContain(person.doc.slice(-4));
    expect(JSON.stringify(pre.body)).not.toContain(person.doc);
    expect(pre.body.issuer).toBe('文化路街道花园社区居民委员会');
    const prePdf = await worker.request('POST', '/api/certificates/preview.pdf', { typeId: ids.residence, personId: person.id });
    expect(prePdf.status).toBe(200);
    expect(await pdfText(prePdf.raw)).toContain('预览');

    const res = await worker.post('/api/certificates', { typeId: ids.residence, personId: person.id, purpose: '子女入学', requestedBy: '区教育局' });
    expect(res.status).toBe(201);
    expect(res.body.serialNo).toMatch(new RegExp(`^${CODES.garden}-\\d{4}-\\d{6}$`));
    expect(res.body).toMatchObject({ status: 'valid', holderName: person.name, typeName: '居住证明', communityName: '花园社区' });
    expect(res.body.holderDocMasked).toMatch(/^\*+.{4}$/);
    expect(res.body.verifyUrl).toMatch(/\/verify\/[A-Za-z0-9_-]+$/);
    cert = res.body;
  });

  it('the PDF embeds the Chinese text, the serial number, the issuer and date', async () => {
    const res = await worker.request('GET', `/api/certificates/${cert.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.raw.toString('latin1')).toMatch(/FontFile2/); // the font is embedded
    const text = await pdfText(res.raw);
    for (const s of ['居住证明', cert.serialNo, person.name, person.doc, '特此证明', '文化路街道花园社区居民委员会', '扫码核验真伪', '年', '月', '日', '子女入学']) expect(text).toContain(s);
    const logged = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cert.pdf' AND entity_id = $1`, [cert.id]);
    expect(logged[0].n).toBe(1);
    const detail = await env.ctx.db.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE entity_id = $1`, [cert.id]);
    expect(JSON.stringify(detail)).not.toContain(person.doc);
  });

  it('the public verification shows validity, type, date and masked details only, never a full ID number', async () => {
    const code = cert.verifyUrl.split('/').pop()!;
    const res = await env.anon.get(`/api/public/certificates/${code}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'valid', serialNo: cert.serialNo, typeName: '居住证明', issuer: '文化路街道花园社区居民委员会', revokedOn: null });
    expect(res.body.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain(person.doc);
    expect(raw).not.toContain(person.doc.slice(0, 14));
    expect(raw).not.toContain(person.name);
    expect(res.body.holderName).toBe(person.name[0] + '*'.repeat([...person.name].length - 1));
    expect(res.body.holderDocMasked).toBe('*'.repeat(14) + person.doc.slice(-4));
    expect(Object.keys(res.body).sort()).toEqual(['holderDocMasked', 'holderName', 'issuedOn', 'issuer', 'revokedOn', 'serialNo', 'status', 'typeName', 'validUntil']);
    expect((await env.anon.get('/api/public/certificates/unknown-code-123')).status).toBe(404);
    expect((await env.anon.get('/api/public/certificates/bad%20code')).status).toBe(400);
  });

  it('revocation needs the permission and a reason; a revoked certificate verifies as revoked', async () => {
    expect((await worker.post(`/api/certificates/${cert.id}/revoke`, { reason: '信息有误' })).status).toBe(403);
    expect((await secretary.post(`/api/certificates/${cert.id}/revoke`, { reason: '' })).status).toBe(400);
    const res = await secretary.post(`/api/certificates/${cert.id}/revoke`, { reason: '住址信息有误' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'revoked', revokeReason: '住址信息有误' });
    const again = await secretary.post(`/api/certificates/${cert.id}/revoke`, { reason: '再次撤销' });
    expect(again.status).toBe(409);
    const v = await env.anon.get(`/api/public/certificates/${cert.verifyUrl.split('/').pop()}`);
    expect(v.body.status).toBe('revoked');
    expect(v.body.revokedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(v.body)).not.toContain('住址信息有误');
    const pdf = await secretary.request('GET', `/api/certificates/${cert.id}/pdf`);
    expect(await pdfText(pdf.raw)).toContain('已撤销');
  });

  it('refuses a moved-out person and a missing person', async () => {
    const p = await personIn(CODES.garden, 7);
    await env.ctx.db.query(`UPDATE persons SET status = 'moved_out' WHERE id = $1`, [p.id]);
    expect((await worker.post('/api/certificates', { typeId: ids.residence, personId: p.id })).status).toBe(409);
    await env.ctx.db.query(`UPDATE persons SET status = 'living' WHERE id = $1`, [p.id]);
    expect((await worker.post('/api/certificates', { typeId: ids.residence })).status).toBe(400);
    expect((await worker.post('/api/certificates', { typeId: ids.residence, personId: '00000000-0000-0000-0000-000000000000' })).status).toBe(404);
  });
});

describe('with evidence', () => {
  it('needs uploaded, confirmed evidence and the details; then issues', async () => {
    const p = await personIn(CODES.garden, 1);
    const base = { typeId: ids.kinship, personId: p.id, details: `${p.name}与张某某系母子关系` };
    const none = await worker.post('/api/certificates', base);
    expect(none.status).toBe(400);
    expect(none.body.error.fields[0].path).toBe('evidence');
    const fileId = await upload(worker);
    expect((await worker.post('/api/certificates', { ...base, evidence: [{ fileId }] })).status).toBe(400); // not confirmed
    expect((await worker.post('/api/certificates', { ...base, details: '', evidence: [{ fileId }], evidenceConfirmed: true })).status).toBe(400);
    const otherFile = await upload(worker2);
    expect((await worker.post('/api/certificates', { ...base, evidence: [{ fileId: otherFile }], evidenceConfirmed: true })).status).toBe(400);
    const ok = await worker.post('/api/certificates', { ...base, evidence: [{ fileId, note: '户口簿' }], evidenceConfirmed: true });
    expect(ok.status).toBe(201);
    const text = await pdfText((await worker.request('GET', `/api/certificates/${ok.body.id}/pdf`)).raw);
    expect(text).toContain('亲属关系证明');
    expect(text).toContain('母子关系');
  });
});

describe('not_issue', () => {
  it('is refused with the redirect text and counted per type and per requesting department', async () => {
    const p = await personIn(CODES.garden, 2);
    const before = (await street.get('/api/certificates/refusals')).body;
    const r1 = await worker.post('/api/certificates/preview', { typeId: ids.no_criminal_record, personId: p.id, requestedBy: '某科技公司' });
    expect(r1.status).toBe(409);
    expect(r1.body.error.message).toContain('社区不出具「无犯罪记录证明」');
    expect(r1.body.error.message).toContain('公安派出所');
    const r2 = await worker.post('/api/certificates', { typeId: ids.sole_housing, requestedBy: '某商业银行' });
    expect(r2.status).toBe(409);
    expect(r2.body.error.message).toContain('告知承诺制');
    await worker.post('/api/certificates', { typeId: ids.sole_housing, personId: p.id, requestedBy: '某商业银行' });
    const count = await env.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM certificates WHERE type_id = ANY($1)', [[ids.no_criminal_record, ids.sole_housing]]);
    expect(count[0].n).toBe(0);
    const after = (await street.get('/api/certificates/refusals')).body;
    expect(after.total).toBe(before.total + 3);
    const n = (s: typeof after, code: string) => s.byType.find((t: { code: string }) => t.code === code)?.count ?? 0;
    expect(n(after, 'sole_housing')).toBe(n(before, 'sole_housing') + 2);
    expect(n(after, 'no_criminal_record')).toBe(n(before, 'no_criminal_record') + 1);
    const bank = (s: typeof after) => s.byRequester.find((x: { requestedBy: string }) => x.requestedBy === '某商业银行')?.count ?? 0;
    expect(bank(after)).toBe(bank(before) + 2);
    // Another street's staff sees none of 花园社区's refusals.
    const w2 = await worker2.get('/api/certificates/refusals');
    expect(w2.status).toBe(403);
    const district = await (await env.login('district')).get('/api/certificates/refusals?from=2000-01-01&to=2100-01-01');
    expect(district.body.total).toBeGreaterThanOrEqual(after.total);
    expect((await street.get('/api/certificates/refusals?from=bad')).status).toBe(400);
  });
});

describe('serial numbers', () => {
  it('20 concurrent issues get distinct, consecutive numbers (no gaps, no duplicates)', async () => {
    const persons = await env.ctx.db.query<{ id: string }>(
      `SELECT p.id FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.code = $1 AND p.status = 'living' ORDER BY p.id LIMIT 20`, [CODES.garden]);
    const start = await env.ctx.db.query<{ last: number }>(`SELECT last FROM doc_counters WHERE kind = 'certificate' AND community_id = $1`, [env.region(CODES.garden)]);
    const results = await Promise.all(persons.map((p) => worker.post('/api/certificates', { typeId: ids.residence, personId: p.id, purpose: '并发测试' })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const seqs = results.map((r) => Number(r.body.serialNo.split('-').pop())).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(20);
    const first = Number(start[0]?.last ?? 0) + 1;
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => first + i));
    // The whole year's numbers for the community have no gaps.
    const all = await env.ctx.db.query<{ seq: number }>('SELECT seq FROM certificates WHERE community_id = $1 ORDER BY seq', [env.region(CODES.garden)]);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    // A transaction that fails after taking a number gives it back (no gap).
    const { nextNumber } = await import('../../lib/counters.ts');
    const year = Number(results[0].body.serialNo.split('-')[1]);
    await expect(env.ctx.db.tx(async (q) => { await nextNumber(q, 'certificate', env.region(CODES.garden), year); throw new Error('rollback'); })).rejects.toThrow('rollback');
    // A refused or failed issue does not consume a number.
    await worker.post('/api/certificates', { typeId: ids.kinship, personId: persons[0].id });
    const next = await worker.post('/api/certificates', { typeId: ids.residence, personId: persons[0].id });
    expect(Number(next.body.serialNo.split('-').pop())).toBe(first + 20);
  });
});

describe('register', () => {
  it('filters and exports', async () => {
    const list = await worker.get('/api/certificates?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(20);
    expect(list.body.items.every((c: { communityName: string }) => c.communityName === '花园社区')).toBe(true);
    const revoked = await worker.get('/api/certificates?status=revoked');
    expect(revoked.body.items.length).toBeGreaterThan(0);
    expect(revoked.body.items.every((c: { status: string }) => c.status === 'revoked')).toBe(true);
    const byType = await worker.get(`/api/certificates?typeId=${ids.kinship}`);
    expect(byType.body.total).toBe(1);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await worker.get(`/api/certificates?from=${today}&to=${today}`)).body.total).toBe(list.body.total);
    expect((await worker.get('/api/certificates?from=2000-01-01&to=2000-01-02')).body.total).toBe(0);
    expect((await worker.get('/api/certificates?status=lost')).status).toBe(400);
    expect((await worker.get('/api/certificates?pageSize=1000')).status).toBe(400);

    const x = await worker.request('GET', `/api/certificates/export.xlsx?typeId=${ids.residence}`);
    expect(x.status).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('证明开具登记簿');
    expect(ws.getRow(2).getCell(1).value).toBe('证明编号');
    expect(ws.rowCount).toBeGreaterThan(20);
    const flat = JSON.stringify(ws.getSheetValues());
    const p = await personIn(CODES.garden, 0);
    expect(flat).not.toContain(p.doc);
  });
});

describe('scope', () => {
  it('worker2 (和平里社区) can neither see nor issue for 花园社区 persons', async () => {
    const p = await personIn(CODES.garden, 3);
    expect((await worker2.post('/api/certificates/preview', { typeId: ids.residence, personId: p.id })).status).toBe(404);
    expect((await worker2.post('/api/certificates', { typeId: ids.residence, personId: p.id })).status).toBe(404);
    const gardenCert = (await worker.get('/api/certificates?pageSize=1')).body.items[0];
    expect((await worker2.get(`/api/certificates/${gardenCert.id}`)).status).toBe(404);
    expect((await worker2.request('GET', `/api/certificates/${gardenCert.id}/pdf`)).status).toBe(404);
    const list = await worker2.get('/api/certificates?pageSize=200');
    expect(list.body.items.some((c: { communityId: number }) => c.communityId === env.region(CODES.garden))).toBe(false);
    const own = await personIn(CODES.heping, 0);
    const ok = await worker2.post('/api/certificates', { typeId: ids.residence, personId: own.id });
    expect(ok.status).toBe(201);
    expect(ok.body.serialNo.startsWith(CODES.heping)).toBe(true);
    // The secretary of 花园社区 cannot revoke 和平里's certificate.
    expect((await secretary.post(`/api/certificates/${ok.body.id}/revoke`, { reason: '越权测试' })).status).toBe(404);
    // The street sees both of its own communities' certificates but not the other street's.
    const st = await street.get('/api/certificates?pageSize=200');
    expect(st.body.items.some((c: { communityId: number }) => c.communityId === env.region(CODES.heping))).toBe(false);
    expect(st.body.items.some((c: { communityId: number }) => c.communityId === env.region(CODES.garden))).toBe(true);
  });
});

describe('person lookup at the counter', () => {
  it('finds by name prefix, last four digits or full ID number, masked, in scope only', async () => {
    const p = await personIn(CODES.garden, 4);
    const byName = await worker.get(`/api/certificates/persons?q=${encodeURIComponent(p.name)}`);
    expect(byName.status).toBe(200);
    expect(byName.body.map((x: { id: string }) => x.id)).toContain(p.id);
    expect(JSON.stringify(byName.body)).not.toContain(p.doc);
    expect((await worker.get(`/api/certificates/persons?q=${p.doc.slice(-4)}`)).body.map((x: { id: string }) => x.id)).toContain(p.id);
    const byId = await worker.get(`/api/certificates/persons?q=${p.doc}`);
    expect(byId.body).toHaveLength(1);
    expect(byId.body[0]).toMatchObject({ id: p.id, communityName: '花园社区' });
    expect((await worker2.get(`/api/certificates/persons?q=${p.doc}`)).body).toEqual([]);
    expect((await worker.get('/api/certificates/persons?q=')).status).toBe(400);
    expect((await worker.get('/api/applications/persons?q=' + encodeURIComponent(p.name))).body.map((x: { id: string }) => x.id)).toContain(p.id);
  });
});

describe('authorization', () => {
  const T = '00000000-0000-0000-0000-000000000000';
  const routes: [string, string, string][] = [
    ['GET', '/api/cert-types', 'dept'],
    ['GET', `/api/cert-types/${T}`, 'dept'],
    ['GET', `/api/cert-types/${T}/versions`, 'dept'],
    ['POST', '/api/cert-types', 'worker'],
    ['PUT', `/api/cert-types/${T}`, 'secretary'],
    ['POST', '/api/certificates/preview', 'street'],
    ['GET', '/api/certificates/persons?q=a', 'street'],
    ['POST', '/api/certificates/preview.pdf', 'grid'],
    ['POST', '/api/certificates', 'dept'],
    ['GET', '/api/certificates', 'grid'],
    ['GET', '/api/certificates/export.xlsx', 'dept'],
    ['GET', '/api/certificates/refusals', 'worker'],
    ['GET', `/api/certificates/${T}`, 'grid'],
    ['GET', `/api/certificates/${T}/pdf`, 'dept'],
    ['POST', `/api/certificates/${T}/revoke`, 'worker'],
  ];
  it.each(routes)('%s %s is forbidden for %s, and needs a login', async (method, url, who) => {
    const c = { worker, secretary, street, dept, grid }[who as 'worker']!;
    const res = await c.request(method, url, method === 'GET' ? undefined : {});
    expect(res.status).toBe(403);
    expect((await env.anon.request(method, url, method === 'GET' ? undefined : {})).status).toBe(401);
  });
  it('residents cannot issue or read the register', async () => {
    const res = await env.anon.get('/api/certificates');
    expect(res.status).toBe(401);
  });
  it('bad ids are 400', async () => {
    expect((await worker.get('/api/certificates/not-a-uuid')).status).toBe(400);
    expect((await worker.post('/api/certificates', { typeId: 'x', personId: 'y' })).status).toBe(400);
  });
});
