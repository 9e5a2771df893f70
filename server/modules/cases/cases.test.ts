// The closed loop through HTTP: report → accept → dispatch → sign → handle → reply → rate → close → archive,
// and every side path: reject, return and reassign, pause/resume, extension, reopen, supervise/urge, merge.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { buildingIn, categoryId, departmentId, residentLogin, uploadPhoto } from './case-test-helpers.ts';

let env: TestEnv;
let worker: Client, street: Client, dept: Client, resident: Client, grid: Client;
let lamp: string, noise: string, mzj: string;

beforeAll(async () => {
  env = await setupTestEnv();
  [worker, street, dept, grid] = await Promise.all([env.login('worker'), env.login('street'), env.login('dept'), env.login('grid')]);
  resident = await residentLogin(env);
  lamp = await categoryId(env, '0301');
  noise = await categoryId(env, '0501');
  mzj = await departmentId(env, 'mzj');
});
afterAll(async () => env?.close());

async function staffCase(over: Record<string, unknown> = {}) {
  const r = await worker.post('/api/cases', { source: 'hotline', requestType: 'complaint', categoryId: noise, description: '楼上夜间装修噪音扰民，持续一周', communityId: env.region(CODES.garden), reporterName: '王先生', reporterPhone: '13912345678', ...over });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.case;
}

async function act(c: Client, id: string, path: string, body: Record<string, unknown> = {}, status = 200) {
  const r = await c.post(`/api/cases/${id}/${path}`, body);
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}

describe('the closed loop', () => {
  test('a resident reports a broken street lamp with a photo; it goes round the whole loop', async () => {
    const photo = await uploadPhoto(env, resident);
    const rep = await resident.post('/api/my/cases', { requestType: 'help', categoryId: lamp, description: '小区门口的路灯坏了，晚上很黑', address: '花园路2号门口', photos: [photo] });
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);
    expect(rep.body).toMatchObject({ status: 'reported', statusName: '待受理', photos: [photo], canRate: false });
    const id = rep.body.id;

    // The community sees it, with the reporter's name; the department does not (not dispatched yet).
    const seen = await worker.get(`/api/cases/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.reporter.name).toBeTruthy();
    expect(seen.body.allowedActions).toEqual(expect.arrayContaining(['accept', 'reject', 'merge']));
    expect((await dept.get(`/api/cases/${id}`)).status).toBe(404);

    await act(worker, id, 'accept', { note: '已核实' });
    const d = await act(worker, id, 'dispatch', { assigneeType: 'department', departmentId: mzj, note: '请区民政局协调' });
    expect(d).toMatchObject({ status: 'dispatched', assigneeType: 'department', assigneeName: '区民政局' });
    expect(d.dueAt).toBeTruthy();
    // The department was told, through the pluggable sender (dev inbox).
    const inbox = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE recipient = 'dept' AND subject = '新交办工单'`);
    expect(inbox[0].n).toBeGreaterThan(0);

    expect((await dept.get(`/api/cases/${id}`)).body.allowedActions).toEqual(expect.arrayContaining(['sign', 'return']));
    const signed = await act(dept, id, 'sign');
    expect(signed).toMatchObject({ status: 'handling', stage: 'handle' });
    const fix = await uploadPhoto(env, dept, 'fixed.png');
    await act(dept, id, 'handle', { note: '已更换灯泡并检修线路', attachments: [fix] });
    await act(dept, id, 'reply', { text: '您好，路灯已修复，感谢反映。' });

    const mine = await resident.get(`/api/my/cases/${id}`);
    expect(mine.body).toMatchObject({ status: 'replied', replyText: '您好，路灯已修复，感谢反映。', canRate: true });
    // The resident sees public steps only, and staff notes are hidden.
    const actions = mine.body.timeline.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['report', 'accept', 'dispatch', 'sign', 'handle', 'reply']);
    expect(mine.body.timeline.find((e: { action: string }) => e.action === 'dispatch').note).toBeNull();

    const rated = await resident.post(`/api/my/cases/${id}/rate`, { rating: 'satisfied', resolved: true, comment: '很及时' });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    expect(rated.body).toMatchObject({ status: 'rated', rating: 'satisfied', canRate: false });

    await act(worker, id, 'close');
    const arch = await act(worker, id, 'archive');
    expect(arch.status).toBe('archived');
    const tl = arch.timeline.map((e: { action: string }) => e.action);
    expect(tl).toEqual(['report', 'accept', 'dispatch', 'sign', 'handle', 'reply', 'rate', 'close', 'archive']);
    for (const e of arch.timeline) expect(e.actorLabel).toBeTruthy();
    expect(arch.timeline.find((e: { action: string }) => e.action === 'handle').attachments).toEqual([fix]);
    // The resident got notices along the way.
    const me = (await resident.get('/api/auth/me')).body.user.id as string;
    const notes = await env.ctx.db.query<{ subject: string }>(`SELECT subject FROM notifications WHERE user_id = $1 ORDER BY created_at`, [me]);
    expect(notes.map((n) => n.subject)).toEqual(expect.arrayContaining(['诉求已受理', '诉求已答复']));
    // Every step is in the audit log.
    const audits = await env.ctx.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(audits.map((a) => a.action)).toEqual(['case.create', 'case.accept', 'case.dispatch', 'case.sign', 'case.handle', 'case.reply', 'case.rate', 'case.close', 'case.archive']);
  });

  test('anonymous reports hide the reporter from staff but the resident still follows them', async () => {
    const rep = await resident.post('/api/my/cases', { requestType: 'report', categoryId: noise, description: '有人深夜在楼下喧哗', address: '花园路4号', anonymous: true });
    expect(rep.status).toBe(201);
    const seen = await worker.get(`/api/cases/${rep.body.id}`);
    expect(seen.body.anonymous).toBe(true);
    expect(seen.body.reporter).toBeNull();
    expect(seen.body.timeline[0].actorLabel).toBe('匿名居民');
    const mine = await resident.get('/api/my/cases');
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(rep.body.id);
  });

  test('staff entry at the window can accept at once; a reject needs a reason and closes the case', async () => {
    const c = await staffCase({ source: 'window', accept: true });
    expect(c.status).toBe('accepted');
    expect(c.reporter).toMatchObject({ name: '王先生', phoneMasked: '*******5678' });
    const c2 = await staffCase();
    const bad = await worker.post(`/api/cases/${c2.id}/reject`, {});
    expect(bad.status).toBe(400);
    const r = await act(worker, c2.id, 'reject', { reason: '不属于受理范围' });
    expect(r.status).toBe('closed');
  });
});

describe('illegal transitions are refused with a clear message', () => {
  test('signing, handling, replying, closing before their time', async () => {
    const c = await staffCase();
    for (const path of ['sign', 'archive', 'resume']) {
      const r = await worker.post(`/api/cases/${c.id}/${path}`, {});
      expect(r.status, path).toBe(409);
      expect(r.body.error.code).toBe('INVALID_STATE');
      expect(r.body.error.message).toMatch(/工单当前为「待受理」，不能/);
    }
    expect((await worker.post(`/api/cases/${c.id}/handle`, { note: '办好了' })).status).toBe(409);
    expect((await worker.post(`/api/cases/${c.id}/reply`, { text: '答复' })).status).toBe(409);
    expect((await worker.post(`/api/cases/${c.id}/close`, {})).status).toBe(409);
    await act(worker, c.id, 'accept');
    expect((await worker.post(`/api/cases/${c.id}/accept`, {})).body.error.message).toMatch(/「待交办」，不能受理/);
  });

  test('only the current owner may sign and handle; a resident may only rate their own case', async () => {
    const c = await staffCase({ accept: true });
    await act(worker, c.id, 'dispatch', { assigneeType: 'department', departmentId: mzj });
    const r = await worker.post(`/api/cases/${c.id}/sign`, {});
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/只有当前承办单位可以签收/);
    // The resident did not report it: it does not exist for them.
    expect((await resident.post(`/api/my/cases/${c.id}/rate`, { rating: 'satisfied', resolved: true })).status).toBe(404);
  });

  test('dispatch targets: only the place\'s own community or street; departments must exist', async () => {
    const c = await staffCase({ accept: true });
    const other = await worker.post(`/api/cases/${c.id}/dispatch`, { assigneeType: 'community', regionId: env.region(CODES.heping) });
    expect(other.status).toBe(400);
    expect(other.body.error.fields[0].path).toBe('regionId');
    const noDept = await worker.post(`/api/cases/${c.id}/dispatch`, { assigneeType: 'department' });
    expect(noDept.status).toBe(400);
    const ghost = await worker.post(`/api/cases/${c.id}/dispatch`, { assigneeType: 'department', departmentId: '00000000-0000-4000-8000-000000000000' });
    expect(ghost.status).toBe(400);
    const ok = await act(worker, c.id, 'dispatch', { assigneeType: 'street' });
    expect(ok).toMatchObject({ assigneeType: 'street', assigneeName: '文化路街道' });
    await act(street, c.id, 'sign');
  });
});

describe('side paths', () => {
  test('return with a reason and reassign; the department keeps seeing what it was given', async () => {
    const c = await staffCase({ accept: true });
    await act(worker, c.id, 'dispatch', { assigneeType: 'department', departmentId: mzj });
    expect((await dept.post(`/api/cases/${c.id}/return`, {})).status).toBe(400);
    const ret = await act(dept, c.id, 'return', { reason: '不属于民政职责，应由社区调解' });
    expect(ret).toMatchObject({ status: 'returned', assigneeType: null });
    expect((await dept.get(`/api/cases/${c.id}`)).status).toBe(200);
    const again = await act(worker, c.id, 'dispatch', { assigneeType: 'community' });
    expect(again).toMatchObject({ status: 'dispatched', assigneeType: 'community', assigneeName: '花园社区' });
    await act(worker, c.id, 'sign');
    const notes = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE subject = '工单被退回'`);
    expect(notes[0].n).toBeGreaterThan(0);
  });

  test('pause stops the clock and resume restarts it with the remaining time', async () => {
    const c = await staffCase({ accept: true });
    await act(worker, c.id, 'dispatch', { assigneeType: 'community' });
    const h = await act(worker, c.id, 'sign');
    expect(h.dueAt).toBeTruthy();
    const p = await act(worker, c.id, 'pause', { reason: '等待居民提供材料' });
    expect(p).toMatchObject({ status: 'paused', dueAt: null, stage: 'paused' });
    expect((await worker.post(`/api/cases/${c.id}/handle`, { note: '办理' })).status).toBe(409);
    const r = await act(worker, c.id, 'resume');
    expect(r.status).toBe('handling');
    // Resumed at once, so the due time is (almost) the same as before the pause.
    expect(Math.abs(Date.parse(r.dueAt) - Date.parse(h.dueAt))).toBeLessThan(5 * 60_000);
  });

  test('extension: the owner asks, the street approves, the deadline moves by working days', async () => {
    const c = await staffCase({ accept: true });
    await act(worker, c.id, 'dispatch', { assigneeType: 'community' });
    const h = await act(worker, c.id, 'sign');
    const req = await act(worker, c.id, 'extensions', { days: 3, reason: '需协调物业公司' });
    expect(req.extensions).toMatchObject([{ days: 3, status: 'pending' }]);
    expect((await worker.post(`/api/cases/${c.id}/extensions`, { days: 1, reason: '再延' })).status).toBe(409);
    // The community worker cannot approve (no case.supervise); the street can.
    expect((await worker.post(`/api/cases/${c.id}/extensions/decide`, { approve: true })).status).toBe(403);
    const ok = await act(street, c.id, 'extensions/decide', { approve: true, note: '同意' });
    expect(ok.extensions[0].status).toBe('approved');
    expect(Date.parse(ok.handleDueAt)).toBeGreaterThan(Date.parse(h.handleDueAt));
    expect((await street.post(`/api/cases/${c.id}/extensions/decide`, { approve: true })).status).toBe(409);
  });

  test('unsatisfied: reopened once automatically, then the dispatcher must close', async () => {
    const rep = await resident.post('/api/my/cases', { requestType: 'complaint', categoryId: noise, description: '邻居家狗整夜叫', address: '花园路6号' });
    const id = rep.body.id;
    await act(worker, id, 'accept');
    await act(worker, id, 'dispatch', { assigneeType: 'community' });
    await act(worker, id, 'sign');
    await act(worker, id, 'handle', { note: '已上门劝导' });
    await act(worker, id, 'reply', { text: '已劝导' });
    const r1 = await resident.post(`/api/my/cases/${id}/rate`, { rating: 'unsatisfied', resolved: false, comment: '还在叫' });
    expect(r1.body.status).toBe('handling');
    const d1 = await worker.get(`/api/cases/${id}`);
    expect(d1.body.reopenCount).toBe(1);
    expect(d1.body.timeline.map((e: { action: string }) => e.action)).toContain('auto_reopen');
    await act(worker, id, 'handle', { note: '联合物业再次处理' });
    await act(worker, id, 'reply', { text: '已再次处理' });
    const r2 = await resident.post(`/api/my/cases/${id}/rate`, { rating: 'unsatisfied', resolved: false });
    expect(r2.body.status).toBe('rated');
    const again = await worker.post(`/api/cases/${id}/reopen`, { reason: '再办一次' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/达到上限/);
    await act(worker, id, 'close');
  });

  test('call-back by staff records the rating; a satisfied case cannot be reopened', async () => {
    const c = await staffCase({ accept: true });
    await act(worker, c.id, 'dispatch', { assigneeType: 'community' });
    await act(worker, c.id, 'sign');
    await act(worker, c.id, 'handle', { note: '已处理' });
    await act(worker, c.id, 'reply', { text: '已处理' });
    const cb = await act(worker, c.id, 'callback', { rating: 'basically_satisfied', resolved: true, note: '电话回访' });
    expect(cb).toMatchObject({ status: 'rated', rating: 'basically_satisfied' });
    expect((await worker.post(`/api/cases/${c.id}/reopen`, { reason: '重办' })).status).toBe(409);
  });

  test('supervise and urge escalate community → street → district, with notices', async () => {
    const c = await staffCase({ accept: true });
    await act(worker, c.id, 'dispatch', { assigneeType: 'community' });
    expect((await worker.post(`/api/cases/${c.id}/urge`, {})).status).toBe(403);
    const u1 = await act(street, c.id, 'urge', { note: '请尽快' });
    expect(u1).toMatchObject({ supervisionLevel: 'community', urgeCount: 1 });
    const u2 = await act(street, c.id, 'urge');
    expect(u2.supervisionLevel).toBe('street');
    const u3 = await act(street, c.id, 'urge');
    expect(u3.supervisionLevel).toBe('district');
    const u4 = await act(street, c.id, 'urge');
    expect(u4).toMatchObject({ supervisionLevel: 'district', urgeCount: 4 });
    const n = await env.ctx.db.query<{ recipient: string }>(`SELECT DISTINCT recipient FROM notifications WHERE subject IN ('工单催办', '工单升级督办')`);
    expect(n.map((x) => x.recipient)).toEqual(expect.arrayContaining(['worker', 'street', 'district']));
    const c2 = await staffCase();
    const s = await act(street, c2.id, 'supervise');
    expect(s.supervisionLevel).toBe('street');
    const list = await street.get('/api/cases?supervised=true');
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([c.id, c2.id]));
  });

  test('duplicates at the same place and category are suggested and can be merged', async () => {
    const building = await buildingIn(env, CODES.gardenGrid1);
    const first = await worker.post('/api/cases', { source: 'patrol', requestType: 'complaint', categoryId: noise, description: '3单元楼道有人养鸽子，噪音和卫生问题', buildingId: building });
    expect(first.body.duplicates).toEqual([]);
    const second = await worker.post('/api/cases', { source: 'hotline', requestType: 'complaint', categoryId: noise, description: '楼道鸽子太吵了', buildingId: building });
    expect(second.body.duplicates.map((d: { id: string }) => d.id)).toContain(first.body.case.id);
    const dup = await worker.get(`/api/cases/${first.body.case.id}/duplicates`);
    expect(dup.body.map((d: { id: string }) => d.id)).toContain(second.body.case.id);
    // Different category at the same place is not a duplicate.
    const other = await worker.post('/api/cases', { source: 'hotline', requestType: 'help', categoryId: lamp, description: '楼道灯不亮了请修理', buildingId: building });
    expect(other.body.duplicates).toEqual([]);
    expect((await worker.post(`/api/cases/${second.body.case.id}/merge`, { intoId: second.body.case.id })).status).toBe(400);
    const m = await act(worker, second.body.case.id, 'merge', { intoId: first.body.case.id });
    expect(m).toMatchObject({ status: 'merged', mergedIntoId: first.body.case.id });
    const master = await worker.get(`/api/cases/${first.body.case.id}`);
    expect(master.body.timeline.map((e: { action: string }) => e.action)).toContain('merged_from');
    expect((await worker.post(`/api/cases/${other.body.case.id}/merge`, { intoId: second.body.case.id })).status).toBe(409);
  });

  test('grid workers handle cases given to their community but cannot dispatch', async () => {
    const building = await buildingIn(env, CODES.gardenGrid1);
    const c = await grid.post('/api/cases', { source: 'patrol', requestType: 'report', categoryId: noise, description: '巡查发现广场舞音响过大', buildingId: building, accept: false });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await grid.post(`/api/cases/${c.body.case.id}/accept`, {})).status).toBe(403);
    await act(worker, c.body.case.id, 'accept');
    await act(worker, c.body.case.id, 'dispatch', { assigneeType: 'community' });
    await act(grid, c.body.case.id, 'sign');
  });

  test('optimistic version check', async () => {
    const c = await staffCase();
    const r = await worker.post(`/api/cases/${c.id}/accept`, { version: c.version + 5 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
  });
});
