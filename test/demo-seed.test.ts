import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { demoSkipReason } from '../apps/api/src/demo/seed-main';
import { seedDemo, type DemoSeedSummary } from '../apps/api/src/demo/demo-seed';
import { DEMO_POLICY_COUNT } from '../apps/api/src/demo/demo-data';
import { DEMO_USERS } from '../apps/api/src/demo/demo-users';
import { loadEnv } from '../libs/config/src';
import { bearer, startApi, startWorker, useOwnNamespace, useOwnTaskQueue } from './support';

const ROOT = path.resolve(__dirname, '..');

/** A database of the suite's own, migrated: the demo goes only into an empty one, and the counts are then exact. */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  // Created and migrated as the owner; the API and the worker then connect as the application's role.
  const shared = new URL(process.env.VERITY_TEST_OWNER_URL!);
  const app = new URL(process.env.DATABASE_URL!);
  const name = `verity_demo_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: shared.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const owner = new URL(shared.toString());
  owner.pathname = `/${name}`;
  const url = new URL(app.toString());
  url.pathname = `/${name}`;
  const migrate = spawnSync(process.execPath, [path.join(ROOT, 'dist/libs/persistence/src/migrate.js')], {
    env: { ...process.env, MIGRATION_DATABASE_URL: owner.toString(), DATABASE_URL: url.toString() },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrations failed (did the build run?):\n${migrate.stderr}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: shared.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe('the demo branch, seeded into an empty database through the API (real worker, real Temporal dev server)', () => {
  const sharedUrl = process.env.DATABASE_URL;
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let db: DataSource;
  let worker: { stop: () => Promise<void> };
  let restoreNamespace: (() => void) | undefined;
  let baseUrl: string;
  let summary: DemoSeedSummary;

  beforeAll(async () => {
    database = await freshDatabase();
    process.env.DATABASE_URL = database.url;
    const queue = useOwnTaskQueue();
    restoreNamespace = useOwnNamespace('demo-seed'); // the other demo-seeding suite plants the same records
    app = await startApi();
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    db = app.get(DataSource);
    worker = await startWorker(queue);
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    process.env.DATABASE_URL = sharedUrl;
    await database?.drop();
    restoreNamespace?.();
  });

  it('seeds an empty database once: staff, directory, policies, a detection run and cases in every state', async () => {
    expect(await demoSkipReason(loadEnv())).toBeNull();
    expect(await demoSkipReason(loadEnv({ ...process.env, VERITY_DEMO: 'false' }))).toBe('VERITY_DEMO=false');

    summary = await seedDemo(baseUrl, loadEnv());
    expect(summary.policies).toEqual({ accepted: DEMO_POLICY_COUNT, rejected: 0 });

    const count = async (sql: string) => Number((await db.query(sql))[0].n);
    expect(await count(`SELECT count(*) AS n FROM staff`)).toBe(DEMO_USERS.length);
    expect(await count(`SELECT count(*) AS n FROM sellers`)).toBe(13);
    expect(await count(`SELECT count(*) AS n FROM agencies`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM policies WHERE status = 'ACCEPTED'`)).toBe(DEMO_POLICY_COUNT);
    expect(await count(`SELECT count(*) AS n FROM detection_runs WHERE status = 'COMPLETED'`)).toBe(1);

    const findings: Array<{ rule: string; channel: string; n: number }> = await db.query(
      `SELECT rule, channel, count(*)::int AS n FROM findings GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(findings).toEqual([
      { rule: 'SELLER_CONTACT_USED', channel: 'agency', n: 1 },
      { rule: 'SELLER_CONTACT_USED', channel: 'bancassurance', n: 1 },
      { rule: 'SHARED_BANK_ACCOUNT', channel: 'agency', n: 2 },
      { rule: 'SHARED_BANK_ACCOUNT', channel: 'bancassurance', n: 1 },
      { rule: 'SHARED_PHONE', channel: 'agency', n: 4 },
      { rule: 'SHARED_PHONE', channel: 'bancassurance', n: 1 },
      { rule: 'THIRD_PARTY_PAYER', channel: 'agency', n: 1 },
    ]);

    const states: Array<{ state: string; n: number }> = await db.query(
      `SELECT state, count(*)::int AS n FROM cases GROUP BY 1 ORDER BY 1`,
    );
    // One open agency case closed as false information confirmed (demo-sanctions.ts).
    expect(Object.fromEntries(states.map((s) => [s.state, s.n]))).toEqual({
      CLOSED: 2,
      DISTRIBUTED: 1,
      INVESTIGATING: 4,
      OPEN: 3,
      PENDING_APPROVAL: 1,
    });
    expect(summary.cases).toEqual({ CLOSED: 2, DISTRIBUTED: 1, INVESTIGATING: 4, OPEN: 3, PENDING_APPROVAL: 1 });

    // One case overdue and escalated: sent back by compliance, its new deadline passed without a resubmission.
    const escalated: Array<{ case_id: string; state: string; overdue: boolean; supervisor: string }> = await db.query(
      `SELECT case_id, state, due_at < now() AS overdue, compliance_supervisor_id AS supervisor FROM cases WHERE escalated`,
    );
    expect(escalated).toEqual([
      { case_id: expect.any(String), state: 'INVESTIGATING', overdue: true, supervisor: 'chenjing' },
    ]);
    const events: Array<{ type: string }> = await db.query(
      `SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [escalated[0].case_id],
    );
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['SUBMITTED', 'REJECTED', 'ESCALATED']));
    expect(await count(`SELECT count(*) AS n FROM cases WHERE due_at < now() AND state <> 'CLOSED'`)).toBe(1);

    // The consequences: the false-information case's open proposal, an agency incident, last quarter's report.
    const proposals: Array<{ subject_kind: string; outcome: string }> = await db.query(
      `SELECT p.subject_kind, c.outcome FROM penalty_proposals p JOIN cases c USING (case_id) WHERE p.penalty_id IS NULL`,
    );
    expect(proposals).toEqual([{ subject_kind: 'seller', outcome: 'FALSE_INFO_CONFIRMED' }]);
    expect(await count(`SELECT count(*) AS n FROM agency_incidents`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM quarterly_reports WHERE generated_by = 'huangxiuying'`)).toBe(1);
  });

  it('shows the seeded branch on the dashboard', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/dashboard')
      .set('Authorization', bearer('compliance', { branches: ['GZ01'] }))
      .expect(200);
    expect(res.body.byScope).toEqual([
      { branchCode: 'GZ01', channel: 'agency', open: 6, dueToday: 0, overdue: 1, escalated: 1, coolingOffBreaches: 0 },
      {
        branchCode: 'GZ01',
        channel: 'bancassurance',
        open: 3,
        dueToday: 0,
        overdue: 0,
        escalated: 0,
        coolingOffBreaches: 0,
      },
    ]);
    expect(res.body.slaByWeek).toHaveLength(12);
    expect(res.body.slaByWeek[11]).toMatchObject({ closed: 2, withinSla: 2, rate: 1 });
    const run = (await db.query(`SELECT to_char(business_date, 'YYYY-MM-DD') AS date FROM detection_runs`))[0].date;
    expect(res.body.findingsByRule).toEqual([
      { date: run, rule: 'SELLER_CONTACT_USED', count: 2 },
      { date: run, rule: 'SHARED_BANK_ACCOUNT', count: 3 },
      { date: run, rule: 'SHARED_PHONE', count: 5 },
      { date: run, rule: 'THIRD_PARTY_PAYER', count: 1 },
    ]);
  });

  it('does not seed again on a second start', async () => {
    expect(await demoSkipReason(loadEnv())).toBe('the database is not empty');
    // The entry `npm start` runs, from dist/, against the running API.
    const second = spawnSync(process.execPath, [path.join(ROOT, 'dist/apps/api/src/demo/seed-main.js')], {
      env: { ...process.env, VERITY_API_URL: baseUrl },
      encoding: 'utf8',
    });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('demo branch not seeded: the database is not empty');
    expect(Number((await db.query(`SELECT count(*) AS n FROM cases`))[0].n)).toBe(11);
    expect(Number((await db.query(`SELECT count(*) AS n FROM policies`))[0].n)).toBe(DEMO_POLICY_COUNT);
  });
});
