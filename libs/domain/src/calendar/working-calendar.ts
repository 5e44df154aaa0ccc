import officialData from './data/official.json';
import { isRealIsoDate } from '../common/iso-date';
import { PROVISIONAL_FIRST_YEAR, provisionalYear } from './provisional';

// The calendar's whole public API from one module (the domain index re-exports this file).
export { PROVISIONAL_FIRST_YEAR, PROVISIONAL_LAST_YEAR, provisionalYear } from './provisional';

/**
 * Mainland-China working days and the working-day deadline every case uses. Pure functions on strings and
 * integers (no Date.now(), no Intl, no time-zone database, no I/O), so they run unchanged inside Temporal workflows.
 * The branch works in Asia/Shanghai, which has had a fixed UTC+8 with no DST since 1991.
 */

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type DayKind = (typeof CALENDAR_DAY_KINDS)[number];
/** official: shipped State Council schedule; provisional: guessed from the statutory rules; manual: loaded by an admin. */
export const CALENDAR_DAY_SOURCES = ['official', 'provisional', 'manual'] as const;
export type DaySource = (typeof CALENDAR_DAY_SOURCES)[number];
/** One day that differs from (or restates) the Monday–Friday rule: a day off, or a weekend day declared working (调休). */
export interface CalendarOverride {
  date: string;
  kind: DayKind;
  name?: string | null;
  source: DaySource;
}
export const CALENDAR_YEAR_STATUSES = ['official', 'provisional'] as const;
export type YearStatus = (typeof CALENDAR_YEAR_STATUSES)[number];

/** Plain JSON, so a calendar can travel in a Temporal payload and be rebuilt identically on replay. */
export interface CalendarSnapshot {
  overrides: Record<string, DayKind>;
  years: Record<string, YearStatus>;
}

export interface WorkingDayDeadline {
  /** Exclusive end: the instant of the next local midnight after the last working day. On time means strictly before it. */
  dueAt: string;
  /** Local 00:00 of the last working day, for the reminder. */
  lastDayStartsAt: string;
  /** The last working day, as a branch-local YYYY-MM-DD. */
  dueDate: string;
}

/** Asia/Shanghai, fixed. */
export const BRANCH_UTC_OFFSET_MINUTES = 8 * 60;

const MINUTES_PER_DAY = 24 * 60;
const DAY_KINDS: ReadonlySet<string> = new Set<DayKind>(CALENDAR_DAY_KINDS);
const YEAR_STATUSES: ReadonlySet<string> = new Set<YearStatus>(CALENDAR_YEAR_STATUSES);

// ---- date arithmetic on proleptic Gregorian day numbers (days since 1970-01-01), H. Hinnant's algorithms ----

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1 || year > 9999) throw new RangeError(`date out of range (year ${year})`);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function dayNumber(date: string): number {
  if (!isRealIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** Minutes since the epoch → ISO-8601 UTC instant with milliseconds, like Date#toISOString. */
function formatInstant(epochMinutes: number): string {
  const days = Math.floor(epochMinutes / MINUTES_PER_DAY);
  const minuteOfDay = epochMinutes - days * MINUTES_PER_DAY;
  return `${civilFromDays(days)}T${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}:00.000Z`;
}

/** The date n calendar days after `date` (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`day count must be an integer, got ${n}`);
  return civilFromDays(dayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The branch-local (UTC+8) date of an ISO-8601 instant. Needs an explicit zone (Z or ±HH:MM): a bare local time
 * would mean the server's zone. Seconds never move the date, since the offset is whole minutes.
 */
export function localDateOf(instantIso: string): string {
  const m = INSTANT.exec(instantIso);
  if (!m) throw new RangeError(`not an ISO-8601 instant with a zone: ${JSON.stringify(instantIso)}`);
  const [, date, hh, mi, ss, , sign, oh, om] = m;
  const hour = Number(hh);
  const minute = Number(mi);
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (hour > 23 || minute > 59 || Number(ss ?? 0) > 59 || Number(oh ?? 0) > 23 || Number(om ?? 0) > 59) {
    throw new RangeError(`not a valid time: ${JSON.stringify(instantIso)}`);
  }
  const utcMinutes = dayNumber(date) * MINUTES_PER_DAY + hour * 60 + minute - offset;
  return civilFromDays(Math.floor((utcMinutes + BRANCH_UTC_OFFSET_MINUTES) / MINUTES_PER_DAY));
}

/**
 * Today in the branch (Asia/Shanghai), YYYY-MM-DD: the one "today" of underwriting, corrections, detection runs
 * and case steps. `now` defaults to the clock (inside a workflow, pass the workflow's time).
 */
export function branchToday(now: Date = new Date()): string {
  return localDateOf(now.toISOString());
}

/** The UTC instant of local 00:00 on `date` (the previous UTC day at 16:00). */
export function startOfLocalDay(date: string): string {
  return formatInstant(dayNumber(date) * MINUTES_PER_DAY - BRANCH_UTC_OFFSET_MINUTES);
}

// ---- the calendar ----

export class WorkingCalendar {
  private readonly overrides: ReadonlyMap<string, DayKind>;
  private readonly years: ReadonlyMap<number, YearStatus>;

  /** Checks the snapshot, since it may arrive from a payload or the database. */
  constructor(snapshot: CalendarSnapshot) {
    const overrides = new Map<string, DayKind>();
    for (const [date, kind] of Object.entries(snapshot.overrides)) {
      if (!isRealIsoDate(date) || !DAY_KINDS.has(kind)) {
        throw new RangeError(`bad calendar override ${JSON.stringify(date)}: ${JSON.stringify(kind)}`);
      }
      overrides.set(date, kind);
    }
    const years = new Map<number, YearStatus>();
    for (const [year, status] of Object.entries(snapshot.years)) {
      if (!/^\d{4}$/.test(year) || !YEAR_STATUSES.has(status)) {
        throw new RangeError(`bad calendar year ${JSON.stringify(year)}: ${JSON.stringify(status)}`);
      }
      years.set(Number(year), status);
    }
    this.overrides = overrides;
    this.years = years;
  }

  /** An override wins; otherwise Monday to Friday. */
  isWorkingDay(date: string): boolean {
    const kind = this.overrides.get(date);
    if (kind !== undefined) return kind === 'workday';
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  yearStatus(year: number): YearStatus | 'unknown' {
    return this.years.get(year) ?? 'unknown';
  }

  toSnapshot(): CalendarSnapshot {
    return {
      overrides: Object.fromEntries([...this.overrides].sort(([a], [b]) => (a < b ? -1 : 1))),
      years: Object.fromEntries([...this.years].sort(([a], [b]) => a - b).map(([y, s]) => [String(y), s])),
    };
  }
}

// ---- shipped data ----

interface OfficialYearData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const OFFICIAL: Readonly<Record<string, OfficialYearData>> = officialData.years;

/** Where the shipped official schedules come from. */
export const OFFICIAL_SOURCE: string = officialData.source;

/** Years with a shipped State Council schedule, ascending. */
export function officialYears(): number[] {
  return Object.keys(OFFICIAL)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The shipped State Council schedule of `year` (empty if none), ascending by date. */
export function officialYear(year: number): CalendarOverride[] {
  const data = Object.prototype.hasOwnProperty.call(OFFICIAL, String(year)) ? OFFICIAL[String(year)] : undefined;
  if (data === undefined) return [];
  const entries = (kind: DayKind, map: Record<string, string>): CalendarOverride[] =>
    Object.entries(map).map(([date, name]) => ({ date, kind, name, source: 'official' }));
  return [...entries('holiday', data.holidays), ...entries('workday', data.workdays)].sort((a, b) =>
    a.date < b.date ? -1 : 1,
  );
}

/**
 * The calendar for fromYear..toYear as shipped: the official schedule where there is one; for later years the
 * provisional statutory days (no make-up working days). Years before the first official year stay 'unknown',
 * as do years outside the range, so a deadline reaching them throws rather than guessing.
 */
export function shippedCalendar(fromYear: number, toYear: number): CalendarSnapshot {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`bad year range ${fromYear}..${toYear}`);
  }
  const lastOfficial = Math.max(...officialYears());
  const snapshot: CalendarSnapshot = { overrides: {}, years: {} };
  for (let year = fromYear; year <= toYear; year++) {
    const official = officialYear(year);
    if (official.length > 0) {
      addYear(snapshot, year, 'official', official);
    } else if (year > lastOfficial && year >= PROVISIONAL_FIRST_YEAR) {
      addYear(snapshot, year, 'provisional', provisionalYear(year));
    }
  }
  return snapshot;
}

function addYear(
  snapshot: CalendarSnapshot,
  year: number,
  status: YearStatus,
  days: readonly CalendarOverride[],
): void {
  snapshot.years[String(year)] = status;
  for (const day of days) snapshot.overrides[day.date] = day.kind;
}

/**
 * The snapshot with `year`'s days replaced by a published State Council schedule (source 'manual', loaded by an
 * admin) and the year marked official. The schedule may reach into the neighbouring years (a 元旦 make-up day on
 * the previous 31 December): such days are added too.
 */
export function withPublishedSchedule(
  snapshot: CalendarSnapshot,
  year: number,
  schedule: readonly CalendarOverride[],
): CalendarSnapshot {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`bad year ${year}`);
  const prefix = `${String(year).padStart(4, '0')}-`;
  const overrides: Record<string, DayKind> = {};
  for (const [date, kind] of Object.entries(snapshot.overrides)) if (!date.startsWith(prefix)) overrides[date] = kind;
  for (const day of schedule) {
    if (!isRealIsoDate(day.date) || !DAY_KINDS.has(day.kind)) {
      throw new RangeError(`bad schedule day ${JSON.stringify(day.date)}: ${JSON.stringify(day.kind)}`);
    }
    overrides[day.date] = day.kind;
  }
  // Rebuilt through the class so the result is checked and key-sorted like any other snapshot.
  return new WorkingCalendar({ overrides, years: { ...snapshot.years, [String(year)]: 'official' } }).toSnapshot();
}

// ---- the deadline ----

/**
 * The end of the n-th working day after the branch-local day of `fromInstant`. The day of receipt never counts
 * (Civil Code Art. 201: a period starts on the next day), whatever the hour and whether or not it is a working day.
 * `dueAt` is exclusive (the next local midnight), so "on time" is `investigatedAt < dueAt` with no 23:59:59 edge.
 * Throws RangeError for n < 1 and when counting reaches a year whose schedule is unknown.
 */
export function workingDayDeadline(fromInstant: string, n: number, cal: WorkingCalendar): WorkingDayDeadline {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working-day count must be an integer >= 1, got ${n}`);
  let date = localDateOf(fromInstant);
  let counted = 0;
  // Terminates: every known year has finitely many days, and the first unknown one throws.
  while (counted < n) {
    date = addCalendarDays(date, 1);
    const year = Number(date.slice(0, 4));
    if (cal.yearStatus(year) === 'unknown') {
      throw new RangeError(`deadline from ${fromInstant} runs into ${year}, whose holiday schedule is unknown`);
    }
    if (cal.isWorkingDay(date)) counted++;
  }
  return { dueAt: startOfLocalDay(addCalendarDays(date, 1)), lastDayStartsAt: startOfLocalDay(date), dueDate: date };
}

// ---- the cooling-off period ----

export interface CoolingOffPeriod {
  /** The last day of the period, as a branch-local YYYY-MM-DD (a working day). */
  lastDay: string;
  /** Exclusive end: local midnight after the last day. */
  endsAt: string;
}

function knownYear(date: string, cal: WorkingCalendar, what: string): void {
  const year = Number(date.slice(0, 4));
  if (cal.yearStatus(year) === 'unknown')
    throw new RangeError(`${what} runs into ${year}, whose holiday schedule is unknown`);
}

/**
 * The cooling-off period of `days` days from the signing of the delivery receipt (Civil Code): it starts the day
 * after signing (Art. 201), and when its last day is a day off it ends at the end of the first working day after
 * (Art. 203). Throws RangeError for days < 1 and when the period reaches a year whose schedule is unknown.
 */
export function coolingOffPeriod(receiptDate: string, days: number, cal: WorkingCalendar): CoolingOffPeriod {
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`cooling-off days must be an integer >= 1, got ${days}`);
  let lastDay = addCalendarDays(receiptDate, days);
  knownYear(lastDay, cal, `the cooling-off period from ${receiptDate}`);
  while (!cal.isWorkingDay(lastDay)) {
    lastDay = addCalendarDays(lastDay, 1);
    knownYear(lastDay, cal, `the cooling-off period from ${receiptDate}`);
  }
  return { lastDay, endsAt: startOfLocalDay(addCalendarDays(lastDay, 1)) };
}

/**
 * The end (exclusive next midnight) of the working day `n` working days before `date`; n = 0 is the end of `date`
 * itself. Used for the revisit deadline, which then always ends a working day.
 */
export function endOfWorkingDayBefore(date: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working-day count must be an integer >= 0, got ${n}`);
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addCalendarDays(day, -1);
    knownYear(day, cal, `counting back from ${date}`);
    if (cal.isWorkingDay(day)) counted++;
  }
  return startOfLocalDay(addCalendarDays(day, 1));
}
