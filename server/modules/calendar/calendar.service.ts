// The working calendar: holidays and make-up working days as rows (work_calendar), office hours and the UTC
// offset as settings. Any module with working-day time limits loads it here and does the arithmetic with
// server/lib/working-time.ts.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { audit } from '../../lib/audit.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { addLimit, makeCalendar, type TimeLimit, type WorkCalendar } from '../../lib/working-time.ts';

type DayRow = { day: string; kind: 'holiday' | 'workday'; name: string };

export async function readSetting<T>(q: Queryable, key: string, fallback: T): Promise<T> {
  const rows = await q.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  return rows[0] ? rows[0].value : fallback;
}

/** The whole calendar: a few dozen rows a year, so it is read per command rather than cached across processes. */
export async function loadCalendar(q: Queryable): Promise<WorkCalendar> {
  const days = await q.query<DayRow>('SELECT day, kind, name FROM work_calendar');
  const hours = await readSetting<[string, string][]>(q, 'calendar.work_hours', [['09:00', '12:00'], ['13:00', '18:00']]);
  const offset = await readSetting<number>(q, 'calendar.utc_offset_minutes', 480);
  return makeCalendar({
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
    workdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
    hours,
    utcOffsetMinutes: offset,
  });
}

export async function getCalendarYear(ctx: Ctx, year: number) {
  const days = await ctx.db.query<DayRow>(`SELECT day, kind, name FROM work_calendar WHERE day >= $1 AND day <= $2 ORDER BY day`, [`${year}-01-01`, `${year}-12-31`]);
  return {
    year,
    days: days.map((d) => ({ date: d.day, kind: d.kind, name: d.name })),
    workHours: await readSetting<[string, string][]>(ctx.db, 'calendar.work_hours', [['09:00', '12:00'], ['13:00', '18:00']]),
    utcOffsetMinutes: await readSetting<number>(ctx.db, 'calendar.utc_offset_minutes', 480),
  };
}

/** Adds or replaces days (e.g. when the State Council publishes next year's arrangement). */
export async function putCalendarDays(ctx: Ctx, actor: Actor, days: { date: string; kind: 'holiday' | 'workday'; name: string }[]) {
  const seen = new Set<string>();
  for (const d of days) {
    if (seen.has(d.date)) throw invalid(`日期 ${d.date} 重复`, `Date ${d.date} is listed twice`, [{ path: 'days', messages: { 'zh-CN': `日期 ${d.date} 重复`, 'en-US': `Date ${d.date} is listed twice` } }]);
    seen.add(d.date);
  }
  return ctx.db.tx(async (q) => {
    for (const d of days) {
      await q.query(
        `INSERT INTO work_calendar (day, kind, name) VALUES ($1,$2,$3)
         ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_at = now()`,
        [d.date, d.kind, d.name],
      );
    }
    await audit(q, actor, { action: 'calendar.put', entityType: 'work_calendar', detail: { days: days.map((d) => `${d.date}:${d.kind}`) } });
    return { ok: true as const };
  });
}

export async function deleteCalendarDay(ctx: Ctx, actor: Actor, date: string) {
  return ctx.db.tx(async (q) => {
    const rows = await q.query('DELETE FROM work_calendar WHERE day = $1 RETURNING day', [date]);
    if (!rows[0]) throw notFound('日历日期', 'Calendar day');
    await audit(q, actor, { action: 'calendar.delete', entityType: 'work_calendar', entityId: date });
    return { ok: true as const };
  });
}

export async function deadline(ctx: Ctx, start: string, limit: TimeLimit) {
  const cal = await loadCalendar(ctx.db);
  return { dueAt: addLimit(cal, new Date(start), limit).toISOString() };
}
