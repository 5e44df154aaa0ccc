// Secrets for the embedded default, created once in .data/keys and kept across restarts.
// Production sets VERITY_DATA_KEY, TEMPORAL_CODEC_KEY and AUTH_JWKS_URL (or AUTH_JWT_SECRET) instead.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './services.mjs';

const KEYS = path.join(ROOT, '.data', 'keys');

function readOrCreate(name, create = () => randomBytes(32).toString('base64')) {
  const file = path.join(KEYS, name);
  if (!existsSync(file)) {
    mkdirSync(KEYS, { recursive: true, mode: 0o700 });
    writeFileSync(file, create(), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}

export function newEvidenceSigningKey() {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export const localDataKey = () => readOrCreate('data.key');
export const localJwtSecret = () => readOrCreate('jwt.secret');
export const localTemporalCodecKey = () => readOrCreate('temporal-codec.key');
export const localAppRolePassword = () => readOrCreate('db-app.password', () => randomBytes(24).toString('hex'));
export const localEvidenceSigningKey = () => readOrCreate('evidence-signing.pem', newEvidenceSigningKey);

/**
 * Data keys rotated out on the embedded default (`npm run keys:rotate -- --new-key`), one `id=base64` a line in
 * .data/keys/data-previous.keys; they still decrypt until the rotation has run and they are removed.
 */
const PREVIOUS_DATA_KEYS = path.join(KEYS, 'data-previous.keys');

export function localPreviousDataKeys() {
  if (!existsSync(PREVIOUS_DATA_KEYS)) return '';
  return readFileSync(PREVIOUS_DATA_KEYS, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(',');
}

/** Makes a new local data key current and keeps the old one (under `oldId`) as a previous key. */
export function rotateLocalDataKey(oldId) {
  const old = localDataKey();
  const next = randomBytes(32).toString('base64');
  const previous = localPreviousDataKeys()
    .split(',')
    .filter((entry) => entry !== '');
  writeFileSync(PREVIOUS_DATA_KEYS, [...previous, `${oldId}=${old}`].join('\n') + '\n', { mode: 0o600 });
  chmodSync(PREVIOUS_DATA_KEYS, 0o600);
  writeFileSync(path.join(KEYS, 'data.key'), next, { mode: 0o600 });
  return next;
}

/** Forgets the local previous data keys (after a rotation, `--drop-previous`). */
export function dropLocalPreviousDataKeys() {
  if (existsSync(PREVIOUS_DATA_KEYS)) writeFileSync(PREVIOUS_DATA_KEYS, '', { mode: 0o600 });
}

/** The embedded default's backup key, made by the first `npm run backup`; `npm run restore` only reads it. */
export const localBackupKey = () => readOrCreate('backup.key');
export const LOCAL_BACKUP_KEY_FILE = path.join(KEYS, 'backup.key');
