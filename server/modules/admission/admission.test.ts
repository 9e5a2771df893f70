import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { addWorkingDays, reportSchedule, today } from './admission-dates.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { makeCalendar } from '../../lib/working-time.ts';

let env: TestEnv;
let worker: Client, worker2: Client, secretary: Client, admin: Client, district: Client, street: Client, dept: Client, dept2: Client, grid: Client;
let garden: number, wenyuan: number, heping: number;
const item: Record<string, string> = {};

const body = (over: Record<string, unknown> = {}) => ({
  title: '测试下派事项', description: '说明', targetCommunityIds: [garden, wenyuan], households: 100, hours: 20,
  periodStart: '2026-01-01', periodEnd: '2026-06-30', fundsPerCommunity: 1000, ...over,
});

beforeAll(async () => {
  env = await setupTestEnv();
  // A second department account (区人社局), to check that departments see only their own requests.
  await env.ctx.db.query(
    `INSERT INTO users (username, display_name, password_hash, scope_region_id, department_id, must_change_password)
     SELECT 'dept2', '区人社局 孙科员', password_hash, scope_region_id, (SELECT id FROM departments WHERE code = 'rsj'), false FROM users WHERE username = 'dept'`);
  await env.ctx.db.query(`INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM users u, roles r WHERE u.username = 'dept2' AND r.code = 'department_staff'`);
  [worker, worker2, secretary, admin, district, street, dept, dept2, grid] = await Promise.all(
    ['worker', 'worker2', 'secretary', 'admin', 'district', 'street', 'dept', 'dept2', 'grid'].map((u) => env.login(u)));
  garden = env.region(CODES.garden);
  wenyuan = env.region(CODES.wenyuan);
  heping = env.region(CODES.heping);
  const lists = await env.anon.get('/api/admission/lists');
  const detail = await env.anon.get(`/api/admission/lists/${lists.body[0].id}`);
  for (const it of detail.body.items) item[it.code] = it.id;
});
afterAll(async () => env?.close());

describe('admission lists (public, versioned)', () => {
  it('the current list is public, with the three kinds and what each needs', async () => {
    const res = await env.anon.get('/api/admission/lists');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ version: 1, status: 'published', districtName: '示范区' });
    const d = await env.anon.get(`/api/admission/lists/${res.body[0].id}`);
    const kinds = new Set(d.body.items.map((i: { kind: string }) => i.kind));
    expect([...kinds].sort()).toEqual(['assist', 'negative', 'statutory']);
    expect(d.body.items.find((i: { code: string }) => i.code === 'A-07')).toMatchObject({ fundsRequired: true });
  });

  it('a new version is a draft (invisible to the public) until published; the old one is superseded', async () => {
    const current = await env.anon.get(`/api/admission/lists/${(await env.anon.get('/api/admission/lists')).body[0].id}`);
    const items = current.body.items.map(({ id: _id, ...rest }: Record<string, unknown>) => Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null)));
    const created = await district.post('/api/admission/lists', { title: '社区工作事项准入清单（2027 版）', items: [...items, { code: 'A-99', kind: 'assist', title: '协助开展垃圾分类宣传', fundsRequired: true }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 2, status: 'draft' });
    expect((await env.anon.get(`/api/admission/lists/${created.body.id}`)).status).toBe(404);
    const updated = await district.put(`/api/admission/lists/${created.body.id}`, { title: '社区工作事项准入清单（2027 版）', items });
    expect(updated.status).toBe(200);
    expect(updated.body.items).toHaveLength(items.length);
    const managed = await district.get('/api/admission/manage/lists');
    expect(managed.body.map((l: { version: number }) => l.version)).toEqual([2, 1]);
    const pub = await district.post(`/api/admission/lists/${created.body.id}/publish`);
    expect(pub.body.status).toBe('published');
    const history = await env.anon.get('/api/admission/lists?history=true');
    expect(history.body.map((l: { status: string }) => l.status)).toEqual(['published', 'superseded']);
    expect((await district.put(`/api/admission/lists/${created.body.id}`, { title: 'x版本', items })).status).toBe(409);
    // Later requests name items of the current list.
    for (const it of pub.body.items) item[it.code] = it.id;
  });

  it('bad input and forbidden', async () => {
    const empty = await district.post('/api/admission/lists', { title: '空清单', items: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('items');
    const dup = await district.post('/api/admission/lists', { title: '重复', items: [{ code: 'X1', kind: 'assist', title: '事项一' }, { code: 'X1', kind: 'negative', title: '事项二' }] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.fields[0].path).toBe('items.1.code');
    const badKind = await district.post('/api/admission/lists', { title: '错误', items: [{ code: 'X1', kind: 'other', title: '事项一' }] });
    expect(badKind.status).toBe(400);
    expect((await worker.post('/api/admission/lists', { title: '清单', items: [{ code: 'X1', kind: 'assist', title: '事项一' }] })).status).toBe(403);
    expect((await street.get('/api/admission/manage/lists')).status).toBe(403);
    expect((await dept.post('/api/admission/lists/00000000-0000-0000-0000-000000000000/publish')).status).toBe(403);
    expect((await env.anon.get('/api/admission/manage/lists')).status).toBe(401);
    expect((await env.anon.get('/api/admission/lists/not-a-uuid')).status).toBe(400);
  });
});

describe('task requests: the automatic rules', () => {
  it('an item on the negative list is refused automatically, and nothing reaches a community', async () => {
    const res = await dept.post('/api/admission/requests', body({ title: '开墙破店治理', listItemId: item['N-04'] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'refused', autoDecided: true, reviewDue: null });
    expect(res.body.decisionReason).toContain('负面清单');
    expect(res.body.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'auto_refuse']);
    const review = await street.post(`/api/admission/requests/${res.body.id}/review`, { decision: 'approve' });
    expect(review.status).toBe(409);
    const tasks = await worker.get('/api/admission/tasks?pageSize=200');
    expect(tasks.body.items.some((t: { requestId: string }) => t.requestId === res.body.id)).toBe(false);
  });

  it('a request without the funds the list requires is refused; with funds it waits for review', async () => {
    const none = await dept.post('/api/admission/requests', body({ title: '医保代办', listItemId: item['A-07'], fundsPerCommunity: 0 }));
    expect(none.body).toMatchObject({ status: 'refused', autoDecided: true });
    expect(none.body.decisionReason).toContain('经费');
    const withFunds = await dept.post('/api/admission/requests', body({ title: '医保代办（附经费）', listItemId: item['A-07'], fundsPerCommunity: 800 }));
    expect(withFunds.body).toMatchObject({ status: 'submitted', autoDecided: false, needsExplicitApproval: false });
    const noPeople = await dept.post('/api/admission/requests', body({ title: '人口普查', listItemId: item['A-11'], fundsPerCommunity: 500, personnel: 0 }));
    expect(noPeople.body).toMatchObject({ status: 'refused' });
    expect(noPeople.body.decisionReason).toContain('人员');
  });

  it('an item on no list needs explicit approval', async () => {
    const res = await dept.post('/api/admission/requests', body({ title: '清单外的调查', listItemId: null }));
    expect(res.body).toMatchObject({ status: 'submitted', needsExplicitApproval: true, listItem: null });
    const plain = await street.post(`/api/admission/requests/${res.body.id}/review`, { decision: 'approve' });
    expect(plain.status).toBe(400);
    expect(plain.body.error.fields[0].path).toBe('explicitApproval');
    const ok = await street.post(`/api/admission/requests/${res.body.id}/review`, { decision: 'approve', explicitApproval: true, reason: '经街道研究同意' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
  });

  it('the review deadline is the configured number of working days, and overdue requests are flagged', async () => {
    const cal = await loadCalendar(env.ctx.db);
    const res = await dept.post('/api/admission/requests', body({ title: '期限测试', listItemId: item['A-01'] }));
    expect(res.body.reviewDue).toBe(addWorkingDays(cal, today(), 15));
    expect(res.body.overdue).toBe(false);
    await admin.put('/api/settings/admission.review_working_days', { value: 5 });
    const short = await dept.post('/api/admission/requests', body({ title: '期限测试二', listItemId: item['A-01'] }));
    expect(short.body.reviewDue).toBe(addWorkingDays(cal, today(), 5));
    await admin.put('/api/settings/admission.review_working_days', { value: 15 });
    await env.ctx.db.query(`UPDATE task_requests SET review_due = current_date - 1 WHERE id = $1`, [short.body.id]);
    const overdue = await street.get('/api/admission/requests?overdue=true&pageSize=200');
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toContain(short.body.id);
    expect(overdue.body.items.every((r: { overdue: boolean }) => r.overdue)).toBe(true);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).not.toContain(res.body.id);
  });

  it('working days skip weekends and holidays, and count make-up working days', () => {
    const cal = makeCalendar({ holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-10-10'] });
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-08'); // Thu 1 Oct … Wed 7 Oct off
    expect(addWorkingDays(cal, '2026-10-08', 2)).toBe('2026-10-10'); // Fri 9, then the make-up Saturday
    expect(addWorkingDays(makeCalendar(), '2026-11-20', 15)).toBe('2026-12-11');
  });
});

describe('review, tasks and funds', () => {
  let approvedId = '';
  it('the street approves a request with funds: each target community gets the task, its reports and the funds', async () => {
    const res = await dept.post('/api/admission/requests', body({ title: '高龄津贴资格认证', listItemId: item['A-08'], fundsPerCommunity: 2500, periodStart: '2026-01-15', periodEnd: '2026-08-20' }));
    approvedId = res.body.id;
    const ok = await street.post(`/api/admission/requests/${approvedId}/review`, { decision: 'approve' });
    expect(ok.body.status).toBe('approved');
    const tasks = await worker.get('/api/admission/tasks?pageSize=200');
    const mine = tasks.body.items.filter((t: { requestId: string }) => t.requestId === approvedId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ communityId: garden, fundsCredited: 2500, deadline: '2026-08-20', status: 'open' });
    expect(mine[0].reports.map((r: { dueDate: string; kind: string }) => `${r.kind}:${r.dueDate}`)).toEqual(['quarterly:2026-03-31', 'quarterly:2026-06-30', 'summary:2026-09-03']);
    const funds = await worker.get('/api/admission/funds');
    expect(funds.body.balances.find((b: { communityId: number }) => b.communityId === garden).credited).toBeGreaterThanOrEqual(2500);
    expect(funds.body.items.some((f: { sourceId: string; amount: number }) => f.sourceId === approvedId && f.amount === 2500)).toBe(true);
    // worker2 (和平里) sees neither the task nor the funds of 花园社区.
    const other = await worker2.get('/api/admission/tasks?pageSize=200');
    expect(other.body.items.every((t: { communityId: number }) => t.communityId === heping)).toBe(true);
    expect((await worker2.get(`/api/admission/tasks/${mine[0].id}`)).status).toBe(404);
    const otherFunds = await worker2.get('/api/admission/funds');
    expect(otherFunds.body.items.every((f: { communityId: number }) => f.communityId === heping)).toBe(true);
    // The community hears about it in its inbox.
    const note = await env.ctx.db.query(`SELECT 1 FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'worker' AND n.body LIKE '%高龄津贴资格认证%'`);
    expect(note).toHaveLength(1);
  });

  it('a community reports progress; the summary completes the task', async () => {
    const tasks = await worker.get('/api/admission/tasks?pageSize=200');
    const t = tasks.body.items.find((x: { requestId: string }) => x.requestId === approvedId);
    const q1 = t.reports[0];
    const r1 = await worker.post(`/api/admission/tasks/${t.id}/reports/${q1.id}`, { content: '已完成 120 户入户核查' });
    expect(r1.status).toBe(200);
    expect(r1.body.reports[0].submittedAt).not.toBeNull();
    expect((await worker.post(`/api/admission/tasks/${t.id}/reports/${q1.id}`, { content: '再次提交' })).status).toBe(409);
    expect((await worker.post(`/api/admission/tasks/${t.id}/reports/${q1.id}`, { content: '' })).status).toBe(400);
    expect((await worker2.post(`/api/admission/tasks/${t.id}/reports/${t.reports[1].id}`, { content: '越权提交' })).status).toBe(404);
    expect((await dept.post(`/api/admission/tasks/${t.id}/reports/${t.reports[1].id}`, { content: '部门代报' })).status).toBe(403);
    const summary = t.reports.find((r: { kind: string }) => r.kind === 'summary');
    const done = await secretary.post(`/api/admission/tasks/${t.id}/reports/${summary.id}`, { content: '全年工作总结' });
    expect(done.body.status).toBe('done');
  });

  it('refusing or returning needs a reason; a decided request cannot be reviewed again; a returned one is resubmitted', async () => {
    const res = await dept.post('/api/admission/requests', body({ title: '退回测试', listItemId: item['A-06'] }));
    const noReason = await street.post(`/api/admission/requests/${res.body.id}/review`, { decision: 'return' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('reason');
    const ret = await street.post(`/api/admission/requests/${res.body.id}/review`, { decision: 'return', reason: '请补充工作量测算' });
    expect(ret.body.status).toBe('returned');
    expect((await street.post(`/api/admission/requests/${res.body.id}/review`, { decision: 'refuse', reason: '再次审核' })).status).toBe(409);
    expect((await dept2.put(`/api/admission/requests/${res.body.id}`, body({ listItemId: item['A-06'] }))).status).toBe(404);
    const again = await dept.put(`/api/admission/requests/${res.body.id}`, body({ title: '退回测试（已补充）', listItemId: item['A-06'], hours: 60 }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'submitted', hours: 60 });
    expect((await dept.put(`/api/admission/requests/${res.body.id}`, body({ listItemId: item['A-06'] }))).status).toBe(409);
    const refused = await street.post(`/api/admission/requests/${res.body.id}/review`, { decision: 'refuse', reason: '属部门职责' });
    expect(refused.body.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'return', 'resubmit', 'refuse']);
  });
});

describe('scope and permissions', () => {
  it('a department sees only its own requests', async () => {
    const own = await dept2.post('/api/admission/requests', body({ title: '人社局的申请', listItemId: item['A-06'] }));
    expect(own.status).toBe(201);
    const list2 = await dept2.get('/api/admission/requests?pageSize=200');
    expect(list2.body.items.length).toBeGreaterThan(0);
    expect(list2.body.items.every((r: { departmentName: string }) => r.departmentName === '区人力资源和社会保障局')).toBe(true);
    const list1 = await dept.get('/api/admission/requests?pageSize=200');
    expect(list1.body.items.every((r: { departmentName: string }) => r.departmentName === '区民政局')).toBe(true);
    expect((await dept.get(`/api/admission/requests/${own.body.id}`)).status).toBe(404);
    expect((await dept2.get(`/api/admission/requests/${own.body.id}`)).status).toBe(200);
    // Tasks: a department sees the tasks of its own requests only.
    const tasks = await dept2.get('/api/admission/tasks?pageSize=200');
    expect(tasks.body.items.every((t: { departmentName: string }) => t.departmentName === '区人力资源和社会保障局')).toBe(true);
  });

  it('communities see no requests, only tasks that reached them; a street reviews only its own communities', async () => {
    expect((await worker.get('/api/admission/requests')).body.total).toBe(0);
    const other = await dept.post('/api/admission/requests', body({ title: '和平街道的事项', targetCommunityIds: [heping], listItemId: item['A-01'] }));
    expect((await street.get(`/api/admission/requests/${other.body.id}`)).status).toBe(404);
    expect((await street.post(`/api/admission/requests/${other.body.id}/review`, { decision: 'approve' })).status).toBe(404);
    expect((await street.get('/api/admission/requests?pageSize=200')).body.items.every((r: { streetName: string }) => r.streetName === '文化路街道')).toBe(true);
    expect((await district.post(`/api/admission/requests/${other.body.id}/review`, { decision: 'approve' })).body.status).toBe('approved');
    const t = await worker2.get('/api/admission/tasks?pageSize=200');
    expect(t.body.items.some((x: { requestId: string }) => x.requestId === other.body.id)).toBe(true);
    expect((await worker.get('/api/admission/tasks?pageSize=200')).body.items.some((x: { requestId: string }) => x.requestId === other.body.id)).toBe(false);
  });

  it('targets must lie in one street, exist and be communities', async () => {
    const mixed = await dept.post('/api/admission/requests', body({ targetCommunityIds: [garden, heping], listItemId: item['A-01'] }));
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.fields[0].path).toBe('targetCommunityIds');
    const street1 = await dept.post('/api/admission/requests', body({ targetCommunityIds: [env.region(CODES.street1)] }));
    expect(street1.status).toBe(400);
    const unknownItem = await dept.post('/api/admission/requests', body({ listItemId: '00000000-0000-0000-0000-000000000000' }));
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.body.error.fields[0].path).toBe('listItemId');
  });

  it('bad input', async () => {
    const r1 = await dept.post('/api/admission/requests', { ...body(), title: '' });
    expect(r1.status).toBe(400);
    expect(r1.body.error.fields.some((f: { path: string }) => f.path === 'title')).toBe(true);
    const r2 = await dept.post('/api/admission/requests', body({ periodStart: '2026-06-01', periodEnd: '2026-01-01' }));
    expect(r2.body.error.fields[0].path).toBe('periodEnd');
    expect((await dept.post('/api/admission/requests', body({ fundsPerCommunity: -1 }))).status).toBe(400);
    expect((await dept.post('/api/admission/requests', body({ targetCommunityIds: [] }))).status).toBe(400);
    expect((await dept.post('/api/admission/requests', body({ periodStart: '2026-13-01' }))).status).toBe(400);
    expect((await street.post('/api/admission/requests/not-a-uuid/review', { decision: 'approve' })).status).toBe(400);
    expect((await street.post('/api/admission/requests/00000000-0000-0000-0000-000000000000/review', { decision: 'maybe' })).status).toBe(400);
    expect((await worker.get('/api/admission/tasks?pageSize=1000')).status).toBe(400);
  });

  it('forbidden for the wrong role, on every route', async () => {
    const id = '00000000-0000-0000-0000-000000000000';
    expect((await worker.post('/api/admission/requests', body())).status).toBe(403);
    expect((await street.post('/api/admission/requests', body())).status).toBe(403);
    expect((await worker.put(`/api/admission/requests/${id}`, body())).status).toBe(403);
    expect((await dept.post(`/api/admission/requests/${id}/review`, { decision: 'approve' })).status).toBe(403);
    expect((await worker.post(`/api/admission/requests/${id}/review`, { decision: 'approve' })).status).toBe(403);
    expect((await grid.get('/api/admission/requests')).status).toBe(403);
    expect((await grid.get(`/api/admission/requests/${id}`)).status).toBe(403);
    expect((await grid.get('/api/admission/tasks')).status).toBe(403);
    expect((await grid.get(`/api/admission/tasks/${id}`)).status).toBe(403);
    expect((await grid.get('/api/admission/funds')).status).toBe(403);
    expect((await street.post(`/api/admission/tasks/${id}/reports/${id}`, { content: '报告内容' })).status).toBe(403);
    expect((await worker.put(`/api/admission/lists/${id}`, { title: '清单', items: [{ code: 'X', kind: 'assist', title: '事项' }] })).status).toBe(403);
    expect((await env.anon.get('/api/admission/requests')).status).toBe(401);
    // An admin without a department cannot file on anyone's behalf.
    expect((await admin.post('/api/admission/requests', body())).status).toBe(403);
  });
});

describe('report schedule', () => {
  it('quarter ends inside the period, monthly when asked, the summary by day N of the next month', () => {
    expect(reportSchedule('2026-02-10', '2026-12-31', { quarterly: true, summaryDay: 3 }).map((r) => r.dueDate)).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31', '2027-01-03']);
    expect(reportSchedule('2026-01-01', '2026-02-15', { monthly: true, summaryDay: 5 }).map((r) => `${r.kind}:${r.dueDate}`)).toEqual(['monthly:2026-01-31', 'summary:2026-03-05']);
  });
});
