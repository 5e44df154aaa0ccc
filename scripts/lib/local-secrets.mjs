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
export const localEvidenceSigningKey = () => readOrCreate('evidence-signing.pem', newEvidenceSigningKey);
