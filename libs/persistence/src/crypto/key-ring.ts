import { createHash, hkdfSync } from 'node:crypto';

/** A key id: what every ciphertext names; letters, digits, dots, dashes, underscores. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export class KeyRingError extends Error {}

/** One data key: its id and the two keys derived from it (field encryption, blind index). */
export interface DataKey {
  id: string;
  encKey: Buffer;
  macKey: Buffer;
}

/** The settings a key ring is read from (libs/config VerityEnv carries them). */
export interface KeyRingSettings {
  VERITY_DATA_KEY: string;
  VERITY_DATA_KEY_ID?: string;
  /** `id=base64,id=base64`: keys being rotated out, which still decrypt and still give the old blind indexes. */
  VERITY_DATA_PREVIOUS_KEYS?: string;
}

/** A fingerprint of the key, its id when none is configured: tells keys apart without revealing them. */
export function defaultDataKeyId(master: Buffer): string {
  return `sha256-${createHash('sha256').update(master).digest('hex').slice(0, 16)}`;
}

/**
 * Reads a base64 data key of exactly 32 bytes and derives its two keys, naming the setting when it is not one.
 * The derivation is the one the field cipher always used, so a key keeps giving the ciphertexts and blind indexes
 * it gave before key ids existed.
 */
export function dataKey(base64: string, id?: string, setting = 'VERITY_DATA_KEY'): DataKey {
  const master = Buffer.from(base64.trim(), 'base64');
  if (master.length !== 32) throw new KeyRingError(`${setting} must be base64 of exactly 32 bytes`);
  const keyId = id ?? defaultDataKeyId(master);
  if (!KEY_ID_PATTERN.test(keyId))
    throw new KeyRingError(
      `the key id "${keyId}" of ${setting} must be 1-64 letters, digits, dots, dashes or underscores`,
    );
  return {
    id: keyId,
    encKey: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'verity/field-encryption/v1', 32)),
    macKey: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'verity/blind-index/v1', 32)),
  };
}

/**
 * The data keys a process holds: the current one, which encrypts everything new, and previous ones by id, which
 * still decrypt what was written under them until `npm run keys:rotate` has re-encrypted it. Which key gives the
 * blind indexes is not the ring's to say: the database names it (key_ring_state), so that every writer switches at
 * the same moment (see index-key-state.ts).
 */
export class KeyRing {
  private readonly byId: Map<string, DataKey>;

  constructor(
    readonly current: DataKey,
    previous: DataKey[] = [],
  ) {
    this.byId = new Map();
    for (const key of [current, ...previous]) {
      if (this.byId.has(key.id)) throw new KeyRingError(`the key id "${key.id}" is given twice`);
      this.byId.set(key.id, key);
    }
  }

  static fromSettings(settings: KeyRingSettings): KeyRing {
    const previous = (settings.VERITY_DATA_PREVIOUS_KEYS ?? '')
      .split(',')
      .filter((entry) => entry.trim() !== '')
      .map((entry) => {
        const at = entry.indexOf('=');
        // A bare key (no id) has its first '=' in its padding, with nothing after it.
        if (
          at <= 0 ||
          entry
            .slice(at + 1)
            .replace(/=/g, '')
            .trim() === ''
        )
          throw new KeyRingError('VERITY_DATA_PREVIOUS_KEYS must be id=base64 pairs separated by commas');
        return dataKey(entry.slice(at + 1), entry.slice(0, at).trim(), 'each key of VERITY_DATA_PREVIOUS_KEYS');
      });
    return new KeyRing(dataKey(settings.VERITY_DATA_KEY, settings.VERITY_DATA_KEY_ID || undefined), previous);
  }

  /** Every key, the current one first. */
  get keys(): DataKey[] {
    return [...this.byId.values()];
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The key of this id; refuses, naming it, an id the process does not hold. */
  get(id: string): DataKey {
    const key = this.byId.get(id);
    if (!key)
      throw new KeyRingError(
        `data key "${id}" is not in this process's key ring (${this.ids.join(', ')}): add it to VERITY_DATA_PREVIOUS_KEYS`,
      );
    return key;
  }
}
