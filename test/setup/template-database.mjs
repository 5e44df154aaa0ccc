// The migrated database every integration suite copies: created once per run by global-setup, never connected to
// afterwards (PostgreSQL copies a template only while nobody is connected to it).
import pg from 'pg';

export const TEMPLATE_DATABASE = 'verity_test_template';

/** The URL of `database` on the server of `url`. */
export function databaseUrl(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on the server's own database (CREATE/DROP DATABASE cannot run inside a transaction). */
export async function onServer(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
