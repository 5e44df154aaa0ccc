// `npm run keys:rotate`: moves every sensitive value and blind index stored in the database to the current data key,
// while the API and the worker keep running (libs/persistence/src/crypto/key-rotation.ts, built into dist/).
//
//   npm run keys:rotate -- --new-key       a new data key: on the embedded default it becomes .data/keys/data.key and the
//                                          old one moves to .data/keys/data-previous.keys; otherwise it is printed
//                                          for VERITY_DATA_KEY (restart everything with it before rotating)
//   npm run keys:rotate                    re-encrypt and re-hash under the current key; prints the counts (JSON)
//   npm run keys:rotate -- --check         change nothing; count what is not yet under the current key
//   npm run keys:rotate -- --drop-previous after a rotation whose --check counts are 0: forget the local previous keys
//   --batch-size N                         rows per transaction (default 500)
//
// The key ring comes from VERITY_DATA_KEY, VERITY_DATA_KEY_ID and VERITY_DATA_PREVIOUS_KEYS, or, when VERITY_DATA_KEY
// is unset, from .data/keys as `npm start` keeps them; the database from DATABASE_URL or the embedded default's.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  dropLocalPreviousDataKeys,
  localDataKey,
  localPreviousDataKeys,
  rotateLocalDataKey,
} from './lib/local-secrets.mjs';
import { ROOT } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(ROOT, 'dist', p));

const { values } = parseArgs({
  options: {
    'new-key': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'drop-previous': { type: 'boolean', default: false },
    'batch-size': { type: 'string', default: '500' },
  },
});

const local = !process.env.VERITY_DATA_KEY;
const settings = {
  VERITY_DATA_KEY: process.env.VERITY_DATA_KEY || localDataKey(),
  VERITY_DATA_KEY_ID: process.env.VERITY_DATA_KEY_ID,
  VERITY_DATA_PREVIOUS_KEYS: process.env.VERITY_DATA_PREVIOUS_KEYS || (local ? localPreviousDataKeys() : undefined),
};
const { KeyRing } = dist('libs/persistence/src/crypto/key-ring.js');

if (values['new-key']) {
  const oldId = KeyRing.fromSettings(settings).current.id;
  if (local) {
    const next = rotateLocalDataKey(oldId);
    const newId = KeyRing.fromSettings({ VERITY_DATA_KEY: next }).current.id;
    console.log(`new data key ${newId} in .data/keys/data.key; ${oldId} kept in .data/keys/data-previous.keys.`);
    console.log('Restart `npm start`, then run `npm run keys:rotate`.');
  } else {
    console.log('Set on every API and worker, restart them, then run `npm run keys:rotate` with the same settings:');
    console.log(`  VERITY_DATA_KEY=${randomBytes(32).toString('base64')}`);
    console.log('  VERITY_DATA_KEY_ID=<a new id, e.g. the date>');
    const previous = [settings.VERITY_DATA_PREVIOUS_KEYS, `${oldId}=${settings.VERITY_DATA_KEY}`].filter(Boolean);
    console.log(`  VERITY_DATA_PREVIOUS_KEYS=${previous.join(',')}`);
  }
  process.exit(0);
}

if (values['drop-previous']) {
  if (!local) {
    console.error(
      '--drop-previous forgets the keys of .data/keys; elsewhere remove VERITY_DATA_PREVIOUS_KEYS yourself',
    );
    process.exit(2);
  }
}

const { DataSource } = require('typeorm');
const { dataSourceOptions } = dist('libs/persistence/src/data-source.js');
const { FieldCipher } = dist('libs/persistence/src/crypto/field-cipher.js');
const { rotateKeys } = dist('libs/persistence/src/crypto/key-rotation.js');

const url =
  process.env.DATABASE_URL || `postgres://verity:verity@127.0.0.1:${process.env.EMBEDDED_PG_PORT || 54329}/verity`;
const batchSize = Number(values['batch-size']);
if (!Number.isInteger(batchSize) || batchSize < 1) {
  console.error('--batch-size must be a whole number of rows');
  process.exit(2);
}

const db = new DataSource(dataSourceOptions(url, 3));
await db.initialize();
try {
  const cipher = FieldCipher.fromEnv(settings);
  const check = values.check || values['drop-previous'];
  const report = await rotateKeys(db, cipher, { check, batchSize });
  console.log(JSON.stringify(report, null, 2));
  const left = Object.values(report.tables).reduce((n, t) => n + t.reencrypted + t.rehashed, 0);
  if (values['drop-previous']) {
    if (left > 0) {
      console.error(`${left} values are not under ${cipher.currentKeyId} yet: run npm run keys:rotate first`);
      process.exitCode = 1;
    } else {
      dropLocalPreviousDataKeys();
      console.log('previous data keys forgotten; restart `npm start`');
    }
  } else if (check) {
    console.log(left === 0 ? `everything is under ${cipher.currentKeyId}` : `${left} values would change`);
  }
} finally {
  await db.destroy();
}
