import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createActivities } from '../apps/worker/src/main';
import { ensureDetectionSchedule } from '../apps/worker/src/detection-schedule';
import { loadEnv } from '../libs/config/src';
import { DETECTION_RULES, DETECTION_SCHEDULE_ID } from '../libs/contracts/src/detection.contract';
import { ApplicationBody, bearer, eventually, residentId, startApi, startWorker, uniqueSuffix, useOwnTaskQueue, validApplication } from '../libs/testing/src';
import { temporalDataConverter } from '../libs/temporal/src';

const BRANCH = 'DT01';
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

describe('the T+1 suspicious list over planted data (real PostgreSQL and Temporal)', () => {
  let app: INestApplication;
  let db: DataSource;
  let worker: { stop: () => Promise<void> };
  const api = () => request(app.getHttpServer());
  const intake = bearer('intake');
  const cs = bearer('customer_service', { user: 'cs-dt' });
  const run = uniqueSuffix();
  let person = 0;

  /** A policy in branch DT01 whose policyholder is a new person unless `holder` is given. */
  async function policy(opts: { phone?: string; account?: string; holderName?: string; accountHolder?: string; address?: string; category?: string; holder?: ApplicationBody['policyholder'] } = {}) {
    person += 1;
    const body = validApplication({ branchCode: BRANCH, sellerCode: 'S-DT' });
    const birth = `1985-0${1 + (person % 9)}-1${person % 10}`;
    body.policyholder = opts.holder ?? {
      ...body.policyholder,
      name: opts.holderName ?? `客户${person}`,
      birthDate: birth,
      gender: 'F',
      idNumber: residentId(birth, 'F', 700 + person + Number.parseInt(run.slice(-3), 36) % 200, '440103'),
    };
    if (opts.phone) body.policyholder.phones = [opts.phone];
    if (opts.address) body.policyholder.address = opts.address;
    if (opts.category) body.productCategory = opts.category as ApplicationBody['productCategory'];
    body.payment = { bankAccount: opts.account ?? `62220300${String(person).padStart(4, '0')}${run.slice(-6).replace(/\D/g, '7').padEnd(6, '7')}`, accountHolderName: opts.accountHolder ?? body.policyholder.name };
    const res = await api().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    expect(res.body.underwriting.decision).toBe('ACCEPTED');
    return body;
  }

  async function runDetection(full: boolean) {
    const started = await api().post('/api/detection/runs').set('Authorization', cs).send({ full }).expect(202);
    return eventually(
      async () => (await api().get(`/api/detection/runs/${started.body.id}`).set('Authorization', cs).expect(200)).body,
      (r) => r.status !== 'RUNNING',
    );
  }

  async function listed(runId: string): Promise<Array<{ findingKey: string; rule: string; change: string; policyNumbers: string[]; caseId: string }>> {
    return (await api().get(`/api/detection/runs/${runId}/findings?branch=${BRANCH}&pageSize=1000`).set('Authorization', cs).expect(200)).body;
  }

  const phone = (n: number) => `137${run.slice(-4).replace(/\D/g, '3').padStart(4, '3')}${String(n).padStart(4, '0')}`;

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    worker = await startWorker(queue);
    await api().post('/api/sellers').set('Authorization', bearer('channel_manager'))
      .send({ code: 'S-DT', name: '吴十', kind: 'agent', channel: 'agency', branchCode: BRANCH, qualifiedOn: '2025-01-01', phone: phone(9000), address: '广州市越秀区中山五路 1 号 301 室' })
      .expect((r) => expect([201, 409]).toContain(r.status));
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  it('finds each rule exactly, and nothing else', async () => {
    const a = await policy({ phone: phone(1) });
    const b = await policy({ phone: phone(1) });
    // The same person on two policies with one phone is not a finding.
    const c1 = await policy({ phone: phone(2) });
    await policy({ phone: phone(2), holder: c1.policyholder });
    const sharedAccount = `6222030099${phone(3).slice(-9)}`;
    const d = await policy({ account: sharedAccount });
    const e = await policy({ account: sharedAccount });
    const f = await policy({ phone: phone(9000) }); // the seller's own phone
    const g = await policy({ address: '广州市越秀区中山五路１号３０１室' }); // the seller's address, written full-width
    const h = await policy({ holderName: '韩梅梅', accountHolder: '李雷' });
    const excepted = await policy({ holderName: '韩梅', accountHolder: '李雷雷' });
    await api().post('/api/payer-exceptions').set('Authorization', bearer('compliance')).send({ policyNumber: excepted.policyNumber, reason: 'parent pays' }).expect(201);
    // Out of scope: a shared phone where only one policy is in scope is not a finding.
    await policy({ phone: phone(4) });
    await policy({ phone: phone(4), category: 'other' });

    const first = await runDetection(true);
    expect(first.status).toBe('COMPLETED');
    const rows = await listed(first.id);
    const found = rows.map((r) => `${r.rule}:${[...r.policyNumbers].sort().join('+')}`).sort();
    expect(found).toEqual([
      `SELLER_CONTACT_USED:${f.policyNumber}`,
      `SELLER_CONTACT_USED:${g.policyNumber}`,
      `SHARED_BANK_ACCOUNT:${[d.policyNumber, e.policyNumber].sort().join('+')}`,
      `SHARED_PHONE:${[a.policyNumber, b.policyNumber].sort().join('+')}`,
      `THIRD_PARTY_PAYER:${h.policyNumber}`,
    ].sort());
    for (const r of rows) {
      expect(r.change).toBe('new');
      expect(r.caseId).toBe(`case-${r.findingKey}`);
    }
    const opened = await db.query(`SELECT count(*)::int AS n FROM cases WHERE case_id = ANY($1)`, [rows.map((r) => r.caseId)]);
    expect(opened[0].n).toBe(5);

    // A rerun finds nothing new.
    const again = await runDetection(false);
    expect(await listed(again.id)).toEqual([]);
    const full = await runDetection(true);
    expect(await listed(full.id)).toEqual([]);
  });

  it('exports the list as CSV and XLSX with customers masked', async () => {
    const [latest] = (await api().get('/api/detection/runs').set('Authorization', cs).expect(200)).body
      .filter((r: { counts: Record<string, { new: number }> }) => Object.values(r.counts).some((c) => c.new > 0));
    const csv = await api().get(`/api/detection/runs/${latest.id}/findings?format=csv&branch=${BRANCH}`).set('Authorization', cs).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines.length).toBe(1 + 5);
    expect(csv.text).not.toMatch(/\d{17}[\dX]/); // no whole ID number
    const xlsx = await api().get(`/api/detection/runs/${latest.id}/findings?format=xlsx&branch=${BRANCH}`).set('Authorization', cs)
      .buffer(true).parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); })
      .expect(200);
    const book = new ExcelJS.Workbook();
    const bytes = xlsx.body as Buffer;
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(book.worksheets[0].rowCount).toBe(1 + 5);
  });

  it('does not raise a cleared family again, but does when a new member joins', async () => {
    const holderA = await policy({ phone: phone(10) });
    await policy({ phone: phone(10) });
    const r1 = await runDetection(false);
    const [finding] = (await listed(r1.id)).filter((r) => r.rule === 'SHARED_PHONE');
    expect(finding.findingKey).toMatch(/-g1$/);
    await closeCleared(finding.caseId);

    expect(await listed((await runDetection(true)).id)).toEqual([]);

    const joiner = await policy({ phone: phone(10) });
    const r2 = await runDetection(false);
    const [raised] = (await listed(r2.id)).filter((r) => r.rule === 'SHARED_PHONE');
    expect(raised.findingKey).toBe(finding.findingKey.replace(/-g1$/, '-g2'));
    expect(raised.policyNumbers).toEqual(expect.arrayContaining([holderA.policyNumber, joiner.policyNumber]));
    expect(raised.change).toBe('new');
  });

  it('tells an open case of a customer who joins its cluster instead of opening a second case', async () => {
    const account = `6222030088${phone(20).slice(-9)}`;
    await policy({ account });
    await policy({ account });
    const r1 = await runDetection(false);
    const [finding] = (await listed(r1.id)).filter((r) => r.rule === 'SHARED_BANK_ACCOUNT');
    const joiner = await policy({ account });
    const r2 = await runDetection(false);
    const rows = (await listed(r2.id)).filter((r) => r.rule === 'SHARED_BANK_ACCOUNT');
    expect(rows).toEqual([expect.objectContaining({ findingKey: finding.findingKey, change: 'grown' })]);
    expect(r2.casesTold).toBeGreaterThanOrEqual(1);
    const view = await eventually(
      async () => (await api().get(`/api/cases/${finding.caseId}`).set('Authorization', cs).expect(200)).body.view,
      (v) => v.policyNumbers.includes(joiner.policyNumber),
    );
    expect(view.customerIds).toHaveLength(3);
  });

  it('resumes a run whose steps are retried without double findings or cases', async () => {
    await policy({ phone: phone(30) });
    await policy({ phone: phone(30) });
    const env = loadEnv();
    const { activities, close } = await createActivities(env);
    try {
      const runId = randomUUID();
      await activities.beginRun({ runId, trigger: 'manual', full: false });
      // Each step runs twice, as after a crash between its commit and its completion being recorded.
      for (const rule of DETECTION_RULES) {
        const once = await activities.detectRule(runId, rule);
        expect(await activities.detectRule(runId, rule)).toEqual(once);
      }
      const opened = await activities.openCases(runId, null, 500);
      const reopened = await activities.openCases(runId, null, 500);
      expect(opened.opened).toBeGreaterThanOrEqual(1);
      expect(reopened).toMatchObject({ opened: 0, told: 0 });
      const view = await activities.finishRun(runId, { status: 'COMPLETED' });
      const rows = await listed(runId);
      expect(rows.filter((r) => r.rule === 'SHARED_PHONE')).toHaveLength(1);
      expect(view.casesOpened).toBe(opened.opened);
      const keys = rows.map((r) => r.findingKey);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM findings WHERE finding_key = ANY($1)`, [keys]);
      expect(n).toBe(keys.length);
    } finally {
      await close();
    }
  });

  it('keeps the daily schedule at 01:00 Asia/Shanghai, catching up missed runs', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const client = new Client({ connection, dataConverter: temporalDataConverter(process.env) });
      await ensureDetectionSchedule(client, process.env.TEMPORAL_TASK_QUEUE!, 1, 0);
      await ensureDetectionSchedule(client, process.env.TEMPORAL_TASK_QUEUE!, 2, 30); // idempotent; moves the time
      const schedule = await client.schedule.getHandle(DETECTION_SCHEDULE_ID).describe();
      expect(schedule.spec.timezone).toBe('Asia/Shanghai');
      expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
      expect(schedule.policies.catchupWindow).toBe(7 * 24 * 3600 * 1000);
      expect(schedule.action).toMatchObject({ workflowType: 'detectionWorkflow' });
      await client.schedule.getHandle(DETECTION_SCHEDULE_ID).delete();
    } finally {
      await connection.close();
    }
  });

  /** Drives a case to CLEARED through the API, as the people would. */
  async function closeCleared(caseId: string): Promise<void> {
    const scope = { branches: [BRANCH], channels: ['agency'] };
    const bo = bearer('back_office', { user: 'bo-dt', ...scope });
    await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', bearer('customer_service', { user: 'cs-dt', ...scope })).send({}).expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    for (const type of ['customer_confirmation', 'investigation_report']) {
      await api().post(`/api/cases/${caseId}/evidence`).set('Authorization', bo).field('type', type).attach('file', PDF, { filename: `${type}.pdf`, contentType: 'application/pdf' }).expect(201);
    }
    await api().post(`/api/cases/${caseId}/submit`).set('Authorization', bo).send({ outcome: 'CLEARED', summary: 'a family sharing one phone' }).expect(200);
    await api().post(`/api/cases/${caseId}/approve`).set('Authorization', bearer('compliance', { user: 'cmp-dt', ...scope })).send({}).expect(200);
  }
});
