import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, Worker } from '@temporalio/worker';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { createActivities } from '../apps/worker/src/main';
import { loadEnv } from '../libs/config/src';
import { caseUpdates, caseViewQuery } from '../libs/contracts/src/case.definitions';
import { caseActor, caseInput, uniqueSuffix } from '../libs/testing/src';

describe('proto', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let db: DataSource;
  const taskQueue = `case-${uniqueSuffix()}`;

  beforeAll(async () => {
    Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error } });
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } } });
    const created = await createActivities(loadEnv());
    db = created.db;
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('../apps/worker/src/workflows'), activities: created.activities });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await db?.destroy();
  });

  it('explores', async () => {
    const t0 = await env.currentTimeMs();
    console.log('now', new Date(t0).toISOString());
    const branch = `B${uniqueSuffix()}`;
    const h: WorkflowHandle = await env.client.workflow.start('caseWorkflow', { workflowId: `case-${uniqueSuffix()}`, taskQueue, args: [caseInput(branch)] });
    const v = await h.executeUpdate(caseUpdates.distribute, { args: [{ actor: caseActor('customer_service', 'cs1', [branch]) }] });
    console.log(JSON.stringify(v.deadlines), v.seq);
    console.log('now', new Date(await env.currentTimeMs()).toISOString());
    await env.sleep('3 days');
    console.log('now', new Date(await env.currentTimeMs()).toISOString());
    const q = await h.query(caseViewQuery);
    console.log(JSON.stringify(q));
    const ev = await db.query(`SELECT seq, type, at FROM case_events WHERE case_id = $1 ORDER BY seq`, [h.workflowId]);
    console.log(ev);
  });
});
