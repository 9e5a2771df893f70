import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES, setupTestEnv, type Client, type TestEnv } from '../../test/harness.ts';
import { makeCalendar } from '../../lib/working-time.ts';
import { DEMO_RESIDENT_PHONE } from '../../seed/demo.ts';
import { addWorkingDays, workingDaysBetween } from './services-calendar.ts';
import { assertTransition, TRANSITIONS, type Action } from './services-workflow.ts';
import type { ApplicationStatus } from '../../../contracts/services.ts';

let env: TestEnv;
let worker: Client, worker2: Client, secretary: Client, admin: Client, street: Client, dept: Client, grid: Client, resident: Client;
const item: Record<string, string> = {};

async function pdfText(buf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), isEvalSupported: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) out += (await (await doc.getPage(i)).getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join('');
  await doc.destroy();
  return out;
}

/** The resident logs in with the phone and the one-time code from the dev inbox. */
async function residentLogin(): Promise<Client> {
  const r1 = await env.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone: DEMO_RESIDENT_PHONE } });
  expect(r1.statusCode).toBe(200);
  const msg = await env.ctx.db.query<{ body: string }>(`SELECT body FROM notifications WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`, [DEMO_RESIDENT_PHONE]);
  const code = /(\d{6})/.exec(msg[0].body)![1];
  const r2 = await env.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone: DEMO_RESIDENT_PHONE, code } });
  expect(r2.statusCode).toBe(200);
  const cookie = `linli_sid=${r2.cookies.find((c) => c.name === 'linli_sid')!.value}`;
  const csrf = r2.json().csrfToken as string;
  const request: Client['request'] = async (method, url, body, headers = {}) => {
    const res = await env.app.inject({ method: method as 'GET', url, headers: { cookie, 'x-csrf-token': csrf, ...headers }, ...(body !== undefined ? { payload: body as object } : {}) });
    let parsed: unknown = null;
    try { parsed = res.json(); } catch { parsed = res.body; }
    return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown>, raw: res.rawPayload };
  };
  return { cookie, csrf, request, get: (u) => request('GET', u), post: (u, b) => request('POST', u, b ?? {}), patch: (u, b) => request('PATCH', u, b ?? {}), put: (u, b) => request('PUT', u, b ?? {}), del: (u) => request('DELETE', u) };
}

async function person(code: string, where = 'true', n = 0): Promise<{ id: string; name: string }> {
  const rows = await env.ctx.db.query<{ id: string; name: string }>(
    `SELECT p.id, p.name FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.code = $1 AND p.status = 'living' AND char_length(p.name) > 1 AND ${where} ORDER BY p.id OFFSET $2 LIMIT 1`, [code, n]);
  return rows[0];
}
const allMaterials = async (code: string) => {
  const i = (await worker.get(`/api/service-items/${item[code]}`)).body;
  return i.materials.map((m: { key: string }) => ({ key: m.key, provided: true }));
};

beforeAll(async () => {
  env = await setupTestEnv();
  [worker, worker2, secretary, admin, street, dept, grid] = await Promise.all(['worker', 'worker2', 'secretary', 'admin', 'street', 'dept', 'grid'].map((u) => env.login(u)));
  resident = await residentLogin();
  for (const r of await env.ctx.db.query<{ id: string; code: string }>('SELECT id, code FROM service_items')) item[r.code] = r.id;
});
afterAll(async () => env?.close());

describe('working days', () => {
  const cal = makeCalendar({ holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-10-10'] });
  it('skips weekends, holidays, and counts make-up working days', () => {
    expect(addWorkingDays(cal, '2026-11-20', 1)).toBe('2026-11-23'); // Friday + 1 → Monday
    expect(addWorkingDays(cal, '2026-11-20', 5)).toBe('2026-11-27');
    expect(addWorkingDays(cal, '2026-11-21', 0)).toBe('2026-11-23'); // a Saturday start counts from Monday
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-08'); // National Day holiday
    expect(addWorkingDays(cal, '2026-10-08', 2)).toBe('2026-10-10'); // Saturday 10-10 is a make-up working day
    expect(addWorkingDays(cal, '2026-11-02', 30)).toBe('2026-12-14');
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-10')).toBe(3);
    expect(workingDaysBetween(cal, '2026-11-20', '2026-11-20')).toBe(0);
  });
});

describe('time limits use the shared working calendar', () => {
  it('a holiday in work_calendar moves the promised date', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const days = Array.from({ length: 7 }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) + (i + 1) * 86_400_000).toISOString().slice(0, 10));
    for (const d of days) await env.ctx.db.query(`INSERT INTO work_calendar (day, kind, name) VALUES ($1, 'holiday', '测试假期') ON CONFLICT (day) DO UPDATE SET kind = 'holiday'`, [d]);
    try {
      const p = await person(CODES.garden, 'true', 9);
      const a = await worker.post('/api/applications', { itemId: item.temporary_relief, personId: p.id, materials: await allMaterials('temporary_relief') });
      const withHolidays = addWorkingDays(makeCalendar({ holidays: days }), today, 15);
      expect(a.body.dueDate).toBe(withHolidays);
      expect(withHolidays > addWorkingDays(makeCalendar(), today, 15)).toBe(true);
      expect(a.body.steps.at(-1).dueDate).toBe(addWorkingDays(makeCalendar({ holidays: days }), today, 3));
      await worker.post(`/api/applications/${a.body.id}/cancel`, { reason: '测试结束' });
    } finally {
      await env.ctx.db.query(`DELETE FROM work_calendar WHERE name = '测试假期'`);
    }
  });
});

describe('state machine', () => {
  const all: ApplicationStatus[] = ['submitted', 'incomplete', 'in_progress', 'returned', 'ready', 'collected', 'archived', 'cancelled'];
  it('allows exactly the listed transitions', () => {
    for (const action of Object.keys(TRANSITIONS) as Action[]) {
      for (const s of all) {
        if (TRANSITIONS[action].includes(s)) expect(() => assertTransition(s, action)).not.toThrow();
        else expect(() => assertTransition(s, action)).toThrow(expect.objectContaining({ code: 'INVALID_STATE', messages: expect.objectContaining({ 'zh-CN': expect.stringContaining('不能') }) }));
      }
    }
    expect(TRANSITIONS.collect).toEqual(['ready']);
    expect(TRANSITIONS.cancel).not.toContain('archived');
  });
});

describe('catalogue', () => {
  it('the public menu lists materials, time limit and fee without login', async () => {
    const res = await env.anon.get('/api/public/services');
    expect(res.status).toBe(200);
    const codes = res.body.map((i: { code: string }) => i.code);
    for (const c of ['unemployment_registration', 'unemployment_review', 'social_insurance_subsidy', 'resident_medical_insurance', 'flexible_pension', 'sanitation_fee',
      'family_planning_certificate', 'low_income_application', 'low_income_review', 'disability_certificate', 'elderly_hardship_subsidy', 'temporary_relief', 'affordable_housing']) expect(codes).toContain(c);
    const low = res.body.find((i: { code: string }) => i.code === 'low_income_application');
    expect(low).toMatchObject({ name: '最低生活保障（低保）申请', timeLimitDays: 30, free: true, departmentName: '区民政局' });
    expect(low.materials.map((m: { name: string }) => m.name)).toContain('居民户口簿');
    expect(low.conditionsText).toContain('户籍人口');
    expect(res.body.find((i: { code: string }) => i.code === 'sanitation_fee')).toMatchObject({ free: false, feeCents: 3600 });
    expect((await env.anon.get('/api/public/services?category=社会救助')).body.every((i: { category: string }) => i.category === '社会救助')).toBe(true);
  });

  it('admins create and edit items; bad input is refused', async () => {
    const body = { code: 'test_item', name: '测试事项', category: '测试', departmentCode: 'mzj', timeLimitDays: 5, materials: [{ key: 'id_card', name: '身份证' }],
      steps: [{ key: 'accept', name: '受理', kind: 'window', limitDays: 1 }, { key: 'approve', name: '审批', kind: 'department', departmentCode: 'mzj', limitDays: 3 }] };
    expect((await worker.post('/api/service-items', body)).status).toBe(403);
    const ok = await admin.post('/api/service-items', body);
    expect(ok.status).toBe(201);
    expect((await admin.post('/api/service-items', body)).status).toBe(409);
    const upd = await admin.put(`/api/service-items/${ok.body.id}`, { ...body, timeLimitDays: 6, feeCents: 500 });
    expect(upd.body).toMatchObject({ timeLimitDays: 6, feeCents: 500 });
    expect((await admin.put(`/api/service-items/${ok.body.id}`, { ...body, code: 'other' })).status).toBe(400);
    const bad = await admin.post('/api/service-items', { ...body, code: 'bad_1', steps: [{ key: 'x', name: '审批', kind: 'department', limitDays: 9 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['steps.0.kind', 'steps.0.departmentCode', 'timeLimitDays']));
    expect((await admin.post('/api/service-items', { ...body, code: 'bad_2', departmentCode: 'nope' })).status).toBe(400);
    expect((await admin.post('/api/service-items', { ...body, code: 'bad_3', steps: [] })).status).toBe(400);
    expect((await admin.post('/api/service-items', { ...body, code: 'bad_4', channels: ['fax'] })).status).toBe(400);
    expect((await worker.get('/api/service-items')).body.length).toBeGreaterThanOrEqual(16);
  });

  it('a material may carry a sample file that anyone can download from the public guide', async () => {
    const boundary = '----linli' + Math.random().toString(16).slice(2);
    const pdf = Buffer.from('%PDF-1.4\n% sample form\n');
    const up = await admin.request('POST', '/api/files', Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="申请书样表.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]), { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(up.status).toBe(201);
    const relief = (await worker.get(`/api/service-items/${item.temporary_relief}`)).body;
    const { id: _id, departmentName: _d, ...body } = relief;
    const materials = body.materials.map((m: { key: string }) => (m.key === 'form' ? { ...m, sampleFileId: up.body[0].id } : m));
    expect((await admin.put(`/api/service-items/${relief.id}`, { ...body, materials })).status).toBe(200);
    const res = await env.anon.request('GET', '/api/public/services/temporary_relief/samples/form');
    expect(res.status).toBe(200);
    expect(res.raw.equals(pdf)).toBe(true);
    expect((await env.anon.request('GET', '/api/public/services/temporary_relief/samples/id_card')).status).toBe(404);
    expect((await env.anon.request('GET', '/api/public/services/BAD/samples/form')).status).toBe(400);
    const bad = materials.map((m: { key: string }) => (m.key === 'form' ? { ...m, sampleFileId: '00000000-0000-0000-0000-000000000000' } : m));
    expect((await admin.put(`/api/service-items/${relief.id}`, { ...body, materials: bad })).status).toBe(400);
  });

  it('the catalogue seed is idempotent and keeps local edits', async () => {
    const before = (await worker.get('/api/service-items')).body;
    const san = before.find((i: { code: string }) => i.code === 'sanitation_fee');
    const { id: _id, departmentName: _d, ...body } = san;
    expect((await admin.put(`/api/service-items/${san.id}`, { ...body, feeCents: 4800, feeNote: '本区标准' })).status).toBe(200);
    const { seedServiceCatalogue } = await import('../../seed/services.ts');
    await env.ctx.db.tx((q) => seedServiceCatalogue(env.ctx, q));
    const after = (await worker.get('/api/service-items')).body;
    expect(after.length).toBe(before.length);
    expect(after.find((i: { code: string }) => i.code === 'sanitation_fee').feeCents).toBe(4800);
  });
});

describe('window intake → back office → result', () => {
  let id: string;
  it('prefills from the base and checks who may apply', async () => {
    const p = await person(CODES.garden, `p.residency_type = 'registered' AND NOT EXISTS (SELECT 1 FROM person_tags t WHERE t.person_id = p.id AND t.tag_code = 'low_income')`);
    const pre = await worker.get(`/api/applications/prefill?itemId=${item.low_income_application}&personId=${p.id}`);
    expect(pre.status).toBe(200);
    expect(pre.body.person.name).toBe(p.name);
    expect(pre.body.person.docMasked).toMatch(/^\*+\w{4}$/);
    expect(pre.body.eligible).toBe(true);
    const review = await worker.get(`/api/applications/prefill?itemId=${item.low_income_review}&personId=${p.id}`);
    expect(review.body.eligible).toBe(false);
    expect(review.body.problems.join()).toContain('低保对象');
    const refused = await worker.post('/api/applications', { itemId: item.low_income_review, personId: p.id, materials: await allMaterials('low_income_review') });
    expect(refused.status).toBe(400);
    expect((await worker.get('/api/applications/prefill?itemId=x&personId=y')).status).toBe(400);
  });

  it('runs through window, street and department steps with working-day limits, a return and a resubmission', async () => {
    const p = await person(CODES.garden, `p.residency_type = 'registered'`, 1);
    const res = await worker.post('/api/applications', { itemId: item.low_income_application, personId: p.id, materials: await allMaterials('low_income_application') });
    expect(res.status).toBe(201);
    id = res.body.id;
    expect(res.body).toMatchObject({ status: 'in_progress', applicantName: p.name, currentStep: '入户调查', channel: 'window', missing: [] });
    expect(res.body.no).toMatch(new RegExp(`^BJ${CODES.garden}\\d{9}$`));
    expect(res.body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.steps.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([['窗口受理', 'done'], ['入户调查', 'active']]);
    // The street step is not the department's, and the window step not the back office's.
    expect((await street.post(`/api/applications/${id}/receive`)).status).toBe(409);
    expect((await worker.post(`/api/applications/${id}/window-step`, { outcome: 'pass', note: '已入户核实' })).body.currentStep).toBe('街道审核（民主评议、公示）');
    expect((await dept.post(`/api/applications/${id}/receive`)).status).toBe(404); // no mzj step yet: the department cannot even see it
    expect((await street.post(`/api/applications/${id}/decide`, { outcome: 'pass' })).status).toBe(409); // not received yet
    expect((await street.post(`/api/applications/${id}/receive`)).status).toBe(200);
    expect((await street.post(`/api/applications/${id}/receive`)).status).toBe(409);
    const s3 = await street.post(`/api/applications/${id}/decide`, { outcome: 'pass', note: '评议通过' });
    expect(s3.body.currentStep).toBe('区民政局审批');
    const deptStep = s3.body.steps.at(-1);
    expect(deptStep).toMatchObject({ kind: 'department', departmentName: '区民政局', status: 'active', limitDays: 9 });
    const inbox = await dept.get('/api/applications/inbox');
    expect(inbox.body.map((x: { applicationId: string }) => x.applicationId)).toContain(id);
    expect((await street.post(`/api/applications/${id}/receive`)).status).toBe(403); // department step, street has no department
    expect((await dept.post(`/api/applications/${id}/receive`)).status).toBe(200);
    expect((await dept.post(`/api/applications/${id}/return`, { reason: '' })).status).toBe(400);
    const ret = await dept.post(`/api/applications/${id}/return`, { reason: '收入申报缺少配偶工资条' });
    expect(ret.body.status).toBe('returned');
    expect(ret.body.events.at(-1)).toMatchObject({ kind: 'returned', note: '收入申报缺少配偶工资条' });
    expect((await dept.post(`/api/applications/${id}/decide`, { outcome: 'pass' })).status).toBe(409);
    expect((await worker.post(`/api/applications/${id}/collect`)).status).toBe(409);
    const again = await worker.post(`/api/applications/${id}/resubmit`, { note: '已补充' });
    expect(again.body).toMatchObject({ status: 'in_progress', currentStep: '区民政局审批' });
    await dept.post(`/api/applications/${id}/receive`);
    expect((await dept.post(`/api/applications/${id}/decide`, { outcome: 'reject' })).status).toBe(400); // a rejection needs its reason
    const done = await dept.post(`/api/applications/${id}/decide`, { outcome: 'pass', note: '准予' });
    expect(done.body).toMatchObject({ status: 'ready', result: 'approved', currentStep: null });
    expect((await worker.post(`/api/applications/${id}/archive`)).status).toBe(409);
    expect((await worker.post(`/api/applications/${id}/collect`)).body.status).toBe('collected');
    expect((await worker.post(`/api/applications/${id}/archive`)).body.status).toBe('archived');
    expect((await worker.post(`/api/applications/${id}/cancel`, { reason: '测试撤回' })).status).toBe(409);
    expect((await worker.post(`/api/applications/${id}/window-step`, { outcome: 'pass' })).status).toBe(409);
  });

  it('rating: five levels; a bad one needs a reason and opens a follow-up', async () => {
    expect((await worker.post(`/api/applications/${id}/rating`, { score: 6 })).status).toBe(400);
    expect((await worker.post(`/api/applications/${id}/rating`, { score: 2 })).status).toBe(400);
    const r = await worker.post(`/api/applications/${id}/rating`, { score: 1, reason: '等待时间太长' });
    expect(r.body.rating).toMatchObject({ score: 1, followupStatus: 'open' });
    expect((await worker.post(`/api/applications/${id}/rating`, { score: 5 })).status).toBe(409);
    const open = await secretary.get('/api/applications?followup=open');
    expect(open.body.items.map((a: { id: string }) => a.id)).toContain(id);
    const closed = await secretary.post(`/api/applications/${id}/followup`, { reason: '已电话回访，解释审批流程' });
    expect(closed.body.rating.followupStatus).toBe('closed');
    expect((await secretary.post(`/api/applications/${id}/followup`, { reason: '再次回访' })).status).toBe(409);
  });

  it('a window step can reject with a reason', async () => {
    const p = await person(CODES.garden, 'true', 2);
    const a = await worker.post('/api/applications', { itemId: item.temporary_relief, personId: p.id, materials: await allMaterials('temporary_relief') });
    expect((await worker.post(`/api/applications/${a.body.id}/window-step`, { outcome: 'reject' })).status).toBe(400);
    const r = await worker.post(`/api/applications/${a.body.id}/window-step`, { outcome: 'reject', note: '经入户调查不符合临时救助条件' });
    expect(r.body).toMatchObject({ status: 'ready', result: 'rejected', resultNote: '经入户调查不符合临时救助条件' });
    expect((await worker.post(`/api/applications/${a.body.id}/rating`, { score: 4 })).body.rating.followupStatus).toBe('none');
  });
});

describe('materials, one-time notice, receipt and progress', () => {
  it('missing materials give a one-time notice of everything missing; the receipt has the number and a progress QR code', async () => {
    const p = await person(CODES.garden, 'true', 3);
    const a = await worker.post('/api/applications', { itemId: item.temporary_relief, personId: p.id, materials: [{ key: 'id_card', provided: true }] });
    expect(a.status).toBe(201);
    expect(a.body.status).toBe('incomplete');
    expect(a.body.missing).toEqual(['临时救助申请书', '居民户口簿', '遭遇困难的情况说明及相关票据']);
    const notice = await worker.request('GET', `/api/applications/${a.body.id}/notice.pdf`);
    expect(notice.status).toBe(200);
    const text = await pdfText(notice.raw);
    for (const s of ['一次性告知书', '临时救助', a.body.no, '临时救助申请书', '居民户口簿', '遭遇困难的情况说明及相关票据', '花园社区']) expect(text).toContain(s);
    expect((await worker.post(`/api/applications/${a.body.id}/accept`)).status).toBe(409);
    expect((await worker.post(`/api/applications/${a.body.id}/materials`, { materials: [{ key: 'nope', provided: true }] })).status).toBe(400);
    await worker.post(`/api/applications/${a.body.id}/materials`, { materials: [{ key: 'form', provided: true }, { key: 'hukou', provided: true }, { key: 'hardship', provided: true }] });
    const acc = await worker.post(`/api/applications/${a.body.id}/accept`);
    expect(acc.body).toMatchObject({ status: 'in_progress', missing: [], currentStep: '入户调查' });
    expect((await worker.request('GET', `/api/applications/${a.body.id}/notice.pdf`)).status).toBe(409);

    const receipt = await worker.request('GET', `/api/applications/${a.body.id}/receipt.pdf`);
    expect(receipt.status).toBe(200);
    const rt = await pdfText(receipt.raw);
    for (const s of ['受理回执', a.body.no, '临时救助', '15 个工作日', '免费', '扫码查询办理进度']) expect(rt).toContain(s);

    const code = acc.body.progressUrl.split('/').pop();
    const pub = await env.anon.get(`/api/public/applications/${code}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ no: a.body.no, itemName: '临时救助', status: 'in_progress', statusText: '办理中' });
    expect(pub.body.applicantName).toBe(p.name[0] + '*'.repeat([...p.name].length - 1));
    expect(JSON.stringify(pub.body)).not.toContain(p.name);
    expect(pub.body.steps.map((s: { name: string }) => s.name)).toEqual(['窗口受理', '入户调查']);
    expect((await env.anon.get('/api/public/applications/nonexistent123')).status).toBe(404);
    expect((await env.anon.get('/api/public/applications/x')).status).toBe(400);
  });

  it('cancels with a reason', async () => {
    const p = await person(CODES.garden, 'true', 4);
    const a = await worker.post('/api/applications', { itemId: item.temporary_relief, personId: p.id });
    expect((await worker.post(`/api/applications/${a.body.id}/cancel`, {})).status).toBe(400);
    expect((await worker.post(`/api/applications/${a.body.id}/cancel`, { reason: '申请人撤回' })).body.status).toBe('cancelled');
  });
});

describe('residents apply online from a phone', () => {
  it('applies, follows progress, and is accepted at the window', async () => {
    const menu = await resident.get('/api/public/services');
    expect(menu.status).toBe(200);
    const a = await resident.post('/api/my/applications', { itemId: item.temporary_relief, materials: [{ key: 'id_card', provided: true }, { key: 'hukou', provided: true }], note: '家中失火' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ status: 'submitted', channel: 'online' });
    expect(a.body.missing).toEqual(['临时救助申请书', '遭遇困难的情况说明及相关票据']);
    expect((await resident.post('/api/my/applications', { itemId: item.low_income_application })).status).toBe(409); // window only
    expect((await resident.post('/api/my/applications', { itemId: 'x' })).status).toBe(400);
    const mine = await resident.get('/api/my/applications');
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(a.body.id);
    expect(mine.body.items.every((x: { personId: string }) => x.personId === a.body.personId)).toBe(true);
    await resident.post(`/api/my/applications/${a.body.id}/materials`, { materials: [{ key: 'form', provided: true }, { key: 'hardship', provided: true }] });
    // The window sees it and accepts it.
    const list = await worker.get('/api/applications?status=submitted');
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(a.body.id);
    const acc = await worker.post(`/api/applications/${a.body.id}/accept`);
    expect(acc.body.status).toBe('in_progress');
    const progress = await resident.get(`/api/my/applications/${a.body.id}`);
    expect(progress.body).toMatchObject({ status: 'in_progress', currentStep: '入户调查' });
    expect(progress.body.events.map((e: { title: string }) => e.title)).toContain('窗口已受理');
    expect((await resident.request('GET', `/api/my/applications/${a.body.id}/receipt.pdf`)).status).toBe(200);
    // Not someone else's application, and not the staff API.
    const other = (await worker.get('/api/applications?pageSize=100')).body.items.find((x: { personId: string }) => x.personId !== a.body.personId);
    expect((await resident.get(`/api/my/applications/${other.id}`)).status).toBe(404);
    expect((await resident.get('/api/applications')).status).toBe(403);
    expect((await resident.post(`/api/my/applications/${other.id}/rating`, { score: 5 })).status).toBe(404);
  });
});

describe('scope', () => {
  it('worker2 (和平里社区) cannot see or take applications for 花园社区 persons', async () => {
    const p = await person(CODES.garden, 'true', 5);
    expect((await worker2.get(`/api/applications/prefill?itemId=${item.temporary_relief}&personId=${p.id}`)).status).toBe(404);
    expect((await worker2.post('/api/applications', { itemId: item.temporary_relief, personId: p.id })).status).toBe(404);
    const garden = (await worker.get('/api/applications?pageSize=100')).body.items;
    expect(garden.length).toBeGreaterThan(3);
    expect((await worker2.get(`/api/applications/${garden[0].id}`)).status).toBe(404);
    expect((await worker2.post(`/api/applications/${garden[0].id}/collect`)).status).toBe(404);
    expect((await worker2.get('/api/applications?pageSize=200')).body.items.some((a: { communityId: number }) => a.communityId === env.region(CODES.garden))).toBe(false);
    const own = await person(CODES.heping, 'true', 0);
    const mine = await worker2.post('/api/applications', { itemId: item.temporary_relief, personId: own.id });
    expect(mine.status).toBe(201);
    expect(mine.body.no.startsWith(`BJ${CODES.heping}`)).toBe(true);
  });

  it('a department sees only applications with its own back-office steps', async () => {
    const list = await dept.get('/api/applications?pageSize=200');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    const mzj = await env.ctx.db.query<{ application_id: string }>(`SELECT DISTINCT s.application_id FROM application_steps s JOIN departments d ON d.id = s.department_id WHERE d.code = 'mzj'`);
    const allowed = new Set(mzj.map((r) => r.application_id));
    expect(list.body.items.every((a: { id: string }) => allowed.has(a.id))).toBe(true);
    const relief = (await worker.get(`/api/applications?itemId=${item.temporary_relief}`)).body.items[0];
    expect((await dept.get(`/api/applications/${relief.id}`)).status).toBe(404);
  });
});

describe('statistics', () => {
  it('counts and times per item, window worker and department', async () => {
    const s = await worker.get('/api/applications/stats');
    expect(s.status).toBe(200);
    const low = s.body.byItem.find((r: { key: string }) => r.key === 'low_income_application');
    expect(low).toMatchObject({ total: 1, finished: 1, bad: 1 });
    expect(low.avgDays).not.toBeNull();
    expect(s.body.byWorker.find((r: { key: string }) => r.key === 'worker').total).toBeGreaterThan(3);
    const mzj = s.body.byDepartment.find((r: { key: string }) => r.key === 'mzj');
    expect(mzj.total).toBeGreaterThanOrEqual(2);
    expect(mzj.bad).toBe(1); // one return
    expect((await worker.get('/api/applications/stats?from=2100-01-01')).body.byItem).toEqual([]);
    expect((await worker.get('/api/applications/stats?from=yesterday')).status).toBe(400);
  });
});

describe('authorization', () => {
  const T = '00000000-0000-0000-0000-000000000000';
  const routes: [string, string, string][] = [
    ['GET', '/api/service-items', 'grid'], ['GET', `/api/service-items/${T}`, 'grid'], ['POST', '/api/service-items', 'secretary'], ['PUT', `/api/service-items/${T}`, 'worker'],
    ['GET', `/api/applications/prefill?itemId=${T}&personId=${T}`, 'dept'], ['GET', '/api/applications/persons?q=a', 'dept'], ['POST', '/api/applications', 'street'], ['GET', '/api/applications', 'grid'],
    ['GET', '/api/applications/stats', 'grid'], ['GET', '/api/applications/inbox', 'worker'], ['GET', `/api/applications/${T}`, 'grid'],
    ['GET', `/api/applications/${T}/receipt.pdf`, 'grid'], ['GET', `/api/applications/${T}/notice.pdf`, 'dept'], ['POST', `/api/applications/${T}/materials`, 'dept'],
    ['POST', `/api/applications/${T}/accept`, 'street'], ['POST', `/api/applications/${T}/window-step`, 'dept'], ['POST', `/api/applications/${T}/resubmit`, 'dept'],
    ['POST', `/api/applications/${T}/collect`, 'street'], ['POST', `/api/applications/${T}/archive`, 'dept'], ['POST', `/api/applications/${T}/cancel`, 'dept'],
    ['POST', `/api/applications/${T}/rating`, 'street'], ['POST', `/api/applications/${T}/followup`, 'dept'], ['POST', `/api/applications/${T}/receive`, 'worker'],
    ['POST', `/api/applications/${T}/decide`, 'secretary'], ['POST', `/api/applications/${T}/return`, 'worker'], ['POST', '/api/my/applications', 'worker'],
    ['GET', '/api/my/applications', 'dept'], ['GET', `/api/my/applications/${T}`, 'worker'], ['GET', `/api/my/applications/${T}/receipt.pdf`, 'street'],
    ['POST', `/api/my/applications/${T}/materials`, 'worker'], ['POST', `/api/my/applications/${T}/rating`, 'worker'],
  ];
  it.each(routes)('%s %s is forbidden for %s, and needs a login', async (method, url, who) => {
    const c = { worker, secretary, street, dept, grid }[who as 'worker']!;
    expect((await c.request(method, url, method === 'GET' ? undefined : {})).status).toBe(403);
    expect((await env.anon.request(method, url, method === 'GET' ? undefined : {})).status).toBe(401);
  });
  it('residents cannot use staff routes', async () => {
    expect((await resident.post('/api/applications', { itemId: item.temporary_relief, personId: T })).status).toBe(403);
    expect((await resident.post(`/api/applications/${T}/decide`, { outcome: 'pass' })).status).toBe(403);
  });
});
