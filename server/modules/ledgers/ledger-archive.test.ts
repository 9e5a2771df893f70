// Snapshots (monthly archive) and cross-tab reports; definitions, masking and scope are in ledgers.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { runOneJob } from '../../lib/jobs.ts';

let env: TestEnv;
let worker: Client, worker2: Client, secretary: Client, admin: Client, street: Client, dept: Client, grid: Client;
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

async function runJob(id: string) {
  for (let i = 0; i < 30; i++) {
    const s = await env.ctx.db.query<{ status: string; error: string | null }>('SELECT status, error FROM jobs WHERE id = $1', [id]);
    if (s[0].status === 'succeeded') return;
    if (s[0].status === 'failed') throw new Error(s[0].error ?? 'job failed');
    await runOneJob(env.ctx, 'test-worker');
  }
  throw new Error('job did not finish');
}

beforeAll(async () => {
  env = await setupTestEnv();
  [worker, worker2, secretary, admin, street, dept, grid] = await Promise.all(
    ['worker', 'worker2', 'secretary', 'admin', 'street', 'dept', 'grid'].map((u) => env.login(u)));
  garden = env.region(CODES.garden);
  for (const l of (await admin.get('/api/ledgers')).body) byCode.set(l.code, l);
});
afterAll(async () => env?.close());

describe('snapshots (monthly archive)', () => {
  it('a street snapshots a ledger at a date: one archive per community, masked, scoped', async () => {
    const id = byCode.get('floating_population')!.id;
    const res = await street.post(`/api/ledgers/${id}/snapshots`, { asOf: '2026-10-31' });
    expect(res.status).toBe(202);
    await runJob(res.body.jobId);
    const list = await street.get(`/api/ledgers/${id}/snapshots`);
    expect(list.body.map((s: { communityName: string }) => s.communityName).sort()).toEqual(['山水社区', '文苑社区', '花园社区']);
    const mine = await worker.get(`/api/ledgers/${id}/snapshots`);
    expect(mine.body.map((s: { communityId: number }) => s.communityId)).toEqual([garden]);
    const snap = mine.body[0];
    expect(snap).toMatchObject({ asOf: '2026-10-31', title: '流动人口台账', ledgerVersion: 1 });
    const live = await worker.get(`/api/ledgers/${id}/rows`);
    expect(snap.rowCount).toBe(live.body.total);
    const rows = await worker.get(`/api/ledger-snapshots/${snap.id}/rows?pageSize=200`);
    expect(rows.body.items).toHaveLength(snap.rowCount);
    expect(JSON.stringify(rows.body.items)).not.toMatch(FULL_ID);
    expect((await worker2.get(`/api/ledger-snapshots/${snap.id}/rows`)).status).toBe(404);
    expect((await worker2.get(`/api/ledger-snapshots/${snap.id}/export.xlsx`)).status).toBe(404);
    const x = await worker.get(`/api/ledger-snapshots/${snap.id}/export.xlsx`);
    const { ws, text } = await sheetCells(x.raw);
    expect(String(ws.getRow(1).getCell(1).value)).toBe('流动人口台账（2026-10-31 归档）');
    expect(text.filter((t) => FULL_ID.test(t))).toEqual([]);
    // History stays as it was when the data changes later.
    await env.ctx.db.query(`UPDATE persons SET residency_type = 'registered' WHERE community_id = $1 AND residency_type = 'floating'`, [garden]);
    expect((await worker.get(`/api/ledgers/${id}/rows`)).body.total).toBe(0);
    expect((await worker.get(`/api/ledger-snapshots/${snap.id}/rows`)).body.total).toBe(snap.rowCount);
    // Taking it again the same day replaces it.
    const again = await worker.post(`/api/ledgers/${id}/snapshots`, { asOf: '2026-10-31' });
    await runJob(again.body.jobId);
    const after = await worker.get(`/api/ledgers/${id}/snapshots`);
    expect(after.body).toHaveLength(1);
    expect(after.body[0].rowCount).toBe(0);
  });

  it('bad input and forbidden', async () => {
    const id = byCode.get('floating_population')!.id;
    expect((await street.post(`/api/ledgers/${id}/snapshots`, { asOf: '2999-01-01' })).status).toBe(400);
    expect((await street.post(`/api/ledgers/${id}/snapshots`, { asOf: '31/10/2026' })).status).toBe(400);
    expect((await worker2.post(`/api/ledgers/${id}/snapshots`, { regionId: garden })).status).toBe(404);
    expect((await dept.post(`/api/ledgers/${id}/snapshots`, {})).status).toBe(403);
    expect((await grid.get(`/api/ledgers/${id}/snapshots`)).status).toBe(403);
    expect((await grid.get('/api/ledger-snapshots/00000000-0000-0000-0000-000000000000/rows')).status).toBe(403);
    expect((await worker.get('/api/ledger-snapshots/00000000-0000-0000-0000-000000000000/rows')).status).toBe(404);
    expect((await worker.get('/api/ledger-snapshots/nope/rows')).status).toBe(400);
    // Sensitive groups are never archived (their attributes would be stored in clear).
    const corr = await secretary.post(`/api/ledgers/${byCode.get('corrections')!.id}/snapshots`, {});
    expect(corr.status).toBe(409);
    expect((await worker.post(`/api/ledgers/${byCode.get('corrections')!.id}/snapshots`, {})).status).toBe(404);
  });

  it('the monthly archive job is queued for the first of next month', async () => {
    const rows = await env.ctx.db.query<{ run_at: Date }>(`SELECT run_at FROM jobs WHERE kind = 'ledger.monthly-archive' AND status = 'queued'`);
    expect(rows).toHaveLength(1);
    const local = new Date(new Date(rows[0].run_at).getTime() + 8 * 3600_000).toISOString();
    expect(local.slice(8, 13)).toBe('01T01');
  });

  it('running it archives every monthly ledger for every community as of last month, skips the sensitive ones, and reschedules', async () => {
    const job = await env.ctx.db.query<{ id: string }>(`UPDATE jobs SET run_at = now() WHERE kind = 'ledger.monthly-archive' AND status = 'queued' RETURNING id`);
    await runJob(job[0].id);
    const result = (await env.ctx.db.query<{ result: { asOf: string; done: number } }>('SELECT result FROM jobs WHERE id = $1', [job[0].id]))[0].result;
    const now = new Date(Date.now() + 8 * 3600_000);
    expect(result.asOf).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10));
    const party = await admin.get(`/api/ledgers/${byCode.get('party_members')!.id}/snapshots`);
    expect(party.body.filter((x: { asOf: string }) => x.asOf === result.asOf)).toHaveLength(6);
    expect((await admin.get(`/api/ledgers/${byCode.get('corrections')!.id}/snapshots`)).body).toHaveLength(0);
    const next = await env.ctx.db.query(`SELECT 1 FROM jobs WHERE kind = 'ledger.monthly-archive' AND status = 'queued'`);
    expect(next).toHaveLength(1);
  });
});

describe('background export', () => {
  it('a large export runs as a job and leaves a masked xlsx file for its requester only', async () => {
    const id = byCode.get('households')!.id;
    const res = await worker.post(`/api/ledgers/${id}/export-job`, { period: '2026-10', reviewedBy: '王书记' });
    expect(res.status).toBe(202);
    await runJob(res.body.jobId);
    const job = await worker.get(`/api/jobs/${res.body.jobId}`);
    const fileId = job.body.result.fileId as string;
    const file = await worker.get(`/api/files/${fileId}`);
    expect(file.status).toBe(200);
    const { ws, text } = await sheetCells(file.raw);
    expect(ws.getRow(1).getCell(1).value).toBe('户籍户卡台账');
    expect(ws.getRow(2).getCell(1).value).toBe('社区：花园社区    期间：2026年10月');
    expect(text.filter((t) => FULL_ID.test(t))).toEqual([]);
    expect((await worker2.get(`/api/files/${fileId}`)).status).toBe(404);
    expect((await dept.post(`/api/ledgers/${id}/export-job`, {})).status).toBe(403);
    expect((await worker.post(`/api/ledgers/${id}/export-job`, { period: 'last month' })).status).toBe(400);
    expect((await worker2.post(`/api/ledgers/${id}/export-job`, { regionId: garden })).status).toBe(404);
  });
});

describe('cross-tab reports', () => {
  it('population by age band × gender per community', async () => {
    const res = await street.get('/api/reports/crosstab?rows=community&cols=ageBand,gender');
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('人口年龄段×性别统计表（按社区）');
    expect(res.body.rows.map((r: { label: string }) => r.label)).toEqual(['花园社区', '文苑社区', '山水社区']);
    expect(res.body.columns[0].label).toBe('0-14岁 男');
    const living = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.path LIKE (SELECT path FROM regions WHERE code = $1) || '%' AND p.status = 'living'`, [CODES.street1]);
    expect(res.body.grandTotal).toBe(living[0].n);
    expect(res.body.rows.reduce((s: number, r: { total: number }) => s + r.total, 0)).toBe(living[0].n);
  });

  it('special groups per grid: a worker sees its grids, and no sensitive group without the permission', async () => {
    const w = await worker.get('/api/reports/crosstab?rows=grid&cols=tag');
    expect(w.body.rows.map((r: { label: string }) => r.label)).toEqual(['花园社区第一网格', '花园社区第二网格', '花园社区第三网格', '花园社区第四网格']);
    const labels = w.body.columns.map((c: { label: string }) => c.label);
    expect(labels).toContain('党员');
    expect(labels).not.toContain('社区矫正对象');
    expect(labels).not.toContain('严重精神障碍患者');
    const s = await secretary.get('/api/reports/crosstab?rows=grid&cols=tag');
    expect(s.body.grandTotal).toBeGreaterThanOrEqual(w.body.grandTotal);
    expect((await worker2.get(`/api/reports/crosstab?regionId=${garden}`)).status).toBe(404);
    expect((await worker2.get('/api/reports/crosstab')).body.rows.map((r: { label: string }) => r.label)).toEqual(['和平里社区']);
  });

  it('exported to xlsx with a total row', async () => {
    const res = await street.get('/api/reports/crosstab/export.xlsx?rows=community&cols=residencyType');
    expect(res.status).toBe(200);
    const { ws } = await sheetCells(res.raw);
    expect(ws.getRow(1).getCell(1).value).toBe('人口类型统计表（按社区）');
    expect(ws.getRow(3).getCell(1).value).toBe('社区');
    expect(ws.getRow(7).getCell(1).value).toBe('合计');
    expect((await street.get('/api/reports')).body.length).toBeGreaterThanOrEqual(3);
  });

  it('bad input and forbidden', async () => {
    expect((await street.get('/api/reports/crosstab?cols=salary')).status).toBe(400);
    expect((await street.get('/api/reports/crosstab?cols=gender,ageBand,tag')).status).toBe(400);
    expect((await street.get('/api/reports/crosstab?rows=building')).status).toBe(400);
    expect((await dept.get('/api/reports/crosstab')).status).toBe(403);
    expect((await grid.get('/api/reports')).status).toBe(403);
    expect((await dept.get('/api/reports/crosstab/export.xlsx')).status).toBe(403);
    expect((await env.anon.get('/api/reports')).status).toBe(401);
  });
});
