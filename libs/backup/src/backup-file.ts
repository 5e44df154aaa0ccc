import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';

/**
 * One file of a backup generation, encrypted on its own with AES-256-GCM:
 * `VBK1` | 12-byte IV | ciphertext | 16-byte tag. The file's name inside the generation is the additional
 * authenticated data, so a file moved under another name (say one table's rows under another table) fails to open.
 */
const MAGIC = Buffer.from('VBK1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + IV_BYTES;

/** The key does not open the file, or the file was altered: which one cannot be told, by design. */
export class BackupIntegrityError extends Error {
  constructor(readonly file: string) {
    super(
      `${file} does not open with this BACKUP_KEY: the key is not the one it was written with, or the file was altered`,
    );
    this.name = 'BackupIntegrityError';
  }
}

/** BACKUP_KEY: 32 bytes, base64. */
export function backupKey(value: string | undefined): Buffer {
  const key = Buffer.from(value ?? '', 'base64');
  if (key.length !== 32) throw new Error('BACKUP_KEY must be 32 bytes, base64 (e.g. openssl rand -base64 32)');
  return key;
}

export interface WrittenFile {
  /** Bytes of the plain content. */
  bytes: number;
  /** SHA-256 of the plain content, hex: the manifest records it, the restore checks it. */
  sha256: string;
}

/** Encrypts what `source` yields into `path`, as `name` (the AAD); buffered, so small chunks (a row each) write fast. */
export async function writeEncrypted(
  path: string,
  name: string,
  key: Buffer,
  source: AsyncIterable<Buffer | string> | Iterable<Buffer>,
): Promise<WrittenFile> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const hash = createHash('sha256');
  let bytes = 0;
  const file = await fs.open(path, 'w', 0o600);
  try {
    let pending: Buffer[] = [Buffer.concat([MAGIC, iv])];
    let pendingBytes = 0;
    for await (const piece of source) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      hash.update(chunk);
      bytes += chunk.length;
      const sealed = cipher.update(chunk);
      pending.push(sealed);
      pendingBytes += sealed.length;
      if (pendingBytes >= FLUSH_BYTES) {
        await file.write(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
    }
    pending.push(cipher.final(), cipher.getAuthTag());
    await file.write(Buffer.concat(pending));
    await file.sync();
  } finally {
    await file.close();
  }
  return { bytes, sha256: hash.digest('hex') };
}

const FLUSH_BYTES = 1 << 20;

/**
 * The plain content of `path`, chunk by chunk. The tag is checked at the end: a consumer must not treat what it read
 * as good until the iteration ended without error (the restore writes inside one transaction for that reason).
 */
export async function* openEncrypted(path: string, name: string, key: Buffer): AsyncGenerator<Buffer> {
  const { size } = await fs.stat(path);
  if (size < HEADER_BYTES + TAG_BYTES) throw new BackupIntegrityError(name);
  const handle = await fs.open(path, 'r');
  const head = Buffer.alloc(HEADER_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    await handle.read(head, 0, HEADER_BYTES, 0);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupIntegrityError(name);
  const decipher = createDecipheriv('aes-256-gcm', key, head.subarray(MAGIC.length));
  decipher.setAAD(Buffer.from(name, 'utf8'));
  decipher.setAuthTag(tag);
  if (size > HEADER_BYTES + TAG_BYTES) {
    for await (const chunk of createReadStream(path, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 })) {
      const plain = decipher.update(chunk as Buffer);
      if (plain.length > 0) yield plain;
    }
  }
  let last: Buffer;
  try {
    last = decipher.final();
  } catch {
    throw new BackupIntegrityError(name);
  }
  if (last.length > 0) yield last;
}

/** The whole plain content, checked against the manifest's hash (for the manifest and small files). */
export async function readEncrypted(path: string, name: string, key: Buffer, sha256?: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of openEncrypted(path, name, key)) chunks.push(chunk);
  const content = Buffer.concat(chunks);
  if (sha256 !== undefined && createHash('sha256').update(content).digest('hex') !== sha256)
    throw new BackupIntegrityError(name);
  return content;
}
