import { DataSource } from 'typeorm';
import { applicationRole, dataSourceOptions, grantApplicationRole, runMigrations } from './data-source';
import { seedShippedCalendar } from './calendar/calendar-repository';

/** Calendar years seeded at every migration run: the shipped official ones and provisional ones a few years ahead. */
const CALENDAR_FROM = 2004;
const CALENDAR_YEARS_AHEAD = 4;

/**
 * `npm run migrate`: applies pending migrations to the database as its owner (MIGRATION_DATABASE_URL, else
 * DATABASE_URL), grants the application's role what it may do, then seeds calendar years it does not have.
 */
async function main(): Promise<void> {
  const appUrl = process.env.DATABASE_URL;
  if (!appUrl) throw new Error('DATABASE_URL is not set');
  const ownerUrl = process.env.MIGRATION_DATABASE_URL || appUrl;
  const applied = await runMigrations(ownerUrl);
  const ds = new DataSource(dataSourceOptions(ownerUrl, 2));
  await ds.initialize();
  try {
    const role = applicationRole(process.env, ownerUrl, appUrl);
    if (role) await grantApplicationRole(ds, role);
    else
      console.warn(
        JSON.stringify({
          msg: 'the application connects as the schema owner: set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to a role of its own, so the database itself refuses changes to the audit trail',
        }),
      );
    const seeded = await ds.transaction((tx) =>
      seedShippedCalendar(tx, CALENDAR_FROM, new Date().getUTCFullYear() + CALENDAR_YEARS_AHEAD),
    );
    console.log(
      JSON.stringify({ msg: 'migrations applied', applied, calendarYearsSeeded: seeded, applicationRole: role }),
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
