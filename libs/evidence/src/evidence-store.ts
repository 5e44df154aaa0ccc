import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { GetObjectCommandOutput, HeadObjectCommandOutput, PutObjectCommandOutput } from '@aws-sdk/client-s3';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Where a stored file lives and what it is; the key is derived from the SHA-256, so it names the content. */
export interface StoredEvidence {
  sha256: string;
  size: number;
  key: string;
}

/** Write-once, content-addressed storage: a file is never overwritten or deleted once stored. */
export interface EvidenceStore {
  put(content: Buffer): Promise<StoredEvidence>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
}

/** The key is malformed; thrown before any storage is touched, so a crafted key cannot reach outside the store. */
export class InvalidEvidenceKeyError extends Error {
  constructor(key: string) {
    super(`Not an evidence key: ${JSON.stringify(key)}`);
    this.name = 'InvalidEvidenceKeyError';
  }
}

/** No file under this key; lets callers answer 404 without knowing the backend. */
export class EvidenceNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No evidence stored under ${key}`);
    this.name = 'EvidenceNotFoundError';
  }
}

/** The stored bytes no longer hash to their key: the file was altered or corrupted at rest. */
export class EvidenceIntegrityError extends Error {
  constructor(
    readonly key: string,
    readonly actualSha256: string,
  ) {
    super(`Evidence under ${key} hashes to ${actualSha256}; the stored file was altered or corrupted`);
    this.name = 'EvidenceIntegrityError';
  }
}

// sha256/<first two hex>/<all 64 hex>: the fan-out folder keeps directories (and S3 listings) small.
const KEY_PATTERN = /^sha256\/([0-9a-f]{2})\/(\1[0-9a-f]{62})$/;

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function evidenceKeyFor(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a lowercase hex SHA-256: ${JSON.stringify(sha256)}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256}`;
}

export function isEvidenceKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Returns the SHA-256 a key names, refusing anything else (including traversal like `sha256/../x`). */
export function sha256OfKey(key: string): string {
  const match = typeof key === 'string' ? KEY_PATTERN.exec(key) : null;
  if (!match) throw new InvalidEvidenceKeyError(String(key));
  return match[2];
}

// Reading re-hashes, so tampering at rest is caught at the moment the file is used, not only on audit.
function verified(key: string, content: Buffer): Buffer {
  const actual = sha256Hex(content);
  if (actual !== sha256OfKey(key)) throw new EvidenceIntegrityError(key, actual);
  return content;
}

// Structural, not instanceof Error: errors from another realm (e.g. jest's sandbox) fail instanceof.
function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

async function syncDirectory(path: string): Promise<void> {
  const dir = await fs.open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Files on a local (or mounted) disk under rootDir, read-only once written. */
export class LocalDiskEvidenceStore implements EvidenceStore {
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
  }

  async put(content: Buffer): Promise<StoredEvidence> {
    const sha256 = sha256Hex(content);
    const key = evidenceKeyFor(sha256);
    const target = this.pathOf(key);
    const stored = { sha256, size: content.length, key };
    if (await this.exists(key)) return stored;

    await fs.mkdir(dirname(target), { recursive: true });
    // Temp file in the same folder so the final step is a same-filesystem link, never a copy.
    const temp = join(dirname(target), `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await fs.open(temp, 'wx', 0o440);
    try {
      await handle.writeFile(content);
      await handle.chmod(0o440); // open()'s mode is filtered by umask; make it exact
      await handle.sync(); // the bytes must be on disk before the name points at them
    } finally {
      await handle.close();
    }
    try {
      // link(), unlike rename(), fails if the target exists: a concurrent put of the same content cannot replace it.
      await fs.link(temp, target);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
    await syncDirectory(dirname(target)); // the new name itself must survive a crash
    return stored;
  }

  async get(key: string): Promise<Buffer> {
    const path = this.pathOf(key);
    try {
      return verified(key, await fs.readFile(path));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw new EvidenceNotFoundError(key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    const path = this.pathOf(key);
    try {
      return (await fs.stat(path)).isFile();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw error;
    }
  }

  private pathOf(key: string): string {
    sha256OfKey(key); // the pattern admits only hex and two slashes, so the path stays under root
    return join(this.root, key);
  }
}

export interface S3EvidenceStoreOptions {
  bucket: string;
  /** For S3-compatible services (MinIO, Ceph…); omit for AWS. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/** The only part of S3Client the store uses, so tests can pass a fake. */
export interface S3Sender {
  send(command: PutObjectCommand): Promise<PutObjectCommandOutput>;
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
  send(command: HeadObjectCommand): Promise<HeadObjectCommandOutput>;
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const metadata = error.$metadata;
  if (typeof metadata !== 'object' || metadata === null || !('httpStatusCode' in metadata)) return undefined;
  return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

/** Objects in an S3 bucket, written with a conditional PUT so an existing object is never replaced. */
export class S3EvidenceStore implements EvidenceStore {
  private readonly client: S3Sender;
  private readonly bucket: string;

  constructor(options: S3EvidenceStoreOptions, client?: S3Sender) {
    this.bucket = options.bucket;
    this.client =
      client ??
      new S3Client({
        region: options.region,
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle,
        credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      });
  }

  async put(content: Buffer): Promise<StoredEvidence> {
    const sha256 = sha256Hex(content);
    const key = evidenceKeyFor(sha256);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: content,
          ContentType: 'application/octet-stream',
          // S3 checks the upload against the hash we already have, so a corrupted transfer is refused.
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      // 412: an object with this key exists, i.e. the same content is already stored.
      if (httpStatus(error) !== 412 && errorName(error) !== 'PreconditionFailed') throw error;
    }
    return { sha256, size: content.length, key };
  }

  async get(key: string): Promise<Buffer> {
    sha256OfKey(key);
    let output: GetObjectCommandOutput;
    try {
      output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (httpStatus(error) === 404 || errorName(error) === 'NoSuchKey') throw new EvidenceNotFoundError(key);
      throw error;
    }
    if (!output.Body) throw new EvidenceNotFoundError(key);
    return verified(key, Buffer.from(await output.Body.transformToByteArray()));
  }

  async exists(key: string): Promise<boolean> {
    sha256OfKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (httpStatus(error) === 404 || errorName(error) === 'NotFound') return false;
      throw error;
    }
  }
}

export interface EvidenceStoreConfig {
  EVIDENCE_STORE: 'local' | 's3';
  EVIDENCE_DIR: string;
  S3_BUCKET?: string;
  S3_ENDPOINT?: string;
  S3_REGION?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
}

/** Picks the backend from configuration; an s3 store with settings missing fails at boot, not at the first upload. */
export function createEvidenceStore(config: EvidenceStoreConfig, s3Client?: S3Sender): EvidenceStore {
  if (config.EVIDENCE_STORE === 'local') {
    if (!config.EVIDENCE_DIR) throw new Error('EVIDENCE_DIR is required when EVIDENCE_STORE=local');
    return new LocalDiskEvidenceStore(config.EVIDENCE_DIR);
  }
  if (config.EVIDENCE_STORE !== 's3')
    throw new Error(`EVIDENCE_STORE must be local or s3, not ${String(config.EVIDENCE_STORE)}`);
  const required = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  const missing = required.filter((name) => !config[name]);
  if (missing.length > 0) throw new Error(`EVIDENCE_STORE=s3 needs ${missing.join(', ')}`);
  return new S3EvidenceStore(
    {
      bucket: config.S3_BUCKET ?? '',
      endpoint: config.S3_ENDPOINT || undefined,
      // S3-compatible servers generally ignore the region but the signer needs one.
      region: config.S3_REGION || 'us-east-1',
      accessKeyId: config.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '',
      // Custom endpoints (MinIO and the like) rarely have wildcard DNS for virtual-hosted buckets.
      forcePathStyle: Boolean(config.S3_ENDPOINT),
    },
    s3Client,
  );
}
