import type { INestApplication } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createActivities } from '../apps/worker/src/activities';
import { loadEnv } from '../libs/config/src';
import { loanWorkflowId } from '../libs/contracts/src/loan.contract';
import { temporalDataConverter } from '../libs/temporal/src';
import { bearer, eventually, startApi, uniqueSuffix, validApplication } from './support';

/**
 * Loans and incidents (doc 4) on the time-skipping test server, through the real API (in process, its Temporal
 * client pointed at the test server) with the real worker activities on PostgreSQL. The loan workflow's clock is
 * moved with env.sleep only; results are read through a plain client, which does not let the server skip time by
 * itself.
 */

const HOUR = 3_600_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const scope = { branches: ['GZ01'], channels: ['agency'] };

describe('loans and incidents (time-skipping server, real API, activities and PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let app: INestApplication;
  let db: DataSource;
  let plain: Client;
  let closeActivities: () => Promise<void>;
  const taskQueue = `loans-${uniqueSuffix()}`;
  const api = () => request(app.getHttpServer());
  const cs = bearer('customer_service', { user: 'cs-1', ...scope });
  const cs2 = bearer('customer_service', { user: 'cs-2', ...scope });
  const bo = bearer('back_office', { user: 'bo-1', ...scope });
  const tl = bearer('team_leader', { user: 'tl-1', ...scope });
  const tlElsewhere = bearer('team_leader', { user: 'tl-9', branches: ['SZ01'], channels: ['agency'] });
  const cmp = bearer('compliance', { user: 'cmp-1', ...scope });
  const auditor = bearer('auditor', { user: 'aud-1', ...scope });
  const sellerCode = `S${uniqueSuffix()}`;

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
    process.env.TEMPORAL_ADDRESS = env.address;
    process.env.TEMPORAL_TASK_QUEUE = taskQueue;
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
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: sellerCode,
        name: '钱十二',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await app?.close();
    await closeActivities?.();
    await env?.teardown();
  });

  // ---- data ----

  async function policy(): Promise<string> {
    const body = validApplication({ sellerCode });
    await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
    return body.policyNumber;
  }

  /** A complaint about a new policy with one attachment: the attachment's download path. */
  async function attachment(): Promise<{ policyNumber: string; path: string; attachmentId: string }> {
    const policyNumber = await policy();
    const { id } = (
      await api()
        .post('/api/complaints')
        .set('Authorization', cs)
        .send({
          sellerCode,
          policyNumber,
          kind: 'other',
          receivedDate: '2026-11-02',
          channel: 'phone',
          summary: '客户来电',
        })
        .expect(201)
    ).body;
    const { body } = await api()
      .post(`/api/complaints/${id}/attachments`)
      .set('Authorization', cs)
      .attach('file', PDF, { filename: 'letter.pdf', contentType: 'application/pdf' })
      .expect(201);
    return { policyNumber, path: `/api/complaints/${id}/attachments/${body.id}`, attachmentId: body.id };
  }

  /** A case about a new policy with one evidence file: the file's download path. */
  async function evidence(): Promise<{ policyNumber: string; caseId: string; path: string }> {
    const policyNumber = await policy();
    const { caseId } = (
      await api()
        .post('/api/cases')
        .set('Authorization', cs)
        .send({ policyNumber, rule: 'MANUAL', note: 'loan test' })
        .expect(201)
    ).body;
    await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', cs).send({}).expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    const { body } = await api()
      .post(`/api/cases/${caseId}/evidence`)
      .set('Authorization', bo)
      .field('type', 'customer_confirmation')
      .attach('file', PDF, { filename: 'confirm.pdf', contentType: 'application/pdf' })
      .expect(201);
    const eid: string = body.evidence[body.evidence.length - 1].evidenceId;
    return { policyNumber, caseId, path: `/api/cases/${caseId}/evidence/${eid}` };
  }

  async function loan(id: string, token = cs) {
    const { body } = await api().get('/api/loans').set('Authorization', token).query({ pageSize: 200 }).expect(200);
    return (body.items as Array<Record<string, string>>).find((l) => l.id === id);
  }

  async function audits(action: string, entityId: string): Promise<Array<{ actor_id: string }>> {
    return db.query(`SELECT actor_id FROM audit_log WHERE action = $1 AND entity_id = $2`, [action, entityId]);
  }

  async function notices(sourceId: string): Promise<string[]> {
    const rows: Array<{ seq: number; kind: string; recipient: string }> = await db.query(
      `SELECT seq, kind, recipient FROM notifications WHERE case_id = $1 ORDER BY seq, recipient`,
      [sourceId],
    );
    return rows.map((r) => `${r.seq}:${r.kind}>${r.recipient}`);
  }

  async function workflowStatus(loanId: string): Promise<string | null> {
    try {
      return (await plain.workflow.getHandle(loanWorkflowId(loanId)).describe()).status.name;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  async function sleepUntil(iso: string): Promise<void> {
    const ms = Date.parse(iso) - (await env.currentTimeMs());
    if (ms <= 0) throw new Error(`the test clock is already past ${iso}`);
    await env.sleep(ms);
  }

  // ---- loans ----

  it('a download of customer data is a loan: named in X-Verity-Loan, due in 3 days or fewer if asked, audited', async () => {
    const file = await attachment();
    const before = Date.now();
    const res = await api().get(file.path).set('Authorization', cs).query({ purpose: '核对投诉' }).expect(200);
    expect(res.body).toEqual(PDF);
    const loanId = res.headers['x-verity-loan'];
    expect(loanId).toMatch(/^[0-9a-f-]{36}$/);
    const l = (await loan(loanId))!;
    expect(l).toMatchObject({
      borrowerId: 'cs-1',
      objectKind: 'complaint_attachment',
      objectId: file.attachmentId,
      purpose: '核对投诉',
      state: 'open',
    });
    expect(Date.parse(l.takenAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(l.dueAt) - Date.parse(l.takenAt)).toBe(72 * HOUR);
    expect(await audits('loan.take', loanId)).toEqual([{ actor_id: 'cs-1' }]);
    expect(await workflowStatus(loanId)).toBe('RUNNING');

    const short = await api().get(file.path).set('Authorization', cs).query({ loanDays: 1 }).expect(200);
    const s = (await loan(short.headers['x-verity-loan']))!;
    expect(Date.parse(s.dueAt) - Date.parse(s.takenAt)).toBe(24 * HOUR);

    const tooLong = await api().get(file.path).set('Authorization', cs).query({ loanDays: 4 }).expect(400);
    expect(tooLong.body.errors[0].field).toBe('loanDays');

    // The evidence download of a case is a loan too, and the JSON views of lists are not.
    const ev = await evidence();
    const evRes = await api().get(ev.path).set('Authorization', bo).expect(200);
    expect((await loan(evRes.headers['x-verity-loan'], bo))!.objectKind).toBe('evidence');
    const json = await api()
      .get(`/api/complaints/${file.path.split('/')[3]}`)
      .set('Authorization', cs)
      .expect(200);
    expect(json.headers['x-verity-loan']).toBeUndefined();
  });

  it('the loan workflow reminds the borrower and their manager before the due date, then tells compliance, and ends on return', async () => {
    const ev = await evidence();
    const res = await api().get(ev.path).set('Authorization', bo).query({ loanDays: 1 }).expect(200);
    const loanId: string = res.headers['x-verity-loan'];
    const l = (await loan(loanId, bo))!;
    const source = `loan-${loanId}`;

    // Half-way through a one-day loan: nothing yet just before, the reminder just after.
    const reminderAt = Date.parse(l.takenAt) + 12 * HOUR;
    await sleepUntil(new Date(reminderAt - 60_000).toISOString());
    expect(await notices(source)).toEqual([]);
    await sleepUntil(new Date(reminderAt + 60_000).toISOString());
    const reminded = ['1:LOAN_DUE_SOON>bo-1', '1:LOAN_DUE_SOON>team_leader@GZ01/agency'];
    expect(
      await eventually(
        () => notices(source),
        (n) => n.length >= 2,
      ),
    ).toEqual(reminded);
    // The manager reads it in their notifications.
    const tlNotes = await api().get('/api/me/notifications').set('Authorization', tl).expect(200);
    expect(tlNotes.body.map((n: { caseId: string }) => n.caseId)).toContain(source);

    await sleepUntil(new Date(Date.parse(l.dueAt) + 60_000).toISOString());
    const escalated = [...reminded, '2:LOAN_OVERDUE>compliance@GZ01/agency'];
    expect(
      await eventually(
        () => notices(source),
        (n) => n.length >= 3,
      ),
    ).toEqual(escalated);
    expect((await loan(loanId, bo))!.escalatedAt).not.toBeNull();
    // Overdue, by the clock of the API (the test server's clock is ahead of it): filter by state.
    await db.query(
      `UPDATE loans SET taken_at = taken_at - interval '2 days', due_at = due_at - interval '2 days' WHERE id = $1`,
      [loanId],
    );
    const overdue = await api().get('/api/loans').set('Authorization', bo).query({ state: 'overdue' }).expect(200);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(loanId);
    const open = await api().get('/api/loans').set('Authorization', bo).query({ state: 'open' }).expect(200);
    expect(open.body.items.map((i: { id: string }) => i.id)).not.toContain(loanId);
    expect(await workflowStatus(loanId)).toBe('RUNNING');

    const back = await api().post(`/api/loans/${loanId}/return`).set('Authorization', bo).send({}).expect(200);
    expect(back.body).toMatchObject({ state: 'returned', returnedBy: 'bo-1' });
    expect(
      await eventually(
        () => workflowStatus(loanId),
        (s) => s === 'COMPLETED',
      ),
    ).toBe('COMPLETED');
    expect(await audits('loan.return', loanId)).toEqual([{ actor_id: 'bo-1' }]);
    const returned = await api().get('/api/loans').set('Authorization', bo).query({ state: 'returned' }).expect(200);
    expect(returned.body.items.map((i: { id: string }) => i.id)).toContain(loanId);
    await api().post(`/api/loans/${loanId}/return`).set('Authorization', bo).send({}).expect(409);
  });

  it('a file returned early is never reminded of, and its workflow completes at once', async () => {
    const file = await attachment();
    const res = await api().get(file.path).set('Authorization', cs).query({ loanDays: 1 }).expect(200);
    const loanId: string = res.headers['x-verity-loan'];
    await api().post(`/api/loans/${loanId}/return`).set('Authorization', cs).send({ note: '已归还' }).expect(200);
    expect(
      await eventually(
        () => workflowStatus(loanId),
        (s) => s === 'COMPLETED',
      ),
    ).toBe('COMPLETED');
    await env.sleep(2 * 24 * HOUR);
    expect(await notices(`loan-${loanId}`)).toEqual([]);
  });

  it('the borrower or compliance returns a loan; managers, compliance and auditors list their scope, others their own', async () => {
    const file = await attachment();
    const loanId: string = (await api().get(file.path).set('Authorization', cs).expect(200)).headers['x-verity-loan'];
    expect(await loan(loanId, cs2)).toBeUndefined();
    expect(await loan(loanId, tlElsewhere)).toBeUndefined();
    expect(await loan(loanId, tl)).toBeDefined();
    expect(await loan(loanId, auditor)).toBeDefined();
    const mine = await api().get('/api/loans').set('Authorization', tl).query({ borrower: 'cs-1' }).expect(200);
    expect(mine.body.items.every((i: { borrowerId: string }) => i.borrowerId === 'cs-1')).toBe(true);

    await api().post(`/api/loans/${loanId}/return`).set('Authorization', cs2).send({}).expect(404);
    await api().post(`/api/loans/${loanId}/return`).set('Authorization', tlElsewhere).send({}).expect(404);
    const refused = await api().post(`/api/loans/${loanId}/return`).set('Authorization', tl).send({}).expect(403);
    expect(refused.body.message).toMatch(/borrower cs-1 or compliance/);
    await api().post(`/api/loans/${loanId}/return`).set('Authorization', cmp).send({}).expect(200);
    expect(await audits('loan.return', loanId)).toEqual([{ actor_id: 'cmp-1' }]);
    await api().get('/api/loans').set('Authorization', cs).query({ state: 'lost' }).expect(400);
  });

  // ---- incidents ----

  it('an incident freezes exactly the exports of the records it names, tells compliance at once, and lifting restores them', async () => {
    const frozenFile = await attachment();
    const otherFile = await attachment();
    const frozenCase = await evidence(); // evidence of a case on another policy, named by its case id
    const reported = await api()
      .post('/api/incidents')
      .set('Authorization', bo)
      .send({
        description: '疑似客户资料外泄：投诉附件被转发',
        policyNumbers: [frozenFile.policyNumber],
        caseIds: [frozenCase.caseId],
      })
      .expect(201);
    const incidentId: string = reported.body.id;
    expect(reported.body).toMatchObject({ active: true, reportedBy: 'bo-1' });
    expect(await notices(`incident-${incidentId}`)).toEqual(['1:INCIDENT_REPORTED>compliance@GZ01/agency']);
    expect(await audits('incident.report', incidentId)).toEqual([{ actor_id: 'bo-1' }]);

    const refused = await api().get(frozenFile.path).set('Authorization', cs).expect(423);
    expect(refused.body).toMatchObject({ code: 'EXPORT_FROZEN' });
    expect(refused.body.message).toContain(`incident ${incidentId}`);
    expect(refused.body.message).toContain(frozenFile.policyNumber);
    expect(refused.headers['x-verity-loan']).toBeUndefined();
    await api().get(frozenCase.path).set('Authorization', bo).expect(423);
    await api().get(otherFile.path).set('Authorization', cs).expect(200);
    expect((await audits('loan.refused', incidentId)).length).toBe(2);

    // Compliance and auditors list it; the reporter's role does not.
    const listed = await api().get('/api/incidents').set('Authorization', cmp).query({ active: true }).expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(incidentId);
    await api().get('/api/incidents').set('Authorization', auditor).expect(200);
    await api().get('/api/incidents').set('Authorization', bo).expect(403);

    // Only compliance lifts it, with a reason.
    await api().post(`/api/incidents/${incidentId}/lift`).set('Authorization', cs).send({ reason: 'x' }).expect(403);
    const noReason = await api()
      .post(`/api/incidents/${incidentId}/lift`)
      .set('Authorization', cmp)
      .send({})
      .expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    await api().get(frozenFile.path).set('Authorization', cs).expect(423);
    const lifted = await api()
      .post(`/api/incidents/${incidentId}/lift`)
      .set('Authorization', cmp)
      .send({ reason: '核查后确认未外泄' })
      .expect(200);
    expect(lifted.body).toMatchObject({ active: false, liftedBy: 'cmp-1', liftReason: '核查后确认未外泄' });
    expect(await audits('incident.lift', incidentId)).toEqual([{ actor_id: 'cmp-1' }]);
    await api()
      .post(`/api/incidents/${incidentId}/lift`)
      .set('Authorization', cmp)
      .send({ reason: 'again' })
      .expect(409);

    await api().get(frozenFile.path).set('Authorization', cs).expect(200);
    await api().get(frozenCase.path).set('Authorization', bo).expect(200);
  });

  it('an incident names only records that exist in the reporter scope, each refusal naming its field', async () => {
    const none = await api()
      .post('/api/incidents')
      .set('Authorization', cs)
      .send({ description: '无记录' })
      .expect(400);
    expect(none.body.errors[0].field).toBe('policyNumbers');
    const p = await policy();
    const missing = await api()
      .post('/api/incidents')
      .set('Authorization', cs)
      .send({ description: '泄露', policyNumbers: [p, 'NO-SUCH-POLICY'] })
      .expect(404);
    expect(missing.body.errors[0].field).toBe('policyNumbers[1]');
    const elsewhere = bearer('customer_service', { user: 'cs-9', branches: ['SZ01'], channels: ['agency'] });
    await api()
      .post('/api/incidents')
      .set('Authorization', elsewhere)
      .send({ description: '泄露', policyNumbers: [p] })
      .expect(404);
  });
});
