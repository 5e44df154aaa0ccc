import type { EntityManager } from 'typeorm';
import type { FieldCipher } from './field-cipher';
import { KeyRingError } from './key-ring';

/**
 * Which data key gives the blind indexes, kept in the database (`key_ring_state`, one row) rather than in each
 * process's configuration: hashes of equal values must be equal in every row for detection's joins, customers'
 * uniqueness and lookups by value, so every writer has to switch to a new index key at the same moment. A writer
 * reads the row inside its own transaction under a shared advisory lock (the write fence); `npm run keys:rotate`
 * switches it under the exclusive one, so a transaction hashes wholly under the old key or wholly under the new.
 *
 * While a rotation recomputes the stored hashes, `previous_index_key_id` names the key being rotated out: writers
 * hash under the new key and look values up under both, and detection waits (the detection fence) until every
 * hash is under the new key.
 */

/** Advisory lock keys (one bigint each). */
export const WRITE_FENCE = 8_370_100_001;
export const DETECTION_FENCE = 8_370_100_002;
export const ROTATION_LOCK = 8_370_100_003;

export interface IndexKeys {
  active: string;
  previous: string | null;
}

interface StateRow {
  index_key_id: string | null;
  previous_index_key_id: string | null;
}

/**
 * The index keys, read under the shared write fence (held until the caller's transaction ends). The first read of
 * a database from before key ids (no key named yet) finds out which key of the ring made the stored hashes and
 * records it.
 */
export async function readIndexKeys(db: EntityManager, cipher: FieldCipher): Promise<IndexKeys> {
  const [row]: StateRow[] = await db.query(
    `SELECT pg_advisory_xact_lock_shared($1::bigint) AS fence, index_key_id, previous_index_key_id FROM key_ring_state`,
    [WRITE_FENCE],
  );
  if (!row) throw new KeyRingError('key_ring_state has no row: run the migrations');
  if (row.index_key_id) return { active: row.index_key_id, previous: row.previous_index_key_id };
  const found = await storedIndexKey(db, cipher);
  await db.query(`UPDATE key_ring_state SET index_key_id = $1 WHERE index_key_id IS NULL`, [found]);
  const [again]: StateRow[] = await db.query(`SELECT index_key_id, previous_index_key_id FROM key_ring_state`);
  return { active: again.index_key_id!, previous: again.previous_index_key_id };
}

/**
 * Detection compares hashes across rows: it runs only when all of them are under one key. Waits while a rotation
 * holds the detection fence; refuses (the activity is retried) when a rotation was left unfinished.
 */
export async function assertIndexSettled(db: EntityManager): Promise<void> {
  const [row]: StateRow[] = await db.query(
    `SELECT pg_advisory_xact_lock_shared($1::bigint) AS fence, previous_index_key_id FROM key_ring_state`,
    [DETECTION_FENCE],
  );
  if (row?.previous_index_key_id)
    throw new KeyRingError(
      `the blind indexes are being moved off key "${row.previous_index_key_id}": detection waits until npm run keys:rotate has finished`,
    );
}

/** Switches writers to the new index key; the old one stays named until the rotation has recomputed every hash. */
export async function beginIndexRotation(db: EntityManager, from: string, to: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [WRITE_FENCE]);
  await db.query(
    `UPDATE key_ring_state SET index_key_id = $2, previous_index_key_id = $1, rotation_started_at = now()
     WHERE index_key_id = $1 AND previous_index_key_id IS NULL`,
    [from, to],
  );
}

/** Every stored hash is under the new key: the old one is no longer needed for lookups. */
export async function finishIndexRotation(db: EntityManager): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [WRITE_FENCE]);
  await db.query(`UPDATE key_ring_state SET previous_index_key_id = NULL, rotated_at = now()`);
}

/** Stored (plaintext prefix, ciphertext, hash) samples, one per kind of indexed value. */
const SAMPLES = [
  `SELECT id_type || ':' AS prefix, id_number_enc AS enc, id_number_hash AS hash FROM customers LIMIT 1`,
  `SELECT '' AS prefix, value_enc AS enc, value_hash AS hash FROM contact_points WHERE kind = 'phone' AND value_enc IS NOT NULL LIMIT 1`,
  `SELECT '' AS prefix, account_enc AS enc, account_hash AS hash FROM bank_accounts LIMIT 1`,
  `SELECT '' AS prefix, phone_enc AS enc, phone_hash AS hash FROM sellers WHERE phone_enc IS NOT NULL LIMIT 1`,
];

/** The ring key whose blind index the stored rows hold (the current key when nothing is stored yet). */
async function storedIndexKey(db: EntityManager, cipher: FieldCipher): Promise<string> {
  for (const sql of SAMPLES) {
    const [sample]: Array<{ prefix: string; enc: Buffer; hash: Buffer }> = await db.query(sql);
    if (!sample) continue;
    const value = sample.prefix + cipher.decrypt(sample.enc);
    const key = cipher.keyRing.keys.find((k) => cipher.blindIndexUnder(k.id, value).equals(sample.hash));
    if (!key)
      throw new KeyRingError(
        `no key of this process's ring (${cipher.keyRing.ids.join(', ')}) made the stored blind indexes: add the old key to VERITY_DATA_PREVIOUS_KEYS`,
      );
    return key.id;
  }
  return cipher.currentKeyId;
}
