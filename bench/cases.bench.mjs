// npm run bench:cases [-- --cases 10000 --completions 2000]: starts N case workflows through the workflow start
// path, then drives task completions (distribute, claim) through the HTTP API, and reports cases started per
// second, the latency of a completion (HTTP -> Update -> database) and the worker's memory with N open cases.
// It then runs a bare reference workflow (bench/bare-workflow.cjs) on the same server and reports the ratios.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import jwt from 'jsonwebtoken';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { machine, peakRssMb, ROOT, startStack } from './lib.mjs';
import { createRequire } from 'node:module';
import { pollUntil } from '../scripts/lib/poll.cjs';

const require = createRequire(import.meta.url);
const { temporalDataConverter } = require(path.join(ROOT, 'dist/libs/temporal/src/index.js'));
const { branchToday, forEachConcurrently } = require(path.join(ROOT, 'dist/libs/domain/src/index.js'));

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    completions: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
  },
});
const CASES = Number(values.cases);
const COMPLETIONS = Number(values.completions);
const CONCURRENCY = Number(values.concurrency);

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const stack = await startStack();
try {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
  const client = new Client({ connection, dataConverter: temporalDataConverter(stack.env) });
  const run = Date.now().toString(36);
  const receipt = branchToday();

  // 1. Start the cases (as detection will: many in flight, deterministic ids).
  const ids = Array.from({ length: CASES }, (_, i) => `bench-${run}-${i}`);
  const t0 = performance.now();
  await forEachConcurrently(ids, 64, (key) =>
    client.workflow.start('caseWorkflow', {
      taskQueue: stack.env.TEMPORAL_TASK_QUEUE ?? 'verity',
      workflowId: `case-${key}`,
      args: [
        {
          findingKey: key,
          rule: 'SHARED_PHONE',
          sharedValueHash: '00',
          customerIds: [],
          raisedBy: `BENCH-${key}`,
          policies: [
            {
              policyNumber: `BENCH-${key}`,
              channel: 'agency',
              branchCode: 'GZ01',
              sellerCode: null,
              agencyCode: null,
              receiptSignedDate: receipt,
              coolingOffDays: 15,
            },
          ],
        },
      ],
    }),
  );
  const tStarted = performance.now();
  const inReadModel = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM cases WHERE case_id LIKE $1`, [`case-bench-${run}-%`])).rows[0].n;
  await pollUntil(inReadModel, (n) => n >= CASES, { timeoutMs: 3_600_000, what: 'every case in the read model' });
  const tOpened = performance.now();
  await new Promise((r) => setTimeout(r, 2000));
  const workerRssOpen = rssMb(stack.worker.pid);

  // 2. Task completions through the API: half distribute, half claim, on distinct cases.
  const sign = (role, user) =>
    jwt.sign({ role, branches: ['GZ01'], channels: ['agency'] }, stack.env.AUTH_JWT_SECRET, {
      subject: user,
      expiresIn: '2h',
    });
  const cs = sign('customer_service', 'cs-bench');
  const bo = sign('back_office', 'bo-bench');
  const targets = ids.slice(0, Math.ceil(COMPLETIONS / 2)).map((k) => `case-${k}`);
  const latencies = [];
  let failures = 0;
  const call = async (token, caseId, step) => {
    const s = performance.now();
    const res = await fetch(`${stack.base}/cases/${caseId}/${step}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - s);
    if (res.status !== 200) failures += 1;
  };
  const t1 = performance.now();
  await forEachConcurrently(targets, CONCURRENCY, (caseId) => call(cs, caseId, 'distribute'));
  await forEachConcurrently(targets, CONCURRENCY, (caseId) => call(bo, caseId, 'claim'));
  const t2 = performance.now();
  latencies.sort((a, b) => a - b);
  const workerPeakRss = peakRssMb(stack.worker.pid);
  const apiPeakRss = peakRssMb(stack.api.pid);

  // 3. The bare reference, after the case phase so the case figures are taken exactly as without it (the server
  // then also holds the N open cases, which makes the reference, if anything, slightly slower, never faster).
  // Same counts and concurrency as above; the worker runs in this process with the SDK's default options.
  let firstTasks = 0;
  const bareWorker = await Worker.create({
    connection: await NativeConnection.connect({ address: stack.env.TEMPORAL_ADDRESS }),
    taskQueue: 'bench-bare',
    workflowsPath: require.resolve('./bare-workflow.cjs'),
    sinks: { bench: { firstTask: { fn: () => (firstTasks += 1) } } },
  });
  const bareClient = new Client({ connection }); // no codec: the reference has none
  const bare = await bareWorker.runUntil(async () => {
    const bareIds = Array.from({ length: CASES }, (_, i) => `bare-${run}-${i}`);
    const b0 = performance.now();
    await forEachConcurrently(bareIds, 64, (workflowId) =>
      bareClient.workflow.start('bareWorkflow', { taskQueue: 'bench-bare', workflowId }),
    );
    const bStarted = performance.now();
    await pollUntil(
      () => firstTasks,
      (n) => n >= CASES,
      { timeoutMs: 3_600_000, intervalMs: 50, what: 'every bare workflow past its first task' },
    );
    const bFirstTasks = performance.now();
    // As many Updates as case completions, each on a distinct workflow where there are enough of them.
    const updateTargets = Array.from({ length: latencies.length }, (_, i) => bareIds[i % bareIds.length]);
    const bareLatencies = [];
    let bareFailures = 0;
    const b1 = performance.now();
    await forEachConcurrently(updateTargets, CONCURRENCY, async (workflowId) => {
      const s = performance.now();
      try {
        await bareClient.workflow.getHandle(workflowId).executeUpdate('step');
      } catch {
        bareFailures += 1;
      }
      bareLatencies.push(performance.now() - s);
    });
    const b2 = performance.now();
    bareLatencies.sort((a, b) => a - b);
    return {
      startedPerSecond: Math.round(CASES / ((bStarted - b0) / 1000)),
      firstTaskPerSecond: Math.round(CASES / ((bFirstTasks - b0) / 1000)),
      updates: bareLatencies.length,
      updateFailures: bareFailures,
      updatesPerSecond: Math.round(bareLatencies.length / ((b2 - b1) / 1000)),
      updateLatencyMs: {
        p50: +pct(bareLatencies, 50).toFixed(1),
        p90: +pct(bareLatencies, 90).toFixed(1),
        p99: +pct(bareLatencies, 99).toFixed(1),
        max: +bareLatencies[bareLatencies.length - 1].toFixed(1),
      },
    };
  });
  await bareWorker.connection.close();

  const casesOpenedPerSecond = CASES / ((tOpened - t0) / 1000);
  const completionsPerSecond = latencies.length / ((t2 - t1) / 1000);
  const completionP99 = pct(latencies, 99);

  const result = {
    benchmark: 'cases',
    date: new Date().toISOString(),
    machine: machine(),
    cases: CASES,
    casesStartedPerSecond: Math.round(CASES / ((tStarted - t0) / 1000)),
    secondsUntilAllOpenedInReadModel: +((tOpened - t0) / 1000).toFixed(1),
    casesOpenedPerSecond: Math.round(casesOpenedPerSecond),
    completions: latencies.length,
    completionFailures: failures,
    completionConcurrency: CONCURRENCY,
    completionsPerSecond: Math.round(completionsPerSecond),
    completionLatencyMs: {
      p50: +pct(latencies, 50).toFixed(1),
      p90: +pct(latencies, 90).toFixed(1),
      p99: +pct(latencies, 99).toFixed(1),
      max: +latencies[latencies.length - 1].toFixed(1),
    },
    workerRssMbWithOpenCases: workerRssOpen,
    workerPeakRssMb: workerPeakRss,
    apiPeakRssMb: apiPeakRss,
    bare,
    // Aims: opened >= 0.8, completions >= 0.7, p99 <= 1.5.
    ratios: {
      casesOpenedPerBareFirstTask: +(casesOpenedPerSecond / bare.firstTaskPerSecond).toFixed(2),
      completionsPerBareUpdate: +(completionsPerSecond / bare.updatesPerSecond).toFixed(2),
      completionP99PerBareP99: +(completionP99 / bare.updateLatencyMs.p99).toFixed(2),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(path.join(ROOT, `bench/out/cases-${CASES}.json`), JSON.stringify(result, null, 2));
  await connection.close();
  await db.end();
} finally {
  await stack.stop();
}
