import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Runs before every integration suite (jest `setupFilesAfterEnv`): the suite gets a database of its own, a copy
 * of the migrated template global-setup made, and DATABASE_URL points there for everything the suite starts (the
 * API, in-process and spawned workers, its own connections). So a suite sees only its own rows and can assert
 * exact counts and statuses. Copying a template takes a fraction of a second; no migration runs per suite.
 */
beforeAll(async () => {
  const server = process.env.VERITY_TEST_SERVER_URL;
  const template = process.env.VERITY_TEST_TEMPLATE_DB;
  if (!server || !template)
    throw new Error('no template database: run the integration project, whose global setup makes it');
  const suite = path
    .basename(expect.getState().testPath ?? 'suite', '.test.ts')
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase();
  const name = `verity_test_${suite}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  // The owner's URL, for what the application's role may not do (tamper with the audit trail, restore a backup).
  process.env.VERITY_TEST_OWNER_URL = url.toString();
  // The application's role, when global setup could make it (its URL names the server's own database).
  const app = process.env.VERITY_TEST_APP_URL ? new URL(process.env.VERITY_TEST_APP_URL) : null;
  if (app) {
    url.username = app.username;
    url.password = app.password;
  }
  process.env.DATABASE_URL = url.toString();
});
