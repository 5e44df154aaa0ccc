import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { readIndexKeys } from './index-key-state';
import type { DataKey, KeyRingSettings } from './key-ring';
import { KeyRing, KeyRingError, dataKey } from './key-ring';

/** The first format: version(1) = 1 | iv(12) | tag(16) | ciphertext, under the one data key there was. */
const LEGACY_VERSION = 1;
/** The format naming its key: version(1) = 2 | id length(1) | key id (UTF-8) | iv(12) | tag(16) | ciphertext. */
const KEYED_VERSION = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts sensitive fields (ID numbers, bank accounts, phones) with AES-256-GCM and computes a keyed hash
 * (HMAC-SHA-256, the "blind index") so equal values can be found and grouped without decrypting.
 * Both keys are derived from one data key so a deployment manages a single secret per key id.
 *
 * Every ciphertext names the id of the data key that made it (format 2; the header is the GCM additional data, so
 * the id cannot be swapped). Encryption always uses the ring's current key; decryption uses the key the ciphertext
 * names. Ciphertexts of the first format (no id) are opened with the current key, then the previous ones: GCM's tag
 * tells the right key without doubt.
 *
 * The blind index is computed under the index key: the one the database names (`forWrite` reads it inside the
 * caller's transaction), so that hashes of equal values stay equal across every writer while `npm run keys:rotate`
 * moves them to a new key. While it does, `blindIndexes` also gives the value's hash under the previous index key,
 * for lookups.
 */
export class FieldCipher {
  private readonly ring: KeyRing;
  private indexKey: DataKey;
  private previousIndexKey: DataKey | null;
  // Random IVs drawn from a refilled pool: one system call per 4,096 encryptions instead of one each.
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

  /** One key (its id: a fingerprint), or a ring. The index key is the current key until the database says more. */
  constructor(keyOrRing: string | KeyRing) {
    this.ring = typeof keyOrRing === 'string' ? new KeyRing(dataKey(keyOrRing)) : keyOrRing;
    this.indexKey = this.ring.current;
    this.previousIndexKey = null;
  }

  /** The ring of VERITY_DATA_KEY, VERITY_DATA_KEY_ID and VERITY_DATA_PREVIOUS_KEYS. */
  static fromEnv(settings: KeyRingSettings): FieldCipher {
    return new FieldCipher(KeyRing.fromSettings(settings));
  }

  get keyRing(): KeyRing {
    return this.ring;
  }

  get currentKeyId(): string {
    return this.ring.current.id;
  }

  get indexKeyId(): string {
    return this.indexKey.id;
  }

  /** The index key being rotated out (set only while `npm run keys:rotate` recomputes the hashes). */
  get previousIndexKeyId(): string | null {
    return this.previousIndexKey?.id ?? null;
  }

  encrypt(plain: string): Buffer {
    const key = this.ring.current;
    const header = keyedHeader(key.id);
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', key.encKey, iv);
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    if (sealed[0] === KEYED_VERSION) {
      const { keyId, headerLength } = readKeyedHeader(sealed);
      return open(this.ring.get(keyId), sealed, headerLength, sealed.subarray(0, headerLength));
    }
    if (sealed[0] !== LEGACY_VERSION) throw new Error(`unknown field key version ${sealed[0]}`);
    let failure: unknown = null;
    for (const key of this.ring.keys) {
      try {
        return open(key, sealed, 1, null);
      } catch (err) {
        failure = err;
      }
    }
    throw failure instanceof Error ? failure : new Error('a field ciphertext does not decrypt');
  }

  /** The id of the key a ciphertext names; null for the first format, which names none. */
  keyIdOf(sealed: Buffer): string | null {
    return sealed[0] === KEYED_VERSION ? readKeyedHeader(sealed).keyId : null;
  }

  /** Whether a ciphertext is already under the current key (what a rotation leaves as it is). */
  isCurrent(sealed: Buffer): boolean {
    return this.keyIdOf(sealed) === this.ring.current.id;
  }

  /** Keyed hash of an already normalised value; callers normalise first (E.164 phones, digits-only accounts). */
  blindIndex(normalised: string): Buffer {
    return mac(this.indexKey, normalised);
  }

  /** The hash under the key of this id (a rotation compares stored hashes with it). */
  blindIndexUnder(keyId: string, normalised: string): Buffer {
    return mac(this.ring.get(keyId), normalised);
  }

  /**
   * Every hash a stored row may hold for the value: under the index key and, during a rotation, under the previous
   * one. Lookups by value match any of them (`= ANY($n::bytea[])`).
   */
  blindIndexes(normalised: string): Buffer[] {
    const current = this.blindIndex(normalised);
    return this.previousIndexKey ? [current, mac(this.previousIndexKey, normalised)] : [current];
  }

  /** The same keys with the given index keys (a rotation's own view, or what the database says). */
  withIndexKeys(indexKeyId: string, previousIndexKeyId: string | null): FieldCipher {
    const view = new FieldCipher(this.ring);
    view.indexKey = this.ring.get(indexKeyId);
    view.previousIndexKey = previousIndexKeyId ? this.ring.get(previousIndexKeyId) : null;
    return view;
  }

  /**
   * The cipher a write uses inside its transaction: the index keys the database names, read under the rotation's
   * write fence, so no write straddles the moment a rotation switches the index key. Also remembered here for
   * `blindIndex` on this object.
   */
  async forWrite(db: EntityManager): Promise<FieldCipher> {
    const state = await readIndexKeys(db, this);
    if (!this.ring.has(state.active))
      throw new KeyRingError(
        `the blind-index key "${state.active}" the database names is not in this process's key ring (${this.ring.ids.join(', ')})`,
      );
    if (state.previous && !this.ring.has(state.previous))
      throw new KeyRingError(
        `a blind-index rotation from key "${state.previous}" is unfinished and this process does not hold that key: keep it in VERITY_DATA_PREVIOUS_KEYS until npm run keys:rotate has finished`,
      );
    this.indexKey = this.ring.get(state.active);
    this.previousIndexKey = state.previous ? this.ring.get(state.previous) : null;
    return this.withIndexKeys(state.active, state.previous);
  }

  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_BYTES * 4096);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }
}

function keyedHeader(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  return Buffer.concat([Buffer.from([KEYED_VERSION, id.length]), id]);
}

function readKeyedHeader(sealed: Buffer): { keyId: string; headerLength: number } {
  const idLength = sealed[1] ?? 0;
  const headerLength = 2 + idLength;
  if (idLength === 0 || sealed.length < headerLength + IV_BYTES + TAG_BYTES)
    throw new Error('a field ciphertext is truncated');
  return { keyId: sealed.subarray(2, headerLength).toString('utf8'), headerLength };
}

function open(key: DataKey, sealed: Buffer, at: number, aad: Buffer | null): string {
  const iv = sealed.subarray(at, at + IV_BYTES);
  const tag = sealed.subarray(at + IV_BYTES, at + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key.encKey, iv);
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(at + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

function mac(key: DataKey, normalised: string): Buffer {
  return createHmac('sha256', key.macKey).update(normalised, 'utf8').digest();
}
