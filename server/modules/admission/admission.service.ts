// Task requests (准入事项申请): a department files, the rules decide what they can at once (negative list,
// missing funds or personnel), a street reviewer approves, refuses or returns within the working-day limit.
// Approval is the only way a task reaches a community (admission-tasks.service.ts).
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, forbidden, invalid, invalidState, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import type { TaskRequestBody } from '../../../contracts/admission.ts';
import { currentItem, districtOf } from './admission-lists.service.ts';
import { addWorkingDays, getSetting, loadAdmissionCalendar, today } from './admission-dates.ts';
import { deliverTasks } from './admission-tasks.service.ts';

type RequestRow = {
  id: string; no: string; department_id: string; department_name: string; street_id: number; street_name: string; street_path: string;
  list_item_id: string | null; item_code: string | null; item_kind: 'statutory' | 'assist' | 'negative' | null; item_title: string | null;
  item_funds: boolean | null; item_personnel: boolean | null; title: string; description: string | null; legal_basis: string | null;
  target_community_ids: number[]; targets: { id: number; name: string }[] | null; households: number; hours: number; period_start: string; period_end: string;
  funds_per_community: number; personnel: number; personnel_note: string | null; authority: string | null; report_schedule: Record<string, unknown>;
  status: 'submitted' | 'approved' | 'refused' | 'returned'; auto_decided: boolean; needs_explicit: boolean; decision_reason: string | null;
  submitted_at: Date; review_due: string | null; reviewed_at: Date | null; overdue: boolean;
};

const SELECT_REQUEST = `
  SELECT tr.*, d.name AS department_name, s.name AS street_name, s.path AS street_path,
         i.code AS item_code, i.kind AS item_kind, i.title AS item_title, i.funds_required AS item_funds, i.personnel_required AS item_personnel,
         (SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.code) FROM regions c WHERE c.id = ANY(tr.target_community_ids)) AS targets,
         (tr.status = 'submitted' AND tr.review_due < (now() AT TIME ZONE 'Asia/Shanghai')::date) AS overdue
  FROM task_requests tr JOIN departments d ON d.id = tr.department_id JOIN regions s ON s.id = tr.street_id
  LEFT JOIN admission_items i ON i.id = tr.list_item_id`;

export function toRequest(r: RequestRow) {
  return {
    id: r.id, no: r.no, departmentId: r.department_id, departmentName: r.department_name, streetId: Number(r.street_id), streetName: r.street_name,
    listItem: r.list_item_id ? { id: r.list_item_id, code: r.item_code!, kind: r.item_kind!, title: r.item_title!, fundsRequired: !!r.item_funds, personnelRequired: !!r.item_personnel } : null,
    title: r.title, description: r.description, legalBasis: r.legal_basis,
    targetCommunities: (r.targets ?? []).map((t) => ({ id: Number(t.id), name: t.name })),
    households: r.households, hours: Number(r.hours), periodStart: r.period_start, periodEnd: r.period_end,
    fundsPerCommunity: Number(r.funds_per_community), personnel: r.personnel, personnelNote: r.personnel_note, authority: r.authority,
    reportSchedule: r.report_schedule ?? {}, status: r.status, autoDecided: r.auto_decided, needsExplicitApproval: r.needs_explicit,
    decisionReason: r.decision_reason, submittedAt: new Date(r.submitted_at).toISOString(), reviewDue: r.review_due, overdue: !!r.overdue,
    reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
  };
}

/** Who sees a request: its own department; street and district staff for streets in their scope. Communities never. */
function visibilitySql(actor: Actor, p: ReturnType<typeof params>): string {
  if (actor.departmentId) return `tr.department_id = ${p.add(actor.departmentId)}`;
  if (actor.permissions.has('*')) return `s.path LIKE ${p.add(actor.scopePath + '%')}`;
  if (actor.scopeLevel === 'district' || actor.scopeLevel === 'street') return `s.path LIKE ${p.add(actor.scopePath + '%')}`;
  return 'false';
}

export async function listRequests(ctx: Ctx, actor: Actor, query: { status?: string; overdue?: boolean; page: number; pageSize: number }) {
  const p = params();
  const where = [visibilitySql(actor, p)];
  if (query.status) where.push(`tr.status = ${p.add(query.status)}`);
  if (query.overdue) where.push(`tr.status = 'submitted' AND tr.review_due < (now() AT TIME ZONE 'Asia/Shanghai')::date`);
  const w = where.join(' AND ');
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM task_requests tr JOIN regions s ON s.id = tr.street_id WHERE ${w}`, p.values);
  const rows = await ctx.db.query<RequestRow>(`${SELECT_REQUEST} WHERE ${w} ORDER BY tr.submitted_at DESC, tr.no DESC LIMIT ${p.add(query.pageSize)} OFFSET ${p.add((query.page - 1) * query.pageSize)}`, p.values);
  return { items: rows.map(toRequest), total: total[0].n, page: query.page, pageSize: query.pageSize };
}

export async function requestRow(q: Queryable, actor: Actor, id: string): Promise<RequestRow> {
  const p = params([id]);
  const rows = await q.query<RequestRow>(`${SELECT_REQUEST} WHERE tr.id = $1 AND ${visibilitySql(actor, p)}`, p.values);
  if (!rows[0]) throw notFound('准入事项申请', 'Task request');
  return rows[0];
}

export async function getRequest(ctx: Ctx, actor: Actor, id: string) {
  const r = await requestRow(ctx.db, actor, id);
  const events = await ctx.db.query<{ action: string; reason: string | null; actor_label: string | null; at: Date }>(
    'SELECT action, reason, actor_label, at FROM task_request_events WHERE request_id = $1 ORDER BY at, id', [id]);
  return { ...toRequest(r), events: events.map((e) => ({ action: e.action, reason: e.reason, actor: e.actor_label, at: new Date(e.at).toISOString() })) };
}

const field = (path: string, zh: string, en: string) => invalid(zh, en, [{ path, messages: { 'zh-CN': zh, 'en-US': en } }]);

/** Checks the body against regions and the admission list, and applies the automatic rules. */
async function evaluate(q: Queryable, actor: Actor, body: TaskRequestBody) {
  const targets = await q.query<{ id: number; level: string; parent_id: number; path: string; retired_at: Date | null }>(
    'SELECT id, level, parent_id, path, retired_at FROM regions WHERE id = ANY($1)', [body.targetCommunityIds]);
  const ids = [...new Set(body.targetCommunityIds)];
  if (targets.length !== ids.length || targets.some((t) => t.level !== 'community' || t.retired_at || !t.path.startsWith(actor.scopePath))) {
    throw field('targetCommunityIds', '目标社区不存在、已撤销或不在本部门辖区内', 'Unknown, retired or out-of-scope community');
  }
  const streets = new Set(targets.map((t) => Number(t.parent_id)));
  if (streets.size !== 1) throw field('targetCommunityIds', '一份申请只能下派到同一街道的社区，请按街道分别提交', 'All target communities must belong to one street');
  const item = body.listItemId ? await currentItem(q, districtOf(actor), body.listItemId) : null;
  if (body.listItemId && !item) throw field('listItemId', '该事项不在本区现行准入清单中', 'The item is not on the current admission list');

  let status: 'submitted' | 'refused' = 'submitted';
  let reason: string | null = null;
  if (item?.kind === 'negative') {
    status = 'refused';
    reason = `「${item.title}」属于负面清单事项，不得下派社区（系统自动不予准入）`;
  } else if (item?.fundsRequired && !(body.fundsPerCommunity > 0)) {
    status = 'refused';
    reason = `准入清单要求「${item.title}」经费随事转，申请未附工作经费（系统自动不予准入）`;
  } else if (item?.personnelRequired && !(body.personnel > 0)) {
    status = 'refused';
    reason = `准入清单要求「${item.title}」人员随事走，申请未派人员（系统自动不予准入）`;
  }
  return { streetId: [...streets][0], ids, item, status, reason, needsExplicit: !item };
}

async function reviewDue(q: Queryable): Promise<string> {
  const days = await getSetting<number>(q, 'admission.review_working_days', 15);
  return addWorkingDays(await loadAdmissionCalendar(q), today(), Number(days));
}

async function event(q: Queryable, actor: Actor, requestId: string, action: string, reason: string | null) {
  await q.query('INSERT INTO task_request_events (request_id, action, reason, actor_id, actor_label) VALUES ($1,$2,$3,$4,$5)', [requestId, action, reason, actor.userId, actor.label]);
}

function requireDepartment(actor: Actor): string {
  if (!actor.departmentId) throw new AppError('FORBIDDEN', '只有部门账号可以提交准入事项申请', 'Only department accounts file task requests');
  return actor.departmentId;
}

export async function createRequest(ctx: Ctx, actor: Actor, body: TaskRequestBody) {
  const departmentId = requireDepartment(actor);
  const id = await ctx.db.tx(async (q) => {
    const ev = await evaluate(q, actor, body);
    await q.query('SELECT pg_advisory_xact_lock($1)', [7313031]);
    const year = today().slice(0, 4);
    const n = await q.query<{ n: number }>(`SELECT count(*)::int + 1 AS n FROM task_requests WHERE no LIKE $1`, [`ZR${year}-%`]);
    const no = `ZR${year}-${String(n[0].n).padStart(5, '0')}`;
    const due = ev.status === 'submitted' ? await reviewDue(q) : null;
    const ins = await q.query<{ id: string }>(
      `INSERT INTO task_requests (no, department_id, street_id, list_item_id, title, description, legal_basis, target_community_ids, households, hours,
         period_start, period_end, funds_per_community, personnel, personnel_note, authority, report_schedule, status, auto_decided, needs_explicit,
         decision_reason, review_due, reviewed_at, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24) RETURNING id`,
      [no, departmentId, ev.streetId, ev.item?.id ?? null, body.title, body.description ?? null, body.legalBasis ?? null, ev.ids, body.households, body.hours,
        body.periodStart, body.periodEnd, body.fundsPerCommunity, body.personnel, body.personnelNote ?? null, body.authority ?? null, JSON.stringify(body.reportSchedule ?? {}),
        ev.status, ev.status === 'refused', ev.needsExplicit, ev.reason, due, ev.status === 'refused' ? new Date() : null, actor.userId],
    );
    await event(q, actor, ins[0].id, 'submit', null);
    if (ev.status === 'refused') await event(q, actor, ins[0].id, 'auto_refuse', ev.reason);
    await audit(q, actor, { action: 'task.request', entityType: 'task_request', entityId: ins[0].id, regionId: ev.streetId, detail: { no, status: ev.status, communities: ev.ids.length } });
    return ins[0].id;
  });
  return getRequest(ctx, actor, id);
}

/** A returned request is corrected by its department and goes through the rules and review again. */
export async function resubmitRequest(ctx: Ctx, actor: Actor, id: string, body: TaskRequestBody) {
  requireDepartment(actor);
  await ctx.db.tx(async (q) => {
    const r = await requestRow(q, actor, id);
    if (r.status !== 'returned') throw invalidState('只有被退回的申请可以修改后重新提交', 'Only a returned request can be corrected and resubmitted');
    const ev = await evaluate(q, actor, body);
    const due = ev.status === 'submitted' ? await reviewDue(q) : null;
    await q.query(
      `UPDATE task_requests SET street_id = $2, list_item_id = $3, title = $4, description = $5, legal_basis = $6, target_community_ids = $7, households = $8,
         hours = $9, period_start = $10, period_end = $11, funds_per_community = $12, personnel = $13, personnel_note = $14, authority = $15, report_schedule = $16,
         status = $17, auto_decided = $18, needs_explicit = $19, decision_reason = $20, review_due = $21, submitted_at = now(),
         reviewed_at = $22, reviewed_by = NULL, updated_at = now() WHERE id = $1`,
      [id, ev.streetId, ev.item?.id ?? null, body.title, body.description ?? null, body.legalBasis ?? null, ev.ids, body.households, body.hours,
        body.periodStart, body.periodEnd, body.fundsPerCommunity, body.personnel, body.personnelNote ?? null, body.authority ?? null, JSON.stringify(body.reportSchedule ?? {}),
        ev.status, ev.status === 'refused', ev.needsExplicit, ev.reason, due, ev.status === 'refused' ? new Date() : null],
    );
    await event(q, actor, id, 'resubmit', null);
    if (ev.status === 'refused') await event(q, actor, id, 'auto_refuse', ev.reason);
    await audit(q, actor, { action: 'task.resubmit', entityType: 'task_request', entityId: id, regionId: ev.streetId, detail: { status: ev.status } });
  });
  return getRequest(ctx, actor, id);
}

export async function reviewRequest(ctx: Ctx, actor: Actor, id: string, body: { decision: 'approve' | 'refuse' | 'return'; reason?: string; explicitApproval?: boolean }) {
  if (actor.departmentId && !actor.permissions.has('*')) throw forbidden();
  await ctx.db.tx(async (q) => {
    const r = await requestRow(q, actor, id);
    await q.query('SELECT id FROM task_requests WHERE id = $1 FOR UPDATE', [id]);
    if (r.status !== 'submitted') throw invalidState('该申请已处理，不能重复审核', 'The request has already been decided');
    if (body.decision === 'approve' && r.needs_explicit && !body.explicitApproval) {
      throw field('explicitApproval', '该事项不在准入清单内，须明确确认后方可准入', 'The item is on no admission list: confirm the approval explicitly');
    }
    const status = body.decision === 'approve' ? 'approved' : body.decision === 'refuse' ? 'refused' : 'returned';
    await q.query('UPDATE task_requests SET status = $2, decision_reason = $3, reviewed_at = now(), reviewed_by = $4, updated_at = now() WHERE id = $1',
      [id, status, body.reason ?? null, actor.userId]);
    await event(q, actor, id, body.decision, body.reason ?? null);
    if (status === 'approved') await deliverTasks(ctx, q, actor, id);
    await audit(q, actor, { action: `task.${body.decision}`, entityType: 'task_request', entityId: id, regionId: Number(r.street_id), detail: { no: r.no, explicit: !!body.explicitApproval } });
  });
  return getRequest(ctx, actor, id);
}
