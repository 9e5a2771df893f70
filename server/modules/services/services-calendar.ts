// Time limits of the service hall are counted in working days (工作日) on the shared working calendar
// (work_calendar: holidays and make-up working days, maintained through the calendar module). Day granularity:
// a limit of N working days started on day D ends on the N-th working day after D.
import type { Queryable } from '../../db/client.ts';
import { isWorkingDay, type WorkCalendar } from '../../lib/working-time.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';

export async function loadDayCalendar(q: Queryable): Promise<WorkCalendar> {
  return loadCalendar(q);
}

function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The N-th working day after `date` (N = 0: `date` itself, or the next working day if it is a day off). */
export function addWorkingDays(cal: WorkCalendar, date: string, n: number): string {
  let d = date;
  if (n === 0) {
    while (!isWorkingDay(cal, d)) d = shift(d, 1);
    return d;
  }
  for (let left = n, guard = 0; left > 0; guard++) {
    if (guard > 366 * 5) throw new Error('working calendar has no working days');
    d = shift(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`. */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = shift(from, 1); d <= to; d = shift(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n;
}
