// Time limits of cases (办理时限) in working time, and the SLA sweep that marks cases due soon and overdue,
// notifies the owners and escalates supervision (community → street → district).
// Every threshold is computed in working time when a stage starts and stored as a timestamp, so the sweep is
// a few set-based UPDATEs over partial indexes (100,000 open cases in well under 2 s on PostgreSQL).
import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { enqueueJob, registerJobHandler } from '../../lib/jobs.ts';
import { addLimit, addWorkingMinutes, limitMinutes, workingMinutesBetween, type TimeLimit, type WorkCalendar } from '../../lib/working-time.ts';
import { loadCalendar, readSetting } from '../calendar/calendar.service.ts';
import { staffOfOwners } from './case-notify.ts';

export type SlaSettings = { dueSoonRatio: number; streetAfterHours: number; districtAfterHours: number };
export type StageFields = {
  stage: string | null; stage_started_at: Date | null; warn_at: Date | null; due_at: Date | null;
  escalate_street_at: Date | null; escalate_district_at: Date | null; sla_state: 'normal' | 'due_soon' | 'overdue';
};

export const NO_CLOCK: StageFields = { stage: null, stage_started_at: null, warn_at: null, due_at: null, escalate_street_at: null, escalate_district_at: null, sla_state: 'normal' };

export async function loadSla(q: Queryable): Promise<{ cal: WorkCalendar; sla: SlaSettings }> {
  const cal = await loadCalendar(q);
  const ratio = await readSetting<number>(q, 'cases.due_soon_ratio', 0.2);
  const esc = await readSetting<{ streetAfterHours: number; districtAfterHours: number }>(q, 'cases.escalation', { streetAfterHours: 8, districtAfterHours: 24 });
  return { cal, sla: { dueSoonRatio: ratio, streetAfterHours: esc.streetAfterHours, districtAfterHours: esc.districtAfterHours } };
}

/** Thresholds of a stage that runs from `start` to `due`, evaluated at `now`. */
export function stageWithDue(cal: WorkCalendar, sla: SlaSettings, stage: string, start: Date, due: Date, now: Date): StageFields {
  const span = Math.max(0, workingMinutesBetween(cal, start, due));
  const warn = span > 0 ? addWorkingMinutes(cal, start, span * (1 - sla.dueSoonRatio)) : due;
  const f: StageFields = {
    stage, stage_started_at: start, warn_at: warn, due_at: due,
    escalate_street_at: addWorkingMinutes(cal, due, sla.streetAfterHours * 60),
    escalate_district_at: addWorkingMinutes(cal, due, sla.districtAfterHours * 60),
    sla_state: 'normal',
  };
  f.sla_state = now >= due ? 'overdue' : now >= warn ? 'due_soon' : 'normal';
  return f;
}

export function stageWithLimit(cal: WorkCalendar, sla: SlaSettings, stage: string, start: Date, limit: TimeLimit, now: Date): StageFields {
  return stageWithDue(cal, sla, stage, start, addLimit(cal, start, limit), now);
}

export { limitMinutes };

/** Values for UPDATE … SET of the stage columns, in this order. */
export const STAGE_COLS = ['stage', 'stage_started_at', 'warn_at', 'due_at', 'escalate_street_at', 'escalate_district_at', 'sla_state'] as const;
export function stageValues(f: StageFields): unknown[] {
  return STAGE_COLS.map((k) => f[k]);
}

const RANK = (col: string) => `CASE ${col} WHEN 'district' THEN 3 WHEN 'street' THEN 2 WHEN 'community' THEN 1 ELSE 0 END`;
const STATE_RANK = (col: string) => `CASE ${col} WHEN 'overdue' THEN 2 WHEN 'due_soon' THEN 1 ELSE 0 END`;

export type SweepResult = { dueSoon: number; overdue: number; toStreet: number; toDistrict: number; notified: number; ms: number; full?: boolean; skipped?: boolean };

type Kind = 'dueSoon' | 'overdue' | 'toStreet' | 'toDistrict';
type Changed = { kind: Kind; owner: string; n: number };

/** The supervision level a stage's thresholds call for at `now` (0 none, 1 community, 2 street, 3 district). */
export function escalationFor(f: StageFields, now: Date): number {
  if (!f.due_at || now < f.due_at) return 0;
  if (f.escalate_district_at && now >= f.escalate_district_at) return 3;
  if (f.escalate_street_at && now >= f.escalate_street_at) return 2;
  return 1;
}

// The UPDATE joins its candidates by ctid (a TID scan, no index descent): half the cost of joining by id at
// 50,000 rows. A row changed concurrently between the two gets a new ctid and is skipped; the overlap below makes
// the next sweep look at it again.
// A sweep re-reads a little of the previous window, so a threshold written by a process whose clock lags a bit
// is still seen; changes only move forward, so reading a case twice does nothing.
const OVERLAP_MS = 10 * 60_000;
// A full pass now and then is the safety net for anything a window could miss (and the first sweep ever).
const FULL_EVERY_MS = 24 * 3600_000;

/**
 * One sweep, one pass: every case with a threshold crossed since the previous sweep (or, in a full pass, every
 * case whose warning time has passed) gets its final state and supervision level for `now` in one UPDATE —
 * states only move forward (normal → due soon → overdue; community → street → district) — and one timeline
 * event saying what happened. A transaction-scoped advisory lock makes concurrent sweeps (several processes,
 * a manual run) skip instead of double-notifying.
 */
export async function sweepSla(ctx: Ctx, now = new Date(), opts: { full?: boolean } = {}): Promise<SweepResult> {
  const t0 = Date.now();
  return ctx.db.tx(async (q) => {
    const lock = await q.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [7313410]);
    if (!lock[0].ok) return { dueSoon: 0, overdue: 0, toStreet: 0, toDistrict: 0, notified: 0, ms: Date.now() - t0, skipped: true };
    const last = await q.query<{ last: Date | null; last_full: Date | null }>(
      'SELECT max(swept_at) AS last, max(swept_at) FILTER (WHERE full_scan) AS last_full FROM case_sla_sweeps');
    const lastFull = last[0]?.last_full ? new Date(last[0].last_full) : null;
    const full = opts.full || !lastFull || now.getTime() - lastFull.getTime() > FULL_EVERY_MS || !last[0].last;
    const since = full ? null : new Date(new Date(last[0].last!).getTime() - OVERLAP_MS);
    const window = (col: string) => `(${col} > $2 AND ${col} <= $1)`;
    const which = full ? 'warn_at <= $1' : `(${['warn_at', 'due_at', 'escalate_street_at', 'escalate_district_at'].map(window).join(' OR ')})`;
    const newState = `CASE WHEN due_at <= $1 THEN 'overdue' ELSE 'due_soon' END`;
    const target = `CASE WHEN due_at > $1 THEN 0 WHEN escalate_district_at <= $1 THEN 3 WHEN escalate_street_at <= $1 THEN 2 ELSE 1 END`;
    const changed = await q.query<Changed>(
      `WITH cand AS (
         SELECT id, ctid, sla_state AS old_state, supervision_level AS old_level,
                CASE WHEN ${STATE_RANK(newState)} > ${STATE_RANK('sla_state')} THEN ${newState} ELSE sla_state END AS new_state,
                CASE GREATEST(${target}, ${RANK('supervision_level')}) WHEN 3 THEN 'district' WHEN 2 THEN 'street' WHEN 1 THEN 'community' END AS new_level
         FROM cases WHERE due_at IS NOT NULL AND warn_at <= $1 AND ${which}
       ), upd AS (
         UPDATE cases c SET sla_state = cand.new_state, supervision_level = cand.new_level, updated_at = $1
         FROM cand WHERE c.ctid = cand.ctid AND (cand.new_state <> cand.old_state OR cand.new_level IS DISTINCT FROM cand.old_level)
         RETURNING c.id, cand.old_state, c.sla_state, cand.old_level, c.supervision_level, c.assignee_type, c.assignee_region_id, c.assignee_department_id, c.community_id
       ), ev AS (
         INSERT INTO case_events (case_id, action, actor_label, note, at)
         SELECT u.id,
                CASE WHEN ${RANK('u.supervision_level')} >= 2 AND ${RANK('u.supervision_level')} > ${RANK('u.old_level')} THEN 'escalate'
                     WHEN u.sla_state = 'overdue' AND u.old_state <> 'overdue' THEN 'sla_overdue' ELSE 'sla_due_soon' END,
                '系统',
                CASE WHEN u.supervision_level = 'district' AND u.old_level IS DISTINCT FROM 'district' THEN '超期未办结，升级为区级督办'
                     WHEN u.supervision_level = 'street' AND ${RANK('u.old_level')} < 2 THEN '超期未办结，升级为街道督办'
                     WHEN u.sla_state = 'overdue' AND u.old_state <> 'overdue' THEN '已超期，转入社区督办' ELSE '即将超期' END,
                $1
         FROM upd u
       )
       -- Only counts per owner and kind come back: a cold sweep may change tens of thousands of cases.
       SELECT k.kind, CASE WHEN u.assignee_type = 'department' THEN 'd:' || u.assignee_department_id ELSE 'r:' || coalesce(u.assignee_region_id, u.community_id) END AS owner,
              count(*)::int AS n
       FROM upd u CROSS JOIN LATERAL (VALUES
         ('dueSoon', u.sla_state = 'due_soon' AND u.old_state = 'normal'),
         ('overdue', u.sla_state = 'overdue' AND u.old_state <> 'overdue'),
         ('toStreet', u.supervision_level = 'street' AND ${RANK('u.old_level')} < 2),
         ('toDistrict', u.supervision_level = 'district' AND u.old_level IS DISTINCT FROM 'district')
       ) AS k(kind, hit)
       WHERE k.hit GROUP BY 1, 2`,
      full ? [now] : [now, since],
    );
    // One digest message per owner and kind, not one per case; the owners' staff are looked up in one query.
    let notified = 0;
    const zh: Record<Kind, string> = { dueSoon: '即将超期', overdue: '已超期', toStreet: '超期升级为街道督办', toDistrict: '超期升级为区级督办' };
    const owners = [...new Set(changed.map((r) => r.owner))];
    const staff = owners.length
      ? await staffOfOwners(q, owners.filter((o) => o.startsWith('d:')).map((o) => o.slice(2)), owners.filter((o) => o.startsWith('r:')).map((o) => Number(o.slice(2))))
      : new Map<string, { id: string; username: string }[]>();
    const count: Record<Kind, number> = { dueSoon: 0, overdue: 0, toStreet: 0, toDistrict: 0 };
    for (const r of changed) {
      count[r.kind] += r.n;
      for (const u of staff.get(r.owner) ?? []) {
        await ctx.sender.send(q, { channel: 'inbox', recipient: u.username, userId: u.id, subject: `工单${zh[r.kind]}`, body: `您有 ${r.n} 件民情工单${zh[r.kind]}，请尽快处理。`, regionId: r.owner.startsWith('r:') ? Number(r.owner.slice(2)) : null });
        notified++;
      }
    }
    const result = { ...count, notified };
    await q.query('INSERT INTO case_sla_sweeps (swept_at, full_scan, result) VALUES ($1,$2,$3)', [now, full, JSON.stringify(result)]);
    await q.query(`DELETE FROM case_sla_sweeps WHERE swept_at < $1::timestamptz - interval '30 days'`, [now]);
    return { ...result, full, ms: Date.now() - t0 };
  });
}

export const SWEEP_JOB = 'cases.sla_sweep';

registerJobHandler(SWEEP_JOB, async (ctx) => {
  const r = await sweepSla(ctx);
  return r as unknown as Record<string, unknown>;
});

/**
 * Makes sure exactly one sweep is queued. Every server process calls this on a timer; the advisory lock
 * serialises the check-then-insert, so two processes never queue two sweeps, and the job queue's
 * SKIP LOCKED claim means only one process runs it.
 */
export async function ensureSweepQueued(ctx: Ctx): Promise<boolean> {
  return ctx.db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [7313411]);
    const pending = await q.query(`SELECT 1 FROM jobs WHERE kind = $1 AND status IN ('queued', 'running') LIMIT 1`, [SWEEP_JOB]);
    if (pending[0]) return false;
    const last = await q.query<{ finished_at: Date | null }>(`SELECT max(finished_at) AS finished_at FROM jobs WHERE kind = $1`, [SWEEP_JOB]);
    const minutes = await readSetting<number>(q, 'cases.sla_sweep_minutes', 5);
    const lastAt = last[0]?.finished_at ? new Date(last[0].finished_at).getTime() : 0;
    const runAt = new Date(Math.max(Date.now(), lastAt + minutes * 60_000));
    await enqueueJob(q, SWEEP_JOB, {}, { runAt, maxAttempts: 1 });
    return true;
  });
}

/** Starts the per-process scheduler (only where the job worker runs). Returns a stop function. */
export function startSweepScheduler(ctx: Ctx, everyMs = 60_000): () => void {
  const tick = () => ensureSweepQueued(ctx).catch((e) => ctx.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'sla sweep scheduling failed'));
  const first = setTimeout(tick, 2_000);
  const timer = setInterval(tick, everyMs);
  timer.unref();
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
