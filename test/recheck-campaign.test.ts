import type { INestApplication } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { recheckCampaignWorkflow } from '../apps/worker/src/workflows';
import { createActivities } from '../apps/worker/src/activities';
import { loadEnv } from '../libs/config/src';
import { campaignStateQuery } from '../libs/contracts/src/campaign.definitions';
import { temporalDataConverter } from '../libs/temporal/src';
import { bearer, eventually, startApi, uniqueSuffix, validApplication } from './support';

/**
 * The re-check campaign (R6) on the time-skipping test server, driven through the real API (in process, its
 * Temporal client pointed at the test server) with the real worker activities on PostgreSQL: complaints verified
 * through the API start, join or do not start campaigns; re-checks are recorded through the API; the clock is moved
 * with env.sleep only. RECHECK_WORKING_DAYS is 3 here, so a campaign started on a Monday 10:00 of a week without
 * holidays or make-up days has its tasks due at the end of Thursday (Friday 00:00 local = Thursday 16:00 UTC), the
 * reminder at the start of Thursday. Results are read through a plain client, which does not let the server skip
 * time by itself.
 */

const HOUR = 3_600_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const scope = { branches: ['GZ01'], channels: ['agency'] };

// ---- branch-local calendar arithmetic, written out independently of libs/domain/src/calendar ----

function local(date: string, hhmm = '00:00'): string {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * 60_000 - 8 * HOUR).toISOString();
}
function plusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 24 * HOUR).toISOString().slice(0, 10);
}
function localDateOfMs(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
}
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
function plus(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

interface NotificationRow {
  seq: number;
  kind: string;
  recipient: string;
}

describe('re-check campaigns on the time-skipping server (real API, activities and PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let app: INestApplication;
  let db: DataSource;
  let plain: Client;
  let closeActivities: () => Promise<void>;
  const taskQueue = `campaigns-${uniqueSuffix()}`;
  const started: string[] = [];
  const api = () => request(app.getHttpServer());
  const cs = bearer('customer_service', { user: 'cs-1', ...scope });
  const cmp = bearer('compliance', { user: 'cmp-1', ...scope });

  beforeAll(async () => {
    Runtime.install({
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
    const dataConverter = temporalDataConverter(loadEnv());
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } },
      client: { dataConverter },
    });
    // The API and the activities (which open cases) talk to the test server, on this suite's queue.
    process.env.TEMPORAL_ADDRESS = env.address;
    process.env.TEMPORAL_TASK_QUEUE = taskQueue;
    process.env.RECHECK_WORKING_DAYS = '3';
    plain = new Client({ connection: env.connection, dataConverter });
    app = await startApi();
    db = app.get(DataSource);
    const created = await createActivities(loadEnv());
    closeActivities = created.close;
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../apps/worker/src/workflows'),
      activities: created.activities,
      dataConverter,
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await app?.close();
    await closeActivities?.();
    await env?.teardown();
  });

  // A campaign or case left running by a test must not fire its timers into the next one.
  afterEach(async () => {
    for (const id of started.splice(0)) {
      const handle = plain.workflow.getHandle(id);
      try {
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test finished');
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
  });

  // ---- clock ----

  async function sleepUntil(iso: string): Promise<void> {
    const ms = Date.parse(iso) - (await env.currentTimeMs());
    if (ms <= 0) throw new Error(`the test clock is already past ${iso}`);
    await env.sleep(ms);
  }

  async function plainWeek(monday: string): Promise<boolean> {
    const [row]: Array<{ n: number }> = await db.query(
      `SELECT count(*)::int AS n FROM calendar_days WHERE date BETWEEN $1 AND $2`,
      [monday, plusDays(monday, 7)],
    );
    return row.n === 0;
  }

  /** 10:00 local on the Monday of a week with no holiday or make-up day. */
  async function mondayMorning(): Promise<string> {
    let day = localDateOfMs(await env.currentTimeMs());
    do day = plusDays(day, 1);
    while (weekday(day) !== 1 || !(await plainWeek(day)));
    await sleepUntil(local(day, '10:00'));
    return day;
  }

  // ---- data ----

  /** A qualified seller of GZ01's agency channel with `policies` accepted policies. */
  async function sellerWithPolicies(policies: number): Promise<{ code: string; policyNumbers: string[] }> {
    const code = `S${uniqueSuffix()}`;
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({ code, name: '郑十一', kind: 'agent', channel: 'agency', branchCode: 'GZ01', qualifiedOn: '2025-01-01' })
      .expect(201);
    const policyNumbers: string[] = [];
    for (let i = 0; i < policies; i++) {
      const body = validApplication({ sellerCode: code });
      await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
      policyNumbers.push(body.policyNumber);
    }
    return { code, policyNumbers };
  }

  /** A mis-selling complaint registered by customer service, its evidence attached, verified by compliance. */
  async function verifiedComplaint(
    seller: { code: string; policyNumbers: string[] },
    receivedDate: string,
  ): Promise<{ id: string; campaignId: string | null }> {
    const { id } = (
      await api()
        .post('/api/complaints')
        .set('Authorization', cs)
        .send({
          sellerCode: seller.code,
          policyNumber: seller.policyNumbers[0],
          kind: 'mis_selling',
          receivedDate,
          channel: 'letter',
          summary: '客户投诉销售误导',
        })
        .expect(201)
    ).body;
    await api()
      .post(`/api/complaints/${id}/attachments`)
      .set('Authorization', cs)
      .attach('file', PDF, { filename: 'letter.pdf', contentType: 'application/pdf' })
      .expect(201);
    const verified = await api()
      .post(`/api/complaints/${id}/verify`)
      .set('Authorization', cmp)
      .send({ outcome: 'VERIFIED', reason: '回访录音证实' })
      .expect(200);
    if (verified.body.campaignId) started.push(verified.body.campaignId);
    return { id, campaignId: verified.body.campaignId };
  }

  async function workflowStatus(id: string): Promise<string | null> {
    try {
      return (await plain.workflow.getHandle(id).describe()).status.name;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  async function campaignsOf(code: string): Promise<Array<{ id: string; complaint_ids: string[]; status: string }>> {
    return db.query(
      `SELECT id, complaint_ids::text[] AS complaint_ids, status FROM recheck_campaigns WHERE subject_code = $1`,
      [code],
    );
  }

  async function tasksOf(campaignId: string) {
    return eventually(
      async () =>
        (
          await api()
            .get(`/api/recheck-tasks?campaignId=${encodeURIComponent(campaignId)}`)
            .set('Authorization', cs)
        ).body,
      (b) => b.total > 0,
    );
  }

  async function notifications(campaignId: string): Promise<NotificationRow[]> {
    return db.query(`SELECT seq, kind, recipient FROM notifications WHERE case_id = $1 ORDER BY seq, recipient`, [
      campaignId,
    ]);
  }

  const complete = (taskId: string, body: Record<string, unknown>) =>
    api().post(`/api/recheck-tasks/${taskId}/complete`).set('Authorization', cs).send(body).expect(200);

  it('the second verified complaint inside 365 days starts one campaign, and a third joins it instead of starting another', async () => {
    const seller = await sellerWithPolicies(1);
    const first = await verifiedComplaint(seller, '2025-12-01');
    expect(first.campaignId).toBeNull();
    expect(await campaignsOf(seller.code)).toEqual([]);
    const expectedId = `campaign-seller-${seller.code}-${first.id}`;
    expect(await workflowStatus(expectedId)).toBeNull();

    const second = await verifiedComplaint(seller, '2026-06-01');
    expect(second.campaignId).toBe(expectedId);
    expect(await workflowStatus(expectedId)).toBe('RUNNING');
    await tasksOf(expectedId);

    // The last day of the window (2025-12-01 + 364 days).
    const third = await verifiedComplaint(seller, '2026-11-30');
    expect(third.campaignId).toBe(expectedId);
    const state = await eventually(
      () => plain.workflow.getHandle<typeof recheckCampaignWorkflow>(expectedId).query(campaignStateQuery),
      (s) => s.complaintIds.length === 3,
    );
    expect([...state.complaintIds].sort()).toEqual([first.id, second.id, third.id].sort());
    const rows = await eventually(
      () => campaignsOf(seller.code),
      (r) => r[0]?.complaint_ids.length === 3,
    );
    expect(rows).toHaveLength(1);
    expect([...rows[0].complaint_ids].sort()).toEqual([first.id, second.id, third.id].sort());
    const listed = await api().get(`/api/campaigns?subjectCode=${seller.code}`).set('Authorization', cmp).expect(200);
    expect(listed.body.total).toBe(1);
    // One task per in-force policy, not one per complaint.
    expect((await tasksOf(expectedId)).total).toBe(1);
  });

  it('complaints 366 days apart start nothing; one 364 days after the first does, without the one outside its window', async () => {
    const seller = await sellerWithPolicies(1);
    const first = await verifiedComplaint(seller, '2025-01-01');
    const late = await verifiedComplaint(seller, '2026-01-02'); // 366 days later
    expect([first.campaignId, late.campaignId]).toEqual([null, null]);
    expect(await campaignsOf(seller.code)).toEqual([]);
    expect(await workflowStatus(`campaign-seller-${seller.code}-${first.id}`)).toBeNull();
    expect(await workflowStatus(`campaign-seller-${seller.code}-${late.id}`)).toBeNull();

    const inside = await verifiedComplaint(seller, '2025-12-31'); // 364 days after the first
    expect(inside.campaignId).toBe(`campaign-seller-${seller.code}-${first.id}`);
    const rows = await eventually(
      () => campaignsOf(seller.code),
      (r) => r.length === 1,
    );
    expect([...rows[0].complaint_ids].sort()).toEqual([first.id, inside.id].sort());
    const lateNow = await api().get(`/api/complaints/${late.id}`).set('Authorization', cmp).expect(200);
    expect(lateNow.body.campaignId).toBeNull();
  });

  it('a re-check that finds false data opens a case; the campaign records its result and tells compliance and channel management', async () => {
    const seller = await sellerWithPolicies(2);
    await verifiedComplaint(seller, '2026-02-01');
    const { campaignId } = await verifiedComplaint(seller, '2026-03-01');
    const tasks = await eventually(
      () => tasksOf(campaignId!),
      (b) => b.total === 2,
    );
    const [confirmTask, falseTask] = tasks.items as Array<{ taskId: string; policyNumber: string }>;
    await complete(confirmTask.taskId, { outcome: 'CONFIRMED', revisitMade: true, revisitResult: '客户确认资料无误' });
    const falseData = await complete(falseTask.taskId, { outcome: 'FALSE_DATA', revisitMade: false });
    const caseId: string = falseData.body.caseId;
    started.push(caseId);
    expect(caseId).toBe(`case-recheck-${falseTask.taskId}`);
    expect(await workflowStatus(caseId)).toBe('RUNNING');
    const [caseRow] = await eventually(
      () => db.query(`SELECT rule, state, policy_numbers FROM cases WHERE case_id = $1`, [caseId]),
      (r: unknown[]) => r.length === 1,
    );
    expect(caseRow).toEqual({ rule: 'RECHECK_FALSE_DATA', state: 'OPEN', policy_numbers: [falseTask.policyNumber] });

    const result = await plain.workflow.getHandle<typeof recheckCampaignWorkflow>(campaignId!).result();
    expect(result).toEqual({ policies: 2, confirmed: 1, corrected: 0, falseData: 1, casesOpened: 1 });
    const [row] = await campaignsOf(seller.code);
    expect(row.status).toBe('COMPLETED');
    const notes = await notifications(campaignId!);
    expect(notes.map((n) => `${n.kind}>${n.recipient}`)).toEqual([
      'CAMPAIGN_STARTED>customer_service@GZ01/agency',
      'CAMPAIGN_FINISHED>channel_manager@GZ01/agency',
      'CAMPAIGN_FINISHED>compliance@GZ01/agency',
    ]);
    // A finished campaign absorbs nothing: a later complaint in its window counts anew, alone for now.
    const after = await verifiedComplaint(seller, '2026-04-01');
    expect(after.campaignId).toBeNull();
  });

  it('a late re-check is reminded at the start of its last working day and escalated to compliance at its deadline', async () => {
    const seller = await sellerWithPolicies(1);
    await verifiedComplaint(seller, '2026-05-01');
    const monday = await mondayMorning();
    const { campaignId } = await verifiedComplaint(seller, '2026-05-02');
    const dueAt = local(plusDays(monday, 4)); // end of Thursday
    const reminderAt = local(plusDays(monday, 3)); // start of Thursday
    const [task] = (await tasksOf(campaignId!)).items;
    expect(task).toMatchObject({ state: 'OPEN', dueAt, reminded: false, escalated: false });

    await sleepUntil(plus(reminderAt, -60_000));
    expect((await tasksOf(campaignId!)).items[0]).toMatchObject({ reminded: false, escalated: false });
    await sleepUntil(plus(reminderAt, 60_000));
    await eventually(
      async () => (await tasksOf(campaignId!)).items[0],
      (t) => t.reminded === true,
    );
    expect((await notifications(campaignId!)).filter((n) => n.kind === 'RECHECK_REMINDER')).toEqual([
      { seq: 2, kind: 'RECHECK_REMINDER', recipient: 'customer_service@GZ01/agency' },
    ]);
    expect((await tasksOf(campaignId!)).items[0].escalated).toBe(false);

    await sleepUntil(plus(dueAt, 60_000));
    await eventually(
      async () => (await tasksOf(campaignId!)).items[0],
      (t) => t.escalated === true,
    );
    expect((await notifications(campaignId!)).filter((n) => n.kind === 'RECHECK_ESCALATED')).toEqual([
      { seq: 3, kind: 'RECHECK_ESCALATED', recipient: 'compliance@GZ01/agency' },
    ]);
    expect((await campaignsOf(seller.code))[0].status).toBe('RUNNING');

    // A day later nothing more has fired: the deadline escalates once. Late, the re-check can still be recorded.
    await env.sleep('1 day');
    expect((await notifications(campaignId!)).map((n) => n.kind)).toEqual([
      'CAMPAIGN_STARTED',
      'RECHECK_REMINDER',
      'RECHECK_ESCALATED',
    ]);
    const done = await complete(task.taskId, { outcome: 'CONFIRMED', revisitMade: false });
    expect(Date.parse(done.body.doneAt)).toBeGreaterThan(Date.parse(dueAt));
    const result = await plain.workflow.getHandle<typeof recheckCampaignWorkflow>(campaignId!).result();
    expect(result).toEqual({ policies: 1, confirmed: 1, corrected: 0, falseData: 0, casesOpened: 0 });
  });
});
