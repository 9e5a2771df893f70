import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { addDays, today } from '../admission/admission-dates.ts';

let env: TestEnv;
let worker: Client, worker2: Client, secretary: Client, street: Client, district: Client, dept: Client, grid: Client;
let garden: number, heping: number, mzj: string;

beforeAll(async () => {
  env = await setupTestEnv();
  [worker, worker2, secretary, street, district, dept, grid] = await Promise.all(['worker', 'worker2', 'secretary', 'street', 'district', 'dept', 'grid'].map((u) => env.login(u)));
  garden = env.region(CODES.garden);
  heping = env.region(CODES.heping);
  mzj = (await env.ctx.db.query<{ id: string }>(`SELECT id FROM departments WHERE code = 'mzj'`))[0].id;
});
afterAll(async () => env?.close());

const entry = (over: Record<string, unknown> = {}) => ({ departmentId: mzj, kind: 'inspection', date: today(), hours: 3, title: '民政工作专项检查', ...over });

describe('burden log', () => {
  it('a community worker logs what was imposed; it lands in their own community', async () => {
    const res = await worker.post('/api/burden/entries', entry());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ communityId: garden, departmentName: '区民政局', kind: 'inspection', hours: 3 });
    const free = await worker.post('/api/burden/entries', entry({ departmentId: undefined, departmentName: '市创卫办', kind: 'meeting', hours: 2, title: '创卫推进会' }));
    expect(free.body.departmentName).toBe('市创卫办');
    const list = await worker.get('/api/burden/entries?pageSize=200');
    expect(list.body.items.every((e: { communityId: number }) => e.communityId === garden)).toBe(true);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(res.body.id);
  });

  it('scope: worker2 never sees 花园社区 entries, cannot log for it, cannot delete its entries', async () => {
    const mine = await worker.post('/api/burden/entries', entry({ title: '花园的检查' }));
    const list = await worker2.get('/api/burden/entries?pageSize=200');
    expect(list.body.items.every((e: { communityId: number }) => e.communityId === heping)).toBe(true);
    expect((await worker2.post('/api/burden/entries', entry({ communityId: garden }))).status).toBe(404);
    expect((await worker2.del(`/api/burden/entries/${mine.body.id}`)).status).toBe(404);
    expect((await worker.del(`/api/burden/entries/${mine.body.id}`)).status).toBe(200);
  });

  it('bad input', async () => {
    const r1 = await worker.post('/api/burden/entries', entry({ kind: 'party' }));
    expect(r1.status).toBe(400);
    expect(r1.body.error.fields[0].path).toBe('kind');
    const r2 = await worker.post('/api/burden/entries', entry({ departmentId: undefined }));
    expect(r2.body.error.fields[0].path).toBe('departmentId');
    expect((await worker.post('/api/burden/entries', entry({ hours: -1 }))).status).toBe(400);
    expect((await worker.post('/api/burden/entries', entry({ date: '2999-01-01' }))).body.error.fields[0].path).toBe('date');
    expect((await worker.post('/api/burden/entries', entry({ departmentId: '00000000-0000-0000-0000-000000000000' }))).status).toBe(400);
    // A street-level account must say which community.
    expect((await district.post('/api/burden/entries', entry())).body.error.fields[0].path).toBe('communityId');
    expect((await district.post('/api/burden/entries', entry({ communityId: env.region(CODES.street1) }))).status).toBe(400);
    expect((await street.get('/api/burden/summary?from=2026-05-01&to=2026-01-01')).status).toBe(400);
  });

  it('forbidden', async () => {
    expect((await street.post('/api/burden/entries', entry())).status).toBe(403);
    expect((await dept.post('/api/burden/entries', entry())).status).toBe(403);
    expect((await dept.get('/api/burden/entries')).status).toBe(403);
    expect((await grid.del('/api/burden/entries/00000000-0000-0000-0000-000000000000')).status).toBe(403);
    expect((await worker.get('/api/burden/summary')).status).toBe(403);
    expect((await dept.get('/api/burden/export.xlsx')).status).toBe(403);
    expect((await env.anon.get('/api/burden/summary')).status).toBe(401);
    expect((await street.get('/api/burden/departments')).status).toBe(403);
    expect((await worker.get('/api/burden/departments')).body.map((d: { name: string }) => d.name)).toContain('区民政局');
  });
});

describe('burden account', () => {
  it('per department: tasks requested, approved, refused, hours, funds sent vs owed, inspections, meetings, reports', async () => {
    const res = await street.get(`/api/burden/summary?from=${addDays(today(), -60)}&to=${today()}`);
    expect(res.status).toBe(200);
    expect(res.body.regionName).toBe('文化路街道');
    const mz = res.body.departments.find((d: { departmentName: string }) => d.departmentName === '区民政局');
    // Demo: 区民政局's 高龄津贴 request to 花园 and 文苑 was approved with 3,000 yuan each, 120 hours.
    expect(mz).toMatchObject({ tasksApproved: 1, estimatedHours: 120, fundsSent: 6000, fundsOwed: 120 * 30 });
    expect(mz.inspection).toBeGreaterThanOrEqual(1);
    const cg = res.body.departments.find((d: { departmentName: string }) => d.departmentName === '区城市管理局');
    expect(cg.tasksRefused).toBe(1);
    expect(res.body.communities.every((c: { communityName: string }) => ['花园社区', '文苑社区', '山水社区'].includes(c.communityName))).toBe(true);
    expect(res.body.communities.some((c: { tasks: number }) => c.tasks > 0)).toBe(true);
  });

  it('a secretary sees only their own community load; another street is out of scope', async () => {
    const res = await secretary.get('/api/burden/summary');
    expect(res.body.communities.every((c: { communityId: number }) => c.communityId === garden)).toBe(true);
    expect((await secretary.get(`/api/burden/summary?regionId=${heping}`)).status).toBe(404);
    expect((await street.get(`/api/burden/summary?regionId=${env.region(CODES.street2)}`)).status).toBe(404);
  });

  it('exports the evidence workbook: by department and by community and month, with header and footer', async () => {
    const res = await street.get('/api/burden/export.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按部门', '按社区按月']);
    const ws = wb.worksheets[0];
    expect(String(ws.getRow(1).getCell(1).value)).toContain('文化路街道社区负担统计');
    expect(String(ws.getRow(2).getCell(1).value)).toContain('期间');
    expect(ws.getRow(3).getCell(1).value).toBe('部门');
    const last = ws.getRow(ws.rowCount).getCell(1).value;
    expect(String(last)).toContain('制表人');
    const names = [];
    for (let i = 4; i < ws.rowCount - 1; i++) names.push(ws.getRow(i).getCell(1).value);
    expect(names).toContain('区民政局');
  });
});
