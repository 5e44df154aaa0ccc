import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { EvidenceStore } from '../../evidence/src/evidence-store';
import type { WrittenFile } from './backup-file';
import { BackupIntegrityError, openEncrypted, readEncrypted, writeEncrypted } from './backup-file';

/**
 * A backup generation is one folder, `verity-<UTC time>`, of files each encrypted on its own (backup-file.ts):
 * `manifest` (what is inside, with the plain SHA-256 of every other file), `db/<table>` (the table's rows as
 * PostgreSQL's COPY text, all tables read in one REPEATABLE READ snapshot), `evidence/<sha256>` (every file the
 * database names by a storage_key), `temporal` (the dev server's SQLite state, on the embedded default) and
 * `anchors/<file>` (the audit chain's heads kept outside the database). It is written as `.partial-…` and renamed
 * when complete, so a generation that exists is whole.
 */
export const GENERATION_PREFIX = 'verity-';
const PARTIAL_PREFIX = '.partial-';

export interface BackupManifest {
  format: 'verity-backup';
  version: 1;
  createdAt: string;
  /** The migrations applied to the database backed up: a restore needs the same schema. */
  migrations: string[];
  tables: Array<{ name: string; columns: string[]; rows: number; file: string } & WrittenFile>;
  sequences: Array<{ name: string; lastValue: string | null }>;
  evidence: Array<{ key: string; file: string } & WrittenFile>;
  temporal: ({ file: string } & WrittenFile) | null;
  anchors: Array<{ name: string; file: string } & WrittenFile>;
}

export interface BackupOptions {
  /** The folder generations go into. */
  dir: string;
  key: Buffer;
  databaseUrl: string;
  evidenceStore: EvidenceStore;
  /** The Temporal dev server's SQLite file (embedded default); null when Temporal is a cluster with its own backups. */
  temporalDbFile?: string | null;
  anchorDir?: string | null;
  /** Generations kept; older ones are removed after a new one is complete. */
  generations?: number;
  now?: Date;
  /** Child processes (the SQLite copy) are stopped after this long. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface BackupResult {
  generation: string;
  path: string;
  tables: number;
  rows: number;
  evidenceFiles: number;
  temporal: boolean;
  removed: string[];
}

const run = promisify(execFile);

/** A consistent, encrypted backup of the database, the evidence it names, the dev server's state and the anchors. */
export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const log = opts.log ?? (() => {});
  const createdAt = (opts.now ?? new Date()).toISOString();
  const generation = `${GENERATION_PREFIX}${createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  await fs.mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const partial = path.join(opts.dir, `${PARTIAL_PREFIX}${generation}`);
  await fs.rm(partial, { recursive: true, force: true });
  for (const sub of ['db', 'evidence', 'anchors'])
    await fs.mkdir(path.join(partial, sub), { recursive: true, mode: 0o700 });
  const put = async (file: string, source: AsyncIterable<Buffer | string> | Iterable<Buffer>): Promise<WrittenFile> =>
    writeEncrypted(path.join(partial, file), file, opts.key, source);

  try {
    // Temporal first, the database after: a read model newer than the workflows is repaired by the activities
    // re-running (they are idempotent); one older than the workflows would miss what they already recorded.
    let temporal: BackupManifest['temporal'] = null;
    if (opts.temporalDbFile && existsSync(opts.temporalDbFile)) {
      temporal = {
        file: 'temporal',
        ...(await put('temporal', await sqliteSnapshot(opts.temporalDbFile, opts.timeoutMs))),
      };
      log(`Temporal state: ${temporal.bytes} bytes`);
    }

    const client = new Client({ connectionString: opts.databaseUrl });
    await client.connect();
    let db: Pick<BackupManifest, 'migrations' | 'tables' | 'sequences'>;
    let evidenceKeys: string[];
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows: schema } = await client.query<{ t: string | null }>(
        `SELECT to_regclass('public.migrations')::text AS t`,
      );
      if (schema[0].t === null)
        throw new RestoreRefusedError('the database has no Verity schema (never migrated): nothing to back up');
      const migrations = (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map(
        (r) => r.name,
      );
      const tables: BackupManifest['tables'] = [];
      for (const { name, columns } of await listTables(client)) {
        if (name === 'migrations') continue; // the restore's own migration run writes it
        const file = `db/${name}`;
        let rows = 0;
        const copy = client.query(copyTo(`COPY ${ident(name)} (${columns.map(ident).join(', ')}) TO STDOUT`));
        const written = await put(
          file,
          countLines(copy, (n) => (rows += n)),
        );
        tables.push({ name, columns, rows, file, ...written });
      }
      const sequences = (
        await client.query<{ name: string; last_value: string | null }>(
          `SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
        )
      ).rows.map((r) => ({ name: r.name, lastValue: r.last_value }));
      evidenceKeys = await storageKeys(client);
      await client.query('COMMIT');
      db = { migrations, tables, sequences };
    } finally {
      await client.end();
    }
    log(`database: ${db.tables.length} tables, ${db.tables.reduce((n, t) => n + t.rows, 0)} rows`);

    // The store is write-once, so the files the snapshot names are there and unchanged after it.
    const evidence: BackupManifest['evidence'] = [];
    for (const key of evidenceKeys) {
      const content = await opts.evidenceStore.get(key); // re-hashed on read: a file altered at rest is not backed up
      const file = `evidence/${key.slice(key.lastIndexOf('/') + 1)}`;
      evidence.push({ key, file, ...(await put(file, [content])) });
    }

    const anchors: BackupManifest['anchors'] = [];
    if (opts.anchorDir && existsSync(opts.anchorDir)) {
      for (const name of (await fs.readdir(opts.anchorDir)).sort()) {
        const file = `anchors/${name}`;
        anchors.push({ name, file, ...(await put(file, [await fs.readFile(path.join(opts.anchorDir, name))])) });
      }
    }

    const manifest: BackupManifest = {
      format: 'verity-backup',
      version: 1,
      createdAt,
      ...db,
      evidence,
      temporal,
      anchors,
    };
    await put('manifest', [Buffer.from(JSON.stringify(manifest))]);
    await fs.rename(partial, path.join(opts.dir, generation));
    const removed = await pruneGenerations(opts.dir, opts.generations ?? 7);
    return {
      generation,
      path: path.join(opts.dir, generation),
      tables: db.tables.length,
      rows: db.tables.reduce((n, t) => n + t.rows, 0),
      evidenceFiles: evidence.length,
      temporal: temporal !== null,
      removed,
    };
  } catch (err) {
    await fs.rm(partial, { recursive: true, force: true });
    throw err;
  }
}

/** The generations in `dir`, oldest first. */
export async function listGenerations(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await fs.readdir(dir)).filter((n) => n.startsWith(GENERATION_PREFIX)).sort();
}

async function pruneGenerations(dir: string, keep: number): Promise<string[]> {
  const all = await listGenerations(dir);
  const old = all.slice(0, Math.max(0, all.length - Math.max(1, keep)));
  for (const name of old) await fs.rm(path.join(dir, name), { recursive: true, force: true });
  return old;
}

export interface RestoreOptions {
  /** A generation folder. */
  generation: string;
  key: Buffer;
  /** The owner's URL of a migrated, empty database: the restore writes past the triggers and grants. */
  databaseUrl: string;
  evidenceStore: EvidenceStore;
  /** Where the dev server's state goes (it must not be running and the file must not exist); null to skip it. */
  temporalDbFile?: string | null;
  anchorDir?: string | null;
  log?: (message: string) => void;
}

export interface RestoreResult {
  createdAt: string;
  tables: number;
  rows: number;
  evidenceFiles: number;
  temporal: boolean;
}

/** Refused before anything was written: a target that is not empty or not the backup's schema, a source with no schema. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

/** Tables that hold rows in any installation that has been used; migrations alone leave them empty. */
const USED_IF_ANY_ROW = ['audit_log', 'policies', 'customers', 'cases', 'imports'];

/** Brings a generation back into an empty installation: the database in one transaction, then files and state. */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const open = (file: string, sha256?: string): Promise<Buffer> =>
    readEncrypted(path.join(opts.generation, file), file, opts.key, sha256);
  const manifest = JSON.parse((await open('manifest')).toString('utf8')) as BackupManifest;
  if (manifest.format !== 'verity-backup' || manifest.version !== 1)
    throw new RestoreRefusedError(`${opts.generation} is not a Verity backup this version can read`);
  if (manifest.temporal && opts.temporalDbFile && existsSync(opts.temporalDbFile))
    throw new RestoreRefusedError(
      `${opts.temporalDbFile} exists: restore into an installation whose Temporal dev server has never run`,
    );

  const client = new Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const migrations = (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map(
      (r) => r.name,
    );
    if (migrations.join() !== manifest.migrations.join())
      throw new RestoreRefusedError(
        `the database's schema is not the backup's (migrations ${migrations.length} here, ${manifest.migrations.length} in the backup): restore with the version of Verity that wrote it`,
      );
    for (const table of USED_IF_ANY_ROW) {
      const { rowCount } = await client.query(`SELECT 1 FROM ${ident(table)} LIMIT 1`);
      if (rowCount)
        throw new RestoreRefusedError(`the database is not empty (${table} has rows): restore into a new installation`);
    }

    await client.query('BEGIN');
    // Triggers (the audit trail's append-only and chain triggers, the foreign keys) would refuse or re-link rows that
    // are only being put back as they were: the owner writes past them for this transaction only.
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`TRUNCATE ${manifest.tables.map((t) => ident(t.name)).join(', ')}`);
    for (const table of manifest.tables) {
      const target = client.query(
        copyFrom(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) FROM STDIN`),
      );
      await pipeline(Readable.from(checked(opts.generation, table.file, opts.key, table.sha256)), target);
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${ident(table.name)}`);
      if (Number(rows[0].n) !== table.rows)
        throw new BackupIntegrityError(`${table.file} (${rows[0].n} rows read, ${table.rows} written)`);
    }
    for (const s of manifest.sequences) {
      if (s.lastValue === null) await client.query(`SELECT setval($1::regclass, 1, false)`, [ident(s.name)]);
      else await client.query(`SELECT setval($1::regclass, $2::bigint, true)`, [ident(s.name), s.lastValue]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  log(`database: ${manifest.tables.length} tables, ${rows} rows`);

  for (const e of manifest.evidence) {
    const stored = await opts.evidenceStore.put(await open(e.file, e.sha256));
    if (stored.key !== e.key) throw new BackupIntegrityError(e.file);
  }
  if (opts.anchorDir && manifest.anchors.length > 0) {
    await fs.mkdir(opts.anchorDir, { recursive: true });
    for (const a of manifest.anchors) {
      const target = path.join(opts.anchorDir, path.basename(a.name));
      if (!existsSync(target)) await fs.writeFile(target, await open(a.file, a.sha256));
    }
  }
  let temporal = false;
  if (manifest.temporal && opts.temporalDbFile) {
    await fs.mkdir(path.dirname(opts.temporalDbFile), { recursive: true });
    const part = `${opts.temporalDbFile}.restoring`;
    await fs.writeFile(part, await open(manifest.temporal.file, manifest.temporal.sha256), { mode: 0o600 });
    await fs.rename(part, opts.temporalDbFile);
    temporal = true;
  }
  return {
    createdAt: manifest.createdAt,
    tables: manifest.tables.length,
    rows,
    evidenceFiles: manifest.evidence.length,
    temporal,
  };
}

/** Decrypts a file for COPY FROM, failing at the end (before COMMIT) when the plain bytes are not the manifest's. */
async function* checked(dir: string, file: string, key: Buffer, sha256: string): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of openEncrypted(path.join(dir, file), file, key)) {
    hash.update(chunk);
    yield chunk;
  }
  if (hash.digest('hex') !== sha256) throw new BackupIntegrityError(file);
}

async function listTables(client: Client): Promise<Array<{ name: string; columns: string[] }>> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(`
    SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    WHERE c.relkind IN ('r', 'p')
    GROUP BY c.relname ORDER BY c.relname`);
  return rows;
}

/** Every evidence-store key the database names (any column called storage_key). */
async function storageKeys(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'storage_key' ORDER BY 1`,
  );
  const keys = new Set<string>();
  for (const { table_name } of rows) {
    const found = await client.query<{ k: string }>(`SELECT DISTINCT storage_key AS k FROM ${ident(table_name)}`);
    for (const r of found.rows) keys.add(r.k);
  }
  return [...keys].sort();
}

/** COPY text has one line per row (newlines inside values are escaped), so counting newlines counts rows. */
async function* countLines(source: AsyncIterable<Buffer>, add: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    let n = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n += 1;
    add(n);
    yield chunk;
  }
}

/**
 * A consistent copy of a live SQLite database through SQLite's online backup API (python3's sqlite3 module: Node 20
 * has no SQLite of its own), into a private temporary file that is read back and removed.
 */
async function sqliteSnapshot(file: string, timeoutMs = 300_000): Promise<Iterable<Buffer>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verity-sqlite-'));
  const copy = path.join(dir, 'snapshot.db');
  const script = [
    'import sqlite3, sys',
    'src = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=60)',
    'dst = sqlite3.connect(sys.argv[2])',
    'src.backup(dst)',
    'dst.close(); src.close()',
  ].join('\n');
  try {
    await run('python3', ['-c', script, file, copy], { timeout: timeoutMs, killSignal: 'SIGKILL' });
    const content = await fs.readFile(copy);
    return [content];
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
