import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from './data-source';
import { seedShippedCalendar } from './calendar/calendar-repository';

/** Calendar years seeded at every migration run: the shipped official ones and provisional ones a few years ahead. */
const CALENDAR_FROM = 2004;
const CALENDAR_YEARS_AHEAD = 4;

/** `npm run migrate`: applies pending migrations to DATABASE_URL, then seeds calendar years it does not have. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const applied = await runMigrations(url);
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    const seeded = await ds.transaction((tx) =>
      seedShippedCalendar(tx, CALENDAR_FROM, new Date().getUTCFullYear() + CALENDAR_YEARS_AHEAD),
    );
    console.log(JSON.stringify({ msg: 'migrations applied', applied, calendarYearsSeeded: seeded }));
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
