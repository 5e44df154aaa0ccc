// Starts the real servers the integration suites use: embedded PostgreSQL (unless DATABASE_URL is given) and
// the Temporal dev server, each on a free port with throw-away state; applies the migrations from dist/ to a
// template database that each suite copies into a database of its own (test/setup/own-database.ts).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newEvidenceSigningKey } from '../../scripts/lib/local-secrets.mjs';
import { SUITE_NAMESPACES } from './suite-namespaces.mjs';
import { databaseUrl, onServer, TEMPLATE_DATABASE } from './template-database.mjs';
import {
  APP_ROLE,
  ensureAppRole,
  findOrInstallTemporalCli,
  findOrInstallTestServer,
  freePort,
  ROOT,
  startPostgres,
  startTemporal,
} from '../../scripts/lib/services.mjs';

export default async function globalSetup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-test-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as its own user and must reach its data folder
  const stops = [];
  globalThis.__verityServers = { dir, stops };

  if (!process.env.DATABASE_URL) {
    const pg = await startPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
    stops.push(pg.stop);
    process.env.DATABASE_URL = pg.url;
  }
  const temporal = await startTemporal({
    dbFile: path.join(dir, 'temporal.db'),
    port: await freePort(),
    logFile: path.join(dir, 'temporal.log'),
    // Namespaces of their own for the suites that seed the same demo branch (test/support: useOwnNamespace).
    namespaces: SUITE_NAMESPACES,
  });
  stops.push(temporal.stop);
  process.env.TEMPORAL_ADDRESS = temporal.address;
  // For the suites that need a dev server of their own (the backup round trip restores one from its file).
  const cli = findOrInstallTemporalCli();
  if (cli) process.env.VERITY_TEST_TEMPORAL_CLI = cli;
  process.env.VERITY_DATA_KEY = randomBytes(32).toString('base64');
  process.env.AUTH_JWT_SECRET = randomBytes(32).toString('base64');
  // A fixed key of the tests' own (it protects nothing real): histories that test/case-workflow.test.ts records
  // hold ciphertext under it, and test/case-replay.test.ts must decode them in a later run.
  process.env.TEMPORAL_CODEC_KEY = createHash('sha256').update('verity test payload codec key').digest('base64');
  process.env.TEMPORAL_CODEC_KEY_ID = 'test';
  process.env.LOG_LEVEL = 'warn';
  // Workflow clock tests run on the time-skipping server; each suite starts its own from this binary.
  const testServer = findOrInstallTestServer();
  if (testServer) process.env.TEMPORAL_TEST_SERVER_PATH = testServer;
  process.env.EVIDENCE_SIGNING_KEY = newEvidenceSigningKey();
  process.env.EVIDENCE_DIR = path.join(dir, 'evidence');

  process.env.VERITY_TEST_SERVER_URL = process.env.DATABASE_URL;
  // DATABASE_URL stays the server's own database: suites connect there only to copy the template.
  await onServer(process.env.DATABASE_URL, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await onServer(process.env.DATABASE_URL, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const template = databaseUrl(process.env.DATABASE_URL, TEMPLATE_DATABASE);
  process.env.VERITY_TEST_TEMPLATE_DB = TEMPLATE_DATABASE;
  // The suites connect as the application's own role, as `npm start` does (own-database.ts); the owner only
  // migrates, and the suites that must act as a tamperer or a restorer use its URL (VERITY_TEST_OWNER_URL).
  try {
    process.env.VERITY_TEST_APP_URL = await ensureAppRole(process.env.DATABASE_URL, randomBytes(16).toString('hex'));
  } catch (err) {
    console.warn(`the tests connect as the database owner: cannot create the role ${APP_ROLE} (${err.message})`);
  }
  const templateApp = databaseUrl(process.env.VERITY_TEST_APP_URL ?? process.env.DATABASE_URL, TEMPLATE_DATABASE);
  const migrate = spawnSync(process.execPath, [path.join(ROOT, 'dist/libs/persistence/src/migrate.js')], {
    env: { ...process.env, MIGRATION_DATABASE_URL: template, DATABASE_URL: templateApp },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrations failed (did the build run?):\n${migrate.stderr}`);
}
