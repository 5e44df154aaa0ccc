import { promises as fs } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GetObjectCommandOutput, HeadObjectCommandOutput, PutObjectCommandOutput } from '@aws-sdk/client-s3';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import type { S3Sender } from './evidence-store';
import {
  EvidenceIntegrityError,
  EvidenceNotFoundError,
  InvalidEvidenceKeyError,
  LocalDiskEvidenceStore,
  S3EvidenceStore,
  createEvidenceStore,
  evidenceKeyFor,
  sha256Hex,
} from './evidence-store';

const PDF = Buffer.from('%PDF-1.7\nsigned confirmation of case 42\n%%EOF\n');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('LocalDiskEvidenceStore', () => {
  let root: string;
  let store: LocalDiskEvidenceStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'verity-evidence-'));
    store = new LocalDiskEvidenceStore(join(root, 'store'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores equal content once under a key derived from its SHA-256', async () => {
    const first = await store.put(PDF);
    const second = await store.put(Buffer.from(PDF));
    const sha256 = sha256Hex(PDF);
    expect(first).toEqual({ sha256, size: PDF.length, key: `sha256/${sha256.slice(0, 2)}/${sha256}` });
    expect(second).toEqual(first);
    const files = await listFiles(root);
    expect(files).toEqual([join(root, 'store', first.key)]);
    expect((await fs.readFile(files[0])).equals(PDF)).toBe(true);
  });

  it('reads back what it stored and reports existence', async () => {
    const { key } = await store.put(PDF);
    expect((await store.get(key)).equals(PDF)).toBe(true);
    expect(await store.exists(key)).toBe(true);
    const absent = evidenceKeyFor(sha256Hex(Buffer.from('other')));
    expect(await store.exists(absent)).toBe(false);
    await expect(store.get(absent)).rejects.toBeInstanceOf(EvidenceNotFoundError);
  });

  it('leaves the file read-only after put', async () => {
    const { key } = await store.put(PDF);
    const path = join(root, 'store', key);
    expect((await fs.stat(path)).mode & 0o777).toBe(0o440);
    // root ignores permission bits, so the write attempt only means something for other users
    if (process.getuid?.() !== 0)
      await expect(fs.writeFile(path, 'tampered')).rejects.toMatchObject({ code: 'EACCES' });
  });

  it('does not overwrite an existing file on a second put', async () => {
    const { key } = await store.put(PDF);
    const before = await fs.stat(join(root, 'store', key));
    await store.put(PDF);
    const after = await fs.stat(join(root, 'store', key));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('stores concurrent puts of the same content once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(PDF)));
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(await listFiles(root)).toHaveLength(1);
  });

  it('refuses keys that are not of the expected form', async () => {
    const sha = sha256Hex(PDF);
    for (const key of [
      '../../etc/passwd',
      `sha256/${sha.slice(0, 2)}/../../../etc/passwd`,
      `sha256/00/${sha}`, // fan-out folder must match the hash
      `sha256/${sha.slice(0, 2)}/${sha.toUpperCase()}`,
      `/sha256/${sha.slice(0, 2)}/${sha}`,
      `sha256/${sha.slice(0, 2)}/${sha}/`,
      '',
    ]) {
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidEvidenceKeyError);
      await expect(store.exists(key)).rejects.toBeInstanceOf(InvalidEvidenceKeyError);
    }
  });

  it('detects a file altered at rest', async () => {
    const { key } = await store.put(PDF);
    const path = join(root, 'store', key);
    await fs.chmod(path, 0o640);
    await fs.writeFile(path, 'tampered');
    await expect(store.get(key)).rejects.toBeInstanceOf(EvidenceIntegrityError);
  });
});

type SentCommand = PutObjectCommand | GetObjectCommand | HeadObjectCommand;
type Responder = (command: SentCommand) => PutObjectCommandOutput | GetObjectCommandOutput | HeadObjectCommandOutput;

/** Records commands and answers them with `respond`, standing in for S3Client. */
class FakeS3 implements S3Sender {
  readonly sent: SentCommand[] = [];
  constructor(private readonly respond: Responder) {}
  send(command: PutObjectCommand): Promise<PutObjectCommandOutput>;
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
  send(command: HeadObjectCommand): Promise<HeadObjectCommandOutput>;
  async send(command: SentCommand): Promise<PutObjectCommandOutput | GetObjectCommandOutput | HeadObjectCommandOutput> {
    this.sent.push(command);
    return this.respond(command);
  }
}

function s3Error(name: string, httpStatusCode: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });
}

function bodyOf(content: Buffer): GetObjectCommandOutput {
  const body = { transformToByteArray: async () => new Uint8Array(content) };
  return { $metadata: {}, Body: body } as unknown as GetObjectCommandOutput; // only transformToByteArray is read
}

const OPTIONS = {
  bucket: 'evidence',
  region: 'us-east-1',
  accessKeyId: 'a',
  secretAccessKey: 's',
  forcePathStyle: true,
};

describe('S3EvidenceStore', () => {
  it('puts with If-None-Match so an existing object is never replaced', async () => {
    const s3 = new FakeS3(() => ({ $metadata: { httpStatusCode: 200 } }));
    const stored = await new S3EvidenceStore(OPTIONS, s3).put(PDF);
    const sha256 = sha256Hex(PDF);
    expect(stored).toEqual({ sha256, size: PDF.length, key: evidenceKeyFor(sha256) });
    expect(s3.sent).toHaveLength(1);
    const command = s3.sent[0];
    expect(command).toBeInstanceOf(PutObjectCommand);
    expect(command.input).toMatchObject({
      Bucket: 'evidence',
      Key: evidenceKeyFor(sha256),
      IfNoneMatch: '*',
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
    });
  });

  it('treats 412 Precondition Failed as already stored', async () => {
    const s3 = new FakeS3(() => {
      throw s3Error('PreconditionFailed', 412);
    });
    await expect(new S3EvidenceStore(OPTIONS, s3).put(PDF)).resolves.toMatchObject({ sha256: sha256Hex(PDF) });
  });

  it('passes other put failures on', async () => {
    const s3 = new FakeS3(() => {
      throw s3Error('AccessDenied', 403);
    });
    await expect(new S3EvidenceStore(OPTIONS, s3).put(PDF)).rejects.toThrow('AccessDenied');
  });

  it('gets the body and checks it against the key', async () => {
    const key = evidenceKeyFor(sha256Hex(PDF));
    const s3 = new FakeS3(() => bodyOf(PDF));
    const store = new S3EvidenceStore(OPTIONS, s3);
    expect((await store.get(key)).equals(PDF)).toBe(true);
    expect(s3.sent[0]).toBeInstanceOf(GetObjectCommand);
    expect(s3.sent[0].input).toEqual({ Bucket: 'evidence', Key: key });

    const tampered = new S3EvidenceStore(OPTIONS, new FakeS3(() => bodyOf(Buffer.from('tampered'))));
    await expect(tampered.get(key)).rejects.toBeInstanceOf(EvidenceIntegrityError);
  });

  it('maps a missing object to not-found and false', async () => {
    const key = evidenceKeyFor(sha256Hex(PDF));
    const store = new S3EvidenceStore(
      OPTIONS,
      new FakeS3((command) => {
        throw command instanceof HeadObjectCommand ? s3Error('NotFound', 404) : s3Error('NoSuchKey', 404);
      }),
    );
    await expect(store.get(key)).rejects.toBeInstanceOf(EvidenceNotFoundError);
    await expect(store.exists(key)).resolves.toBe(false);
  });

  it('answers exists with HeadObject and refuses malformed keys without calling S3', async () => {
    const s3 = new FakeS3(() => ({ $metadata: { httpStatusCode: 200 } }));
    const store = new S3EvidenceStore(OPTIONS, s3);
    await expect(store.exists(evidenceKeyFor(sha256Hex(PDF)))).resolves.toBe(true);
    expect(s3.sent[0]).toBeInstanceOf(HeadObjectCommand);
    await expect(store.get('sha256/../secret')).rejects.toBeInstanceOf(InvalidEvidenceKeyError);
    await expect(store.exists('x')).rejects.toBeInstanceOf(InvalidEvidenceKeyError);
    expect(s3.sent).toHaveLength(1);
  });
});

describe('createEvidenceStore', () => {
  it('builds the configured backend', () => {
    expect(createEvidenceStore({ EVIDENCE_STORE: 'local', EVIDENCE_DIR: join(tmpdir(), 'unused') })).toBeInstanceOf(
      LocalDiskEvidenceStore,
    );
    const s3 = createEvidenceStore({
      EVIDENCE_STORE: 's3',
      EVIDENCE_DIR: '',
      S3_BUCKET: 'evidence',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'a',
      S3_SECRET_ACCESS_KEY: 's',
    });
    expect(s3).toBeInstanceOf(S3EvidenceStore);
  });

  it('names the settings an s3 store is missing', () => {
    expect(() => createEvidenceStore({ EVIDENCE_STORE: 's3', EVIDENCE_DIR: '', S3_BUCKET: 'evidence' })).toThrow(
      'EVIDENCE_STORE=s3 needs S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY',
    );
  });
});
