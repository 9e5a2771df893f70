// Time limits from the working calendar, the SLA sweep (due soon, overdue, escalation, notices, one sweep at a
// time), the calendar and category APIs, and assessment figures moving as cases are handled and rated.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { runOneJob } from '../../lib/jobs.ts';
import { addLimit } from '../../lib/working-time.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { categoryId, departmentId, residentLogin } from './case-test-helpers.ts';
import { ensureSweepQueued, SWEEP_JOB, sweepSla } from './case-sla.ts';

let env: TestEnv;
let worker: Client, street: Client, dept: Client, admin: Client, district: Client, resident: Client;
let noise: string;

beforeAll(async () => {
  env = await setupTestEnv();
  [worker, street, dept, admin, district] = await Promise.all(['worker', 'street', 'dept', 'admin', 'district'].map((u) => env.login(u)));
  resident = await residentLogin(env);
  noise = await categoryId(env, '0501');
});
afterAll(async () => env?.close());

async function newCase(over: Record<string, unknown> = {}) {
  const r = await worker.post('/api/cases', { source: 'hotline', requestType: 'complaint', categoryId: noise, description: '夜间施工噪音扰民', communityId: env.region(CODES.garden), ...over });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.case;
}
const act = async (c: Client, id: string, path: string, body: Record<string, unknown> = {}) => {
  const r = await c.post(`/api/cases/${id}/${path}`, body);
  expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
};

describe('working calendar API', () => {
  test('2026 holidays and make-up days are seeded; deadlines jump over them', async () => {
    const r = await worker.get('/api/calendar?year=2026');
    expect(r.status).toBe(200);
    expect(r.body.days).toEqual(expect.arrayContaining([{ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' }, { date: '2026-10-01', kind: 'holiday', name: '国庆节' }]));
    expect(r.body.workHours).toEqual([['09:00', '12:00'], ['13:00', '18:00']]);
    const d = await worker.get(`/api/calendar/deadline?start=${encodeURIComponent('2026-09-30T16:00:00+08:00')}&value=1&unit=days`);
    expect(d.body.dueAt).toBe('2026-10-08T08:00:00.000Z');
  });

  test('admins add next year\'s arrangement and remove a day; the arithmetic follows', async () => {
    const put = await admin.put('/api/calendar/days', { days: [{ date: '2026-11-23', kind: 'holiday', name: '测试假日' }, { date: '2026-11-28', kind: 'workday', name: '测试调休' }] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // Friday 27 Nov 17:00 + 2 h → Saturday 28 Nov is now a working day
    const d = await worker.get(`/api/calendar/deadline?start=${encodeURIComponent('2026-11-27T17:00:00+08:00')}&value=2&unit=hours`);
    expect(d.body.dueAt).toBe('2026-11-28T02:00:00.000Z');
    expect((await admin.del('/api/calendar/days/2026-11-23')).status).toBe(200);
    expect((await admin.del('/api/calendar/days/2026-11-28')).status).toBe(200);
    expect((await admin.del('/api/calendar/days/2026-11-28')).status).toBe(404);
    expect((await admin.put('/api/calendar/days', { days: [{ date: '2027-01-01', kind: 'holiday' }, { date: '2027-01-01', kind: 'workday' }] })).status).toBe(400);
    expect((await worker.put('/api/calendar/days', { days: [{ date: '2027-01-01', kind: 'holiday' }] })).status).toBe(403);
  });

  test('a new case\'s deadline is its category\'s limit in working time', async () => {
    const c = await newCase();
    const cal = await loadCalendar(env.ctx.db);
    const expected = addLimit(cal, new Date(c.createdAt), { value: 2, unit: 'hours' });
    expect(Math.abs(Date.parse(c.dueAt) - expected.getTime())).toBeLessThan(1000);
    expect(c.stage).toBe('accept');
  });
});

describe('categories', () => {
  test('a child inherits its parent\'s limits; limits are data and drive new deadlines; retired ones are hidden', async () => {
    const parent = await categoryId(env, '05');
    const r = await admin.post('/api/case-categories', { code: '0504', name: '高空抛物', parentId: parent, unitType: 'community' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.limits.normal.handle).toEqual({ value: 5, unit: 'days' });
    const fast = { ...r.body.limits, normal: { ...r.body.limits.normal, accept: { value: 30, unit: 'hours' } } };
    const u = await admin.patch(`/api/case-categories/${r.body.id}`, { limits: fast, defaultUrgency: 'normal' });
    expect(u.status).toBe(200);
    const c = await newCase({ categoryId: r.body.id });
    const cal = await loadCalendar(env.ctx.db);
    expect(Math.abs(Date.parse(c.dueAt) - addLimit(cal, new Date(c.createdAt), { value: 30, unit: 'hours' }).getTime())).toBeLessThan(1000);
    await admin.patch(`/api/case-categories/${r.body.id}`, { retired: true });
    const list = await worker.get('/api/case-categories');
    expect(list.body.map((x: { code: string }) => x.code)).not.toContain('0504');
    expect(list.body.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['01', '0301', '99']));
    expect((await worker.post('/api/cases', { source: 'hotline', requestType: 'help', categoryId: r.body.id, description: '停用分类的诉求', communityId: env.region(CODES.garden) })).status).toBe(400);
    expect((await resident.get('/api/my/case-categories')).status).toBe(200);
  });
});

describe('SLA sweep', () => {
  test('marks due soon and overdue, escalates street then district, notifies once per owner, and is idempotent', async () => {
    await sweepSla(env.ctx, new Date(), { full: true }); // settle the demo cases first, so the counts below are about this test's cases
    const t0 = new Date();
    const a = await newCase({ accept: true });
    await act(worker, a.id, 'dispatch', { assigneeType: 'community' });
    const b = await newCase();
    const soon = await newCase();
    const paused = await newCase({ accept: true });
    await act(worker, paused.id, 'dispatch', { assigneeType: 'community' });
    await act(worker, paused.id, 'sign');
    await act(worker, paused.id, 'pause', { reason: '等待材料' });
    const past = (h: number) => new Date(Date.now() - h * 3600_000);
    await env.ctx.db.query('UPDATE cases SET warn_at = $2, due_at = $3, escalate_street_at = $4, escalate_district_at = $5 WHERE id = ANY($1::uuid[])',
      [[a.id, b.id], past(3), past(2), new Date(Date.now() + 3600_000), new Date(Date.now() + 7200_000)]);
    await env.ctx.db.query('UPDATE cases SET warn_at = $2 WHERE id = $1', [soon.id, past(1)]);
    const before = await env.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications');

    const r1 = await street.post('/api/cases/sla-sweep', { full: true });
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ overdue: 2, dueSoon: 1, toStreet: 0, toDistrict: 0 });
    expect(r1.body.notified).toBeGreaterThan(0);
    const overdue = (await worker.get('/api/cases?sla=overdue&pageSize=200')).body.items as { id: string; supervisionLevel: string }[];
    expect(overdue.map((x) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(overdue.filter((x) => [a.id, b.id].includes(x.id)).every((x) => x.supervisionLevel === 'community')).toBe(true);
    expect((await worker.get('/api/cases?sla=due_soon&pageSize=200')).body.items.map((x: { id: string }) => x.id)).toContain(soon.id);
    expect((await worker.get(`/api/cases/${paused.id}`)).body.slaState).toBe('normal');
    const detail = await worker.get(`/api/cases/${a.id}`);
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toContain('sla_overdue');
    // One digest per owner and kind, not one message per case.
    const digests = await env.ctx.db.query<{ body: string }>(`SELECT body FROM notifications WHERE subject = '工单已超期' AND recipient = 'worker' AND created_at >= $1`, [t0]);
    expect(digests).toHaveLength(1);
    expect(digests[0].body).toContain('2 件');
    const after = await env.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications');
    expect(after[0].n - before[0].n).toBe(r1.body.notified);

    const r2 = await street.post('/api/cases/sla-sweep', { full: true });
    expect(r2.body).toMatchObject({ overdue: 0, dueSoon: 0, toStreet: 0, toDistrict: 0, notified: 0 });

    await env.ctx.db.query('UPDATE cases SET escalate_street_at = $2 WHERE id = ANY($1::uuid[])', [[a.id, b.id], past(1)]);
    expect((await street.post('/api/cases/sla-sweep', { full: true })).body).toMatchObject({ toStreet: 2, toDistrict: 0 });
    await env.ctx.db.query('UPDATE cases SET escalate_district_at = $2 WHERE id = $1', [a.id, past(1)]);
    expect((await street.post('/api/cases/sla-sweep', { full: true })).body).toMatchObject({ toStreet: 0, toDistrict: 1 });
    expect((await worker.get(`/api/cases/${a.id}`)).body.supervisionLevel).toBe('district');
    const esc = await env.ctx.db.query<{ recipient: string }>(`SELECT DISTINCT recipient FROM notifications WHERE subject LIKE '工单超期升级%'`);
    expect(esc.length).toBeGreaterThan(0);

    // Handling a case moves it to the next stage with a fresh clock.
    await act(worker, a.id, 'sign');
    const h = await act(worker, a.id, 'handle', { note: '已处理' });
    expect(h.stage).toBe('reply');
    const row = await env.ctx.db.query<{ responded_on_time: boolean; handled_on_time: boolean }>('SELECT responded_on_time, handled_on_time FROM cases WHERE id = $1', [a.id]);
    expect(row[0].responded_on_time).toBe(false);
  });

  test('a regular sweep reads only thresholds crossed since the previous one; a stage that starts overdue is supervised at once', async () => {
    await sweepSla(env.ctx, new Date(), { full: true });
    const c1 = await newCase();
    // Crossed just now (after the previous sweep): a windowed sweep sees it.
    await env.ctx.db.query(`UPDATE cases SET warn_at = clock_timestamp() - interval '1 second', due_at = clock_timestamp() WHERE id = $1`, [c1.id]);
    await new Promise((r) => setTimeout(r, 20));
    const w = await sweepSla(env.ctx);
    expect(w.full).toBe(false);
    expect(w.overdue).toBe(1);
    expect((await worker.get(`/api/cases/${c1.id}`)).body).toMatchObject({ slaState: 'overdue', supervisionLevel: 'community' });
    // A handling stage that starts after its deadline is overdue and supervised from the start.
    const c2 = await newCase({ accept: true });
    await act(worker, c2.id, 'dispatch', { assigneeType: 'community' });
    await env.ctx.db.query(`UPDATE cases SET handle_due_at = now() - interval '30 days' WHERE id = $1`, [c2.id]);
    const s = await act(worker, c2.id, 'sign');
    expect(s).toMatchObject({ slaState: 'overdue', supervisionLevel: 'district' });
  });

  test('two sweeps at once never double-mark; the scheduler queues exactly one job which the worker runs', async () => {
    const cs = [await newCase(), await newCase(), await newCase()];
    await env.ctx.db.query('UPDATE cases SET due_at = now() - interval \'1 hour\', warn_at = now() - interval \'2 hours\' WHERE id = ANY($1::uuid[])', [cs.map((x) => x.id)]);
    const [x, y] = await Promise.all([sweepSla(env.ctx, new Date(), { full: true }), sweepSla(env.ctx, new Date(), { full: true })]);
    expect(x.overdue + y.overdue).toBe(3);
    const ev = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE action = 'sla_overdue' AND case_id = ANY($1::uuid[])`, [cs.map((c) => c.id)]);
    expect(ev[0].n).toBe(3);

    await env.ctx.db.query(`DELETE FROM job_runs WHERE job_id IN (SELECT id FROM jobs WHERE kind = $1)`, [SWEEP_JOB]);
    await env.ctx.db.query(`DELETE FROM jobs WHERE kind = $1`, [SWEEP_JOB]);
    const queued = await Promise.all([ensureSweepQueued(env.ctx), ensureSweepQueued(env.ctx), ensureSweepQueued(env.ctx)]);
    expect(queued.filter(Boolean)).toHaveLength(1);
    const jobs = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND status = 'queued'`, [SWEEP_JOB]);
    expect(jobs[0].n).toBe(1);
    expect(await runOneJob(env.ctx, 'test-worker')).toBe(true);
    const done = await env.ctx.db.query<{ status: string; result: { overdue: number } }>(`SELECT status, result FROM jobs WHERE kind = $1`, [SWEEP_JOB]);
    expect(done[0].status).toBe('succeeded');
    // The next one is queued after the configured interval, not at once.
    expect(await ensureSweepQueued(env.ctx)).toBe(true);
    const next = await env.ctx.db.query<{ run_at: Date }>(`SELECT run_at FROM jobs WHERE kind = $1 AND status = 'queued'`, [SWEEP_JOB]);
    expect(new Date(next[0].run_at).getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
  });
});

describe('assessment', () => {
  test('rates per department and community change as a case is handled and rated', async () => {
    const mzj = await departmentId(env, 'mzj');
    const get = async (by: string) => (await district.get(`/api/cases/assessment?by=${by}`)).body as { key: string; name: string; rated: number; satisfactionRate: number | null; resolutionRate: number | null; handled: number; responseRate: number | null; rank: number | null; avgHandlingHours: number | null }[];
    const before = (await get('department')).find((r) => r.key === mzj);
    const rep = await resident.post('/api/my/cases', { requestType: 'help', categoryId: await categoryId(env, '0301'), description: '路灯不亮，晚上出行不便', address: '花园路8号' });
    const id = rep.body.id;
    await act(worker, id, 'accept');
    await act(worker, id, 'dispatch', { assigneeType: 'department', departmentId: mzj });
    await act(dept, id, 'sign');
    await act(dept, id, 'handle', { note: '已修复' });
    await act(dept, id, 'reply', { text: '已修复' });
    const mid = (await get('department')).find((r) => r.key === mzj)!;
    expect(mid.handled).toBe((before?.handled ?? 0) + 1);
    expect(mid.responseRate).toBe(100);
    await resident.post(`/api/my/cases/${id}/rate`, { rating: 'satisfied', resolved: true });
    const after = (await get('department')).find((r) => r.key === mzj)!;
    expect(after.rated).toBe((before?.rated ?? 0) + 1);
    expect(after.satisfactionRate).toBe(100);
    expect(after.resolutionRate).toBe(100);
    expect(after.rank).toBe(1);
    expect(after.avgHandlingHours).not.toBeNull();
    const communities = await get('community');
    expect(communities.find((r) => r.name === '花园社区')!.rated).toBeGreaterThan(0);
    const grids = await get('grid');
    expect(Array.isArray(grids)).toBe(true);
    const streets = await get('street');
    expect(streets.map((r) => r.name)).toContain('文化路街道');
    // The department itself sees only its own row.
    const own = await dept.get('/api/cases/assessment?by=department');
    expect(own.status).toBe(403); // department staff have no case.assess
  });

  test('monthly trends and the quarterly problem list (JSON and xlsx)', async () => {
    const t = await district.get('/api/cases/assessment/trends?months=3');
    expect(t.status).toBe(200);
    expect(t.body).toHaveLength(3);
    expect(t.body[2].total).toBeGreaterThan(0);
    const now = new Date(Date.now() + 8 * 3600_000);
    const year = now.getUTCFullYear(), quarter = Math.floor(now.getUTCMonth() / 3) + 1;
    const p = await district.get(`/api/cases/problem-list?year=${year}&quarter=${quarter}`);
    expect(p.status).toBe(200);
    expect(p.body.length).toBeGreaterThan(0);
    expect(p.body[0]).toMatchObject({ ownerType: expect.any(String), categoryName: expect.any(String), open: expect.any(Number) });
    const x = await district.get(`/api/cases/problem-list.xlsx?year=${year}&quarter=${quarter}`);
    expect(x.status).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toBe(`${year}年第${quarter}季度民生问题清单`);
    expect(String(ws.getCell('A3').value)).toBe('责任单位类型');
  });
});
