/** Every date and deadline shown in Asia/Shanghai, whatever the browser's zone. */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { CalendarYear } from './api/views';

dayjs.extend(utc);
dayjs.extend(timezone);

export const ZONE = 'Asia/Shanghai';

export function sh(iso: string | Date): Dayjs {
  return dayjs(iso).tz(ZONE);
}

export function fmtDateTime(iso: string | null | undefined): string {
  return iso ? sh(iso).format('YYYY-MM-DD HH:mm') : '—';
}

export function fmtDate(iso: string | null | undefined): string {
  return iso ? sh(iso).format('YYYY-MM-DD') : '—';
}

/** Holidays and make-up working days by date; weekends are non-working unless made up. */
export type Overrides = Map<string, 'holiday' | 'workday'>;

export function overridesOf(years: CalendarYear[]): Overrides {
  const m: Overrides = new Map();
  for (const y of years) for (const d of y.days) m.set(d.date, d.kind);
  return m;
}

export function isWorkingDay(date: Dayjs, overrides: Overrides): boolean {
  const o = overrides.get(date.format('YYYY-MM-DD'));
  if (o) return o === 'workday';
  const dow = date.day();
  return dow !== 0 && dow !== 6;
}

export interface TimeLeft {
  overdue: boolean;
  /** Whole working days, and the hours left over, between now and the deadline (working days count 24 h). */
  days: number;
  hours: number;
}

/**
 * Working time left until a deadline: the hours of working days (Asia/Shanghai) between now and then. The API's
 * deadlines are ends of working days, so "1 working day 5 h" reads as "the rest of today and one more day".
 */
export function workingTimeLeft(dueIso: string, overrides: Overrides, now: Dayjs = dayjs()): TimeLeft {
  const due = sh(dueIso);
  const start = now.tz(ZONE);
  if (!due.isAfter(start)) {
    const h = Math.floor(start.diff(due, 'hour'));
    return { overdue: true, days: Math.floor(h / 24), hours: h % 24 };
  }
  let ms = 0;
  let day = start.startOf('day');
  for (let i = 0; i < 400 && day.isBefore(due); i++) {
    const next = day.add(1, 'day');
    if (isWorkingDay(day, overrides)) {
      const from = start.isAfter(day) ? start : day;
      const to = due.isBefore(next) ? due : next;
      ms += Math.max(0, to.valueOf() - from.valueOf());
    }
    day = next;
  }
  const hours = Math.floor(ms / 3_600_000);
  return { overdue: false, days: Math.floor(hours / 24), hours: hours % 24 };
}
