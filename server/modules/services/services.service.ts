// Applications (办件): window intake from a person in the base, online applications from residents, the
// materials checklist, reading (scoped; a department sees only applications with its own back-office steps)
// and the public progress page.
import crypto from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import { assertRowInScope, scopeSql } from '../../lib/scope.ts';
import { nextNumber } from '../../lib/counters.ts';
import { maskDocLast4, maskName } from '../../lib/mask.ts';
import { shanghaiDate } from '../../lib/pdf.ts';
import type { ApplicationItem, ApplicationStatus, IntakeBody, ServiceItem } from '../../../contracts/services.ts';
import { ageOn, eligibilityProblems, loadItem, tagNames, toItem } from './services-catalogue.ts';
import { acceptIn, event } from './services-workflow.ts';

export type Material = { key: string; name: string; required: boolean; provided: boolean; fileIds: string[]; note: string };
type MaterialInput = { key: string; provided: boolean; fileIds: string[]; note: string };

export const STATUS_ZH: Record<ApplicationStatus, string> = {
  submitted: '已提交，待窗口受理', incomplete: '材料不齐，待补正', in_progress: '办理中', returned: '退回补正中', ready: '已办结，待领取',
  collected: '已领取', archived: '已归档', cancelled: '已撤回',
};

export function progressUrl(ctx: Ctx, code: string): string {
  return `${ctx.config.publicUrl.replace(/\/$/, '')}/progress/${code}`;
}

type Applicant = {
  id: string; community_id: number; grid_id: number | null; name: string; gender: string | null; birth_date: string | null; doc_last4: string | null;
  phone_last4: string | null; residency_type: string; status: string; community_name: string; address: string; tags: string[];
};

async function loadApplicant(q: Queryable, personId: string): Promise<Applicant | null> {
  const rows = await q.query<Applicant>(
    `SELECT p.id, p.community_id, p.grid_id, p.name, p.gender, p.birth_date, p.doc_last4, p.phone_last4, p.residency_type, p.status, c.name AS community_name,
            coalesce(c.name || b.name || h.unit || '单元' || h.room || '室', p.registered_address, '') AS address,
            coalesce((SELECT array_agg(t.tag_code ORDER BY t.tag_code) FROM person_tags t JOIN tag_types tt ON tt.code = t.tag_code WHERE t.person_id = p.id AND NOT tt.sensitive), '{}') AS tags
     FROM persons p JOIN regions c ON c.id = p.community_id LEFT JOIN houses h ON h.id = p.house_id LEFT JOIN buildings b ON b.id = h.building_id
     WHERE p.id = $1`,
    [personId],
  );
  return rows[0] ?? null;
}

/** The applicant as the window worker's form shows it: filled from the base, masked, with eligibility. */
export async function prefillApplication(ctx: Ctx, actor: Actor, itemId: string, personId: string) {
  const item = toItem(await loadItem(ctx.db, itemId));
  const p = await loadApplicant(ctx.db, personId);
  if (!p) throw notFound('人员', 'Person');
  await assertRowInScope(ctx.db, actor, { community_id: Number(p.community_id), grid_id: p.grid_id === null ? null : Number(p.grid_id) });
  const names = await tagNames(ctx.db);
  const age = ageOn(p.birth_date, shanghaiDate(new Date()));
  const problems = eligibilityProblems(item.conditions, { age, residency: p.residency_type, tags: p.tags }, names);
  if (p.status !== 'living') problems.unshift('该人员已迁出或已故');
  return {
    person: {
      id: p.id, name: p.name, gender: p.gender === 'M' ? '男' : p.gender === 'F' ? '女' : null, birthDate: p.birth_date, age,
      docMasked: maskDocLast4(p.doc_last4), phoneMasked: p.phone_last4 ? `*******${p.phone_last4}` : null, address: p.address,
      residencyType: p.residency_type, tags: p.tags.map((t) => names.get(t) ?? t), communityName: p.community_name,
    },
    eligible: problems.length === 0,
    problems,
    materials: item.materials,
  };
}

/** The checklist: the item's materials, marked provided from the input; unknown keys are refused. */
async function checklist(q: Queryable, actor: Actor, item: ServiceItem, input: MaterialInput[], previous: Material[] = []): Promise<Material[]> {
  const known = new Set(item.materials.map((m) => m.key));
  const bad = input.filter((m) => !known.has(m.key));
  if (bad.length) throw invalid(`没有这项材料：${bad.map((b) => b.key).join('、')}`, 'Unknown material', [{ path: 'materials', messages: { 'zh-CN': '材料不在事项清单中', 'en-US': 'Unknown material key' } }]);
  const fileIds = [...new Set(input.flatMap((m) => m.fileIds))];
  if (fileIds.length) {
    const found = await q.query<{ id: string }>(
      'SELECT f.id FROM files f LEFT JOIN regions r ON r.id = f.region_id WHERE f.id = ANY($1) AND (f.created_by = $2 OR r.path LIKE $3)',
      [fileIds, actor.userId, actor.scopePath + '%'],
    );
    if (found.length !== fileIds.length) throw invalid('上传的材料文件不存在', 'A material file does not exist', [{ path: 'materials', messages: { 'zh-CN': '材料文件不存在', 'en-US': 'File not found' } }]);
  }
  return item.materials.map((m) => {
    const given = input.find((x) => x.key === m.key);
    const prev = previous.find((x) => x.key === m.key);
    const files = given ? given.fileIds : prev?.fileIds ?? [];
    return { key: m.key, name: m.name, required: m.required, provided: given ? given.provided || given.fileIds.length > 0 : prev?.provided ?? false, fileIds: files, note: given?.note ?? prev?.note ?? '' };
  });
}

export function missingOf(materials: Material[]): string[] {
  return materials.filter((m) => m.required && !m.provided).map((m) => m.name);
}

async function createApplication(ctx: Ctx, q: Queryable, actor: Actor, item: ServiceItem, p: Applicant, channel: 'window' | 'online', materials: Material[], note: string) {
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  const seq = await nextNumber(q, 'application', Number(p.community_id), year);
  const community = await q.query<{ code: string }>('SELECT code FROM regions WHERE id = $1', [p.community_id]);
  const no = `BJ${community[0].code}${year}${String(seq).padStart(5, '0')}`;
  const rows = await q.query<{ id: string }>(
    `INSERT INTO applications (no, item_id, person_id, community_id, grid_id, channel, status, materials, steps, time_limit_days, applicant_name, note, public_code, created_by, intake_by)
     VALUES ($1,$2,$3,$4,$5,$6,'submitted',$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id`,
    [no, item.id, p.id, p.community_id, p.grid_id, channel, JSON.stringify(materials), JSON.stringify(item.steps), item.timeLimitDays, p.name, note,
      crypto.randomBytes(12).toString('base64url'), actor.userId, channel === 'window' ? actor.userId : null],
  );
  await event(q, rows[0].id, actor, 'submitted', channel === 'window' ? '窗口登记申请' : '网上提交申请', null);
  await audit(q, actor, { action: 'application.create', entityType: 'application', entityId: rows[0].id, regionId: Number(p.community_id), detail: { no, item: item.code, channel } });
  return rows[0].id;
}

function assertEligible(item: ServiceItem, p: Applicant, names: Map<string, string>) {
  if (p.status !== 'living') throw new AppError('INVALID_STATE', '该人员已迁出或已故，不能申请', 'The person has moved out or died');
  const problems = eligibilityProblems(item.conditions, { age: ageOn(p.birth_date, shanghaiDate(new Date())), residency: p.residency_type, tags: p.tags }, names);
  if (problems.length) throw invalid(`不符合申请条件：${problems.join('；')}`, 'The applicant does not meet the conditions', [{ path: 'personId', messages: { 'zh-CN': problems.join('；'), 'en-US': 'Not eligible' } }]);
}

/** Window intake: the applicant comes from the base; complete materials are accepted at once, else a one-time notice. */
export async function intakeApplication(ctx: Ctx, actor: Actor, b: IntakeBody) {
  const id = await ctx.db.tx(async (q) => {
    const item = toItem(await loadItem(q, b.itemId));
    if (!item.active) throw new AppError('INVALID_STATE', '该事项已停办', 'The service item is inactive');
    if (!item.channels.includes('window')) throw new AppError('INVALID_STATE', '该事项不在窗口受理', 'This item is not handled at the window');
    const p = await loadApplicant(q, b.personId);
    if (!p) throw notFound('人员', 'Person');
    await assertRowInScope(q, actor, { community_id: Number(p.community_id), grid_id: p.grid_id === null ? null : Number(p.grid_id) });
    assertEligible(item, p, await tagNames(q));
    const materials = await checklist(q, actor, item, b.materials);
    const appId = await createApplication(ctx, q, actor, item, p, 'window', materials, b.note);
    await acceptIn(q, actor, appId);
    return appId;
  });
  return getApplication(ctx, actor, id);
}

/** A resident applies from a phone: the applicant is the resident's own person record. */
export async function applyOnline(ctx: Ctx, actor: Actor, b: { itemId: string; materials: MaterialInput[]; note: string }) {
  if (!actor.personId) throw new AppError('FORBIDDEN', '账号未关联居民信息，请到社区窗口办理', 'The account is not linked to a resident');
  const id = await ctx.db.tx(async (q) => {
    const item = toItem(await loadItem(q, b.itemId));
    if (!item.active || !item.channels.includes('online')) throw new AppError('INVALID_STATE', '该事项不支持网上申请，请到社区服务窗口办理', 'This item cannot be applied for online');
    const p = await loadApplicant(q, actor.personId!);
    if (!p) throw notFound('人员', 'Person');
    assertEligible(item, p, await tagNames(q));
    return createApplication(ctx, q, actor, item, p, 'online', await checklist(q, actor, item, b.materials), b.note);
  });
  return getApplication(ctx, actor, id);
}

/** Updates the checklist (supplements after a one-time notice or a return). */
export async function updateMaterials(ctx: Ctx, actor: Actor, id: string, input: MaterialInput[]) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    if (!['submitted', 'incomplete', 'returned', 'in_progress'].includes(a.status)) throw new AppError('INVALID_STATE', `办件${STATUS_ZH[a.status]}，不能修改材料`, `Materials cannot change in status ${a.status}`);
    const item = toItem(await loadItem(q, a.item_id));
    const materials = await checklist(q, actor, item, input, a.materials);
    await q.query('UPDATE applications SET materials = $2, updated_at = now() WHERE id = $1', [id, JSON.stringify(materials)]);
    await event(q, id, actor, 'materials', '补正材料', materials.filter((m) => m.provided).map((m) => m.name).join('、') || null);
    await audit(q, actor, { action: 'application.materials', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: { provided: materials.filter((m) => m.provided).map((m) => m.key) } });
  });
  return getApplication(ctx, actor, id);
}

export type AppRow = {
  id: string; no: string; item_id: string; item_name: string; person_id: string; applicant_name: string; community_id: number; community_name: string;
  grid_id: number | null; channel: 'window' | 'online'; status: ApplicationStatus; result: 'approved' | 'rejected' | null; result_note: string | null;
  current_seq: number | null; current_step: string | null; due_date: string | null; overdue: boolean; created_at: Date; finished_at: Date | null;
  accepted_at: Date | null; materials: Material[]; steps: ServiceItem['steps']; note: string; public_code: string; time_limit_days: number;
  score: number | null; reason: string | null; followup_status: 'none' | 'open' | 'closed' | null; followup_note: string | null; intake_by: string | null;
};

export const APP_SELECT = `SELECT a.*, i.name AS item_name, r.name AS community_name,
  (SELECT s.name FROM application_steps s WHERE s.application_id = a.id AND s.status IN ('active', 'received') ORDER BY s.started_at DESC LIMIT 1) AS current_step,
  (a.status IN ('in_progress', 'returned') AND a.due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date) AS overdue,
  g.score, g.reason, g.followup_status, g.followup_note
  FROM applications a JOIN service_items i ON i.id = a.item_id JOIN regions r ON r.id = a.community_id
  LEFT JOIN application_ratings g ON g.application_id = a.id`;

export function toApplication(ctx: Ctx, r: AppRow): ApplicationItem {
  return {
    id: r.id, no: r.no, itemId: r.item_id, itemName: r.item_name, personId: r.person_id, applicantName: r.applicant_name, communityId: Number(r.community_id),
    communityName: r.community_name, channel: r.channel, status: r.status, result: r.result, resultNote: r.result_note, currentStep: r.current_step,
    dueDate: r.due_date, overdue: !!r.overdue, createdAt: new Date(r.created_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    missing: missingOf(r.materials ?? []), progressUrl: progressUrl(ctx, r.public_code),
    rating: r.score === null ? null : { score: Number(r.score), reason: r.reason, followupStatus: r.followup_status ?? 'none', followupNote: r.followup_note },
  };
}

/** Department staff (not window workers) see only applications that reached one of their department's steps. */
function departmentFilter(actor: Actor, p: ReturnType<typeof params>): string | null {
  if (!actor.departmentId || can(actor, 'application.intake')) return null;
  return `EXISTS (SELECT 1 FROM application_steps s WHERE s.application_id = a.id AND s.department_id = ${p.add(actor.departmentId)})`;
}

export async function assertCanSee(q: Queryable, actor: Actor, a: { id: string; community_id: number; grid_id: number | null; person_id: string }) {
  if (actor.personId && !can(actor, 'application.read')) {
    if (a.person_id !== actor.personId) throw notFound('办件', 'Application');
    return;
  }
  await assertRowInScope(q, actor, { community_id: Number(a.community_id), grid_id: a.grid_id === null ? null : Number(a.grid_id) });
  const p = params([a.id]);
  const f = departmentFilter(actor, p);
  if (f && !(await q.query(`SELECT 1 FROM applications a WHERE a.id = $1 AND ${f}`, p.values))[0]) throw notFound('办件', 'Application');
}

/** Locks the row first, then reads it: two workers acting at once see each other's result, never a stale status. */
export async function lockApplication(q: Queryable, actor: Actor, id: string): Promise<AppRow> {
  await q.query('SELECT id FROM applications WHERE id = $1 FOR UPDATE', [id]);
  const rows = await q.query<AppRow>(`${APP_SELECT} WHERE a.id = $1`, [id]);
  if (!rows[0]) throw notFound('办件', 'Application');
  await assertCanSee(q, actor, rows[0]);
  return rows[0];
}

export async function getApplication(ctx: Ctx, actor: Actor, id: string) {
  const rows = await ctx.db.query<AppRow>(`${APP_SELECT} WHERE a.id = $1`, [id]);
  if (!rows[0]) throw notFound('办件', 'Application');
  await assertCanSee(ctx.db, actor, rows[0]);
  const steps = await ctx.db.query<{
    id: string; seq: number; key: string; name: string; kind: 'window' | 'street' | 'department'; department_name: string | null; status: 'active' | 'received' | 'done' | 'returned';
    outcome: string | null; limit_days: number; started_at: Date; due_date: string | null; received_at: Date | null; completed_at: Date | null; actor: string | null; note: string | null; overdue: boolean;
  }>(
    `SELECT s.*, d.name AS department_name, u.display_name AS actor,
            (s.due_date < coalesce((s.completed_at AT TIME ZONE 'Asia/Shanghai')::date, (now() AT TIME ZONE 'Asia/Shanghai')::date)) AS overdue
     FROM application_steps s LEFT JOIN departments d ON d.id = s.department_id LEFT JOIN users u ON u.id = s.actor_id
     WHERE s.application_id = $1 ORDER BY s.started_at, s.seq`,
    [id],
  );
  const events = await ctx.db.query<{ at: Date; kind: string; title: string; note: string | null }>('SELECT at, kind, title, note FROM application_events WHERE application_id = $1 ORDER BY id', [id]);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    ...toApplication(ctx, rows[0]),
    materials: rows[0].materials,
    note: rows[0].note,
    steps: steps.map((s) => ({
      id: s.id, seq: Number(s.seq), key: s.key, name: s.name, kind: s.kind, departmentName: s.department_name, status: s.status, outcome: s.outcome,
      limitDays: Number(s.limit_days), startedAt: new Date(s.started_at).toISOString(), dueDate: s.due_date, receivedAt: iso(s.received_at),
      completedAt: iso(s.completed_at), actor: s.actor, note: s.note, overdue: !!s.overdue,
    })),
    events: events.map((e) => ({ at: new Date(e.at).toISOString(), kind: e.kind, title: e.title, note: e.note })),
  };
}

export async function listApplications(ctx: Ctx, actor: Actor, query: { page: number; pageSize: number; status?: ApplicationStatus; itemId?: string; overdue?: boolean; followup?: 'open' | 'closed'; q?: string }, mine = false) {
  const p = params();
  const where: string[] = [];
  if (mine) where.push(`a.person_id = ${p.add(actor.personId)}`);
  else {
    where.push(scopeSql(actor, p, { community: 'a.community_id', grid: 'a.grid_id' }));
    const f = departmentFilter(actor, p);
    if (f) where.push(f);
  }
  if (query.status) where.push(`a.status = ${p.add(query.status)}`);
  if (query.itemId) where.push(`a.item_id = ${p.add(query.itemId)}`);
  if (query.overdue) where.push(`a.status IN ('in_progress', 'returned') AND a.due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date`);
  if (query.followup) where.push(`g.followup_status = ${p.add(query.followup)}`);
  if (query.q) where.push(`(a.applicant_name LIKE ${p.add(query.q + '%')} OR a.no LIKE ${p.add('%' + query.q + '%')})`);
  const w = where.join(' AND ');
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications a LEFT JOIN application_ratings g ON g.application_id = a.id WHERE ${w}`, p.values);
  const rows = await ctx.db.query<AppRow>(`${APP_SELECT} WHERE ${w} ORDER BY a.created_at DESC, a.no DESC LIMIT ${p.add(query.pageSize)} OFFSET ${p.add((query.page - 1) * query.pageSize)}`, p.values);
  return { items: rows.map((r) => toApplication(ctx, r)), total: total[0].n, page: query.page, pageSize: query.pageSize };
}

/** Public progress (the receipt's QR code): no personal data beyond a masked name. */
export async function publicProgress(ctx: Ctx, code: string) {
  const rows = await ctx.db.query<AppRow>(`${APP_SELECT} WHERE a.public_code = $1`, [code]);
  const a = rows[0];
  if (!a) throw new AppError('NOT_FOUND', '未查到该办件，请核对查询码', 'No application with this code');
  const steps = await ctx.db.query<{ name: string; status: string; completed_at: Date | null }>('SELECT name, status, completed_at FROM application_steps WHERE application_id = $1 ORDER BY started_at, seq', [a.id]);
  const events = await ctx.db.query<{ at: Date; title: string }>('SELECT at, title FROM application_events WHERE application_id = $1 ORDER BY id', [a.id]);
  const stepZh: Record<string, string> = { active: '办理中', received: '已签收，办理中', done: '已完成', returned: '已退回' };
  return {
    no: a.no, itemName: a.item_name, applicantName: maskName(a.applicant_name), status: a.status, statusText: STATUS_ZH[a.status], result: a.result,
    createdOn: shanghaiDate(new Date(a.created_at)), dueDate: a.due_date,
    steps: steps.map((s) => ({ name: s.name, status: stepZh[s.status] ?? s.status, completedOn: s.completed_at ? shanghaiDate(new Date(s.completed_at)) : null })),
    events: events.map((e) => ({ at: new Date(e.at).toISOString(), title: e.title })),
    missing: missingOf(a.materials ?? []),
  };
}
