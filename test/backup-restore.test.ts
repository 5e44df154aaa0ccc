import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { ensureBackupSchedule } from '../apps/worker/src/housekeeping-schedules';
import { createBackup, listGenerations, restoreBackup } from '../libs/backup/src';
import { BACKUP_SCHEDULE_ID } from '../libs/contracts/src/backup.contract';
import { BackupIntegrityError } from '../libs/backup/src/backup-file';
import { RestoreRefusedError } from '../libs/backup/src/backup';
import { LocalDiskEvidenceStore } from '../libs/evidence/src';
import { verifyAuditChain } from '../libs/persistence/src/audit/audit-chain';
import { dataSourceOptions } from '../libs/persistence/src/data-source';
import {
  bearer,
  eventually,
  startApi,
  startOwnTemporal,
  startWorker,
  useOwnTaskQueue,
  validApplication,
} from './support';

const ROOT = path.resolve(__dirname, '..');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const scope = { branches: ['BK01'], channels: ['agency'] };

/** Every file under `dir`, relative path → bytes. */
function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), readFileSync(full));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Each table's row count and a digest of its rows in a fixed order. */
async function tableDigests(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: number; digest: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM "${name}" t`,
      );
      out[name] = `${rows[0].n}:${rows[0].digest ?? '-'}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.VERITY_TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new installation: a database copied from the migrated, empty template; owner and application URLs. */
async function emptyInstallation(label: string): Promise<{ owner: string; app: string }> {
  const name = `verity_restore_${label}_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name} TEMPLATE ${process.env.VERITY_TEST_TEMPLATE_DB}`);
  const withDb = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return { owner: withDb(process.env.VERITY_TEST_OWNER_URL!), app: withDb(process.env.DATABASE_URL!) };
}

describe('npm run backup → npm run restore into a new installation (real PostgreSQL, Temporal dev servers, evidence files)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-backup-test-'));
  const key = randomBytes(32);
  const saved = { ...process.env };
  const source = { evidence: path.join(dir, 'a', 'evidence'), temporalDb: path.join(dir, 'a', 'temporal.db') };
  const target = { evidence: path.join(dir, 'b', 'evidence'), temporalDb: path.join(dir, 'b', 'temporal.db') };
  const stops: Array<() => Promise<unknown>> = [];
  let app: INestApplication;
  let queue: string;
  const api = () => request(app.getHttpServer());
  const cs = bearer('customer_service', { user: 'cs-bk', ...scope });
  const bo = bearer('back_office', { user: 'bo-bk', ...scope });
  const cmp = bearer('compliance', { user: 'cmp-bk', ...scope });

  async function stopAll(): Promise<void> {
    for (const stop of stops.splice(0).reverse()) await stop();
  }

  /** The API, a worker and a dev server of their own on `db`, `evidence` and `temporalDb`. */
  async function startInstallation(db: string, evidence: string, temporalDb: string): Promise<void> {
    const temporal = await startOwnTemporal(temporalDb);
    stops.push(temporal.stop);
    process.env.TEMPORAL_ADDRESS = temporal.address;
    process.env.DATABASE_URL = db;
    process.env.EVIDENCE_DIR = evidence;
    const worker = await startWorker(queue);
    stops.push(worker.stop);
    app = await startApi();
    stops.push(() => app.close());
  }

  beforeAll(async () => {
    queue = useOwnTaskQueue();
    await startInstallation(process.env.DATABASE_URL!, source.evidence, source.temporalDb);
  });

  afterAll(async () => {
    await stopAll();
    process.env = saved;
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('brings back every table, every evidence file and a running case whose deadline then fires; refuses a non-empty target, a wrong key and an altered file', async () => {
    // ---- a used installation: a seller, a policy, a case under investigation with evidence, a deadline ahead ----
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-BK',
        name: '吴十',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'BK01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
    const body = validApplication({ sellerCode: 'S-BK', branchCode: 'BK01' });
    body.receiptSignedDate = null;
    await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
    const opened = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber: body.policyNumber, rule: 'MANUAL', note: 'phone unknown at the revisit call' })
      .expect(201);
    const caseId: string = opened.body.caseId;
    await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', cs).send({}).expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    for (const type of ['customer_confirmation', 'investigation_report', 'seller_statement'])
      await api()
        .post(`/api/cases/${caseId}/evidence`)
        .set('Authorization', bo)
        .field('type', type)
        .attach('file', Buffer.concat([PDF, Buffer.from(`% ${type}\n`)]), {
          filename: `${type}.pdf`,
          contentType: 'application/pdf',
        })
        .expect(201);
    await api()
      .post(`/api/cases/${caseId}/submit`)
      .set('Authorization', bo)
      .send({ outcome: 'CLEARED', summary: 'the family phone' })
      .expect(200);
    // Compliance sends it back with a deadline 45 s ahead: it passes while the installation is down.
    const newDueAt = new Date(Date.now() + 45_000).toISOString();
    const rejected = await api()
      .post(`/api/cases/${caseId}/reject`)
      .set('Authorization', cmp)
      .send({ reason: 'call the customer again', newDueAt })
      .expect(200);
    expect(rejected.body).toMatchObject({ state: 'INVESTIGATING', deadlines: { investigationDueAt: newDueAt } });
    const eventTypes = async (url: string) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ type: string }>(
          `SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq`,
          [caseId],
        );
        return rows.map((r) => r.type);
      } finally {
        await client.end();
      }
    };
    await eventually(
      () => eventTypes(process.env.DATABASE_URL!),
      (types) => types.includes('REJECTED'),
    );

    // ---- the backup, taken while everything runs ----
    const backups = path.join(dir, 'backups');
    const backup = await createBackup({
      dir: backups,
      key,
      databaseUrl: process.env.VERITY_TEST_OWNER_URL!,
      evidenceStore: new LocalDiskEvidenceStore(source.evidence),
      temporalDbFile: source.temporalDb,
      generations: 2,
    });
    expect(backup).toMatchObject({ evidenceFiles: 3, temporal: true, removed: [] });
    expect(Date.now()).toBeLessThan(Date.parse(newDueAt)); // else the deadline fired before the backup: run it again
    const sourceDigests = await tableDigests(process.env.VERITY_TEST_OWNER_URL!);
    const sourceFiles = filesUnder(source.evidence);
    expect(sourceFiles.size).toBe(3);
    // No plain text of the customer's in the backup's files.
    const raw = [...filesUnder(backup.path).values()].map((b) => b.toString('latin1')).join('');
    expect(raw).not.toContain(body.policyNumber);
    expect(raw).not.toContain('%PDF');
    await stopAll();

    // ---- refused: a wrong key, an altered file (nothing written), a target in use ----
    const spare = await emptyInstallation('spare');
    const emptyDigests = await tableDigests(spare.owner);
    const restoreInto = (db: string, k = key) =>
      restoreBackup({
        generation: backup.path,
        key: k,
        databaseUrl: db,
        evidenceStore: new LocalDiskEvidenceStore(path.join(dir, 'spare-evidence')),
        temporalDbFile: null,
      });
    await expect(restoreInto(spare.owner, randomBytes(32))).rejects.toThrow(BackupIntegrityError);
    const customersFile = path.join(backup.path, 'db', 'customers');
    const original = readFileSync(customersFile);
    const altered = Buffer.from(original);
    altered[20] ^= 1;
    await fs.writeFile(customersFile, altered);
    await expect(restoreInto(spare.owner)).rejects.toThrow('db/customers does not open with this BACKUP_KEY');
    expect(await tableDigests(spare.owner)).toEqual(emptyDigests);
    await fs.writeFile(customersFile, original);
    await expect(restoreInto(process.env.VERITY_TEST_OWNER_URL!)).rejects.toThrow(RestoreRefusedError);

    // ---- the restore into a new installation ----
    const fresh = await emptyInstallation('fresh');
    const restored = await restoreBackup({
      generation: backup.path,
      key,
      databaseUrl: fresh.owner,
      evidenceStore: new LocalDiskEvidenceStore(target.evidence),
      temporalDbFile: target.temporalDb,
    });
    expect(restored).toMatchObject({ tables: backup.tables, rows: backup.rows, evidenceFiles: 3, temporal: true });
    expect(await tableDigests(fresh.owner)).toEqual(sourceDigests);
    expect(filesUnder(target.evidence)).toEqual(sourceFiles);
    const chain = new DataSource(dataSourceOptions(fresh.owner, 1));
    await chain.initialize();
    try {
      expect(await verifyAuditChain(chain.manager)).toMatchObject({ ok: true });
    } finally {
      await chain.destroy();
    }

    // ---- the restored installation runs: the case is still open and its deadline fires there ----
    Object.assign(process.env, {
      BACKUP_DIR: backups,
      BACKUP_KEY: key.toString('base64'),
      BACKUP_GENERATIONS: '1',
      TEMPORAL_DB_FILE: target.temporalDb,
    });
    await startInstallation(fresh.app, target.evidence, target.temporalDb);
    const types = await eventually(
      () => eventTypes(fresh.app),
      (t) => t.includes('ESCALATED'),
      { timeoutMs: 240_000, intervalMs: 1000, what: 'the restored case escalating at its deadline' },
    );
    expect(types.filter((t) => t === 'ESCALATED')).toHaveLength(1);
    const view = await api().get(`/api/cases/${caseId}`).set('Authorization', cmp).expect(200);
    expect(view.body.view).toMatchObject({ state: 'INVESTIGATING', escalated: true });
    // The evidence reads back through the restored store, re-hashed on the way.
    const report = (view.body.evidence as Array<{ id: string; type: string }>).find(
      (e) => e.type === 'investigation_report',
    )!;
    const file = await api()
      .get(`/api/cases/${caseId}/evidence/${report.id}`)
      .set('Authorization', cmp)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.body).toEqual(Buffer.concat([PDF, Buffer.from('% investigation_report\n')]));

    // ---- the restored installation's daily backup, as the application's role, one generation kept ----
    const client = new TemporalClient({
      connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    });
    try {
      await ensureBackupSchedule(client, queue, 2, 30);
      await client.schedule.getHandle(BACKUP_SCHEDULE_ID).trigger();
      const kept = await eventually(
        () => listGenerations(backups),
        (names) => names.length === 1 && names[0] !== backup.generation,
        { timeoutMs: 120_000, what: 'the scheduled backup replacing the first generation' },
      );
      expect(kept[0] > backup.generation).toBe(true);
    } finally {
      await client.connection.close();
    }
  });

  it('npm run backup and npm run restore do the same from the command line, and refuse a bad key and a used target', async () => {
    const run = (script: string, env: Record<string, string>, args: string[] = []) =>
      spawnSync(process.execPath, [path.join(ROOT, 'scripts', script), ...args], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 180_000,
      });
    const source = process.env.VERITY_TEST_OWNER_URL!;
    const common = { BACKUP_DIR: path.join(dir, 'cli-backups'), BACKUP_KEY: key.toString('base64') };
    const badKey = run('backup.mjs', { ...common, BACKUP_KEY: 'c2hvcnQ=', MIGRATION_DATABASE_URL: source });
    expect(badKey.status).toBe(2);
    expect(badKey.stderr).toContain('BACKUP_KEY must be 32 bytes, base64');

    const backup = run('backup.mjs', {
      ...common,
      MIGRATION_DATABASE_URL: source,
      EVIDENCE_DIR: path.join(dir, 'a', 'evidence'),
      TEMPORAL_DB_FILE: path.join(dir, 'a', 'temporal.db'),
      AUDIT_ANCHOR_DIR: path.join(dir, 'a', 'anchors'),
    });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(await listGenerations(common.BACKUP_DIR)).toHaveLength(1);

    const into = await emptyInstallation('cli');
    const target = {
      ...common,
      MIGRATION_DATABASE_URL: into.owner,
      DATABASE_URL: into.app,
      EVIDENCE_DIR: path.join(dir, 'c', 'evidence'),
      TEMPORAL_DB_FILE: path.join(dir, 'c', 'temporal.db'),
      AUDIT_ANCHOR_DIR: path.join(dir, 'c', 'anchors'),
    };
    const restored = run('restore.mjs', target); // the newest generation in BACKUP_DIR
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(await tableDigests(into.owner)).toEqual(await tableDigests(source));
    expect(filesUnder(target.EVIDENCE_DIR)).toEqual(filesUnder(path.join(dir, 'a', 'evidence')));
    expect(existsSync(target.TEMPORAL_DB_FILE)).toBe(true);

    const again = run('restore.mjs', target);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('exists: restore into an installation whose Temporal dev server has never run');
  });
});
