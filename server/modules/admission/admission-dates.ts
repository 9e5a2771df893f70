// Dates for admission: review deadlines in working days (the shared working calendar: holidays and make-up
// working days are rows of work_calendar, see server/modules/calendar), and a task's progress-report schedule.
import type { Queryable } from '../../db/client.ts';
import { isWorkingDay, type WorkCalendar } from '../../lib/working-time.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';

export async function getSetting<T>(q: Queryable, key: string, fallback: T): Promise<T> {
  const rows = await q.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  return rows[0]?.value ?? fallback;
}

export async function loadAdmissionCalendar(q: Queryable): Promise<WorkCalendar> {
  return loadCalendar(q);
}

const DAY_MS = 86_400_000;
export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The n-th working day after `date` (the submission day itself does not count). */
export function addWorkingDays(cal: WorkCalendar, date: string, n: number): string {
  let d = date;
  for (let left = n, guard = 0; left > 0 && guard < 3660; guard++) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/** Today's date in Asia/Shanghai. */
export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export type ReportSchedule = { quarterly?: boolean; monthly?: boolean; summaryDay?: number };
export type ScheduledReport = { kind: 'quarterly' | 'monthly' | 'summary'; label: string; dueDate: string };

function monthEnd(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); // m is 1-based: day 0 of the next month
}

/**
 * Reports a community owes for a task running from start to end: a quarterly report by each quarter's last
 * day, optionally a monthly one by each month's last day, and the summary by day N of the month after the end.
 */
export function reportSchedule(start: string, end: string, s: ReportSchedule): ScheduledReport[] {
  const out: ScheduledReport[] = [];
  const [sy, sm] = start.split('-').map(Number);
  const [ey, em] = end.split('-').map(Number);
  for (let y = sy, m = sm; y < ey || (y === ey && m <= em); m === 12 ? (y++, (m = 1)) : m++) {
    const last = monthEnd(y, m);
    if (last < start || last > end) continue;
    if (s.quarterly && m % 3 === 0) out.push({ kind: 'quarterly', label: `${y}年第${m / 3}季度进展报告`, dueDate: last });
    else if (s.monthly) out.push({ kind: 'monthly', label: `${y}年${m}月进展报告`, dueDate: last });
  }
  const day = s.summaryDay ?? 3;
  const ny = em === 12 ? ey + 1 : ey;
  const nm = em === 12 ? 1 : em + 1;
  out.push({ kind: 'summary', label: '工作总结', dueDate: `${ny}-${String(nm).padStart(2, '0')}-${String(day).padStart(2, '0')}` });
  return out;
}
