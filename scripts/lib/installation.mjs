// Where an installation's parts are, for the scripts that work on one outside `npm start` (backup, restore): the
// environment's settings, else the embedded default's (.data/, the ports `npm start` uses).
import path from 'node:path';
import { isPortOpen, ROOT, startPostgres } from './services.mjs';

export const DATA = path.join(ROOT, '.data');

export function embeddedPgPort(env = process.env) {
  return Number(env.EMBEDDED_PG_PORT || 54329);
}

/** The owner's URL of the embedded default's database. */
export function embeddedOwnerUrl(env = process.env) {
  return `postgres://verity:verity@127.0.0.1:${embeddedPgPort(env)}/verity`;
}

/**
 * The database to work on as its owner: MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded default's,
 * started from .data/postgres for the duration when `npm start` is not running it. `stop` stops only what this started.
 */
export async function ownerDatabase(env = process.env, log = console.log) {
  const given = env.MIGRATION_DATABASE_URL || env.DATABASE_URL;
  if (given) return { url: given, embedded: false, stop: async () => {} };
  const port = embeddedPgPort(env);
  if (await isPortOpen(port))
    return { url: embeddedOwnerUrl(env), embedded: true, running: true, stop: async () => {} };
  log(`starting embedded PostgreSQL on port ${port} (data in .data/postgres) for the duration`);
  const pg = await startPostgres({ dir: path.join(DATA, 'postgres'), port });
  return { url: pg.url, embedded: true, running: false, stop: pg.stop };
}

/** The evidence store's settings, with the embedded default's folder. */
export function evidenceConfig(env = process.env) {
  return {
    EVIDENCE_STORE: env.EVIDENCE_STORE || 'local',
    EVIDENCE_DIR: path.resolve(ROOT, env.EVIDENCE_DIR || path.join(DATA, 'evidence')),
    S3_BUCKET: env.S3_BUCKET,
    S3_ENDPOINT: env.S3_ENDPOINT,
    S3_REGION: env.S3_REGION,
    S3_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY,
  };
}

/** The dev server's SQLite file: TEMPORAL_DB_FILE, else .data/temporal.db on the embedded default, else none. */
export function temporalDbFile(env = process.env) {
  if (env.TEMPORAL_DB_FILE) return path.resolve(ROOT, env.TEMPORAL_DB_FILE);
  return env.TEMPORAL_ADDRESS ? null : path.join(DATA, 'temporal.db');
}

export const backupDir = (env = process.env) => path.resolve(ROOT, env.BACKUP_DIR || path.join(DATA, 'backups'));
export const anchorDir = (env = process.env) =>
  path.resolve(ROOT, env.AUDIT_ANCHOR_DIR || path.join(DATA, 'audit-anchors'));
