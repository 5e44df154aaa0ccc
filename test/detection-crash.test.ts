import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  bearer,
  eventually,
  killProcess,
  mobile,
  spawnWorkerProcess,
  startApi,
  useOwnTaskQueue,
  validApplication,
} from './support';

const BRANCH = 'DC01';
const PAIRS = 600;

describe('a detection run whose worker is killed while it opens cases', () => {
  let app: INestApplication;
  let db: DataSource;
  let queue: string;
  const http = () => request(app.getHttpServer());
  const cs = bearer('customer_service', { user: 'cs-crash' });
  const intake = bearer('intake', { user: 'crash-detector' });

  beforeAll(async () => {
    queue = useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    await http()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-DCRASH',
        name: '周九',
        kind: 'agent',
        channel: 'agency',
        branchCode: BRANCH,
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  const startRun = async (): Promise<string> =>
    (await http().post('/api/detection/runs').set('Authorization', cs).send({ full: false }).expect(202)).body.id;
  const runOf = async (id: string) =>
    (await http().get(`/api/detection/runs/${id}`).set('Authorization', cs).expect(200)).body;

  it('leaves every finding with exactly one case after a new worker and the next run', async () => {
    // PAIRS pairs of different customers, each pair sharing one phone: PAIRS SHARED_PHONE findings.
    const rows = Array.from({ length: PAIRS * 2 }, (_, i) => {
      const a = validApplication({ sellerCode: 'S-DCRASH', branchCode: BRANCH, seq: 7_000_000 + i });
      a.policyholder.phones = [mobile(88_000_000 + Math.floor(i / 2))];
      return a;
    });
    const first = spawnWorkerProcess(queue);
    let second: ReturnType<typeof spawnWorkerProcess> | null = null;
    try {
      const upload = await http()
        .post('/api/policies/import')
        .set('Authorization', intake)
        .set('Content-Type', 'application/x-ndjson')
        .send(rows.map((r) => JSON.stringify(r)).join('\n'))
        .expect(202);
      const imported = await eventually(
        async () => (await http().get(`/api/imports/${upload.body.id}`).set('Authorization', intake).expect(200)).body,
        (b) => b.status !== 'RUNNING' && b.status !== 'STAGING',
        180_000,
      );
      expect(imported).toMatchObject({ status: 'COMPLETED', accepted: PAIRS * 2 });

      const crashed = await startRun();
      const progress = async () =>
        (
          await db.query(
            `SELECT count(*)::int AS total, count(case_id)::int AS opened FROM findings WHERE first_run_id = $1 AND rule = 'SHARED_PHONE'`,
            [crashed],
          )
        )[0] as { total: number; opened: number };
      // Kill the worker the moment the first case of the run is recorded: the run is opening cases.
      await eventually(progress, (p) => p.opened > 0, {
        timeoutMs: 180_000,
        intervalMs: 5,
        what: 'the run opening cases',
      });
      await killProcess(first, 'SIGKILL');
      const atKill = await progress();
      expect(atKill.total).toBe(PAIRS);
      // The kill must have interrupted the opening, or this test proves nothing.
      expect(atKill.opened).toBeLessThan(atKill.total);
      const orphans: string[] = (
        await db.query(`SELECT finding_key FROM findings WHERE first_run_id = $1 AND case_id IS NULL`, [crashed])
      ).map((r: { finding_key: string }) => r.finding_key);
      expect((await runOf(crashed)).status).toBe('RUNNING');

      second = spawnWorkerProcess(queue);
      const next = await startRun();
      const done = await eventually(
        () => runOf(next),
        (r) => r.status !== 'RUNNING',
        300_000,
      );
      expect(done.status).toBe('COMPLETED');

      // Every finding of the crashed run has its case, exactly one, and no cluster was raised twice.
      const findings: Array<{ finding_key: string; case_id: string | null; cluster_ref: string }> = await db.query(
        `SELECT finding_key, case_id, cluster_ref FROM findings WHERE first_run_id = $1`,
        [crashed],
      );
      for (const f of findings) expect(f.case_id).toBe(`case-${f.finding_key}`);
      expect(done.reconciled).toBe(orphans.length);
      const [{ generations }] = await db.query(
        `SELECT count(*)::int AS generations FROM findings WHERE rule = 'SHARED_PHONE' AND cluster_ref = ANY($1)`,
        [findings.map((f) => f.cluster_ref)],
      );
      expect(generations).toBe(findings.length);
      const caseIds = findings.map((f) => f.case_id);
      const cases = await eventually(
        async () =>
          (
            await db.query(
              `SELECT count(*)::int AS n, count(DISTINCT case_id)::int AS d FROM cases WHERE case_id = ANY($1)`,
              [caseIds],
            )
          )[0],
        (c: { n: number }) => c.n === findings.length,
        300_000, // each case workflow writes its row itself; on a loaded dev server that takes minutes
      );
      expect(cases).toEqual({ n: findings.length, d: findings.length });
      // Temporal holds exactly one case workflow execution per finding (a second start would be a second execution).
      const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
      try {
        const temporal = new Client({ connection });
        let executions = 0;
        for (let i = 0; i < caseIds.length; i += 100) {
          const ids = caseIds
            .slice(i, i + 100)
            .map((id) => `'${id}'`)
            .join(', ');
          executions += (await temporal.workflow.count(`WorkflowType = 'caseWorkflow' AND WorkflowId IN (${ids})`))
            .count;
        }
        expect(executions).toBe(findings.length);
      } finally {
        await connection.close();
      }
      // No second case on any of these policies (a duplicate would carry another finding key).
      const [{ onPolicies }] = await db.query(
        `SELECT count(*)::int AS "onPolicies" FROM cases WHERE rule = 'SHARED_PHONE' AND policy_numbers && $1::text[]`,
        [rows.map((r) => r.policyNumber)],
      );
      expect(onPolicies).toBe(findings.length);

      // The findings left without a case are on the next run's list: the published list does not miss them.
      const listed = new Set<string>();
      let after = '';
      for (;;) {
        const page: Array<{ findingKey: string }> = (
          await http()
            .get(`/api/detection/runs/${next}/findings?branch=${BRANCH}&pageSize=1000${after ? `&after=${after}` : ''}`)
            .set('Authorization', cs)
            .expect(200)
        ).body;
        page.forEach((r) => listed.add(r.findingKey));
        if (page.length < 1000) break;
        after = page[page.length - 1].findingKey;
      }
      for (const key of orphans) expect(listed.has(key)).toBe(true);
    } finally {
      await killProcess(first, 'SIGKILL');
      if (second) await killProcess(second, 'SIGTERM');
    }
  }, 600_000); // 1,200 imported policies and a worker crash: generous on a loaded machine; not a timing assertion
});
