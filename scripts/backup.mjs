// `npm run backup`: one consistent, encrypted generation of the installation into BACKUP_DIR (default
// .data/backups), keeping BACKUP_GENERATIONS (default 7) of them (libs/backup, built into dist/):
// every table of the database in one snapshot, the evidence files it names, the Temporal dev server's state on the
// embedded default (TEMPORAL_DB_FILE otherwise), and the audit anchors.
//
// The key is BACKUP_KEY (32 bytes, base64), else the embedded default's .data/keys/backup.key, made on first use.
// Keep a copy of .data/keys (or of BACKUP_KEY and the data keys) away from the backups: without it none opens.
// The database is MIGRATION_DATABASE_URL's or DATABASE_URL's, else the embedded default's (started for the
// duration when `npm start` is not running it). The worker takes the same backup daily at BACKUP_TIME.
import { createRequire } from 'node:module';
import path from 'node:path';
import { anchorDir, backupDir, evidenceConfig, ownerDatabase, temporalDbFile } from './lib/installation.mjs';
import { LOCAL_BACKUP_KEY_FILE, localBackupKey } from './lib/local-secrets.mjs';
import { ROOT } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(ROOT, 'dist', p));
const { backupKey, createBackup } = dist('libs/backup/src/index.js');
const { createEvidenceStore } = dist('libs/evidence/src/index.js');

const env = process.env;
const log = (message) => console.log(JSON.stringify({ level: 'log', context: 'backup', message }));
let key;
try {
  key = backupKey(env.BACKUP_KEY || localBackupKey());
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
const generations = Number(env.BACKUP_GENERATIONS || 7);
if (!Number.isInteger(generations) || generations < 1) {
  console.error('BACKUP_GENERATIONS must be a whole number of at least 1');
  process.exit(2);
}

const db = await ownerDatabase(env, log);
try {
  const result = await createBackup({
    dir: backupDir(env),
    key,
    databaseUrl: db.url,
    evidenceStore: createEvidenceStore(evidenceConfig(env)),
    temporalDbFile: temporalDbFile(env),
    anchorDir: anchorDir(env),
    generations,
    log,
  });
  console.log(JSON.stringify(result, null, 2));
  if (!env.BACKUP_KEY)
    log(`encrypted with ${path.relative(ROOT, LOCAL_BACKUP_KEY_FILE)}: keep a copy of .data/keys elsewhere`);
} catch (err) {
  console.error(`backup failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
