import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The `encoding` metadata of an encrypted payload, and the metadata key naming the key that encrypted it. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

export class PayloadCodecError extends Error {}

export interface CodecKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** A fingerprint of the key, its id when none is configured: tells keys apart without revealing them. */
export function defaultKeyId(key: Buffer): string {
  return `sha256-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** Reads a base64 key of exactly 32 bytes, naming the setting when it is not one. */
export function codecKey(base64: string, id: string | undefined, setting = 'TEMPORAL_CODEC_KEY'): CodecKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32 || key.toString('base64') !== base64.trim())
    throw new PayloadCodecError(`${setting} must be base64 of 32 bytes`);
  return { id: id ?? defaultKeyId(key), key };
}

/**
 * Encrypts every Temporal payload (workflow and activity arguments and results, update, signal and query
 * arguments, ...) with AES-256-GCM, so history and the Web UI hold ciphertext. The whole payload, metadata
 * included, is serialised and encrypted; the outer payload says only `binary/encrypted` and the key id, which is
 * also authenticated (GCM additional data). Decoding passes payloads that were never encrypted through (histories
 * from before the codec) and refuses, naming it, a key id it does not hold.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;

  /** `current` encrypts; it and `previous` (keys being rotated out) decrypt. */
  constructor(
    private readonly current: CodecKey,
    previous: CodecKey[] = [],
  ) {
    this.keys = new Map([...previous, current].map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      cipher.setAAD(Buffer.from(this.current.id, 'utf8'));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: bytes(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: bytes(this.current.id) },
        data: new Uint8Array(sealed),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
      if (!keyId) throw new PayloadCodecError('an encrypted Temporal payload carries no key id');
      const key = this.keys.get(keyId);
      if (!key)
        throw new PayloadCodecError(
          `a Temporal payload is encrypted with key id "${keyId}", which this process does not hold`,
        );
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < IV_BYTES + TAG_BYTES)
        throw new PayloadCodecError(`an encrypted Temporal payload (key id "${keyId}") is truncated`);
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([
          decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        throw new PayloadCodecError(
          `an encrypted Temporal payload does not decrypt with key id "${keyId}" (altered, or another key under that id)`,
        );
      }
      const inner = temporal.api.common.v1.Payload.decode(plain);
      return { metadata: inner.metadata ?? {}, data: inner.data ?? new Uint8Array() };
    });
  }
}
