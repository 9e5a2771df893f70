import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { setupTestEnv, type TestEnv } from '../../test/harness.ts';
import { verifyAudit, canonical } from '../../lib/audit.ts';
import { runOneJob } from '../../lib/jobs.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv({ persons: 60 }); });
afterAll(async () => env?.close());

test('canonical JSON ignores key order', () => {
  expect(canonical({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonical({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
});

describe('audit log', () => {
  test('writes are recorded and the chain verifies', async () => {
    const c = await env.login('admin');
    await c.post('/api/regions', { parentId: env.region('370199001001'), code: '370199001001011', name: '审计网格' });
    const list = await c.get('/api/audit?action=region.');
    expect(list.body.items[0]).toMatchObject({ action: 'region.create', actorLabel: expect.stringContaining('admin') });
    const v = await c.post('/api/audit/verify');
    expect(v.body).toMatchObject({ ok: true, firstBadId: null });
    expect(v.body.checked).toBeGreaterThan(1);
  });

  test('the table refuses UPDATE and DELETE', async () => {
    await expect(env.ctx.db.query(`UPDATE audit_log SET action = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(env.ctx.db.query(`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow(/append-only/);
  });

  test('a changed row and a deleted row are detected (even by someone who disables the trigger)', async () => {
    const c = await env.login('admin');
    for (let i = 0; i < 3; i++) await c.patch(`/api/regions/${env.region('370199001001001')}`, { name: `第一网格${i}` });
    const rows = await env.ctx.db.query<{ id: number }>('SELECT id FROM audit_log ORDER BY id DESC LIMIT 3');
    const [last, mid] = rows.map((r) => Number(r.id));
    await env.ctx.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    try {
      await env.ctx.db.query(`UPDATE audit_log SET detail = '{"to":"篡改"}' WHERE id = $1`, [last]);
      const changed = await verifyAudit(env.ctx.db);
      expect(changed).toMatchObject({ ok: false, firstBadId: last, reason: expect.stringContaining('hash') });
      const cli = await c.post('/api/audit/verify');
      expect(cli.body.ok).toBe(false);

      await env.ctx.db.query('DELETE FROM audit_log WHERE id = $1', [mid]);
      const deleted = await verifyAudit(env.ctx.db);
      expect(deleted).toMatchObject({ ok: false, firstBadId: last, reason: expect.stringContaining('chain broken') });
    } finally {
      await env.ctx.db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    }
  });

  test('verification also runs as a job with progress', async () => {
    const c = await env.login('admin');
    const res = await c.post('/api/audit/verify-job');
    expect(res.status).toBe(202);
    expect(await runOneJob(env.ctx, 'test-worker')).toBe(true);
    const job = await c.get(`/api/jobs/${res.body.jobId}`);
    expect(job.body.status).toBe('succeeded');
    expect(job.body.progressTotal).toBeGreaterThan(0);
    expect(job.body.result).toHaveProperty('ok');
  });

  test('export is an xlsx of the filtered rows, and exporting is itself audited', async () => {
    const c = await env.login('admin');
    const res = await c.get('/api/audit/export.xlsx?action=region.');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('审计日志');
    expect(ws.getRow(2).values).toContain('操作');
    const actions = [];
    for (let i = 3; i <= ws.rowCount; i++) actions.push(String(ws.getRow(i).getCell(4).value));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith('region.'))).toBe(true);
    expect((await env.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'audit.export'`)).length).toBe(1);
  });

  test('scope: a street user sees only rows of its regions; wrong role is refused', async () => {
    const street = await env.login('street');
    const rows = await street.get('/api/audit?pageSize=200');
    expect(rows.status).toBe(200);
    const ids = new Set((await env.ctx.db.query<{ id: number }>(`SELECT id FROM regions WHERE code LIKE '370199001%'`)).map((r) => Number(r.id)));
    expect(rows.body.items.every((r: { regionId: number | null }) => r.regionId !== null && ids.has(r.regionId))).toBe(true);
    const worker = await env.login('worker');
    expect((await worker.get('/api/audit')).status).toBe(403);
    expect((await street.get('/api/audit/export.xlsx')).status).toBe(403);
  });

  test('bad filters are 400', async () => {
    const c = await env.login('admin');
    expect((await c.get('/api/audit?from=2026-13-45')).status).toBe(400);
    expect((await c.get('/api/audit?pageSize=100000')).status).toBe(400);
  });
});
