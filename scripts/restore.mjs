// `npm run restore -- [generation]`: brings a backup generation (default: the newest in BACKUP_DIR, else
// .data/backups) back into an empty installation (libs/backup, built into dist/). Migrations run first, so the
// database has the schema the backup was written under; then every table in one transaction, the evidence files,
// the audit anchors and, on the embedded default, the Temporal dev server's state. Afterwards `npm start` runs it,
// open cases and their timers included.
//
// It refuses, writing nothing, when the database already holds data, when the dev server's file exists, when the
// key does not open the backup or a file in it was altered. The key is BACKUP_KEY, else an existing
// .data/keys/backup.key: a restore never makes one. Stop `npm start` first: the dev server must not be running.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { anchorDir, backupDir, evidenceConfig, ownerDatabase, temporalDbFile } from './lib/installation.mjs';
import { LOCAL_BACKUP_KEY_FILE, localAppRolePassword } from './lib/local-secrets.mjs';
import { ensureAppRole, ROOT } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(ROOT, 'dist', p));
const { backupKey, listGenerations, restoreBackup } = dist('libs/backup/src/index.js');
const { createEvidenceStore } = dist('libs/evidence/src/index.js');

const env = process.env;
const log = (message) => console.log(JSON.stringify({ level: 'log', context: 'restore', message }));
const fail = (message, code = 2) => {
  console.error(message);
  process.exit(code);
};

const keyText =
  env.BACKUP_KEY || (existsSync(LOCAL_BACKUP_KEY_FILE) ? readFileSync(LOCAL_BACKUP_KEY_FILE, 'utf8').trim() : '');
if (!keyText)
  fail(
    'set BACKUP_KEY (or put the backup key file back in .data/keys/backup.key): the backup cannot be opened without it',
  );
let key;
try {
  key = backupKey(keyText);
} catch (err) {
  fail(err.message);
}

const wanted = process.argv[2];
let generation;
if (wanted) generation = path.resolve(wanted);
else {
  const newest = (await listGenerations(backupDir(env))).at(-1);
  if (!newest) fail(`no backup in ${backupDir(env)}: name a generation folder`);
  generation = path.join(backupDir(env), newest);
}
if (!existsSync(path.join(generation, 'manifest'))) fail(`${generation} is not a backup generation (no manifest)`);

const db = await ownerDatabase(env, log);
try {
  if (db.running) fail('the embedded PostgreSQL is running: stop `npm start` before restoring');
  // The schema first, as `npm start` makes it: migrations as the owner, grants for the application's role.
  const appUrl = db.embedded ? await ensureAppRole(db.url, localAppRolePassword()) : env.DATABASE_URL || db.url;
  const migrate = spawnSync(process.execPath, [path.join(ROOT, 'dist/libs/persistence/src/migrate.js')], {
    env: { ...env, MIGRATION_DATABASE_URL: db.url, DATABASE_URL: appUrl },
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (migrate.status !== 0) throw new Error(`migrations failed (${migrate.error?.message ?? migrate.status})`);
  const result = await restoreBackup({
    generation,
    key,
    databaseUrl: db.url,
    evidenceStore: createEvidenceStore(evidenceConfig(env)),
    temporalDbFile: temporalDbFile(env),
    anchorDir: anchorDir(env),
    log,
  });
  console.log(JSON.stringify({ generation: path.basename(generation), ...result }, null, 2));
} catch (err) {
  console.error(`restore failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
