import { randomBytes } from 'node:crypto';
import { mkdtempSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackupIntegrityError, backupKey, readEncrypted, writeEncrypted } from './backup-file';

describe('backup files: AES-256-GCM, named by their place in the generation', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-backup-file-'));
  const key = randomBytes(32);
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  async function written(name: string, chunks: Buffer[]): Promise<{ file: string; sha256: string; bytes: number }> {
    const file = path.join(dir, name.replace('/', '_'));
    return { file, ...(await writeEncrypted(file, name, key, chunks)) };
  }

  it('reads back what was written, chunk boundaries aside, with its plain hash and size', async () => {
    const chunks = [Buffer.from('1\t张三\n'), randomBytes(3 << 20), Buffer.from('2\t李四\n')];
    const { file, sha256, bytes } = await written('db/customers', chunks);
    expect(bytes).toBe(Buffer.concat(chunks).length);
    // Buffer.equals: jest's deep equality walks a 3 MB buffer byte by byte, for tens of seconds.
    expect((await readEncrypted(file, 'db/customers', key, sha256)).equals(Buffer.concat(chunks))).toBe(true);
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('VBK1');
    expect(readFileSync(file).includes(Buffer.from('张三'))).toBe(false);
  });

  it('writes and reads an empty file', async () => {
    const { file, sha256, bytes } = await written('db/empty', []);
    expect(bytes).toBe(0);
    expect(await readEncrypted(file, 'db/empty', key, sha256)).toEqual(Buffer.alloc(0));
  });

  it('refuses another key, a flipped byte, a cut-off end and a file read under another name', async () => {
    const { file } = await written('db/policies', [Buffer.from('P1\tWL-01\n')]);
    await expect(readEncrypted(file, 'db/policies', randomBytes(32))).rejects.toThrow(BackupIntegrityError);
    await expect(readEncrypted(file, 'db/customers', key)).rejects.toThrow(BackupIntegrityError);
    const good = readFileSync(file);
    for (const bad of [
      Buffer.concat([good.subarray(0, 20), Buffer.from([good[20] ^ 1]), good.subarray(21)]),
      good.subarray(0, good.length - 1),
      good.subarray(0, 10),
    ]) {
      writeFileSync(file, bad);
      await expect(readEncrypted(file, 'db/policies', key)).rejects.toThrow(BackupIntegrityError);
    }
  });

  it('refuses content that opens but is not what the manifest recorded', async () => {
    const { file } = await written('db/x', [Buffer.from('a')]);
    await expect(readEncrypted(file, 'db/x', key, '0'.repeat(64))).rejects.toThrow(BackupIntegrityError);
  });

  it('takes BACKUP_KEY as 32 bytes of base64 only', () => {
    expect(backupKey(key.toString('base64'))).toEqual(key);
    for (const bad of [undefined, '', 'c2hvcnQ=', randomBytes(16).toString('base64')])
      expect(() => backupKey(bad)).toThrow('BACKUP_KEY must be 32 bytes, base64');
  });
});
