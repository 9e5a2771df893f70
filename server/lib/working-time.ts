// Working-time arithmetic for time limits (办理时限): working hours on working days, where holidays and
// make-up working days (调休上班) are data. Pure functions; callers load the calendar (loadCalendar in
// server/modules/calendar/calendar.service.ts) and pass it in. China has no daylight saving, so local time
// is a fixed offset from UTC (Asia/Shanghai = +480 minutes).
export type WorkCalendar = {
  /** 'YYYY-MM-DD' days off that would otherwise be working days (weekend holiday days may be listed too). */
  holidays: Set<string>;
  /** 'YYYY-MM-DD' make-up working days, usually a Saturday or Sunday next to a holiday. */
  workdays: Set<string>;
  /** Working hours of a working day as [startMinute, endMinute) from local midnight, sorted, not overlapping. */
  hours: [number, number][];
  /** Local time = UTC + this many minutes. */
  utcOffsetMinutes: number;
};

/** How a time limit is expressed: working hours, or working days of minutesPerDay(cal) each. */
export type TimeLimit = { value: number; unit: 'hours' | 'days' };

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
// A calendar with no working day at all would loop for ever; 30 years is far beyond any time limit.
const MAX_DAYS = 366 * 30;

/** '09:00' → 540. */
export function parseClock(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new Error(`bad clock time ${s}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function makeCalendar(input: { holidays?: Iterable<string>; workdays?: Iterable<string>; hours?: [string, string][]; utcOffsetMinutes?: number } = {}): WorkCalendar {
  const hours = (input.hours ?? [['09:00', '12:00'], ['13:00', '18:00']]).map(([a, b]) => [parseClock(a), parseClock(b)] as [number, number]).sort((x, y) => x[0] - y[0]);
  for (let i = 0; i < hours.length; i++) {
    if (hours[i][1] <= hours[i][0]) throw new Error('working period ends before it starts');
    if (i > 0 && hours[i][0] < hours[i - 1][1]) throw new Error('working periods overlap');
  }
  return { holidays: new Set(input.holidays ?? []), workdays: new Set(input.workdays ?? []), hours, utcOffsetMinutes: input.utcOffsetMinutes ?? 480 };
}

/** Day number (days since 1970-01-01 in local time) → 'YYYY-MM-DD'. */
function dayKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

export function minutesPerDay(cal: WorkCalendar): number {
  return cal.hours.reduce((s, [a, b]) => s + (b - a), 0);
}

export function limitMinutes(cal: WorkCalendar, limit: TimeLimit): number {
  return limit.unit === 'hours' ? limit.value * 60 : limit.value * minutesPerDay(cal);
}

/** The moment `minutes` working minutes after `start`. A deadline falling exactly at the end of a period stays there (18:00, not next morning). */
export function addWorkingMinutes(cal: WorkCalendar, start: Date, minutes: number): Date {
  if (!(minutes > 0)) return new Date(start.getTime());
  const off = cal.utcOffsetMinutes * MIN_MS;
  const local = start.getTime() + off;
  let day = Math.floor(local / DAY_MS);
  let t = local - day * DAY_MS; // ms into the local day
  let remaining = minutes * MIN_MS;
  for (let i = 0; i < MAX_DAYS; i++, day++, t = 0) {
    if (!isWorkingDay(cal, dayKey(day))) continue;
    for (const [a, b] of cal.hours) {
      const from = Math.max(a * MIN_MS, t);
      const to = b * MIN_MS;
      if (from >= to) continue;
      if (remaining <= to - from) return new Date(day * DAY_MS + from + remaining - off);
      remaining -= to - from;
    }
  }
  throw new Error('working calendar has no working time');
}

/** Working minutes between two moments; negative when `to` is before `from`. */
export function workingMinutesBetween(cal: WorkCalendar, from: Date, to: Date): number {
  if (to.getTime() < from.getTime()) return -workingMinutesBetween(cal, to, from);
  const off = cal.utcOffsetMinutes * MIN_MS;
  const a = from.getTime() + off;
  const b = to.getTime() + off;
  let total = 0;
  const lastDay = Math.floor(b / DAY_MS);
  let day = Math.floor(a / DAY_MS);
  if (lastDay - day > MAX_DAYS) throw new Error('span too long');
  for (; day <= lastDay; day++) {
    if (!isWorkingDay(cal, dayKey(day))) continue;
    const base = day * DAY_MS;
    for (const [s, e] of cal.hours) {
      const lo = Math.max(base + s * MIN_MS, a);
      const hi = Math.min(base + e * MIN_MS, b);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / MIN_MS;
}

export function addLimit(cal: WorkCalendar, start: Date, limit: TimeLimit): Date {
  return addWorkingMinutes(cal, start, limitMinutes(cal, limit));
}

/** The next working moment at or after `at` (a report at 20:00 on Friday starts its clock on Monday 09:00). */
export function nextWorkingMoment(cal: WorkCalendar, at: Date): Date {
  const justAfter = addWorkingMinutes(cal, at, 1 / 60_000); // one millisecond of working time
  return new Date(justAfter.getTime() - 1);
}

/** Working days in a date range, inclusive (for reports: "N 个工作日"). */
export function workingDaysIn(cal: WorkCalendar, fromDate: string, toDate: string): number {
  let n = 0;
  for (let d = Date.parse(`${fromDate}T00:00:00Z`) / DAY_MS, end = Date.parse(`${toDate}T00:00:00Z`) / DAY_MS; d <= end; d++) {
    if (isWorkingDay(cal, dayKey(d))) n++;
  }
  return n;
}
