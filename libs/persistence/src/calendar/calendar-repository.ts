import type { EntityManager } from 'typeorm';
import type { CalendarOverride, YearStatus } from '../../../domain/src/calendar/working-calendar';
import { officialYear, shippedCalendar, WorkingCalendar } from '../../../domain/src/calendar/working-calendar';
import { provisionalYear } from '../../../domain/src/calendar/provisional';

/** The working-day calendar in the database: shipped years seeded once, admin changes kept. */

export interface StoredYear {
  year: number;
  status: YearStatus | 'unknown';
  days: Array<{ date: string; kind: 'holiday' | 'workday'; name: string | null; source: string }>;
}

/** The calendar covering the given years, as the deadline functions need it. */
export async function loadCalendar(db: EntityManager, fromYear: number, toYear: number): Promise<WorkingCalendar> {
  const [days, years]: [
    Array<{ date: string; kind: 'holiday' | 'workday' }>,
    Array<{ year: number; status: YearStatus }>,
  ] = [
    await db.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM calendar_days WHERE date >= make_date($1, 1, 1) AND date < make_date($2 + 1, 1, 1)`,
      [fromYear - 1, toYear + 1],
    ),
    await db.query(`SELECT year, status FROM calendar_years WHERE year BETWEEN $1 AND $2`, [fromYear - 1, toYear + 1]),
  ];
  return new WorkingCalendar({
    overrides: Object.fromEntries(days.map((d) => [d.date, d.kind])),
    years: Object.fromEntries(years.map((y) => [String(y.year), y.status])),
  });
}

export async function readYear(db: EntityManager, year: number): Promise<StoredYear> {
  const [status] = await db.query(`SELECT status FROM calendar_years WHERE year = $1`, [year]);
  const days = await db.query(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name, source FROM calendar_days
     WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
    [year],
  );
  return { year, status: status?.status ?? 'unknown', days };
}

/** Replaces a year's days (e.g. the State Council's schedule loaded by an admin) and sets its status. */
export async function replaceYear(
  db: EntityManager,
  year: number,
  status: YearStatus,
  days: CalendarOverride[],
): Promise<void> {
  await db.query(`DELETE FROM calendar_days WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)`, [
    year,
  ]);
  if (days.length > 0) {
    await db.query(
      `INSERT INTO calendar_days (date, kind, name, source) SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source, changed_at = now()`,
      [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name ?? null), days.map((d) => d.source)],
    );
  }
  await db.query(
    `INSERT INTO calendar_years (year, status) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET status = EXCLUDED.status, changed_at = now()`,
    [year, status],
  );
}

/**
 * Seeds every shipped year the database does not have yet, and replaces a provisional year once an official
 * schedule ships for it. Years an admin loaded or corrected are left alone.
 */
export async function seedShippedCalendar(db: EntityManager, fromYear: number, toYear: number): Promise<number[]> {
  const shipped = shippedCalendar(fromYear, toYear);
  const stored: Array<{ year: number; status: YearStatus; manual: boolean }> = await db.query(
    `SELECT y.year, y.status, EXISTS (SELECT 1 FROM calendar_days d WHERE d.source = 'manual'
       AND d.date >= make_date(y.year, 1, 1) AND d.date < make_date(y.year + 1, 1, 1)) AS manual
     FROM calendar_years y`,
  );
  const have = new Map(stored.map((s) => [s.year, s]));
  const seeded: number[] = [];
  for (const [yearText, status] of Object.entries(shipped.years)) {
    const year = Number(yearText);
    const current = have.get(year);
    const upgrade = current?.status === 'provisional' && status === 'official' && !current.manual;
    if (current && !upgrade) continue;
    await replaceYear(db, year, status, status === 'official' ? officialYear(year) : provisionalYear(year));
    seeded.push(year);
  }
  return seeded;
}

/** One day's stored override, if any (for the audit's "before"). */
export async function readDay(
  db: EntityManager,
  date: string,
): Promise<{ kind: string; name: string | null } | undefined> {
  const [row] = await db.query(`SELECT kind, name FROM calendar_days WHERE date = $1`, [date]);
  return row;
}

/** Sets one day by hand, or (kind 'normal') removes its override so the weekend rule applies again. */
export async function setDay(
  db: EntityManager,
  date: string,
  kind: 'holiday' | 'workday' | 'normal',
  name: string | null,
): Promise<void> {
  if (kind === 'normal') await db.query(`DELETE FROM calendar_days WHERE date = $1`, [date]);
  else {
    await db.query(
      `INSERT INTO calendar_days (date, kind, name, source) VALUES ($1, $2, $3, 'manual')
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = 'manual', changed_at = now()`,
      [date, kind, name],
    );
  }
}
