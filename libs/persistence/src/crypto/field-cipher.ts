import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const KEY_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts sensitive fields (ID numbers, bank accounts, phones) with AES-256-GCM and computes a keyed hash
 * (HMAC-SHA-256, the "blind index") so equal values can be found and grouped without decrypting.
 * Both keys are derived from one data key so a deployment manages a single secret.
 * Ciphertext layout: version(1) | iv(12) | tag(16) | ciphertext.
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  // Random IVs drawn from a refilled pool: one system call per 4,096 encryptions instead of one each.
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(dataKeyBase64: string) {
    const master = Buffer.from(dataKeyBase64, 'base64');
    if (master.length !== 32) throw new Error('VERITY_DATA_KEY must be base64 of exactly 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'verity/field-encryption/v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'verity/blind-index/v1', 32));
  }

  encrypt(plain: string): Buffer {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([KEY_VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    if (sealed[0] !== KEY_VERSION) throw new Error(`unknown field key version ${sealed[0]}`);
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }

  /** Keyed hash of an already normalised value; callers normalise first (E.164 phones, digits-only accounts). */
  blindIndex(normalised: string): Buffer {
    return createHmac('sha256', this.macKey).update(normalised, 'utf8').digest();
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
