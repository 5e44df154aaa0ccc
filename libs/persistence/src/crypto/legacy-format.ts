import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A ciphertext of the first format (version 1, no key id: 1 | iv | tag | ciphertext), as the field cipher wrote it
 * before key ids. Nothing writes it any more; the specs and the key-rotation suite make stored data of that age
 * with it, to check that it keeps decrypting and is rotated like the rest.
 */
export function encryptLegacyFormat(dataKeyBase64: string, plain: string): Buffer {
  const master = Buffer.from(dataKeyBase64, 'base64');
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'verity/field-encryption/v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}
