import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadEnv } from '../libs/config/src';
import { temporalDataConverter } from '../libs/temporal/src';
import { bearer, startApi, startWorker, useOwnTaskQueue, validApplication } from './support';

/** Retention: the daily destruction workflow on the real worker, PostgreSQL and Temporal. */
describe('records past retention are destroyed unless something still needs them, and the destruction is logged', () => {
  let app: INestApplication;
  let worker: { stop: () => Promise<void> };
  let db: DataSource;
  let temporal: Client;
  let queue: string;
  const api = () => request(app.getHttpServer());
  const scope = { branches: ['RT01'], channels: ['agency'] };
  const cmp = bearer('compliance', { user: 'cmp-rt', ...scope });
  const auditor = bearer('auditor', { user: 'aud-rt' });
  const intake = bearer('intake', scope);

  beforeAll(async () => {
    queue = useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    worker = await startWorker(queue);
    const env = loadEnv();
    temporal = new Client({
      connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS }),
      namespace: env.TEMPORAL_NAMESPACE,
      dataConverter: temporalDataConverter(env),
    });
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-RT',
        name: '冯十二',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'RT01',
        qualifiedOn: '2005-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await worker?.stop();
    await app?.close();
  });

  /** A policy applied for on `applicationDate` for `termMonths`; returns its number. */
  async function policy(applicationDate: string, termMonths: number): Promise<string> {
    const body = validApplication({ sellerCode: 'S-RT', branchCode: 'RT01' });
    Object.assign(body, { applicationDate, termMonths, receiptSignedDate: null });
    const res = await api().post('/api/policies').set('Authorization', intake).send(body);
    expect(res.status).toBe(201);
    return body.policyNumber;
  }

  const run = (id: string) =>
    temporal.workflow.execute('retentionWorkflow', { taskQueue: queue, workflowId: id, args: [] }) as Promise<{
      runId: string;
      destroyed: Record<string, number>;
    }>;
  const exists = async (policyNumber: string) =>
    (await db.query(`SELECT 1 FROM policies WHERE policy_number = $1`, [policyNumber])).length === 1;

  it('destroys an ended policy with its customers, keeps one with an open case, a held one until the hold is lifted, and a recent one', async () => {
    const ended = await policy('2010-01-15', 12); // term ended 2011-01-15: 10 years past in 2021
    const withCase = await policy('2010-02-15', 12);
    const held = await policy('2010-03-15', 12);
    const recent = await policy('2020-06-01', 240); // ends 2040
    const [{ customer_id: endedCustomer }] = await db.query(
      `SELECT pp.customer_id FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id
       WHERE p.policy_number = $1 AND pp.role = 'policyholder'`,
      [ended],
    );
    await api()
      .post('/api/cases')
      .set('Authorization', bearer('customer_service', { user: 'cs-rt', ...scope }))
      .send({ policyNumber: withCase, rule: 'MANUAL', note: 'still under review' })
      .expect(201);
    const hold = await api()
      .post('/api/legal-holds')
      .set('Authorization', cmp)
      .send({ policyNumber: held, reason: '诉讼保全' })
      .expect(201);
    expect(hold.body).toMatchObject({ policyNumber: held, placedBy: 'cmp-rt', liftedAt: null, reason: '诉讼保全' });
    await api()
      .post('/api/legal-holds')
      .set('Authorization', bearer('compliance', { branches: ['ZZ99'] }))
      .send({ policyNumber: held, reason: 'x' })
      .expect(404);
    // Lock-out counters: one older than a year, one from today.
    for (const days of [400, 1])
      await db.query(
        `INSERT INTO inquiry_attempts (at, actor_id, policy_key, asker_hash, relation, channel, outcome)
         VALUES (now() - make_interval(days => $1), 'cs-rt', 'k', '\\x00', 'policyholder', 'phone', 'refused')`,
        [days],
      );
    // An import abandoned while staging 100 days ago, still holding its raw rows.
    const importId = randomUUID();
    await db.query(
      `INSERT INTO imports (id, kind, format, status, created_by, created_at) VALUES ($1, 'policies', 'csv', 'STAGING', 'x', now() - interval '100 days')`,
      [importId],
    );
    await db.query(
      `INSERT INTO import_rows (import_id, line_no, payload) VALUES ($1, 2, '张三,…'), ($1, 3, '李四,…')`,
      [importId],
    );

    const first = await run(`retention-test-${randomUUID()}`);
    expect(first.destroyed).toEqual({
      policy_ended: 1,
      application_rejected: 0,
      inquiry_attempt: 1,
      import_staging: 2,
    });
    expect(await exists(ended)).toBe(false);
    expect([await exists(withCase), await exists(held), await exists(recent)]).toEqual([true, true, true]);
    expect(await db.query(`SELECT 1 FROM customers WHERE id = $1`, [endedCustomer])).toEqual([]);
    expect((await db.query(`SELECT count(*)::int AS n FROM inquiry_attempts WHERE actor_id = 'cs-rt'`))[0].n).toBe(1);
    await api().get(`/api/policies/${ended}`).set('Authorization', intake).expect(404);

    const log = await api().get(`/api/destruction-log?runId=${first.runId}`).set('Authorization', auditor).expect(200);
    const entries = log.body.items.map(
      (e: { rule: string; recordKind: string; recordRef: string }) => `${e.rule}:${e.recordKind}:${e.recordRef}`,
    );
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        `import_staging:import_rows:${importId}`,
        `policy_ended:policy:${ended}`,
        expect.stringMatching(/^inquiry_attempt:inquiry_attempt:before /),
      ]),
    );
    // The log names records, never their data.
    expect(JSON.stringify(log.body)).not.toContain('张三');

    await api().post(`/api/legal-holds/${hold.body.id}/lift`).set('Authorization', cmp).send({}).expect(200);
    await api().post(`/api/legal-holds/${hold.body.id}/lift`).set('Authorization', cmp).send({}).expect(409);
    const second = await run(`retention-test-${randomUUID()}`);
    expect(second.destroyed).toMatchObject({ policy_ended: 1, inquiry_attempt: 0, import_staging: 0 });
    expect(await exists(held)).toBe(false);
    expect(await exists(withCase)).toBe(true);
    const holds = await api().get('/api/legal-holds?active=false').set('Authorization', cmp).expect(200);
    expect(holds.body.items.map((h: { policyNumber: string }) => h.policyNumber)).toEqual([held]);

    const audited = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.destroy'`);
    expect(audited[0].n).toBe(2);
  });

  it('keeps the destruction log append-only, for the application and the owner alike', async () => {
    await expect(db.query(`UPDATE destruction_log SET rows = 0`)).rejects.toThrow(/permission denied|append-only/);
    const owner = new PgClient({ connectionString: process.env.VERITY_TEST_OWNER_URL });
    await owner.connect();
    try {
      await expect(owner.query(`DELETE FROM destruction_log`)).rejects.toThrow('destruction_log is append-only');
    } finally {
      await owner.end();
    }
  });
});
