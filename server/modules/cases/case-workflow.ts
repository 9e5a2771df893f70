// The case state machine. One table says, per action, from which states it is allowed, the state it leads to,
// the permission the route needs and who (in relation to the case) may do it. Everything else is refused with
// a clear Chinese message. Each action is one transaction: row lock → checks → update → timeline → audit → notices.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { audit } from '../../lib/audit.ts';
import { AppError, conflict, invalid, invalidState, notFound } from '../../lib/errors.ts';
import { addWorkingMinutes, minutesPerDay, workingMinutesBetween } from '../../lib/working-time.ts';
import { readSetting } from '../calendar/calendar.service.ts';
import { STATUS_ZH, RATING_ZH, type CaseStatus, type Rating, type Urgency } from '../../../contracts/cases.ts';
import { getCategory, stageLimit } from './case-categories.ts';
import { isAssignee, isDispatcher, loadCase, loadOwnCase, type CaseRow } from './case-access.ts';
import { NO_CLOCK, escalationFor, loadSla, stageValues, stageWithDue, stageWithLimit, STAGE_COLS, type StageFields } from './case-sla.ts';
import { notifyOwners, notifyRegionStaff, notifyReporter } from './case-notify.ts';
import { assertFiles } from './case-files.ts';

export type ActionName =
  | 'accept' | 'reject' | 'dispatch' | 'sign' | 'return' | 'handle' | 'reply' | 'rate' | 'callback' | 'reopen'
  | 'close' | 'archive' | 'pause' | 'resume' | 'request_extension' | 'decide_extension' | 'supervise' | 'urge' | 'merge';
type Who = 'dispatcher' | 'assignee' | 'assignee_or_dispatcher' | 'reporter' | 'supervisor';
type ActionDef = { zh: string; from: CaseStatus[]; to: CaseStatus | null; perm: string; who: Who; public: boolean };

const OPEN: CaseStatus[] = ['reported', 'accepted', 'dispatched', 'handling', 'paused', 'returned', 'handled'];

export const ACTIONS: Record<ActionName, ActionDef> = {
  accept: { zh: '受理', from: ['reported'], to: 'accepted', perm: 'case.dispatch', who: 'dispatcher', public: true },
  reject: { zh: '不予受理', from: ['reported'], to: 'closed', perm: 'case.dispatch', who: 'dispatcher', public: true },
  dispatch: { zh: '交办', from: ['accepted', 'returned'], to: 'dispatched', perm: 'case.dispatch', who: 'dispatcher', public: true },
  sign: { zh: '签收', from: ['dispatched'], to: 'handling', perm: 'case.handle', who: 'assignee', public: true },
  return: { zh: '退回', from: ['dispatched', 'handling'], to: 'returned', perm: 'case.handle', who: 'assignee', public: false },
  handle: { zh: '办结', from: ['handling'], to: 'handled', perm: 'case.handle', who: 'assignee', public: true },
  reply: { zh: '答复', from: ['handled'], to: 'replied', perm: 'case.handle', who: 'assignee_or_dispatcher', public: true },
  rate: { zh: '评价', from: ['replied'], to: 'rated', perm: 'case.report', who: 'reporter', public: true },
  callback: { zh: '回访', from: ['replied'], to: 'rated', perm: 'case.dispatch', who: 'dispatcher', public: true },
  reopen: { zh: '重办', from: ['rated'], to: 'handling', perm: 'case.dispatch', who: 'dispatcher', public: true },
  close: { zh: '结案', from: ['replied', 'rated'], to: 'closed', perm: 'case.dispatch', who: 'dispatcher', public: true },
  archive: { zh: '归档', from: ['closed'], to: 'archived', perm: 'case.dispatch', who: 'dispatcher', public: false },
  pause: { zh: '挂起', from: ['handling'], to: 'paused', perm: 'case.handle', who: 'assignee', public: false },
  resume: { zh: '恢复办理', from: ['paused'], to: 'handling', perm: 'case.handle', who: 'assignee', public: false },
  request_extension: { zh: '申请延期', from: ['handling', 'paused'], to: null, perm: 'case.handle', who: 'assignee', public: false },
  decide_extension: { zh: '审批延期', from: ['handling', 'paused'], to: null, perm: 'case.supervise', who: 'supervisor', public: false },
  supervise: { zh: '督办', from: OPEN, to: null, perm: 'case.supervise', who: 'supervisor', public: false },
  urge: { zh: '催办', from: OPEN, to: null, perm: 'case.supervise', who: 'supervisor', public: false },
  merge: { zh: '合并', from: ['reported', 'accepted', 'returned', 'dispatched'], to: 'merged', perm: 'case.dispatch', who: 'dispatcher', public: true },
};

export const ACTION_ZH: Record<string, string> = {
  ...Object.fromEntries(Object.entries(ACTIONS).map(([k, v]) => [k, v.zh])),
  report: '登记', sla_due_soon: '即将超期', sla_overdue: '超期', escalate: '升级督办', merged_from: '并入重复诉求', auto_reopen: '不满意重办',
};

const WHO_ZH: Record<Who, string> = {
  dispatcher: '只有受理交办单位（社区、街道）可以', assignee: '只有当前承办单位可以', assignee_or_dispatcher: '只有承办单位或交办单位可以',
  reporter: '只有反映人本人可以', supervisor: '只有督办单位可以',
};

const LEVELS = ['community', 'street', 'district'] as const;
type Level = (typeof LEVELS)[number];
const LEVEL_ZH: Record<Level, string> = { community: '社区', street: '街道', district: '区级' };

function whoOk(actor: Actor, c: CaseRow, who: Who): boolean {
  switch (who) {
    case 'dispatcher': return isDispatcher(actor);
    case 'assignee': return isAssignee(actor, c);
    case 'assignee_or_dispatcher': return isAssignee(actor, c) || isDispatcher(actor);
    case 'reporter': return !!actor.userId && actor.userId === c.reporter_user_id;
    case 'supervisor': return !actor.departmentId;
  }
}

/** The actions this actor could take now (for buttons; the service re-checks everything). */
export function allowedActions(actor: Actor, c: CaseRow, hasPendingExtension: boolean): ActionName[] {
  return (Object.keys(ACTIONS) as ActionName[]).filter((a) => {
    const d = ACTIONS[a];
    if (!d.from.includes(c.status) || !can(actor, d.perm) || !whoOk(actor, c, d.who)) return false;
    if (a === 'decide_extension') return hasPendingExtension;
    if (a === 'request_extension') return !hasPendingExtension;
    if (a === 'reopen') return c.rating === 'unsatisfied';
    return true;
  });
}

export type ActionInput = {
  note?: string; attachments?: string[]; version?: number; reason?: string; text?: string; categoryId?: string; urgency?: Urgency;
  assigneeType?: 'community' | 'street' | 'department'; regionId?: number; departmentId?: string;
  rating?: Rating; resolved?: boolean; comment?: string; days?: number; approve?: boolean; intoId?: string;
};

type Effect = { set: Record<string, unknown>; to?: CaseStatus; note?: string | null; detail?: Record<string, unknown>; after?: (q: Queryable, c: CaseRow) => Promise<void> };

export async function runAction(ctx: Ctx, actor: Actor, id: string, action: ActionName, input: ActionInput, opts: { own?: boolean } = {}) {
  const def = ACTIONS[action];
  return ctx.db.tx(async (q) => {
    const c = opts.own ? await loadOwnCase(q, actor, id, { forUpdate: true }) : await loadCase(q, actor, id, { forUpdate: true });
    if (!def.from.includes(c.status)) {
      throw invalidState(
        `工单当前为「${STATUS_ZH[c.status]}」，不能${def.zh}（${def.zh}只适用于：${def.from.map((s) => STATUS_ZH[s]).join('、')}）`,
        `The case is ${c.status}; "${action}" is allowed only when ${def.from.join(', ')}`,
      );
    }
    if (!whoOk(actor, c, def.who)) throw new AppError('FORBIDDEN', `${WHO_ZH[def.who]}${def.zh}此工单`, `You are not the party who may ${action} this case`);
    if (input.version !== undefined && input.version !== c.version) throw conflict('工单已被他人更新，请刷新后再试', 'The case changed meanwhile; reload and retry');
    const files = await assertFiles(q, actor, input.attachments ?? []);
    const now = new Date();
    const { cal, sla } = await loadSla(q);
    const cat = await getCategory(q, input.categoryId ?? c.category_id, { active: !!input.categoryId });
    const urgency = input.urgency ?? c.urgency;
    const stage = (f: StageFields) => Object.fromEntries(STAGE_COLS.map((k, i) => [k, stageValues(f)[i]]));
    const handleStage = (due: Date) => stage(stageWithDue(cal, sla, 'handle', now, due, now));
    const level = (a: Actor): Level => (a.scopeLevel === 'district' ? 'district' : a.scopeLevel === 'street' ? 'street' : 'community');

    const effects: Record<ActionName, () => Promise<Effect>> = {
      accept: async () => {
        const handleDue = stageWithLimit(cal, sla, 'handle', now, stageLimit(cat, urgency, 'handle'), now).due_at!;
        return { set: { category_id: cat.id, urgency, accepted_at: now, handle_due_at: handleDue, ...stage(stageWithLimit(cal, sla, 'dispatch', now, stageLimit(cat, urgency, 'accept'), now)) },
          detail: input.categoryId || input.urgency ? { categoryId: cat.id, urgency } : {},
          after: async (qq, cc) => void (await notifyReporter(ctx, qq, cc, '诉求已受理', `您反映的问题（${cc.case_no}）已受理。`)) };
      },
      reject: async () => {
        if (!input.reason) throw invalid('请填写不予受理的原因', 'Give the reason', [{ path: 'reason', messages: { 'zh-CN': '请填写原因', 'en-US': 'Give a reason' } }]);
        return { set: { closed_at: now, ...stage(NO_CLOCK) }, note: input.reason,
          after: async (qq, cc) => void (await notifyReporter(ctx, qq, cc, '诉求不予受理', `您反映的问题（${cc.case_no}）不予受理：${input.reason}`)) };
      },
      dispatch: async () => {
        const target = await resolveTarget(q, c, input);
        await q.query(`UPDATE case_assignments SET ended_at = $2, end_reason = 'reassigned' WHERE case_id = $1 AND ended_at IS NULL`, [c.id, now]);
        await q.query('INSERT INTO case_assignments (case_id, assignee_type, region_id, department_id, assigned_by, assigned_at) VALUES ($1,$2,$3,$4,$5,$6)',
          [c.id, target.type, target.regionId, target.departmentId, actor.userId, now]);
        return { set: { assignee_type: target.type, assignee_region_id: target.regionId, assignee_department_id: target.departmentId, dispatched_at: c.dispatched_at ?? now,
          ...stage(stageWithLimit(cal, sla, 'sign', now, stageLimit(cat, urgency, 'accept'), now)) },
          detail: { assigneeType: target.type, assignee: target.name }, note: input.note ?? null,
          after: async (qq, cc) => {
            await notifyOwners(ctx, qq, { assignee_type: target.type, assignee_region_id: target.regionId, assignee_department_id: target.departmentId, community_id: cc.community_id },
              '新交办工单', `收到交办工单 ${cc.case_no}「${cc.title}」，请及时签收办理。`);
          } };
      },
      sign: async () => ({ set: { signed_at: c.signed_at ?? now, responded_on_time: c.responded_on_time ?? (c.due_at ? now <= new Date(c.due_at) : true),
        ...handleStage(c.handle_due_at ? new Date(c.handle_due_at) : stageWithLimit(cal, sla, 'handle', now, stageLimit(cat, urgency, 'handle'), now).due_at!) } }),
      return: async () => {
        if (!input.reason) throw invalid('请填写退回原因', 'Give the reason', [{ path: 'reason', messages: { 'zh-CN': '请填写原因', 'en-US': 'Give a reason' } }]);
        await q.query(`UPDATE case_assignments SET ended_at = $2, end_reason = 'returned' WHERE case_id = $1 AND ended_at IS NULL`, [c.id, now]);
        return { set: { assignee_type: null, assignee_region_id: null, assignee_department_id: null, ...stage(stageWithLimit(cal, sla, 'dispatch', now, stageLimit(cat, urgency, 'accept'), now)) },
          note: input.reason, detail: { from: c.assignee_name },
          after: async (qq, cc) => void (await notifyRegionStaff(ctx, qq, cc.community_id, '工单被退回', `工单 ${cc.case_no} 被「${c.assignee_name ?? ''}」退回：${input.reason}，请改派。`)) };
      },
      handle: async () => {
        const minutes = c.accepted_at ? Math.max(0, workingMinutesBetween(cal, new Date(c.accepted_at), now) - (c.paused_total_min ?? 0)) : null;
        return { set: { handled_at: now, handled_on_time: c.handled_on_time ?? (c.handle_due_at ? now <= new Date(c.handle_due_at) : true), handling_minutes: minutes,
          ...stage(stageWithLimit(cal, sla, 'reply', now, stageLimit(cat, urgency, 'reply'), now)) } };
      },
      reply: async () => ({ set: { reply_text: input.text, replied_at: now, ...stage(NO_CLOCK) }, note: input.text ?? null,
        after: async (qq, cc) => void (await notifyReporter(ctx, qq, cc, '诉求已答复', `您反映的问题（${cc.case_no}）已办理并答复，请查看并评价。`)) }),
      rate: async () => rateEffect(input.rating!, input.resolved!, input.comment ?? null),
      callback: async () => rateEffect(input.rating!, input.resolved!, input.note ?? null),
      reopen: async () => {
        if (c.rating !== 'unsatisfied') throw invalidState('只有居民不满意的工单才能重办', 'Only a case rated unsatisfied can be reopened');
        return reopenEffect(input.reason ?? input.note ?? null);
      },
      close: async () => ({ set: { closed_at: now, ...stage(NO_CLOCK) } }),
      archive: async () => ({ set: { archived_at: now } }),
      pause: async () => {
        if (!input.reason) throw invalid('请填写挂起原因', 'Give the reason', [{ path: 'reason', messages: { 'zh-CN': '请填写原因', 'en-US': 'Give a reason' } }]);
        const remaining = c.due_at ? workingMinutesBetween(cal, now, new Date(c.due_at)) : 0;
        return { set: { paused_from: c.status, paused_remaining_min: remaining, ...stage({ ...NO_CLOCK, stage: 'paused', stage_started_at: now }) }, note: input.reason, detail: { remainingMinutes: Math.round(remaining) } };
      },
      resume: async () => {
        const pausedFor = c.stage_started_at ? Math.max(0, workingMinutesBetween(cal, new Date(c.stage_started_at), now)) : 0;
        const due = addWorkingMinutes(cal, now, c.paused_remaining_min ?? 0);
        return { set: { paused_from: null, paused_remaining_min: null, paused_total_min: (c.paused_total_min ?? 0) + pausedFor, handle_due_at: due, ...handleStage(due) },
          detail: { pausedWorkingMinutes: Math.round(pausedFor) } };
      },
      request_extension: async () => {
        if (!input.days || !input.reason) throw invalid('请填写延期天数和原因', 'Give days and reason');
        const pending = await q.query('SELECT 1 FROM case_extensions WHERE case_id = $1 AND status = $2', [c.id, 'pending']);
        if (pending[0]) throw conflict('已有待审批的延期申请', 'An extension request is already pending');
        await q.query('INSERT INTO case_extensions (case_id, days, reason, requested_by) VALUES ($1,$2,$3,$4)', [c.id, input.days, input.reason, actor.userId]);
        return { set: {}, note: input.reason, detail: { days: input.days },
          after: async (qq, cc) => {
            const street = await qq.query<{ parent_id: number }>('SELECT parent_id FROM regions WHERE id = $1', [cc.community_id]);
            if (street[0]?.parent_id) await notifyRegionStaff(ctx, qq, Number(street[0].parent_id), '延期申请待审批', `工单 ${cc.case_no} 申请延期 ${input.days} 个工作日：${input.reason}`);
          } };
      },
      decide_extension: async () => {
        const ext = await q.query<{ id: string; days: number }>(`SELECT id, days FROM case_extensions WHERE case_id = $1 AND status = 'pending' FOR UPDATE`, [c.id]);
        if (!ext[0]) throw invalidState('没有待审批的延期申请', 'No pending extension request');
        await q.query('UPDATE case_extensions SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1',
          [ext[0].id, input.approve ? 'approved' : 'rejected', actor.userId, now, input.note ?? null]);
        const extra = ext[0].days * minutesPerDay(cal);
        let set: Record<string, unknown> = {};
        if (input.approve) {
          const due = addWorkingMinutes(cal, c.handle_due_at ? new Date(c.handle_due_at) : now, extra);
          set = c.status === 'paused'
            ? { handle_due_at: due, paused_remaining_min: (c.paused_remaining_min ?? 0) + extra, extension_count: c.extension_count + 1 }
            : { handle_due_at: due, extension_count: c.extension_count + 1, ...stage(stageWithDue(cal, sla, 'handle', c.stage_started_at ? new Date(c.stage_started_at) : now, due, now)) };
        }
        return { set, detail: { approved: !!input.approve, days: ext[0].days },
          after: async (qq, cc) => void (await notifyOwners(ctx, qq, cc, input.approve ? '延期申请已批准' : '延期申请未批准', `工单 ${cc.case_no} 的延期申请${input.approve ? `已批准，延长 ${ext[0].days} 个工作日` : '未批准'}。`)) };
      },
      supervise: async () => {
        const lv = maxLevel(c.supervision_level as Level | null, level(actor));
        return { set: { supervision_level: lv }, detail: { level: lv },
          after: async (qq, cc) => void (await notifyOwners(ctx, qq, cc, '工单被督办', `工单 ${cc.case_no}「${cc.title}」已列入${LEVEL_ZH[lv]}督办，请抓紧办理。`)) };
      },
      urge: async () => {
        const cur = c.supervision_level as Level | null;
        const lv: Level = cur === null ? 'community' : LEVELS[Math.min(LEVELS.indexOf(cur) + 1, 2)];
        return { set: { supervision_level: lv, urge_count: c.urge_count + 1 }, detail: { level: lv, urge: c.urge_count + 1 },
          after: async (qq, cc) => {
            await notifyOwners(ctx, qq, cc, '工单催办', `工单 ${cc.case_no}「${cc.title}」第 ${cc.urge_count + 1} 次催办，已升级为${LEVEL_ZH[lv]}督办。`);
            if (lv !== 'community') {
              const up = await qq.query<{ id: number }>(`SELECT a.id FROM regions c JOIN regions a ON c.path LIKE a.path || '%' WHERE c.id = $1 AND a.level = $2`, [cc.community_id, lv]);
              if (up[0]) await notifyRegionStaff(ctx, qq, Number(up[0].id), '工单升级督办', `工单 ${cc.case_no} 经 ${cc.urge_count + 1} 次催办仍未办结，升级为${LEVEL_ZH[lv]}督办。`);
            }
          } };
      },
      merge: async () => {
        if (!input.intoId || input.intoId === c.id) throw invalid('请选择要并入的另一件工单', 'Choose another case to merge into', [{ path: 'intoId', messages: { 'zh-CN': '请选择另一件工单', 'en-US': 'Choose another case' } }]);
        const into = await loadCase(q, actor, input.intoId, { forUpdate: true });
        if (['merged', 'closed', 'archived'].includes(into.status)) throw invalidState(`目标工单为「${STATUS_ZH[into.status]}」，不能并入`, 'The target case is no longer open');
        await q.query(`INSERT INTO case_events (case_id, action, from_status, to_status, actor_id, actor_label, note, detail, public, at) VALUES ($1,'merged_from',$2,$2,$3,$4,$5,$6,false,$7)`,
          [into.id, into.status, actor.userId, actor.label, input.note ?? null, JSON.stringify({ caseId: c.id, caseNo: c.case_no }), now]);
        await q.query('INSERT INTO case_persons (case_id, person_id, role) SELECT $1, person_id, role FROM case_persons WHERE case_id = $2 ON CONFLICT DO NOTHING', [into.id, c.id]);
        return { set: { merged_into_id: into.id, closed_at: now, ...stage(NO_CLOCK) }, detail: { intoId: into.id, intoNo: into.case_no },
          after: async (qq, cc) => void (await notifyReporter(ctx, qq, cc, '诉求已合并办理', `您反映的问题（${cc.case_no}）与同一问题的工单 ${into.case_no} 合并办理。`)) };
      },
    };

    async function reopenEffect(reason: string | null): Promise<Effect> {
      const max = await readSetting<number>(q, 'cases.max_reopen', 1);
      if (c.reopen_count >= max) throw invalidState(`该工单已重办 ${c.reopen_count} 次，达到上限（${max} 次），请结案`, `Reopened ${c.reopen_count} times already (max ${max})`);
      const due = stageWithLimit(cal, sla, 'handle', now, stageLimit(cat, urgency, 'handle'), now).due_at!;
      return { to: 'handling', set: { reopen_count: c.reopen_count + 1, handle_due_at: due, reply_text: null, replied_at: null, ...handleStage(due) }, note: reason,
        detail: { previousRating: c.rating },
        after: async (qq, cc) => void (await notifyOwners(ctx, qq, cc, '工单重办', `居民对工单 ${cc.case_no} 的办理结果不满意，已退回重办。`)) };
    }

    async function rateEffect(r: Rating, resolved: boolean, comment: string | null): Promise<Effect> {
      const base: Effect = { set: { rating: r, resolved, rated_at: now, ...stage(NO_CLOCK) }, note: comment, detail: { rating: r, ratingName: RATING_ZH[r], resolved } };
      if (r !== 'unsatisfied') return base;
      // Unsatisfied: back to the owner automatically while reopens remain; otherwise the dispatcher closes it.
      const max = await readSetting<number>(q, 'cases.max_reopen', 1);
      if (c.reopen_count >= max) return base;
      const re = await reopenEffect(comment);
      return { ...re, set: { ...base.set, ...re.set }, detail: { ...base.detail, reopened: true }, note: comment };
    }

    const eff = await effects[action]();
    const to = eff.to ?? def.to ?? c.status;
    const set: Record<string, unknown> = { ...eff.set, status: to };
    // A stage that starts already past its thresholds is supervised at once; the sweep only reads new crossings.
    if (set.sla_state === 'overdue' && set.due_at) {
      const need = escalationFor(set as unknown as StageFields, now);
      const cur = set.supervision_level !== undefined ? (set.supervision_level as Level | null) : (c.supervision_level as Level | null);
      const have = cur ? LEVELS.indexOf(cur) + 1 : 0;
      if (need > have) set.supervision_level = LEVELS[need - 1];
    }
    const cols = Object.keys(set);
    await q.query(
      `UPDATE cases SET ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
      [c.id, ...cols.map((k) => set[k])],
    );
    await q.query(
      `INSERT INTO case_events (case_id, action, from_status, to_status, actor_id, actor_label, note, attachments, detail, public, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [c.id, action, c.status, to, actor.userId, actor.label, eff.note ?? input.note ?? null, files, JSON.stringify(eff.detail ?? {}), def.public, now],
    );
    if (eff.detail?.reopened) {
      await q.query(`INSERT INTO case_events (case_id, action, from_status, to_status, actor_label, note, public, at) VALUES ($1,'auto_reopen','rated','handling','系统',$2,true,$3)`,
        [c.id, '居民不满意，工单退回承办单位重办', now]);
    }
    await audit(q, actor, { action: `case.${action}`, entityType: 'case', entityId: c.id, regionId: Number(c.community_id), detail: { caseNo: c.case_no, from: c.status, to, ...(eff.detail ?? {}) } });
    const updated = { ...c, ...set } as CaseRow;
    if (eff.after) await eff.after(q, updated);
    return c.id;
  });
}

function maxLevel(a: Level | null, b: Level): Level {
  return a && LEVELS.indexOf(a) > LEVELS.indexOf(b) ? a : b;
}

type Target = { type: 'community' | 'street' | 'department'; regionId: number | null; departmentId: string | null; name: string };

async function resolveTarget(q: Queryable, c: CaseRow, input: ActionInput): Promise<Target> {
  const field = (path: string, zh: string, en: string) => invalid(zh, en, [{ path, messages: { 'zh-CN': zh, 'en-US': en } }]);
  if (input.assigneeType === 'department') {
    const d = await q.query<{ id: string; name: string }>('SELECT id, name FROM departments WHERE id = $1', [input.departmentId]);
    if (!d[0]) throw field('departmentId', '部门不存在', 'Unknown department');
    return { type: 'department', regionId: null, departmentId: d[0].id, name: d[0].name };
  }
  if (input.assigneeType === 'community') {
    // A community handles matters in its own area; a wrong place is corrected on the case, not by dispatching across.
    const id = input.regionId ?? Number(c.community_id);
    if (Number(id) !== Number(c.community_id)) throw field('regionId', '只能交办给事发地所在社区', 'Dispatch to the community where it happened');
    return { type: 'community', regionId: Number(c.community_id), departmentId: null, name: c.community_name };
  }
  const street = await q.query<{ id: number; name: string }>('SELECT s.id, s.name FROM regions s JOIN regions c ON c.parent_id = s.id WHERE c.id = $1', [c.community_id]);
  if (!street[0]) throw notFound('街道', 'Street');
  if (input.regionId !== undefined && Number(input.regionId) !== Number(street[0].id)) throw field('regionId', '只能交办给事发地所在街道', 'Dispatch to the street where it happened');
  return { type: 'street', regionId: Number(street[0].id), departmentId: null, name: street[0].name };
}
