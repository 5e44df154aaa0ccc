import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createActivities } from '../apps/worker/src/activities';
import { ensureDetectionSchedule } from '../apps/worker/src/detection-schedule';
import { loadEnv } from '../libs/config/src';
import { branchToday } from '../libs/domain/src/calendar/working-calendar';
import { DETECTION_RULES, DETECTION_SCHEDULE_ID } from '../libs/contracts/src/detection.contract';
import type { ApplicationBody } from './support';
import {
  bearer,
  eventually,
  residentId,
  startApi,
  startWorker,
  uniqueSuffix,
  useOwnTaskQueue,
  validApplication,
} from './support';
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
  async function policy(
    opts: {
      phone?: string;
      account?: string;
      holderName?: string;
      accountHolder?: string;
      address?: string;
      category?: string;
      holder?: ApplicationBody['policyholder'];
      insured?: ApplicationBody['insured'];
      branch?: string;
      applicationDate?: string;
      receiptSignedDate?: string | null;
      policyNumber?: string;
    } = {},
  ) {
    person += 1;
    const body = validApplication({ branchCode: opts.branch ?? BRANCH, sellerCode: 'S-DT' });
    const birth = `1985-0${1 + (person % 9)}-1${person % 10}`;
    body.policyholder = opts.holder ?? {
      ...body.policyholder,
      name: opts.holderName ?? `客户${person}`,
      birthDate: birth,
      gender: 'F',
      idNumber: residentId(birth, 'F', 700 + person + (Number.parseInt(run.slice(-3), 36) % 200), '440103'),
    };
    if (opts.phone) body.policyholder.phones = [opts.phone];
    if (opts.address) body.policyholder.address = opts.address;
    if (opts.category) body.productCategory = opts.category as ApplicationBody['productCategory'];
    if (opts.insured) body.insured = opts.insured;
    if (opts.applicationDate) body.applicationDate = opts.applicationDate;
    if (opts.receiptSignedDate !== undefined) body.receiptSignedDate = opts.receiptSignedDate;
    if (opts.policyNumber) body.policyNumber = opts.policyNumber;
    body.payment = {
      bankAccount:
        opts.account ?? `62220300${String(person).padStart(4, '0')}${run.slice(-6).replace(/\D/g, '7').padEnd(6, '7')}`,
      accountHolderName: opts.accountHolder ?? body.policyholder.name,
    };
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

  async function listed(
    runId: string,
  ): Promise<Array<{ findingKey: string; rule: string; change: string; policyNumbers: string[]; caseId: string }>> {
    return (
      await api()
        .get(`/api/detection/runs/${runId}/findings?branch=${BRANCH}&pageSize=1000`)
        .set('Authorization', cs)
        .expect(200)
    ).body;
  }

  const phone = (n: number) => `137${run.slice(-4).replace(/\D/g, '3').padStart(4, '3')}${String(n).padStart(4, '0')}`;

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    worker = await startWorker(queue);
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-DT',
        name: '吴十',
        kind: 'agent',
        channel: 'agency',
        branchCode: BRANCH,
        qualifiedOn: '2025-01-01',
        phone: phone(9000),
        address: '广州市越秀区中山五路 1 号 301 室',
      })
      .expect(201);
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
    await api()
      .post('/api/payer-exceptions')
      .set('Authorization', bearer('compliance'))
      .send({ policyNumber: excepted.policyNumber, reason: 'parent pays' })
      .expect(201);
    // Out of scope: a shared phone where only one policy is in scope is not a finding.
    await policy({ phone: phone(4) });
    await policy({ phone: phone(4), category: 'other' });

    const first = await runDetection(true);
    expect(first.status).toBe('COMPLETED');
    const rows = await listed(first.id);
    const found = rows.map((r) => `${r.rule}:${[...r.policyNumbers].sort().join('+')}`).sort();
    expect(found).toEqual(
      [
        `SELLER_CONTACT_USED:${f.policyNumber}`,
        `SELLER_CONTACT_USED:${g.policyNumber}`,
        `SHARED_BANK_ACCOUNT:${[d.policyNumber, e.policyNumber].sort().join('+')}`,
        `SHARED_PHONE:${[a.policyNumber, b.policyNumber].sort().join('+')}`,
        `THIRD_PARTY_PAYER:${h.policyNumber}`,
      ].sort(),
    );
    for (const r of rows) {
      expect(r.change).toBe('new');
      expect(r.caseId).toBe(`case-${r.findingKey}`);
    }
    // The run has started each case; each case workflow writes its own read-model row right after.
    const opened = await eventually(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM cases WHERE case_id = ANY($1)`, [rows.map((r) => r.caseId)]))[0]
          .n as number,
      (n) => n >= 5,
    );
    expect(opened).toBe(5);

    // A rerun finds nothing new.
    const again = await runDetection(false);
    expect(await listed(again.id)).toEqual([]);
    const full = await runDetection(true);
    expect(await listed(full.id)).toEqual([]);
  });

  it('exports the list as CSV and XLSX with customers masked', async () => {
    const [latest] = (await api().get('/api/detection/runs').set('Authorization', cs).expect(200)).body.filter(
      (r: { counts: Record<string, { new: number }> }) => Object.values(r.counts).some((c) => c.new > 0),
    );
    const csv = await api()
      .get(`/api/detection/runs/${latest.id}/findings?format=csv&branch=${BRANCH}`)
      .set('Authorization', cs)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines.length).toBe(1 + 5);
    // No whole ID number (every planted one is of area 440103; a bare 18-digit pattern also matches hex hashes).
    expect(csv.text).not.toMatch(/440103\d{11}[\dX]/);
    const xlsx = await api()
      .get(`/api/detection/runs/${latest.id}/findings?format=xlsx&branch=${BRANCH}`)
      .set('Authorization', cs)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    const bytes = xlsx.body as Buffer;
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(book.worksheets[0].rowCount).toBe(1 + 5);
  });

  it('does not raise a cleared family again, but does when a new member joins', async () => {
    const holderA = await policy({ phone: phone(10) });
    const holderB = await policy({ phone: phone(10) });
    const r1 = await runDetection(false);
    const [finding] = (await listed(r1.id)).filter((r) => r.rule === 'SHARED_PHONE');
    expect(finding.findingKey).toMatch(/-g1$/);
    await closeCleared(finding.caseId);

    expect(await listed((await runDetection(true)).id)).toEqual([]);

    const joiner = await policy({ phone: phone(10) });
    const r2 = await runDetection(false);
    const [raised] = (await listed(r2.id)).filter((r) => r.rule === 'SHARED_PHONE');
    expect(raised.findingKey).toBe(finding.findingKey.replace(/-g1$/, '-g2'));
    expect(raised.policyNumbers).toEqual([holderA.policyNumber, holderB.policyNumber, joiner.policyNumber].sort());
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
    expect(r2.casesTold).toBe(1);
    const view = await eventually(
      async () => (await api().get(`/api/cases/${finding.caseId}`).set('Authorization', cs).expect(200)).body.view,
      (v) => v.policyNumbers.includes(joiner.policyNumber),
    );
    expect(view.customerIds).toHaveLength(3);
  });

  it('an approved correction makes the policy count as changed: the next incremental run compares the new phone with everyone else', async () => {
    const wrong = phone(40);
    const taken = phone(41);
    const corrected = await policy({ phone: wrong });
    const other = await policy({ phone: taken });
    // Both behind the watermark (and its overlap): an incremental run only looks at what changed after it.
    await db.query(`UPDATE policies SET updated_at = now() - interval '1 day' WHERE policy_number = ANY($1)`, [
      [corrected.policyNumber, other.policyNumber],
    ]);
    await runDetection(false);
    const scope = { branches: [BRANCH], channels: ['agency'] };
    const { body } = await api()
      .post('/api/cases')
      .set('Authorization', bearer('customer_service', { user: 'cs-dt', ...scope }))
      .send({ policyNumber: corrected.policyNumber, rule: 'MANUAL' })
      .expect(201);
    const [{ customer_id: customerId }] = await db.query(
      `SELECT pp.customer_id::text AS customer_id FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id WHERE p.policy_number = $1 AND pp.role = 'policyholder'`,
      [corrected.policyNumber],
    );
    // The customer's true phone turns out to be the one the other policy carries.
    await closeCorrected(body.caseId, [{ customerId, field: 'phone', oldValue: wrong, newValue: taken }]);

    const after = await runDetection(false);
    const shared = (await listed(after.id)).filter(
      (r) => r.rule === 'SHARED_PHONE' && r.policyNumbers.includes(other.policyNumber),
    );
    expect(shared).toEqual([
      expect.objectContaining({ change: 'new', policyNumbers: [corrected.policyNumber, other.policyNumber].sort() }),
    ]);
  });

  it('a case runs on the clock of its policies still in cooling-off, and goes to the policy that raised it', async () => {
    // An old policy (cooling-off over months ago) whose number sorts first, and a new one signed today.
    const shared = phone(50);
    const today = branchToday();
    const old = await policy({
      phone: shared,
      applicationDate: '2026-05-01',
      receiptSignedDate: '2026-05-05',
      policyNumber: `PA${run}`,
    });
    const fresh = await policy({
      phone: shared,
      applicationDate: today,
      receiptSignedDate: today,
      policyNumber: `PZ${run}`,
    });
    const r = await runDetection(false);
    const [finding] = (await listed(r.id)).filter(
      (f) => f.rule === 'SHARED_PHONE' && f.policyNumbers.includes(old.policyNumber),
    );
    const view = (await api().get(`/api/cases/${finding.caseId}`).set('Authorization', cs).expect(200)).body.view;
    // The exact instants are counted in the calendar's and the workflow's own tests.
    expect(view).toMatchObject({
      raisedBy: fresh.policyNumber,
      coolingOffBreached: false,
      deadlines: { coolingOffPolicy: fresh.policyNumber },
    });
    expect(Date.parse(view.deadlines.coolingOffEndsAt)).toBeGreaterThan(Date.now() + 14 * 24 * 3600_000);
    expect(Date.parse(view.deadlines.revisitDeadlineAt)).toBeLessThan(Date.parse(view.deadlines.coolingOffEndsAt));
    expect(
      view.policies
        .map((p: { policyNumber: string; receiptSignedDate: string }) => [p.policyNumber, p.receiptSignedDate])
        .sort(),
    ).toEqual([
      [old.policyNumber, '2026-05-05'],
      [fresh.policyNumber, today],
    ]);
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
      expect(reopened).toMatchObject({ opened: 0, told: 0 });
      const view = await activities.finishRun(runId, { status: 'COMPLETED' });
      const rows = await listed(runId);
      expect(rows.filter((r) => r.rule === 'SHARED_PHONE')).toHaveLength(1);
      // A database of the suite's own: the run found only what this test and earlier ones wrote, all new.
      expect(opened).toEqual({ opened: rows.length, told: 0, lastKey: null });
      expect(view.casesOpened).toBe(opened.opened);
      const keys = rows.map((r) => r.findingKey);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM findings WHERE finding_key = ANY($1)`, [keys]);
      expect(n).toBe(keys.length);
    } finally {
      await close();
    }
  });

  it('fails a run whose cases did not all open, and the next run opens and lists them', async () => {
    const a = await policy({ phone: phone(35) });
    const b = await policy({ phone: phone(35) });
    const env = loadEnv();
    const { activities, close } = await createActivities(env);
    try {
      // As when Temporal is down: the findings are written, no case is opened.
      const broken = randomUUID();
      await activities.beginRun({ runId: broken, trigger: 'manual', full: false });
      for (const rule of DETECTION_RULES) await activities.detectRule(broken, rule);
      const failed = await activities.finishRun(broken, { status: 'COMPLETED' });
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toMatch(/no case/);

      const [{ unopened }] = await db.query(`SELECT count(*)::int AS unopened FROM findings WHERE first_run_id = $1`, [
        broken,
      ]);
      expect(unopened).toBeGreaterThanOrEqual(1);
      const next = randomUUID();
      await activities.beginRun({ runId: next, trigger: 'manual', full: false });
      for (const rule of DETECTION_RULES) await activities.detectRule(next, rule);
      let after: string | null = null;
      do after = (await activities.openCases(next, after, 500)).lastKey;
      while (after !== null);
      const done = await activities.finishRun(next, { status: 'COMPLETED' });
      expect(done.status).toBe('COMPLETED');
      expect(done.reconciled).toBe(unopened); // exactly the broken run's findings
      const [row] = (await listed(next)).filter(
        (r) => r.rule === 'SHARED_PHONE' && r.policyNumbers.includes(a.policyNumber),
      );
      expect(row).toMatchObject({
        change: 'new',
        policyNumbers: [a.policyNumber, b.policyNumber].sort(),
        caseId: `case-${row.findingKey}`,
      });
      await eventually(
        async () => (await db.query(`SELECT count(*)::int AS n FROM cases WHERE case_id = $1`, [row.caseId]))[0].n,
        (n) => n === 1,
      );
      // The failed run's list is never lost either: a published list carries it.
      if (done.published)
        expect(
          (await api().get(`/api/detection/runs/${broken}`).set('Authorization', cs).expect(200)).body.published,
        ).toBe(true);
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
      expect(schedule.spec.calendars?.[0]).toMatchObject({
        hour: [{ start: 2, end: 2, step: 1 }],
        minute: [{ start: 30, end: 30, step: 1 }],
      });
      expect(schedule.policies.catchupWindow).toBe(7 * 24 * 3600 * 1000);
      expect(schedule.action).toMatchObject({ workflowType: 'detectionWorkflow' });
      await client.schedule.getHandle(DETECTION_SCHEDULE_ID).delete();
    } finally {
      await connection.close();
    }
  });

  /** A person who is not yet in any record, for parties built by hand. */
  function newPerson(name: string, phones: string[]): ApplicationBody['policyholder'] {
    person += 1;
    const birth = `1979-0${1 + (person % 9)}-2${person % 10}`;
    return {
      name,
      gender: 'M',
      birthDate: birth,
      idType: 'RESIDENT_ID',
      address: '广州市海珠区新港中路 8 号',
      idNumber: residentId(birth, 'M', 300 + person + (Number.parseInt(run.slice(-3), 36) % 100), '440103'),
      phones,
    };
  }

  it('raises ID_CONFLICT when one ID number carries two names or two birth dates, incrementally too', async () => {
    const first = await policy({ holderName: '王五' });
    const renamed = await policy({ holder: { ...first.policyholder, name: '王六' } });
    // The same name written with a space and full-width is the same name.
    const sameName = await policy({ holderName: '赵 七' });
    await policy({ holder: { ...sameName.policyholder, name: '赵七' } });
    // A passport does not encode the birth date: two dates on one passport are a conflict.
    const passport = {
      name: 'LI LEI',
      gender: 'M',
      birthDate: '1980-05-05',
      idType: 'PASSPORT',
      idNumber: `E${phone(140).slice(-8)}`,
      address: '广州市越秀区北京路 2 号',
      phones: [phone(141)],
    };
    const p1 = await policy({ holder: passport });
    const p2 = await policy({ holder: { ...passport, birthDate: '1980-05-06' } });

    const rows = (await listed((await runDetection(false)).id)).filter((r) => r.rule === 'ID_CONFLICT');
    expect(rows.map((r) => [...r.policyNumbers].sort().join('+')).sort()).toEqual(
      [
        [first.policyNumber, renamed.policyNumber].sort().join('+'),
        [p1.policyNumber, p2.policyNumber].sort().join('+'),
      ].sort(),
    );
    for (const r of rows) expect(r.caseId).toBe(`case-${r.findingKey}`);
    const csv = await api()
      .get(`/api/detection/runs/${(await runDetection(false)).id}/findings?format=csv&branch=${BRANCH}`)
      .set('Authorization', cs)
      .expect(200);
    expect(csv.text.trim().split('\n')).toHaveLength(1); // nothing new: the conflicts are not raised twice
    const [any] = (await api().get('/api/detection/runs').set('Authorization', cs).expect(200)).body.filter(
      (r: { counts: Record<string, { new: number }> }) => (r.counts.ID_CONFLICT?.new ?? 0) > 0,
    );
    const list = await api()
      .get(`/api/detection/runs/${any.id}/findings?format=csv&rule=ID_CONFLICT&branch=${BRANCH}`)
      .set('Authorization', cs)
      .expect(200);
    expect(list.text).toContain('同一证件号码姓名或出生日期不一致');
  });

  it('does not count a seller who is the customer on their own policy as SELLER_CONTACT_USED', async () => {
    const sellerPhone = phone(150);
    const self = newPerson('郑十一', [sellerPhone]);
    const manager = bearer('channel_manager');
    await api()
      .post('/api/sellers')
      .set('Authorization', manager)
      .send({
        code: `S-OWN-${run}`,
        name: '郑十一',
        kind: 'agent',
        channel: 'agency',
        branchCode: BRANCH,
        qualifiedOn: '2025-01-01',
        phone: sellerPhone,
        idType: 'RESIDENT_ID',
        idNumber: self.idNumber!.slice(0, 17) + (self.idNumber!.endsWith('0') ? '1' : '0'),
      })
      .expect(400)
      .expect((r) => expect(JSON.stringify(r.body)).toContain('idNumber'));
    await api()
      .post('/api/sellers')
      .set('Authorization', manager)
      .send({
        code: `S-OWN-${run}`,
        name: '郑十一',
        kind: 'agent',
        channel: 'agency',
        branchCode: BRANCH,
        qualifiedOn: '2025-01-01',
        phone: sellerPhone,
        idType: 'RESIDENT_ID',
      })
      .expect(400);
    const created = await api()
      .post('/api/sellers')
      .set('Authorization', manager)
      .send({
        code: `S-OWN-${run}`,
        name: '郑十一',
        kind: 'agent',
        channel: 'agency',
        branchCode: BRANCH,
        qualifiedOn: '2025-01-01',
        phone: sellerPhone,
        idType: 'RESIDENT_ID',
        idNumber: self.idNumber,
      })
      .expect(201);
    expect(created.body.idNumber).not.toBe(self.idNumber);
    expect(created.body.idNumber).toMatch(/\*/);
    const [stored] = await db.query(`SELECT id_number_enc, id_number_hash FROM sellers WHERE code = $1`, [
      `S-OWN-${run}`,
    ]);
    expect(stored.id_number_enc.toString('utf8')).not.toContain(self.idNumber!);
    expect(stored.id_number_hash).toBeInstanceOf(Buffer);

    await policy({ holder: self });
    expect((await listed((await runDetection(false)).id)).filter((r) => r.rule === 'SELLER_CONTACT_USED')).toEqual([]);
    // Someone else with the seller's phone still is a finding, naming only that customer.
    const other = await policy({ phone: sellerPhone });
    const rows = (await listed((await runDetection(false)).id)).filter((r) => r.rule === 'SELLER_CONTACT_USED');
    expect(rows).toEqual([expect.objectContaining({ policyNumbers: [other.policyNumber] })]);
  });

  it('does not count a policyholder and insured of one policy sharing a phone, but does two policies of two customers', async () => {
    const family = phone(160);
    const holder = newPerson('孙十二', [family]);
    const spouse = newPerson('钱十三', [family]);
    const both = await policy({ holder, insured: spouse });
    expect((await listed((await runDetection(false)).id)).filter((r) => r.rule === 'SHARED_PHONE')).toEqual([]);
    const third = await policy({ phone: family });
    const rows = (await listed((await runDetection(false)).id)).filter((r) => r.rule === 'SHARED_PHONE');
    expect(rows).toEqual([expect.objectContaining({ policyNumbers: [both.policyNumber, third.policyNumber].sort() })]);
  });

  it('shows a finding spanning two branches to each branch, not only the first', async () => {
    const shared = phone(170);
    const here = await policy({ phone: shared });
    const there = await policy({ phone: shared, branch: 'DT02' });
    const r = await runDetection(false);
    const onlyThere = bearer('customer_service', { user: 'cs-dt02', branches: ['DT02'], channels: ['agency'] });
    const seen = (
      await api().get(`/api/detection/runs/${r.id}/findings?pageSize=1000`).set('Authorization', onlyThere).expect(200)
    ).body.filter((f: { rule: string }) => f.rule === 'SHARED_PHONE');
    expect(seen).toEqual([expect.objectContaining({ policyNumbers: [here.policyNumber, there.policyNumber].sort() })]);
    const filtered = (
      await api()
        .get(`/api/detection/runs/${r.id}/findings?branch=DT02&pageSize=1000`)
        .set('Authorization', cs)
        .expect(200)
    ).body;
    expect(filtered.map((f: { findingKey: string }) => f.findingKey)).toContain(seen[0].findingKey);
    const elsewhere = bearer('customer_service', { user: 'cs-dt03', branches: ['DT03'], channels: ['*'] });
    expect(
      (
        await api()
          .get(`/api/detection/runs/${r.id}/findings?pageSize=1000`)
          .set('Authorization', elsewhere)
          .expect(200)
      ).body.filter((f: { findingKey: string }) => f.findingKey === seen[0].findingKey),
    ).toEqual([]);
  });

  it("withholds a confidential policy's customers from the list and its downloads until the reader's access request is approved (doc 4)", async () => {
    const shared = phone(180);
    const open = await policy({ phone: shared, holderName: '公开客户' });
    const secret = await policy({ phone: shared, holderName: '机密客户' });
    await api()
      .put(`/api/policies/${secret.policyNumber}/confidentiality`)
      .set('Authorization', bearer('compliance', { user: 'cmp-dt' }))
      .send({ level: 'confidential', reason: 'a public figure' })
      .expect(200);
    const r = await runDetection(false);
    const line = async () =>
      (await listed(r.id)).find((f) => f.rule === 'SHARED_PHONE' && f.policyNumbers.includes(secret.policyNumber)) as
        { findingKey: string; customers: string[]; withheld: boolean; policyNumbers: string[] } | undefined;
    const csv = async () =>
      (
        await api()
          .get(`/api/detection/runs/${r.id}/findings?format=csv&branch=${BRANCH}&rule=SHARED_PHONE`)
          .set('Authorization', cs)
          .expect(200)
      ).text
        .split('\n')
        .find((l) => l.includes(secret.policyNumber))!;
    const withheld = await line();
    expect(withheld).toMatchObject({ withheld: true, customers: [] });
    expect(withheld!.policyNumbers).toEqual([open.policyNumber, secret.policyNumber].sort());
    expect(await csv()).toContain('（机密，需调阅申请）');
    expect(await csv()).not.toContain('公开客户');

    const asked = await api()
      .post('/api/access-requests')
      .set('Authorization', cs)
      .send({
        objectKind: 'policy',
        objectId: secret.policyNumber,
        purpose: 'investigation',
        reason: 'the shared phone',
      })
      .expect(201);
    await api()
      .post(`/api/access-requests/${asked.body.id}/approve`)
      .set('Authorization', bearer('customer_service', { user: 'cs-dt-approver' }))
      .send({})
      .expect(200);
    const opened = await line();
    expect(opened).toMatchObject({ withheld: false });
    expect(opened!.customers.map((c) => c.split(' ')[0]).sort()).toEqual(['公开客户', '机密客户']);
    expect(await csv()).toContain('机密客户');
  });

  /** Drives a case to CORRECTED with these corrections and has it approved, through the API. */
  async function closeCorrected(caseId: string, corrections: Array<Record<string, string>>): Promise<void> {
    const scope = { branches: [BRANCH], channels: ['agency'] };
    const bo = bearer('back_office', { user: 'bo-dt', ...scope });
    await api()
      .post(`/api/cases/${caseId}/distribute`)
      .set('Authorization', bearer('customer_service', { user: 'cs-dt', ...scope }))
      .send({})
      .expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    for (const type of ['customer_confirmation', 'investigation_report']) {
      await api()
        .post(`/api/cases/${caseId}/evidence`)
        .set('Authorization', bo)
        .field('type', type)
        .attach('file', PDF, { filename: `${type}.pdf`, contentType: 'application/pdf' })
        .expect(201);
    }
    await api()
      .post(`/api/cases/${caseId}/submit`)
      .set('Authorization', bo)
      .send({ outcome: 'CORRECTED', summary: 'the agent typed a wrong phone', corrections })
      .expect(200);
    await api()
      .post(`/api/cases/${caseId}/approve`)
      .set('Authorization', bearer('compliance', { user: 'cmp-dt', ...scope }))
      .send({})
      .expect(200);
  }

  it('keeps every run and finding its lists point at: each list row names a finding and a run, and neither is deleted', async () => {
    await runDetection(true); // at least one run with its list, whatever ran before
    const [orphans] = await db.query(`
      SELECT (SELECT count(*)::int FROM run_findings rf WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.finding_key = rf.finding_key)) AS no_finding,
             (SELECT count(*)::int FROM run_findings rf WHERE NOT EXISTS (SELECT 1 FROM detection_runs r WHERE r.id = rf.run_id)) AS no_run,
             (SELECT count(*)::int FROM findings f WHERE NOT EXISTS (SELECT 1 FROM detection_runs r WHERE r.id = f.first_run_id)
                                                     OR NOT EXISTS (SELECT 1 FROM detection_runs r WHERE r.id = f.last_run_id)) AS no_finding_run,
             (SELECT count(*)::int FROM run_findings) AS listed`);
    expect(orphans).toEqual({ no_finding: 0, no_run: 0, no_finding_run: 0, listed: expect.any(Number) });
    expect(orphans.listed).toBeGreaterThan(0);
    for (const table of ['findings', 'detection_runs']) {
      await expect(db.query(`DELETE FROM ${table} WHERE false`)).rejects.toThrow(`${table} keeps every row`);
      // The application's role may not truncate at all (the trigger stops the owner); in a transaction, so a
      // TRUNCATE let through would still be rolled back.
      await expect(db.transaction((tx) => tx.query(`TRUNCATE ${table}`))).rejects.toThrow(
        new RegExp(`${table} keeps every row|permission denied for table ${table}`),
      );
    }
  });

  /** Drives a case to CLEARED through the API, as the people would. */
  async function closeCleared(caseId: string): Promise<void> {
    const scope = { branches: [BRANCH], channels: ['agency'] };
    const bo = bearer('back_office', { user: 'bo-dt', ...scope });
    await api()
      .post(`/api/cases/${caseId}/distribute`)
      .set('Authorization', bearer('customer_service', { user: 'cs-dt', ...scope }))
      .send({})
      .expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    for (const type of ['customer_confirmation', 'investigation_report']) {
      await api()
        .post(`/api/cases/${caseId}/evidence`)
        .set('Authorization', bo)
        .field('type', type)
        .attach('file', PDF, { filename: `${type}.pdf`, contentType: 'application/pdf' })
        .expect(201);
    }
    await api()
      .post(`/api/cases/${caseId}/submit`)
      .set('Authorization', bo)
      .send({ outcome: 'CLEARED', summary: 'a family sharing one phone' })
      .expect(200);
    await api()
      .post(`/api/cases/${caseId}/approve`)
      .set('Authorization', bearer('compliance', { user: 'cmp-dt', ...scope }))
      .send({})
      .expect(200);
  }
});
