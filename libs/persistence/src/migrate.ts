import { runMigrations } from './data-source';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const applied = await runMigrations(url);
  console.log(JSON.stringify({ msg: 'migrations applied', applied }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
