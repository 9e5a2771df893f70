// Working-time arithmetic: weekends, holidays, make-up working days, lunch breaks, pauses, odd calendars.
import { describe, expect, test } from 'vitest';
import { addLimit, addWorkingMinutes, isWorkingDay, makeCalendar, minutesPerDay, nextWorkingMoment, workingDaysIn, workingMinutesBetween } from './working-time.ts';
import { CALENDAR_2026 } from '../seed/cases-catalogue.ts';

// Local (Asia/Shanghai) wall-clock time → Date.
const at = (s: string) => new Date(`${s}+08:00`);
const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const plain = makeCalendar();
const cn2026 = makeCalendar({
  holidays: CALENDAR_2026.filter((d) => d.kind === 'holiday').map((d) => d.date),
  workdays: CALENDAR_2026.filter((d) => d.kind === 'workday').map((d) => d.date),
});

describe('working days', () => {
  test('weekends are off, weekdays on', () => {
    expect(isWorkingDay(plain, '2026-11-20')).toBe(true); // Friday
    expect(isWorkingDay(plain, '2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay(plain, '2026-11-22')).toBe(false); // Sunday
  });
  test('2026 holidays and make-up days from the State Council notice', () => {
    expect(isWorkingDay(cn2026, '2026-01-02')).toBe(false); // 元旦 Friday
    expect(isWorkingDay(cn2026, '2026-01-04')).toBe(true); // Sunday make-up day
    expect(isWorkingDay(cn2026, '2026-02-14')).toBe(true); // Saturday before 春节
    expect(isWorkingDay(cn2026, '2026-02-16')).toBe(false);
    expect(isWorkingDay(cn2026, '2026-02-23')).toBe(false); // Monday, last day of 春节
    expect(isWorkingDay(cn2026, '2026-02-28')).toBe(true);
    expect(isWorkingDay(cn2026, '2026-10-07')).toBe(false);
    expect(isWorkingDay(cn2026, '2026-10-08')).toBe(true); // holiday is 1–7 Oct
    expect(isWorkingDay(cn2026, '2026-10-10')).toBe(true);
    expect(isWorkingDay(cn2026, '2026-09-20')).toBe(true);
  });
  test('counts working days in a range', () => {
    expect(workingDaysIn(plain, '2026-11-16', '2026-11-22')).toBe(5);
    // 2026-09-28 … 2026-10-11: 28–30 Sep (3) + 8–9 Oct (2) + Saturday 10 Oct make-up (1) = 6
    expect(workingDaysIn(cn2026, '2026-09-28', '2026-10-11')).toBe(6);
  });
});

describe('adding working time', () => {
  test('within one period', () => {
    expect(local(addWorkingMinutes(plain, at('2026-11-18T09:30'), 60))).toBe('2026-11-18 10:30');
  });
  test('skips the lunch break', () => {
    expect(local(addWorkingMinutes(plain, at('2026-11-18T11:30'), 60))).toBe('2026-11-18 13:30');
  });
  test('a deadline at the end of a period stays there', () => {
    expect(local(addWorkingMinutes(plain, at('2026-11-18T17:00'), 60))).toBe('2026-11-18 18:00');
  });
  test('rolls over the night and the weekend', () => {
    expect(local(addWorkingMinutes(plain, at('2026-11-20T17:00'), 120))).toBe('2026-11-23 10:00');
  });
  test('a report outside working hours starts at the next working moment', () => {
    expect(local(addWorkingMinutes(plain, at('2026-11-21T22:00'), 30))).toBe('2026-11-23 09:30');
    expect(local(nextWorkingMoment(plain, at('2026-11-21T22:00')))).toBe('2026-11-23 09:00');
    expect(local(nextWorkingMoment(plain, at('2026-11-23T10:15')))).toBe('2026-11-23 10:15');
  });
  test('working days are days of working minutes', () => {
    expect(minutesPerDay(plain)).toBe(480);
    expect(local(addLimit(plain, at('2026-11-20T10:00'), { value: 1, unit: 'days' }))).toBe('2026-11-23 10:00');
    expect(local(addLimit(plain, at('2026-11-18T10:00'), { value: 5, unit: 'days' }))).toBe('2026-11-25 10:00');
    expect(local(addLimit(plain, at('2026-11-18T10:00'), { value: 2, unit: 'hours' }))).toBe('2026-11-18 12:00');
  });
  test('jumps over the National Day week and lands on the make-up Saturday', () => {
    // Wednesday 30 Sep 16:00 + 1 working day → 1–7 Oct off → Thursday 8 Oct 16:00
    expect(local(addLimit(cn2026, at('2026-09-30T16:00'), { value: 1, unit: 'days' }))).toBe('2026-10-08 16:00');
    // Friday 9 Oct 16:00 + 1 working day → Saturday 10 Oct is a make-up working day
    expect(local(addLimit(cn2026, at('2026-10-09T16:00'), { value: 1, unit: 'days' }))).toBe('2026-10-10 16:00');
  });
  test('Spring Festival: 9 days off with make-up Saturdays either side', () => {
    // Friday 13 Feb 17:00 + 2 hours → Saturday 14 Feb (make-up) 10:00
    expect(local(addWorkingMinutes(cn2026, at('2026-02-13T17:00'), 120))).toBe('2026-02-14 10:00');
    // Saturday 14 Feb 17:00 + 2 hours → 15–23 Feb off → Tuesday 24 Feb 10:00
    expect(local(addWorkingMinutes(cn2026, at('2026-02-14T17:00'), 120))).toBe('2026-02-24 10:00');
  });
  test('zero or negative adds nothing', () => {
    const s = at('2026-11-21T22:00');
    expect(addWorkingMinutes(plain, s, 0).getTime()).toBe(s.getTime());
    expect(addWorkingMinutes(plain, s, -5).getTime()).toBe(s.getTime());
  });
  test('a calendar without working time is refused, not looped on', () => {
    const never = makeCalendar({ hours: [['09:00', '09:01']] });
    never.hours = [];
    expect(() => addWorkingMinutes(never, at('2026-11-18T09:00'), 10)).toThrow(/no working time/);
    expect(() => makeCalendar({ hours: [['10:00', '09:00']] })).toThrow();
    expect(() => makeCalendar({ hours: [['09:00', '12:00'], ['11:00', '13:00']] })).toThrow();
  });
});

describe('measuring working time', () => {
  test('between two moments, signed', () => {
    expect(workingMinutesBetween(plain, at('2026-11-18T09:00'), at('2026-11-18T18:00'))).toBe(480);
    expect(workingMinutesBetween(plain, at('2026-11-20T17:00'), at('2026-11-23T10:00'))).toBe(120);
    expect(workingMinutesBetween(plain, at('2026-11-23T10:00'), at('2026-11-20T17:00'))).toBe(-120);
    expect(workingMinutesBetween(plain, at('2026-11-21T08:00'), at('2026-11-22T20:00'))).toBe(0);
  });
  test('is the inverse of adding', () => {
    const starts = ['2026-01-01T10:00', '2026-02-13T11:11', '2026-04-30T17:59', '2026-09-30T08:00', '2026-12-31T23:00'];
    for (const s of starts) for (const m of [1, 59, 480, 481, 3000, 10_000]) {
      const end = addWorkingMinutes(cn2026, at(s), m);
      expect(workingMinutesBetween(cn2026, nextWorkingMoment(cn2026, at(s)), end)).toBeCloseTo(m, 6);
    }
  });
  test('a pause stops the clock: remaining time carries over from pause to resume', () => {
    const due = addLimit(plain, at('2026-11-18T09:00'), { value: 2, unit: 'days' }); // end of Thursday
    expect(local(due)).toBe('2026-11-19 18:00');
    const pausedAt = at('2026-11-18T15:00');
    const remaining = workingMinutesBetween(plain, pausedAt, due); // 3 h today + 8 h Thursday
    expect(remaining).toBe(660);
    const resumedAt = at('2026-11-23T09:00'); // resumed the next Monday
    expect(local(addWorkingMinutes(plain, resumedAt, remaining))).toBe('2026-11-24 12:00');
  });
  test('different office hours and time zone offsets', () => {
    const cal = makeCalendar({ hours: [['08:30', '12:00'], ['14:00', '17:30']] });
    expect(minutesPerDay(cal)).toBe(420);
    expect(local(addWorkingMinutes(cal, at('2026-11-18T11:00'), 90))).toBe('2026-11-18 14:30');
    const utc = makeCalendar({ utcOffsetMinutes: 0 });
    // 09:00 UTC is 17:00 in Shanghai
    expect(addWorkingMinutes(utc, new Date('2026-11-18T09:00:00Z'), 60).toISOString()).toBe('2026-11-18T10:00:00.000Z');
  });
});
