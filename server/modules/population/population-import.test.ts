// Import: messy workbooks built here with exceljs, preview and mapping correction, every rejected row reported,
// idempotent re-import, and a batch that fails midway leaving nothing behind (then resuming).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { checkChar, makeResidentId } from '../../lib/id-number.ts';
import { runOneJob } from '../../lib/jobs.ts';
import { runImport } from './population-import.ts';
import { detectHeader, fieldForHeader, isIgnorableRow, readRows } from './population-workbook.ts';

let env: TestEnv;
let worker: Client, worker2: Client;
beforeAll(async () => {
  env = await setupTestEnv();
  [worker, worker2] = await Promise.all([env.login('worker'), env.login('worker2')]);
});
afterAll(async () => env?.close());

const id = (birth: string, seq: number, g: 'M' | 'F') => makeResidentId('370102', birth, seq, g);
function idEndingInX(): string {
  for (let s = 1; s < 999; s++) {
    const first17 = `37010219700101${String(s).padStart(3, '0')}`;
    if (checkChar(first17) === 'X') return first17 + 'X';
  }
  throw new Error('none');
}
const X_ID = idEndingInX();
const FULLWIDTH_X = X_ID.slice(0, 17).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) + 'x';
const DUP = id('1960-07-15', 31, 'M');

/** A register as communities keep it: merged title, two-level header, mixed dates, a signature block at the bottom. */
async function messyWorkbook(extraRows: unknown[][] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人口登记');
  ws.addRow(['花园社区居民信息登记表（2026年）']);
  ws.mergeCells('A1:K1');
  ws.addRow(['序号', '姓名', '基本信息', null, null, '联系方式', null, '人口类型', '楼栋', '单元', '房号']);
  ws.addRow([null, null, '性别', '出生日期', '公民身份号码\n（18位）', '联系电话', '户籍地址']);
  ws.mergeCells('A2:A3');
  ws.mergeCells('B2:B3');
  ws.mergeCells('C2:E2');
  ws.mergeCells('F2:G2');
  ws.mergeCells('H2:H3');
  ws.mergeCells('I2:I3');
  ws.mergeCells('J2:J3');
  ws.mergeCells('K2:K3');
  const rows: unknown[][] = [
    [1, '张三 ', '男', '1950-3-2', id('1950-03-02', 11, 'M'), '138-0013-8001', '济南市历下区', '户籍', '1号楼', '1', '101'],
    [2, '阿不都·热合曼', null, '1975.6.1', id('1975-06-01', 21, 'M'), '0531-88886666', null, '流动', '1号楼', '1', '101'],
    [3, '李四', '女', '1988年12月31日', id('1988-12-31', 22, 'F'), null, null, '常住', '1号楼', '1', '102'],
    [4, '王五', '男', new Date(Date.UTC(1960, 6, 15)), DUP, '13900000004', null, null, '新建99号楼', '2单元', '502'],
    [5, '赵六', '男', '1950-3-3', id('1950-03-02', 41, 'M'), null, null, null, null, null, null],
    [6, '钱七', '女', null, id('1970-01-01', 52, 'F').slice(0, 17) + (id('1970-01-01', 52, 'F')[17] === '1' ? '2' : '1'), null, null, null, null, null, null],
    [7, '王五重复', '男', null, DUP, null, null, null, null, null, null],
    [8, '孙八', '男', 25569, FULLWIDTH_X, ' 13900000008 ', null, null, null, null, null],
    [9, '周九', '男', null, '370102500302013', null, null, null, null, null, null],
    [10, '吴十', '女', null, id('1990-01-01', 62, 'F'), '12345', null, null, null, null, null],
    [11, '郑一', '女', '1990-02-30', id('1990-01-01', 64, 'F'), null, null, null, null, null, null],
    ...extraRows,
  ];
  for (const r of rows) ws.addRow(r);
  ws.getColumn(4).numFmt = 'yyyy-mm-dd';
  ws.addRow([]);
  ws.addRow(['制表人：王书记', null, null, '审核人：', null, null, '日期：2026年11月20日']);
  ws.addRow(['社区（盖章）']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(client: Client, data: Buffer, name: string) {
  const boundary = '----linli' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request('POST', '/api/population/imports', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

async function drainJobs() {
  while (await runOneJob(env.ctx, 'test-worker')) { /* run until the queue is empty */ }
}

describe('workbook reading', () => {
  test('header synonyms', () => {
    expect(fieldForHeader('公民身份号码')).toBe('docNumber');
    expect(fieldForHeader('身份证号')).toBe('docNumber');
    expect(fieldForHeader('证件号码（必填）')).toBe('docNumber');
    expect(fieldForHeader('户主身份证号')).toBe('docNumber');
    expect(fieldForHeader(' 联系电话* ')).toBe('phone');
    expect(fieldForHeader('出生年月')).toBe('birthDate');
    expect(fieldForHeader('序号')).toBeNull();
  });
  test('signature lines and empty rows are not data', () => {
    expect(isIgnorableRow([null, null])).toBe(true);
    expect(isIgnorableRow(['制表人：王书记', null, '审核人：', '日期：2026年11月20日'])).toBe(true);
    expect(isIgnorableRow(['社区（盖章）'])).toBe(true);
    expect(isIgnorableRow([1, '张三', '男', '1950-3-2'])).toBe(false);
  });
  test('two-level header under a merged title row', async () => {
    const rows = [];
    for await (const r of readRows({ data: await messyWorkbook(), name: 'a.xlsx' })) rows.push(r);
    const h = detectHeader(rows)!;
    expect(h.headerRow).toBe(3);
    expect(h.mapping).toMatchObject({ 1: 'name', 2: 'gender', 3: 'birthDate', 4: 'docNumber', 5: 'phone', 6: 'registeredAddress', 7: 'residencyType', 8: 'building', 9: 'unit', 10: 'room' });
    expect(h.mapping[0]).toBeNull();
  });
});

describe('import through the API', () => {
  let importId: string;
  test('preview detects header and mapping and samples rows', async () => {
    const res = await upload(worker, await messyWorkbook(), '花园社区人口.xlsx');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    importId = res.body.importId;
    expect(res.body.headerRow).toBe(3);
    expect(res.body.rows).toBe(11);
    expect(res.body.missing).toEqual([]);
    expect(res.body.columns[4]).toMatchObject({ header: '公民身份号码\n（18位）', field: 'docNumber' });
    expect(res.body.columns[1].header).toBe('姓名');
    expect(res.body.sample[0]).toMatchObject({ row: 4, ok: true });
    expect(res.body.sample[4]).toMatchObject({ row: 8, ok: false });
    expect(res.body.sample[4].reason).toContain('不一致');
    expect(JSON.stringify(res.body.sample)).not.toContain(id('1950-03-02', 11, 'M'));
    expect((await worker2.get(`/api/population/imports/${importId}/preview`)).status).toBe(404);
  });

  test('a dry run checks the whole file before committing; its error report can be read first', async () => {
    const d = await worker.post(`/api/population/imports/${importId}/commit`, { dryRun: true });
    expect(d.status).toBe(202);
    expect(d.body).toMatchObject({ status: 'checked', rows: 11, valid: 6, invalid: 5, created: 6, jobId: null, rejectedTotal: 5 });
    expect((await worker.get(`/api/population/imports/${importId}`)).body.status).toBe('preview');
    const x = await worker.get(`/api/population/imports/${importId}/errors.xlsx`);
    expect(x.status).toBe(200);
    const bidx = env.ctx.crypto.blindIndex('doc', id('1975-06-01', 21, 'M'));
    expect((await env.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons WHERE doc_bidx = $1', [bidx]))[0].n).toBe(0);
  });

  test('commit runs as a job; every rejected row is reported with its row number and reason', async () => {
    const c = await worker.post(`/api/population/imports/${importId}/commit`, {});
    expect(c.status).toBe(202);
    expect(c.body.status).toBe('queued');
    expect((await worker.post(`/api/population/imports/${importId}/commit`, {})).status).toBe(409);
    await drainJobs();
    const s = (await worker.get(`/api/population/imports/${importId}`)).body;
    expect(s).toMatchObject({ status: 'done', rows: 11, valid: 6, invalid: 5, created: 6, updated: 0 });
    const reasons = Object.fromEntries(s.rejected.map((r: { row: number; reason: string }) => [r.row, r.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([8, 9, 10, 13, 14]);
    expect(reasons[8]).toContain('出生日期 1950-03-03 与身份证号中的 1950-03-02 不一致');
    expect(reasons[9]).toContain('校验位');
    expect(reasons[10]).toContain('与第 7 行重复');
    expect(reasons[13]).toContain('联系电话');
    expect(reasons[14]).toContain('不是有效日期');
    const job = (await worker.get(`/api/jobs/${c.body.jobId}`)).body;
    expect(job.status).toBe('succeeded');
  });

  test('imported persons are normalised, placed in buildings and found by pinyin', async () => {
    const zs = (await worker.get(`/api/persons?q=zs&pageSize=200`)).body.items.find((p: { name: string }) => p.name === '张三');
    expect(zs).toMatchObject({ gender: 'M', birthDate: '1950-03-02', residencyType: 'registered', address: '1号楼 1单元 101室' });
    const abdu = (await worker.get(`/api/persons?q=${encodeURIComponent('阿不都')}`)).body.items[0];
    expect(abdu).toMatchObject({ name: '阿不都·热合曼', residencyType: 'floating', phone: '*******6666' });
    const x = (await worker.get(`/api/persons?q=${X_ID}`)).body.items[0];
    expect(x).toMatchObject({ name: '孙八', birthDate: '1970-01-01' });
    const old = (await worker.get(`/api/persons?q=${encodeURIComponent('周九')}`)).body.items[0];
    expect(old.docNumber.endsWith(makeResidentId('370102', '1950-03-02', 13, 'M').slice(-4))).toBe(true);
    const wang = (await worker.get(`/api/persons?q=${DUP}`)).body.items[0];
    expect(wang).toMatchObject({ name: '王五', birthDate: '1960-07-15', address: '新建99号楼 2单元 502室' });
    const b = await env.ctx.db.query<{ floors: number; units: number }>(`SELECT floors, units FROM buildings WHERE name = '新建99号楼'`);
    expect(b[0]).toEqual({ floors: 5, units: 2 });
    const hist = (await worker.get(`/api/persons/${zs.id}/page`)).body.history;
    expect(hist[0]).toMatchObject({ action: 'import' });
  });

  test('the error report is an xlsx with the original cells and an error column', async () => {
    const res = await worker.get(`/api/population/imports/${importId}/errors.xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = ws.getRow(2).values as unknown[];
    expect(header[1]).toBe('原表行号');
    expect(header[header.length - 1]).toBe('错误原因');
    const r = ws.getRow(3).values as unknown[];
    expect(r[1]).toBe(8);
    expect(r[3]).toBe('赵六');
    expect(String(r[r.length - 1])).toContain('不一致');
    expect(ws.rowCount).toBe(2 + 5);
  });

  test('importing the same file again changes nothing', async () => {
    const before = await env.ctx.db.query<{ n: number; v: number }>(`SELECT count(*)::int AS n, sum(version)::int AS v FROM persons`);
    const res = await upload(worker, await messyWorkbook(), 'again.xlsx');
    await worker.post(`/api/population/imports/${res.body.importId}/commit`, {});
    await drainJobs();
    const s = (await worker.get(`/api/population/imports/${res.body.importId}`)).body;
    expect(s).toMatchObject({ created: 0, updated: 0, unchanged: 6, invalid: 5 });
    const after = await env.ctx.db.query<{ n: number; v: number }>(`SELECT count(*)::int AS n, sum(version)::int AS v FROM persons`);
    expect(after).toEqual(before);
  });

  test('a changed row updates the person with history; a person of another community is refused', async () => {
    const other = await env.ctx.db.query<{ id: string; doc_enc: string }>(`SELECT id, doc_enc FROM persons WHERE community_id = $1 AND doc_type = 'resident_id' LIMIT 1`, [env.region(CODES.heping)]);
    const otherDoc = env.ctx.crypto.decrypt(other[0].doc_enc);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['姓名', '身份证号', '文化程度']);
    ws.addRow(['张三', id('1950-03-02', 11, 'M'), '本科']);
    ws.addRow(['别人', otherDoc, null]);
    const res = await upload(worker, Buffer.from(await wb.xlsx.writeBuffer()), 'fix.xlsx');
    await worker.post(`/api/population/imports/${res.body.importId}/commit`, {});
    await drainJobs();
    const s = (await worker.get(`/api/population/imports/${res.body.importId}`)).body;
    expect(s).toMatchObject({ created: 0, updated: 1, invalid: 1 });
    expect(s.rejected[0].reason).toContain('其他社区');
    const zs = (await worker.get(`/api/persons?q=${id('1950-03-02', 11, 'M')}`)).body.items[0];
    const page = (await worker.get(`/api/persons/${zs.id}/page`)).body;
    expect(page.person.education).toBe('本科');
    expect(page.history[0]).toMatchObject({ action: 'import.update', before: { education: null }, after: { education: '本科' } });
    const untouched = await env.ctx.db.query<{ name: string }>('SELECT name FROM persons WHERE id = $1', [other[0].id]);
    expect(untouched[0].name).not.toBe('别人');
  });

  test('the user corrects a column mapping the importer could not guess', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['居民名单']);
    ws.addRow(['姓名', '性别', '居民证件']);
    ws.addRow(['冯二', '女', id('1985-05-05', 72, 'F')]);
    const res = await upload(worker, Buffer.from(await wb.xlsx.writeBuffer()), 'odd.xlsx');
    expect(res.status).toBe(201);
    expect(res.body.missing).toEqual(['docNumber']);
    const bad = await worker.post(`/api/population/imports/${res.body.importId}/commit`, {});
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('证件号码');
    const twice = await worker.post(`/api/population/imports/${res.body.importId}/commit`, { mapping: { 0: 'name', 1: 'name', 2: 'docNumber' } });
    expect(twice.status).toBe(400);
    const ok = await worker.post(`/api/population/imports/${res.body.importId}/commit`, { mapping: { 0: 'name', 1: 'gender', 2: 'docNumber' } });
    expect(ok.status).toBe(202);
    await drainJobs();
    expect((await worker.get(`/api/population/imports/${res.body.importId}`)).body).toMatchObject({ created: 1, invalid: 0 });
  });

  test('CSV saved by Excel on Chinese Windows (GBK) is decoded', async () => {
    // 姓名,身份证号 / 张三,<id> in GBK bytes
    const gbk = Buffer.concat([Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]), Buffer.from(','), Buffer.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5]), Buffer.from('\r\n'),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(`,${id('1950-03-02', 11, 'M')}\r\n`)]);
    const rows = [];
    for await (const r of readRows({ data: gbk, name: 'gbk.csv' })) rows.push(r.cells);
    expect(rows).toEqual([['姓名', '身份证号'], ['张三', id('1950-03-02', 11, 'M')]]);
    const res = await upload(worker, gbk, 'gbk.csv');
    expect(res.status).toBe(201);
    expect(res.body.mapping).toEqual({ 0: 'name', 1: 'docNumber' });
  });

  test('CSV (UTF-8) with other column names and date formats', async () => {
    const text = '身份证号,姓名,出生日期,手机号\r\n' + `${id('1979-09-09', 81, 'M')},褚十一,1979/9/9,13911112222\r\n` + `${id('1979-09-10', 83, 'M')},卫十二,19790910,\r\n`;
    const res = await upload(worker, Buffer.from('\uFEFF' + text), 'list.csv');
    expect(res.status).toBe(201);
    expect(res.body.mapping).toEqual({ 0: 'docNumber', 1: 'name', 2: 'birthDate', 3: 'phone' });
    await worker.post(`/api/population/imports/${res.body.importId}/commit`, {});
    await drainJobs();
    expect((await worker.get(`/api/population/imports/${res.body.importId}`)).body).toMatchObject({ created: 2, invalid: 0 });
  });

  test('bad files: no header, wrong type, not multipart', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRow(['随便', '什么']);
    const noHeader = await upload(worker, Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx');
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.message).toContain('表头');
    expect((await upload(worker, Buffer.from('%PDF-1.4'), 'x.pdf')).status).toBe(415);
    expect((await worker.post('/api/population/imports', { a: 1 })).status).toBe(400);
  });
});

// Retried: exceljs's streaming WorkbookReader now and then threw "Cannot read properties of undefined (reading
// 'sheets')" (seen once in ~10 runs under load). population-workbook.ts now re-reads once when that happens
// before any row was read; the retry stays until that guard has proven itself. Three failures in a row still fail.
describe('batches', { retry: 2 }, () => {
  test('a batch that fails midway leaves nothing of that batch; the import then resumes from its checkpoint', async () => {
    const extra = Array.from({ length: 9 }, (_, i) => [20 + i, `批次${'甲乙丙丁戊己庚辛壬'[i]}`, null, null, id('1991-01-01', 100 + i * 2, 'M'), null, null, null, null, null, null]);
    const res = await upload(worker, await messyWorkbook(extra), 'batches.xlsx');
    const importId = res.body.importId;
    await env.ctx.db.query(`UPDATE person_imports SET status = 'queued' WHERE id = $1`, [importId]);
    const count = async () => (await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons WHERE name LIKE '批次%'`))[0].n;
    // Rows 4..14 were imported before (unchanged); the 9 new rows are 15..23. Batches of 4 rows.
    await expect(runImport(env.ctx, importId, { batchSize: 4, failInBatch: 4 })).rejects.toThrow(/simulated failure/);
    const mid = await env.ctx.db.query<{ next_row: number; created: number }>('SELECT next_row, created FROM person_imports WHERE id = $1', [importId]);
    const afterCrash = await count();
    // batches 1–3 covered rows 4..15 (12 rows); batch 4 (rows 16..19) failed and left nothing
    expect(mid[0].next_row).toBe(16);
    expect(afterCrash).toBe(1);
    expect(mid[0].created).toBe(1);
    const r = await runImport(env.ctx, importId, { batchSize: 4 });
    expect(await count()).toBe(9);
    expect(r.created).toBe(9);
    const dup = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT doc_bidx FROM persons GROUP BY doc_bidx HAVING count(*) > 1) x`);
    expect(dup[0].n).toBe(0);
    const rej = await env.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM person_import_rejects WHERE import_id = $1', [importId]);
    expect(rej[0].n).toBe(5);
  });

  test('dry run writes nothing and says what would happen', async () => {
    const res = await upload(worker, await messyWorkbook([[30, '试运行', null, null, id('1992-02-02', 300, 'M'), null, null, null, null, null, null]]), 'dry.xlsx');
    const before = (await env.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons'))[0].n;
    const r = await runImport(env.ctx, res.body.importId, { dryRun: true });
    expect(r).toMatchObject({ rows: 12, created: 1, invalid: 5 });
    expect(r.rejected.map((x) => x.row)).toEqual([8, 9, 10, 13, 14]);
    expect((await env.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons'))[0].n).toBe(before);
  });
});
