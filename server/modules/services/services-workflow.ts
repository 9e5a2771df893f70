// The application state machine (前台一口受理、后台分工协同):
//   submitted ─accept→ incomplete (一次性告知) ─accept→ in_progress
//   in_progress: steps in order; a window step is passed/rejected by the window; a street or department step
//   is received (签收) then passed/rejected, or returned with a reason → returned ─resubmit→ in_progress
//   last step passed, or any step rejected → ready ─collect→ collected ─archive→ archived
//   submitted | incomplete | in_progress | returned ─cancel→ cancelled;  ready | collected | archived ─rate→ (rated)
// Every other transition is refused with INVALID_STATE.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { shanghaiDate } from '../../lib/pdf.ts';
import type { ApplicationStatus, ServiceStep } from '../../../contracts/services.ts';
import { addWorkingDays, loadDayCalendar } from './services-calendar.ts';
import { getApplication, lockApplication, missingOf, STATUS_ZH, type AppRow } from './services.service.ts';

export type Action = 'accept' | 'window_step' | 'receive' | 'decide' | 'return' | 'resubmit' | 'collect' | 'archive' | 'cancel' | 'rate' | 'followup';

export const TRANSITIONS: Record<Action, ApplicationStatus[]> = {
  accept: ['submitted', 'incomplete'],
  window_step: ['in_progress'],
  receive: ['in_progress'],
  decide: ['in_progress'],
  return: ['in_progress'],
  resubmit: ['returned'],
  collect: ['ready'],
  archive: ['collected'],
  cancel: ['submitted', 'incomplete', 'in_progress', 'returned'],
  rate: ['ready', 'collected', 'archived'],
  followup: ['ready', 'collected', 'archived'],
};

const ACTION_ZH: Record<Action, string> = {
  accept: '受理', window_step: '窗口办理', receive: '签收', decide: '办理', return: '退回', resubmit: '重新提交', collect: '领取', archive: '归档', cancel: '撤回', rate: '评价', followup: '回访',
};

export function assertTransition(status: ApplicationStatus, action: Action): void {
  if (!TRANSITIONS[action].includes(status)) {
    throw new AppError('INVALID_STATE', `办件当前状态为「${STATUS_ZH[status]}」，不能${ACTION_ZH[action]}`, `Cannot ${action} an application in status ${status}`);
  }
}

export async function event(q: Queryable, appId: string, actor: Actor | null, kind: string, title: string, note: string | null) {
  await q.query('INSERT INTO application_events (application_id, kind, title, note, actor_id) VALUES ($1,$2,$3,$4,$5)', [appId, kind, title, note, actor?.userId ?? null]);
}

const today = () => shanghaiDate(new Date());

async function startStep(q: Queryable, appId: string, steps: ServiceStep[], seq: number) {
  const s = steps[seq];
  const cal = await loadDayCalendar(q);
  const dept = s.kind === 'department' && s.departmentCode ? await q.query<{ id: string; name: string }>('SELECT id, name FROM departments WHERE code = $1', [s.departmentCode]) : [];
  await q.query(
    `INSERT INTO application_steps (application_id, seq, key, name, kind, department_id, status, limit_days, due_date) VALUES ($1,$2,$3,$4,$5,$6,'active',$7,$8)`,
    [appId, seq, s.key, s.name, s.kind, dept[0]?.id ?? null, s.limitDays, addWorkingDays(cal, today(), s.limitDays)],
  );
  await q.query(`UPDATE applications SET status = 'in_progress', current_seq = $2, updated_at = now() WHERE id = $1`, [appId, seq]);
  await event(q, appId, null, 'step', `转入「${s.name}」${dept[0] ? `（${dept[0].name}）` : ''}`, null);
}

async function finish(q: Queryable, actor: Actor, appId: string, result: 'approved' | 'rejected', note: string) {
  await q.query(`UPDATE applications SET status = 'ready', result = $2, result_note = $3, finished_at = now(), current_seq = NULL, updated_at = now() WHERE id = $1`, [appId, result, note || null]);
  await event(q, appId, actor, 'finished', result === 'approved' ? '办结：准予办理，请领取结果' : '办结：不予办理', result === 'rejected' ? note : null);
}

/** Accepts inside the caller's transaction: complete → first step done and the next started; else incomplete. */
export async function acceptIn(q: Queryable, actor: Actor, appId: string): Promise<'accepted' | 'incomplete'> {
  const rows = await q.query<Pick<AppRow, 'status' | 'materials' | 'steps' | 'time_limit_days' | 'community_id'>>('SELECT status, materials, steps, time_limit_days, community_id FROM applications WHERE id = $1', [appId]);
  const a = rows[0];
  assertTransition(a.status, 'accept');
  const missing = missingOf(a.materials);
  if (missing.length) {
    await q.query(`UPDATE applications SET status = 'incomplete', updated_at = now() WHERE id = $1`, [appId]);
    await event(q, appId, actor, 'notice', '材料不齐，一次性告知需补正的材料', missing.join('、'));
    return 'incomplete';
  }
  const cal = await loadDayCalendar(q);
  const steps = a.steps;
  await q.query(`UPDATE applications SET accepted_at = now(), intake_by = coalesce(intake_by, $2), due_date = $3 WHERE id = $1`, [appId, actor.userId, addWorkingDays(cal, today(), Number(a.time_limit_days))]);
  await q.query(
    `INSERT INTO application_steps (application_id, seq, key, name, kind, status, outcome, limit_days, due_date, completed_at, actor_id) VALUES ($1,0,$2,$3,'window','done','pass',$4,$5,now(),$6)`,
    [appId, steps[0].key, steps[0].name, steps[0].limitDays, addWorkingDays(cal, today(), steps[0].limitDays), actor.userId],
  );
  await event(q, appId, actor, 'accepted', '窗口已受理', null);
  if (steps.length > 1) await startStep(q, appId, steps, 1);
  else await finish(q, actor, appId, 'approved', '');
  return 'accepted';
}

export async function acceptApplication(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, 'accept');
    if (a.status === 'incomplete' && missingOf(a.materials).length) {
      throw new AppError('INVALID_STATE', `材料仍不齐：${missingOf(a.materials).join('、')}`, 'Materials are still missing');
    }
    const r = await acceptIn(q, actor, id);
    await audit(q, actor, { action: 'application.accept', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: { result: r } });
  });
  return getApplication(ctx, actor, id);
}

type StepRow = { id: string; seq: number; kind: 'window' | 'street' | 'department'; department_id: string | null; status: 'active' | 'received'; name: string };

async function currentStep(q: Queryable, appId: string): Promise<StepRow | null> {
  const rows = await q.query<StepRow>(`SELECT id, seq, kind, department_id, status, name FROM application_steps WHERE application_id = $1 AND status IN ('active', 'received') ORDER BY started_at DESC LIMIT 1`, [appId]);
  return rows[0] ?? null;
}

/** Back-office steps belong to their department (or, for street steps, to street staff without a department). */
function assertBackOffice(actor: Actor, s: StepRow) {
  if (s.kind === 'window') throw new AppError('INVALID_STATE', `当前环节「${s.name}」由社区窗口办理`, 'The current step is a window step');
  if (can(actor, '*')) return;
  const mine = s.kind === 'department' ? !!actor.departmentId && actor.departmentId === s.department_id : !actor.departmentId;
  if (!mine) throw new AppError('FORBIDDEN', `当前环节「${s.name}」不属于本部门`, 'The current step belongs to another department');
}

async function afterPass(q: Queryable, actor: Actor, a: AppRow, seq: number) {
  if (seq + 1 < a.steps.length) await startStep(q, a.id, a.steps, seq + 1);
  else await finish(q, actor, a.id, 'approved', '');
}

/** The window decides its own step (e.g. 入户调查, 办结). */
export async function windowStep(ctx: Ctx, actor: Actor, id: string, outcome: 'pass' | 'reject', note: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, 'window_step');
    const s = await currentStep(q, id);
    if (!s || s.kind !== 'window') throw new AppError('INVALID_STATE', `当前环节${s ? `「${s.name}」` : ''}不是窗口环节`, 'The current step is not a window step');
    await q.query(`UPDATE application_steps SET status = 'done', outcome = $2, note = $3, completed_at = now(), actor_id = $4 WHERE id = $1`, [s.id, outcome, note || null, actor.userId]);
    await event(q, id, actor, 'step_done', `「${s.name}」${outcome === 'pass' ? '通过' : '不通过'}`, note || null);
    if (outcome === 'pass') await afterPass(q, actor, a, Number(s.seq));
    else await finish(q, actor, id, 'rejected', note);
    await audit(q, actor, { action: 'application.window_step', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: { step: s.name, outcome } });
  });
  return getApplication(ctx, actor, id);
}

export async function receiveStep(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, 'receive');
    const s = await currentStep(q, id);
    if (!s) throw new AppError('INVALID_STATE', '没有待签收的环节', 'No step to receive');
    assertBackOffice(actor, s);
    if (s.status !== 'active') throw new AppError('INVALID_STATE', `「${s.name}」已签收`, 'Already received');
    await q.query(`UPDATE application_steps SET status = 'received', received_at = now(), actor_id = $2 WHERE id = $1`, [s.id, actor.userId]);
    await event(q, id, actor, 'received', `「${s.name}」已签收`, null);
    await audit(q, actor, { action: 'application.receive', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: { step: s.name } });
  });
  return getApplication(ctx, actor, id);
}

export async function decideStep(ctx: Ctx, actor: Actor, id: string, outcome: 'pass' | 'reject', note: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, 'decide');
    const s = await currentStep(q, id);
    if (!s) throw new AppError('INVALID_STATE', '没有待办理的环节', 'No step to decide');
    assertBackOffice(actor, s);
    if (s.status !== 'received') throw new AppError('INVALID_STATE', `请先签收「${s.name}」`, 'Receive the step first');
    await q.query(`UPDATE application_steps SET status = 'done', outcome = $2, note = $3, completed_at = now(), actor_id = $4 WHERE id = $1`, [s.id, outcome, note || null, actor.userId]);
    await event(q, id, actor, 'step_done', `「${s.name}」${outcome === 'pass' ? '审核通过' : '不予通过'}`, note || null);
    if (outcome === 'pass') await afterPass(q, actor, a, Number(s.seq));
    else await finish(q, actor, id, 'rejected', note);
    await audit(q, actor, { action: 'application.decide', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: { step: s.name, outcome } });
  });
  return getApplication(ctx, actor, id);
}

export async function returnStep(ctx: Ctx, actor: Actor, id: string, reason: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, 'return');
    const s = await currentStep(q, id);
    if (!s) throw new AppError('INVALID_STATE', '没有可退回的环节', 'No step to return');
    assertBackOffice(actor, s);
    await q.query(`UPDATE application_steps SET status = 'returned', outcome = 'return', note = $2, completed_at = now(), actor_id = $3 WHERE id = $1`, [s.id, reason, actor.userId]);
    await q.query(`UPDATE applications SET status = 'returned', updated_at = now() WHERE id = $1`, [id]);
    await event(q, id, actor, 'returned', `「${s.name}」退回窗口补正`, reason);
    await audit(q, actor, { action: 'application.return', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: { step: s.name, reason } });
  });
  return getApplication(ctx, actor, id);
}

export async function resubmit(ctx: Ctx, actor: Actor, id: string, note: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, 'resubmit');
    const last = await q.query<{ seq: number }>(`SELECT seq FROM application_steps WHERE application_id = $1 AND status = 'returned' ORDER BY completed_at DESC LIMIT 1`, [id]);
    await event(q, id, actor, 'resubmitted', '窗口补正后重新提交', note || null);
    await startStep(q, id, a.steps, Number(last[0].seq));
    await audit(q, actor, { action: 'application.resubmit', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: {} });
  });
  return getApplication(ctx, actor, id);
}

async function simple(ctx: Ctx, actor: Actor, id: string, action: 'collect' | 'archive' | 'cancel', note: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, action);
    const set = { collect: `status = 'collected', collected_at = now()`, archive: `status = 'archived', archived_at = now()`, cancel: `status = 'cancelled', current_seq = NULL` }[action];
    await q.query(`UPDATE applications SET ${set}, updated_at = now() WHERE id = $1`, [id]);
    if (action === 'cancel') await q.query(`UPDATE application_steps SET status = 'done', completed_at = now(), note = '办件撤回' WHERE application_id = $1 AND status IN ('active', 'received')`, [id]);
    await event(q, id, actor, action, { collect: '申请人已领取办理结果', archive: '已归档', cancel: '办件已撤回' }[action], note || null);
    await audit(q, actor, { action: `application.${action}`, entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: note ? { note } : {} });
  });
  return getApplication(ctx, actor, id);
}
export const collect = (ctx: Ctx, actor: Actor, id: string) => simple(ctx, actor, id, 'collect', '');
export const archive = (ctx: Ctx, actor: Actor, id: string) => simple(ctx, actor, id, 'archive', '');
export const cancel = (ctx: Ctx, actor: Actor, id: string, reason: string) => simple(ctx, actor, id, 'cancel', reason);

/** Five levels; 1–2 (不满意/非常不满意) need a reason and open a follow-up (回访). */
export async function rate(ctx: Ctx, actor: Actor, id: string, score: number, reason: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, 'rate');
    if (a.score !== null) throw new AppError('CONFLICT', '该办件已评价', 'Already rated');
    const bad = score <= 2;
    await q.query(
      'INSERT INTO application_ratings (application_id, community_id, score, reason, rated_by, followup_status) VALUES ($1,$2,$3,$4,$5,$6)',
      [id, a.community_id, score, reason || null, actor.userId, bad ? 'open' : 'none'],
    );
    await event(q, id, actor, 'rated', `评价：${RATING_ZH[score]}`, null);
    if (bad) await event(q, id, actor, 'followup_open', '不满意评价，已转回访', null);
    await audit(q, actor, { action: 'application.rate', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: { score } });
  });
  return getApplication(ctx, actor, id);
}

export const RATING_ZH: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export async function closeFollowup(ctx: Ctx, actor: Actor, id: string, note: string) {
  await ctx.db.tx(async (q) => {
    const a = await lockApplication(q, actor, id);
    assertTransition(a.status, 'followup');
    if (a.followup_status !== 'open') throw new AppError('INVALID_STATE', '该办件没有待回访的不满意评价', 'No open follow-up');
    await q.query(`UPDATE application_ratings SET followup_status = 'closed', followup_note = $2, followup_closed_by = $3, followup_closed_at = now() WHERE application_id = $1`, [id, note, actor.userId]);
    await event(q, id, actor, 'followup_closed', '已回访', null);
    await audit(q, actor, { action: 'application.followup', entityType: 'application', entityId: id, regionId: Number(a.community_id), detail: {} });
  });
  return getApplication(ctx, actor, id);
}
