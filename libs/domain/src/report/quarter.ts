import type { WorkingCalendar } from '../calendar/working-calendar';
import { addCalendarDays, branchToday, startOfLocalDay } from '../calendar/working-calendar';
import { isRealIsoDate } from '../common/iso-date';

/**
 * Calendar quarters of the quarterly regulator report (Art. 22, 23), in the branch's zone (Asia/Shanghai, fixed
 * UTC+8). Pure functions on strings, like the working-day calendar, so the schedule's decision runs anywhere.
 */

export const QUARTER_PATTERN = /^(\d{4})Q([1-4])$/;
/** No report before the calendar's first year: there is no working-day schedule to count with. */
export const FIRST_REPORT_YEAR = 2000;

export interface Quarter {
  /** '2026Q3' */
  id: string;
  year: number;
  /** 1..4 */
  q: number;
  /** First day, branch-local YYYY-MM-DD: '2026-07-01'. */
  firstDay: string;
  /** Last day, inclusive: '2026-09-30'. */
  lastDay: string;
  /** The day after the last: '2026-10-01' (the half-open end). */
  endDay: string;
  /** UTC instant of local 00:00 on firstDay: the inclusive start. */
  startsAt: string;
  /** UTC instant of local 00:00 on endDay: the exclusive end. */
  endsAt: string;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** '2026Q3' → the quarter [2026-07-01, 2026-10-01) in Asia/Shanghai; RangeError for anything else. */
export function parseQuarter(text: string): Quarter {
  const m = QUARTER_PATTERN.exec(text);
  if (!m) throw new RangeError(`not a quarter like 2026Q3: ${JSON.stringify(text)}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  if (year < FIRST_REPORT_YEAR) throw new RangeError(`quarters start in ${FIRST_REPORT_YEAR}, got ${text}`);
  const firstDay = `${m[1]}-${pad2(q * 3 - 2)}-01`;
  const endDay = q === 4 ? `${String(year + 1).padStart(4, '0')}-01-01` : `${m[1]}-${pad2(q * 3 + 1)}-01`;
  return {
    id: text,
    year,
    q,
    firstDay,
    lastDay: addCalendarDays(endDay, -1),
    endDay,
    startsAt: startOfLocalDay(firstDay),
    endsAt: startOfLocalDay(endDay),
  };
}

export function isQuarter(text: string): boolean {
  try {
    parseQuarter(text);
    return true;
  } catch {
    return false;
  }
}

/** The quarter a branch-local date falls in. */
export function quarterOfDate(date: string): string {
  if (!isRealIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export function previousQuarter(id: string): string {
  const { year, q } = parseQuarter(id);
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

/** Whether the quarter is over at `now` (its last day has ended in the branch). */
export function quarterEnded(id: string, now: Date): boolean {
  return branchToday(now) >= parseQuarter(id).endDay;
}

/**
 * The first working day after the quarter (mainland calendar with make-up days): the day its report is due.
 * Throws RangeError when the search reaches a year whose schedule is unknown.
 */
export function firstWorkingDayAfter(id: string, cal: WorkingCalendar): string {
  let day = parseQuarter(id).endDay;
  // A holiday run is at most a couple of weeks; a calendar marking a whole year off is refused, not looped on.
  for (let i = 0; i < 366; i++, day = addCalendarDays(day, 1)) {
    if (cal.yearStatus(Number(day.slice(0, 4))) === 'unknown') {
      throw new RangeError(`the first working day after ${id} runs into ${day.slice(0, 4)}, whose schedule is unknown`);
    }
    if (cal.isWorkingDay(day)) return day;
  }
  throw new RangeError(`no working day within a year after ${id}`);
}

/**
 * The quarter whose report is due on branch-local `today`: the quarter that ended last, once the first working
 * day after it has come (that day, or any later day of the next quarter, so a day the schedule missed is caught up
 * on the next run); null before that day. The caller skips branches that already have a report for it.
 */
export function reportDueOn(today: string, cal: WorkingCalendar): string | null {
  const quarter = previousQuarter(quarterOfDate(today));
  return today >= firstWorkingDayAfter(quarter, cal) ? quarter : null;
}

const QUARTER_ZH = ['一', '二', '三', '四'];

/** '2026年第三季度' */
export function quarterLabelZh(id: string): string {
  const { year, q } = parseQuarter(id);
  return `${year}年第${QUARTER_ZH[q - 1]}季度`;
}
