import { Client, Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { Client as Pg } from 'pg';
import request from 'supertest';
import {
  bearer,
  eventually,
  freePort,
  killProcess,
  mobile,
  spawnApiProcess,
  spawnWorkerProcess,
  useOwnTaskQueue,
  validApplication,
} from './support';

const BRANCH = 'SO01';
const UPLOADS = 4;
const ROWS_PER_UPLOAD = 1_500;
const PAIRS = 24; // pairs of customers sharing a phone: one SHARED_PHONE finding, one case each

/**
 * Verity scaled out on one machine: two API processes and two worker processes against one PostgreSQL and one
 * Temporal server, as `docs/SCALING.md` runs replicas. Imports, a detection run and case steps go through both APIs;
 * one worker is killed (SIGKILL) half-way through the imports and another half-way through the case steps, and a
 * replacement starts each time. Every count is exact: no row, finding, case or event lost or written twice.
 */
describe('two API and two worker processes on one database and one Temporal server', () => {
  let queue: string;
  let db: Pg;
  const apis: Array<{ port: number; child: ChildProcess }> = [];
  const workers: ChildProcess[] = [];
  const api = (i: number) => request(`http://127.0.0.1:${apis[i % apis.length].port}`);
  const intake = bearer('intake', { user: 'scale-importer' });
  const cs = bearer('customer_service', { user: 'cs-scale' });
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    (await db.query(sql, params)).rows[0].n as number;

  beforeAll(async () => {
    queue = useOwnTaskQueue();
    process.env.IMPORT_BATCH_SIZE = '250';
    process.env.IMPORT_PARALLELISM = '2';
    db = new Pg({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      apis.push({ port, child: await spawnApiProcess(port) });
    }
    workers.push(spawnWorkerProcess(queue), spawnWorkerProcess(queue));
    await api(0)
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-SCALE',
        name: '钱十',
        kind: 'agent',
        channel: 'agency',
        branchCode: BRANCH,
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    for (const w of workers) await killProcess(w, 'SIGKILL');
    for (const a of apis) await killProcess(a.child, 'SIGTERM');
    await db?.end();
  });

  /** Kills the first live worker without warning and starts a replacement, as an orchestrator would. */
  const killed: number[] = [];
  const crashAWorker = async (): Promise<void> => {
    const victim = workers.find((w) => w.exitCode === null && w.signalCode === null)!;
    killed.push(victim.pid!);
    await killProcess(victim, 'SIGKILL');
    workers.push(spawnWorkerProcess(queue));
  };

  it('imports, detects and steps cases with exact counts while workers die', async () => {
    // 6,000 applications over four uploads, two through each API. The first PAIRS × 2 share a phone in pairs; every
    // fifth of the rest lacks an address and is refused.
    const rows = Array.from({ length: UPLOADS * ROWS_PER_UPLOAD }, (_, i) => {
      const a = validApplication({ sellerCode: 'S-SCALE', branchCode: BRANCH, seq: 8_000_000 + i });
      if (i < PAIRS * 2) a.policyholder.phones = [mobile(77_000_000 + Math.floor(i / 2))];
      else if (i % 5 === 0) delete a.policyholder.address;
      return a;
    });
    const refusedRows = rows.filter((r) => !r.policyholder.address).length;
    const importIds: string[] = [];
    for (let u = 0; u < UPLOADS; u++) {
      const part = rows.slice(u * ROWS_PER_UPLOAD, (u + 1) * ROWS_PER_UPLOAD);
      const started = await api(u)
        .post('/api/policies/import')
        .set('Authorization', intake)
        .set('Content-Type', 'application/x-ndjson')
        .send(part.map((r) => JSON.stringify(r)).join('\n'))
        .expect(202);
      importIds.push(started.body.id);
    }
    const progress = async () =>
      Promise.all(
        importIds.map(
          async (id, u) =>
            (
              await api(u + 1)
                .get(`/api/imports/${id}`)
                .set('Authorization', intake)
                .expect(200)
            ).body,
        ),
      );
    const rowsRead = (all: Array<{ rowsRead: number }>) => all.reduce((n, p) => n + p.rowsRead, 0);

    // Half-way through the imports, a worker dies.
    const midway = await eventually(progress, (all) => rowsRead(all) >= rows.length / 4, 180_000);
    await crashAWorker();
    expect(rowsRead(midway)).toBeLessThan(rows.length);
    const imported = await eventually(
      progress,
      (all) => all.every((p) => p.status !== 'RUNNING' && p.status !== 'STAGING'),
      300_000,
    );
    for (const p of imported) expect(p).toMatchObject({ status: 'COMPLETED', rowsRead: ROWS_PER_UPLOAD, bad: 0 });
    expect(imported.reduce((n, p) => n + p.accepted, 0)).toBe(rows.length - refusedRows);
    expect(imported.reduce((n, p) => n + p.refused, 0)).toBe(refusedRows);
    // Refused applications are kept too (with their reasons): one policy row per line, each once.
    const written = `SELECT count(*)::int AS n, count(DISTINCT policy_number)::int AS d FROM policies WHERE import_id = ANY($1)`;
    expect((await db.query(written, [importIds])).rows[0]).toEqual({ n: rows.length, d: rows.length });
    expect(await count(`SELECT count(*)::int AS n FROM import_row_issues WHERE import_id = ANY($1)`, [importIds])).toBe(
      refusedRows,
    );
    expect(await count(`SELECT count(*)::int AS n FROM import_rows WHERE import_id = ANY($1)`, [importIds])).toBe(0);

    // A detection run started through the second API finds each shared phone once and opens one case for it.
    const run: string = (
      await api(1).post('/api/detection/runs').set('Authorization', cs).send({ full: false }).expect(202)
    ).body.id;
    const done = await eventually(
      async () => (await api(0).get(`/api/detection/runs/${run}`).set('Authorization', cs).expect(200)).body,
      (r) => r.status !== 'RUNNING',
      300_000,
    );
    expect(done.status).toBe('COMPLETED');
    const findings: Array<{ case_id: string | null }> = (
      await db.query(`SELECT case_id FROM findings WHERE first_run_id = $1 AND rule = 'SHARED_PHONE'`, [run])
    ).rows;
    expect(findings).toHaveLength(PAIRS);
    const caseIds = findings.map((f) => f.case_id!);
    expect(new Set(caseIds).size).toBe(PAIRS);
    await eventually(
      () => count(`SELECT count(*)::int AS n FROM cases WHERE case_id = ANY($1) AND state = 'OPEN'`, [caseIds]),
      (n) => n === PAIRS,
      300_000,
    );

    // Each case is distributed through alternate APIs, four at a time; a worker dies once a quarter are through.
    let stepped = 0;
    const crashes: Array<Promise<void>> = [];
    const answers: number[] = [];
    const queueOfCases = [...caseIds];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let id = queueOfCases.shift(); id; id = queueOfCases.shift()) {
          const res = await api(stepped).post(`/api/cases/${id}/distribute`).set('Authorization', cs).send({});
          answers.push(res.status);
          // A step cut off by the crash may have gone through or not (504 says so): reload and send it again.
          if (res.status === 504) {
            const again = await api(stepped + 1)
              .post(`/api/cases/${id}/distribute`)
              .set('Authorization', cs)
              .send({});
            expect([200, 409]).toContain(again.status);
          } else expect(res.status).toBe(200);
          stepped += 1;
          if (stepped === PAIRS / 4) crashes.push(crashAWorker());
        }
      }),
    );
    await Promise.all(crashes);
    expect(killed).toHaveLength(2);
    expect(answers).toHaveLength(PAIRS);
    const states = await eventually(
      async () =>
        (
          await db.query(`SELECT state, count(*)::int AS n FROM cases WHERE case_id = ANY($1) GROUP BY state`, [
            caseIds,
          ])
        ).rows,
      (r: Array<{ state: string }>) => r.length === 1 && r[0].state === 'DISTRIBUTED',
      120_000,
    );
    expect(states).toEqual([{ state: 'DISTRIBUTED', n: PAIRS }]);
    // Every case's timeline holds each event once: the same events, in gapless order, for all of them.
    const timelines: Array<{ case_id: string; types: string[]; seqs: number[] }> = (
      await db.query(
        `SELECT case_id, array_agg(type ORDER BY seq) AS types, array_agg(seq ORDER BY seq) AS seqs
           FROM case_events WHERE case_id = ANY($1) GROUP BY case_id`,
        [caseIds],
      )
    ).rows;
    expect(timelines).toHaveLength(PAIRS);
    for (const t of timelines) {
      expect(t.types).toEqual(timelines[0].types);
      expect(t.seqs).toEqual(t.types.map((_, i) => i + 1));
      expect(t.types.filter((type) => type === 'DISTRIBUTED')).toHaveLength(1);
    }

    // Temporal holds one execution per case, and the work was spread: more than one worker ran case tasks.
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const temporal = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE });
      const ids = caseIds.map((id) => `'${id}'`).join(', ');
      expect((await temporal.workflow.count(`WorkflowType = 'caseWorkflow' AND WorkflowId IN (${ids})`)).count).toBe(
        PAIRS,
      );
      const identities = new Set<string>();
      for (const id of caseIds) {
        const history = await temporal.workflow.getHandle(id).fetchHistory();
        for (const e of history.events ?? [])
          if (e.workflowTaskCompletedEventAttributes?.identity)
            identities.add(e.workflowTaskCompletedEventAttributes.identity);
      }
      // A worker's identity is pid@host: the one killed during the steps had cases, and so did a survivor.
      const pids = new Set([...identities].map((identity) => Number(identity.split('@')[0])));
      expect(pids.has(killed[1])).toBe(true);
      expect(workers.some((w) => w.exitCode === null && w.signalCode === null && pids.has(w.pid!))).toBe(true);
    } finally {
      await connection.close();
    }
  }, 900_000); // 6,000 rows, a detection run and two crashes on a loaded machine: generous; not a timing assertion
});
