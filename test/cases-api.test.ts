import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { TEMPORAL_CLIENT } from '../apps/api/src/temporal/temporal.module';
import { caseSignals } from '../libs/contracts/src/case.definitions';
import { localDateOf } from '../libs/domain/src/calendar/working-calendar';
import { FieldCipher } from '../libs/persistence/src/crypto/field-cipher';
import {
  bearer,
  eventually,
  killProcess,
  spawnWorkerProcess,
  startApi,
  useOwnTaskQueue,
  validApplication,
} from './support';
import { ENCRYPTED_ENCODING, payloadCodec } from '../libs/temporal/src';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const scope = { branches: ['GZ01'], channels: ['agency'] };

describe('a case from OPEN to CLOSED through the API (real worker, real Temporal dev server)', () => {
  let app: INestApplication;
  let db: DataSource;
  let queue: string;
  let worker: ChildProcess;
  let webhook: http.Server;
  const delivered: Array<{ caseId: string; notifications: Array<{ recipient: string; kind: string }> }> = [];
  const api = () => request(app.getHttpServer());
  const cs = bearer('customer_service', { user: 'cs-1', ...scope });
  const tl = bearer('team_leader', { user: 'tl-1', ...scope });
  const bo = bearer('back_office', { user: 'bo-1', ...scope });
  const cmp = bearer('compliance', { user: 'cmp-1', ...scope });

  beforeAll(async () => {
    queue = useOwnTaskQueue();
    // A webhook receiver on loopback: the worker POSTs notifications to it.
    webhook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        delivered.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    process.env.NOTIFY_WEBHOOK_URL = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
    process.env.CASE_LIST_COUNT_CAP = '3'; // the list's count stops here: the list test opens more than that
    app = await startApi();
    db = app.get(DataSource);
    worker = spawnWorkerProcess(queue);
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-CASE',
        name: '周九',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    if (worker) await killProcess(worker, 'SIGTERM');
    await app?.close();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  async function newPolicy(): Promise<string> {
    const body = validApplication({ sellerCode: 'S-CASE' });
    body.receiptSignedDate = null;
    await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
    return body.policyNumber;
  }

  const upload = (token: string, caseId: string, type: string, name = 'doc.pdf') =>
    api()
      .post(`/api/cases/${caseId}/evidence`)
      .set('Authorization', token)
      .field('type', type)
      .attach('file', PDF, { filename: name, contentType: 'application/pdf' });

  it('closes a case handled by three people, with verified evidence, across a worker crash', async () => {
    const policyNumber = await newPolicy();
    const opened = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber, rule: 'MANUAL', note: 'revisit call: phone unknown' })
      .expect(201);
    const caseId: string = opened.body.caseId;
    expect(opened.body).toMatchObject({
      state: 'OPEN',
      policyNumbers: [policyNumber],
      branchCode: 'GZ01',
      channel: 'agency',
    });

    const distributed = await api()
      .post(`/api/cases/${caseId}/distribute`)
      .set('Authorization', cs)
      .send({})
      .expect(200);
    expect(distributed.body.state).toBe('DISTRIBUTED');
    expect(Date.parse(distributed.body.deadlines.investigationDueAt)).toBeGreaterThan(Date.now());

    // The team leader sees the case to hand out; a back-office clerk claims it.
    const tasks = await api().get('/api/me/tasks').set('Authorization', tl).expect(200);
    expect(tasks.body).toEqual([expect.objectContaining({ caseId, task: 'assign' })]); // the suite's first case, in a database of its own
    const notes = await api().get('/api/me/notifications').set('Authorization', tl).expect(200);
    expect(notes.body.map((n: { caseId: string; kind: string }) => `${n.caseId}:${n.kind}`)).toContain(
      `${caseId}:DISTRIBUTED`,
    );
    // The webhook is fed from the outbox after the step, not during it.
    const hooked = () =>
      delivered
        .filter((d) => d.caseId === caseId)
        .flatMap((d) => d.notifications.map((n) => `${n.kind}>${n.recipient}`));
    const wanted = ['OPENED>customer_service@GZ01/agency', 'DISTRIBUTED>team_leader@GZ01/agency'];
    await eventually(
      async () => hooked(),
      (h) => wanted.every((w) => h.includes(w)),
    );
    expect(hooked()).toEqual(expect.arrayContaining(wanted));
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);

    // The worker dies without warning; the case lives in Temporal and goes on with a new worker.
    await killProcess(worker, 'SIGKILL');
    worker = spawnWorkerProcess(queue);

    const refused = await api()
      .post(`/api/cases/${caseId}/submit`)
      .set('Authorization', bo)
      .send({ outcome: 'CLEARED', summary: 'family phone' })
      .expect(409);
    expect(refused.body.message).toMatch(/evidence missing.*investigation_report.*customer_confirmation/);

    await upload(bo, caseId, 'customer_confirmation', 'confirmation.pdf').expect(201);
    const withReport = await upload(bo, caseId, 'investigation_report', 'report.pdf').expect(201);
    const report = withReport.body.evidence.find((e: { type: string }) => e.type === 'investigation_report');
    expect(report).toMatchObject({ signedBy: 'bo-1', uploadedBy: 'bo-1' });

    const submitted = await api()
      .post(`/api/cases/${caseId}/submit`)
      .set('Authorization', bo)
      .send({
        outcome: 'CLEARED',
        summary: "the phone belongs to the policyholder's spouse; signed confirmation attached",
      })
      .expect(200);
    expect(submitted.body.state).toBe('PENDING_APPROVAL');

    // The clerk may not verify their own work, whatever token they hold.
    const self = await api()
      .post(`/api/cases/${caseId}/approve`)
      .set('Authorization', bearer('compliance', { user: 'bo-1', ...scope }))
      .send({})
      .expect(409);
    expect(self.body.message).toMatch(/investigated or submitted/);
    await api().post(`/api/cases/${caseId}/approve`).set('Authorization', bo).send({}).expect(403);

    const closed = await api()
      .post(`/api/cases/${caseId}/approve`)
      .set('Authorization', cmp)
      .send({ note: 'checked' })
      .expect(200);
    expect(closed.body).toMatchObject({ state: 'CLOSED', outcome: 'CLEARED' });

    const detail = await api().get(`/api/cases/${caseId}`).set('Authorization', cmp).expect(200);
    const types = detail.body.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual([
      'OPENED',
      'DISTRIBUTED',
      'CLAIMED',
      'EVIDENCE_ADDED',
      'EVIDENCE_ADDED',
      'SUBMITTED',
      'CLOSED',
    ]);
    expect(detail.body.timeline.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const verified = await api()
      .get(`/api/cases/${caseId}/evidence/${report.evidenceId}/verify`)
      .set('Authorization', cmp)
      .expect(200);
    expect(verified.body).toMatchObject({ fileIntact: true, signed: true, signatureValid: true, signedBy: 'bo-1' });
    const file = await api()
      .get(`/api/cases/${caseId}/evidence/${report.evidenceId}`)
      .set('Authorization', cmp)
      .expect(200);
    expect(Buffer.from(file.body).equals(PDF)).toBe(true);

    // A signature no longer matching its statement is caught.
    await db.query(`UPDATE evidence SET signed_by = 'someone-else' WHERE id = $1`, [report.evidenceId]);
    const forged = await api()
      .get(`/api/cases/${caseId}/evidence/${report.evidenceId}/verify`)
      .set('Authorization', cmp)
      .expect(200);
    expect(forged.body.signatureValid).toBe(false);

    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(409);
  });

  /** Every payload of a history: objects with `metadata` and `data` bytes, wherever they sit in an event. */
  function payloadsIn(node: unknown, found: Payload[] = []): Payload[] {
    if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return found;
    const o = node as Record<string, unknown>;
    if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') found.push(o as Payload);
    else for (const v of Object.values(o)) payloadsIn(v, found);
    return found;
  }
  const utf8 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

  it('masks a submitted correction for roles that do not need it, and keeps it out of Temporal history in clear', async () => {
    const body = validApplication({ sellerCode: 'S-CASE' });
    body.receiptSignedDate = null;
    await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
    const oldPhone = body.policyholder.phones![0];
    const newPhone = oldPhone.startsWith('139') ? '13700137000' : '13900139000';
    const { customerId } = (await api().get(`/api/policies/${body.policyNumber}`).set('Authorization', cmp).expect(200))
      .body.policyholder;
    const { caseId } = (
      await api()
        .post('/api/cases')
        .set('Authorization', cs)
        .send({ policyNumber: body.policyNumber, rule: 'MANUAL' })
        .expect(201)
    ).body;
    await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', cs).send({}).expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    await upload(bo, caseId, 'customer_confirmation').expect(201);
    await upload(bo, caseId, 'investigation_report').expect(201);
    const correction = { customerId, field: 'phone', oldValue: oldPhone, newValue: newPhone };
    const submitted = await api()
      .post(`/api/cases/${caseId}/submit`)
      .set('Authorization', bo)
      .send({ outcome: 'CORRECTED', summary: 'the agent entered a relative\u2019s phone', corrections: [correction] })
      .expect(200);
    expect(submitted.body.submission.corrections).toEqual([correction]);

    // Team leaders, channel managers and auditors see the correction masked wherever a case view is answered.
    const digits = (v: string) => v.replace(/\D/g, '').slice(-11);
    for (const role of ['team_leader', 'channel_manager', 'auditor'] as const) {
      const token = bearer(role, { user: `${role}-1`, ...scope });
      const detail = await api().get(`/api/cases/${caseId}`).set('Authorization', token).expect(200);
      expect(detail.body.view.submission.corrections[0]).toEqual({
        customerId,
        field: 'phone',
        oldValue: expect.stringMatching(/^\d{3}\*+\d{4}$/),
        newValue: expect.stringMatching(/^\d{3}\*+\d{4}$/),
      });
      const list = await api().get('/api/cases?state=PENDING_APPROVAL').set('Authorization', token).expect(200);
      expect(list.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
      for (const answer of [detail.body, list.body]) {
        expect(JSON.stringify(answer)).not.toContain(digits(oldPhone));
        expect(JSON.stringify(answer)).not.toContain(digits(newPhone));
      }
    }
    const whole = await api().get(`/api/cases/${caseId}`).set('Authorization', cmp).expect(200);
    expect(whole.body.view.submission.corrections).toEqual([correction]);
    // At rest the read model holds the submitted values encrypted, like every personal value.
    const [stored] = await db.query(`SELECT view::text AS view FROM cases WHERE case_id = $1`, [caseId]);
    expect(stored.view).not.toContain(digits(oldPhone));
    expect(stored.view).not.toContain(digits(newPhone));
    const caseReads = await db.query(
      `SELECT actor_id, detail FROM audit_log WHERE action = 'case.read' AND entity_id = $1 ORDER BY id`,
      [caseId],
    );
    expect(
      caseReads.map((r: { actor_id: string; detail: { masked: boolean; route: string } }) => [
        r.actor_id,
        r.detail.masked,
        r.detail.route,
      ]),
    ).toEqual([
      ['team_leader-1', true, 'GET /api/cases/:id'],
      ['channel_manager-1', true, 'GET /api/cases/:id'],
      ['auditor-1', true, 'GET /api/cases/:id'],
      ['cmp-1', false, 'GET /api/cases/:id'],
    ]);

    // History read without the codec: every payload is ciphertext, no phone anywhere.
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const history = await new Client({ connection }).workflow.getHandle(caseId).fetchHistory();
      const payloads = payloadsIn(history);
      // The SDK's own bookkeeping of a local activity (its type, attempt, times) is the one payload left in clear.
      const markerData = new Set(
        history.events!.flatMap((e) => e.markerRecordedEventAttributes?.details?.data?.payloads ?? []),
      );
      const userPayloads = payloads.filter((p) => !markerData.has(p));
      expect(userPayloads.length).toBeGreaterThan(5);
      for (const p of userPayloads) expect(utf8(p.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
      const raw = payloads.map((p) => utf8(p.data)).join('\n');
      expect(raw).not.toContain(digits(oldPhone));
      expect(raw).not.toContain(digits(newPhone));
      // With the codec the same history decodes, the submitted correction in it.
      const decoded = await payloadCodec(process.env).decode(userPayloads);
      expect(decoded.map((p) => utf8(p.data)).join('\n')).toContain(newPhone);

      // The codec endpoint: admin and compliance decode, others may not; bad payloads answer 400 naming them.
      const wire = {
        payloads: userPayloads.map((p) => ({
          metadata: {
            encoding: Buffer.from(p.metadata!.encoding!).toString('base64'),
            'encryption-key-id': Buffer.from(p.metadata!['encryption-key-id']!).toString('base64'),
          },
          data: Buffer.from(p.data!).toString('base64'),
        })),
      };
      const viaApi = await api().post('/api/temporal/codec/decode').set('Authorization', cmp).send(wire).expect(200);
      expect(
        viaApi.body.payloads.map((p: { data: string }) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n'),
      ).toContain(newPhone);
      expect(Buffer.from(viaApi.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
      for (const role of ['team_leader', 'auditor', 'back_office'] as const) {
        await api().post('/api/temporal/codec/decode').set('Authorization', bearer(role, scope)).send(wire).expect(403);
      }
      await api().post('/api/temporal/codec/decode').send(wire).expect(401);
      const reads = await db.query(
        `SELECT actor_id, detail FROM audit_log WHERE action = 'temporal.decode' AND actor_id = 'cmp-1'`,
      );
      expect(reads).toContainEqual({
        actor_id: 'cmp-1',
        detail: { route: 'POST /api/temporal/codec/decode', payloads: userPayloads.length },
      });
      const encoded = await api()
        .post('/api/temporal/codec/encode')
        .set('Authorization', bearer('admin'))
        .send({ payloads: [viaApi.body.payloads[0]] })
        .expect(200);
      expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
      const unknownKey = {
        payloads: [
          {
            ...wire.payloads[0],
            metadata: { ...wire.payloads[0].metadata, 'encryption-key-id': Buffer.from('retired').toString('base64') },
          },
        ],
      };
      const refused = await api()
        .post('/api/temporal/codec/decode')
        .set('Authorization', cmp)
        .send(unknownKey)
        .expect(400);
      expect(refused.body.errors[0]).toMatchObject({
        field: 'payloads[0]',
        message: expect.stringContaining('key id "retired"'),
      });
      expect(
        (
          await api()
            .post('/api/temporal/codec/decode')
            .set('Authorization', cmp)
            .send({ payloads: [{ data: 'not base64!' }] })
            .expect(400)
        ).body.errors[0].field,
      ).toBe('payloads[0].data');
      expect(
        (await api().post('/api/temporal/codec/decode').set('Authorization', cmp).send({}).expect(400)).body.errors[0]
          .field,
      ).toBe('payloads');
    } finally {
      await connection.close();
    }
  });

  it('lists cases in scope with filters and hides others', async () => {
    const policyNumber = await newPolicy();
    const opened = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber, rule: 'MANUAL' })
      .expect(201);
    const list = await api().get('/api/cases?state=OPEN&escalated=false').set('Authorization', cs).expect(200);
    expect(list.body.items.map((c: { caseId: string }) => c.caseId)).toContain(opened.body.caseId);
    expect(list.body.items.every((c: { state: string }) => c.state === 'OPEN')).toBe(true);
    const other = bearer('customer_service', { user: 'cs-sz', branches: ['SZ01'], channels: ['*'] });
    const hidden = await api().get('/api/cases').set('Authorization', other).expect(200);
    expect(hidden.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(opened.body.caseId);
    await api().get(`/api/cases/${opened.body.caseId}`).set('Authorization', other).expect(404);
    await api().get('/api/cases?escalated=maybe').set('Authorization', cs).expect(400);
    expect(hidden.body).toMatchObject({ total: 0, totalCapped: false });

    // Past CASE_LIST_COUNT_CAP (3 here) the total stops at the cap and says so; the pages go on.
    for (let i = 0; i < 3; i++) {
      await api()
        .post('/api/cases')
        .set('Authorization', cs)
        .send({ policyNumber: await newPolicy(), rule: 'MANUAL' })
        .expect(201);
    }
    const capped = await api().get('/api/cases?state=OPEN&pageSize=1').set('Authorization', cs).expect(200);
    expect(capped.body).toMatchObject({ total: 3, totalCapped: true });
    const beyond = await api().get(`/api/cases?state=OPEN&pageSize=1&page=4`).set('Authorization', cs).expect(200);
    expect(beyond.body.items).toHaveLength(1);
    expect(beyond.body.totalCapped).toBe(true);
    const narrowed = await api()
      .get(`/api/cases?state=OPEN&dueBefore=${encodeURIComponent('2000-01-01')}`)
      .set('Authorization', cs)
      .expect(200);
    expect(narrowed.body).toMatchObject({ items: [], total: 0, totalCapped: false });
  });

  /** distribute → claim → the evidence every outcome needs, as bo-1. */
  async function investigated(caseId: string): Promise<void> {
    await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', cs).send({}).expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    for (const type of ['customer_confirmation', 'investigation_report', 'seller_statement'])
      await upload(bo, caseId, type, `${type}.pdf`).expect(201);
  }

  async function stored(
    policyNumber: string,
  ): Promise<{ policyId: string; customerId: string; idNumber: string; birthDate: string; updatedAt: Date }> {
    const [row] = await db.query(
      `SELECT p.id::text AS policy_id, pp.customer_id::text AS customer_id, pp.birth_date, p.updated_at FROM policies p
       JOIN policy_parties pp ON pp.policy_id = p.id AND pp.role = 'policyholder' WHERE p.policy_number = $1`,
      [policyNumber],
    );
    const [{ id_number_enc }] = await db.query(`SELECT id_number_enc FROM customers WHERE id = $1`, [row.customer_id]);
    return {
      policyId: row.policy_id,
      customerId: row.customer_id,
      idNumber: app.get(FieldCipher).decrypt(id_number_enc),
      birthDate: row.birth_date,
      updatedAt: row.updated_at,
    };
  }

  it('checks every correction as intake does, naming the field, and an ID-number correction merges the customer into the one with that ID', async () => {
    const wrongPolicy = await newPolicy();
    const truePolicy = await newPolicy();
    const wrong = await stored(wrongPolicy);
    const truth = await stored(truePolicy);
    const { body } = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber: wrongPolicy, rule: 'MANUAL' })
      .expect(201);
    const caseId: string = body.caseId;
    expect(body.customerIds).toEqual([wrong.customerId]);
    await investigated(caseId);
    const submit = (corrections: object[]) =>
      api()
        .post(`/api/cases/${caseId}/submit`)
        .set('Authorization', bo)
        .send({ outcome: 'CORRECTED', summary: 'the agent entered another person', corrections });

    const badAddress = await submit([
      { customerId: wrong.customerId, field: 'phone', oldValue: '13800000000', newValue: '13800138000' },
      { customerId: wrong.customerId, field: 'address', oldValue: 'x', newValue: 'abc' },
    ]).expect(400);
    expect(badAddress.body.errors).toEqual([
      expect.objectContaining({ field: 'corrections[1].newValue', code: 'FIELD_INVALID' }),
    ]);
    const unknownField = await submit([
      { customerId: wrong.customerId, field: 'email', oldValue: 'a', newValue: 'b' },
    ]).expect(400);
    expect(JSON.stringify(unknownField.body.errors)).toContain('corrections.0.field');
    // The ID number says male: a gender correction alone would break the agreement intake checks.
    const gender = await submit([
      { customerId: wrong.customerId, field: 'gender', oldValue: 'M', newValue: 'F' },
    ]).expect(400);
    expect(gender.body.errors[0]).toMatchObject({ field: 'corrections[0].newValue' });
    expect(gender.body.errors[0].message).toMatch(/gender M does not match the gender F/);
    // A new ID number whose birth date is not the recorded one, without correcting the birth date too.
    const idOnly = await submit([
      { customerId: wrong.customerId, field: 'idNumber', oldValue: wrong.idNumber, newValue: truth.idNumber },
    ]).expect(400);
    expect(idOnly.body.errors[0]).toMatchObject({ field: 'corrections[0].newValue' });
    expect(idOnly.body.message ?? idOnly.body.errors[0].message).toMatch(/birth date/);
    const other = await submit([{ customerId: '1', field: 'name', oldValue: '张三', newValue: '李四' }]).expect(400);
    expect(other.body.errors[0].field).toBe('corrections[0].customerId');

    // The true identity is another customer's: ID number and birth date together, and the name.
    const submitted = await submit([
      { customerId: wrong.customerId, field: 'name', oldValue: '张三', newValue: '张叁' },
      { customerId: wrong.customerId, field: 'idNumber', oldValue: wrong.idNumber, newValue: truth.idNumber },
      { customerId: wrong.customerId, field: 'birthDate', oldValue: wrong.birthDate, newValue: truth.birthDate },
    ]).expect(200);
    expect(submitted.body.submission.corrections[1]).toMatchObject({ field: 'idNumber', idType: 'RESIDENT_ID' });
    await api().post(`/api/cases/${caseId}/approve`).set('Authorization', cmp).send({}).expect(200);

    const after = await stored(wrongPolicy);
    expect(after).toMatchObject({ customerId: truth.customerId, idNumber: truth.idNumber, birthDate: truth.birthDate });
    const [party] = await db.query(`SELECT name FROM policy_parties WHERE policy_id = $1 AND role = 'policyholder'`, [
      wrong.policyId,
    ]);
    expect(party.name).toBe('张叁');
    const moved = await db.query(`SELECT DISTINCT customer_id::text AS c FROM contact_points WHERE policy_id = $1`, [
      wrong.policyId,
    ]);
    expect(moved).toEqual([{ c: truth.customerId }]);
    const [account] = await db.query(`SELECT payer_customer_id::text AS c FROM bank_accounts WHERE policy_id = $1`, [
      wrong.policyId,
    ]);
    expect(account.c).toBe(truth.customerId);
    const rows = await db.query(
      `SELECT position, field, customer_id::text AS customer_id, linked_customer_id::text AS linked FROM customer_corrections WHERE case_id = $1 ORDER BY position`,
      [caseId],
    );
    expect(rows).toEqual([
      { position: 0, field: 'name', customer_id: wrong.customerId, linked: wrong.customerId },
      { position: 1, field: 'idNumber', customer_id: wrong.customerId, linked: truth.customerId },
      { position: 2, field: 'birthDate', customer_id: wrong.customerId, linked: wrong.customerId },
    ]);
    const [audit] = await db.query(
      `SELECT actor_id, actor_role FROM audit_log WHERE action = 'customer.correct' AND entity_id = $1`,
      [caseId],
    );
    expect(audit).toEqual({ actor_id: 'cmp-1', actor_role: 'compliance' });
    // Both customers' policies count as changed for the next detection run.
    expect((await stored(wrongPolicy)).updatedAt.getTime()).toBeGreaterThan(wrong.updatedAt.getTime());
    expect((await stored(truePolicy)).updatedAt.getTime()).toBeGreaterThan(truth.updatedAt.getTime());
  });

  it('FALSE_INFO_CONFIRMED records the true data, or says the policy is cancelled', async () => {
    const policyNumber = await newPolicy();
    const { body } = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber, rule: 'MANUAL' })
      .expect(201);
    await investigated(body.caseId);
    const submit = (extra: object) =>
      api()
        .post(`/api/cases/${body.caseId}/submit`)
        .set('Authorization', bo)
        .send({
          outcome: 'FALSE_INFO_CONFIRMED',
          summary: 'the seller entered his own phone',
          responsibleSellerCode: 'S-CASE',
          ...extra,
        });
    const refused = await submit({}).expect(409);
    expect(refused.body.message).toMatch(/records the true data in corrections, unless the policy is cancelled/);
    await submit({ policyCancelled: true }).expect(200);
    await api().post(`/api/cases/${body.caseId}/approve`).set('Authorization', cmp).send({}).expect(200);
    const detail = await api().get(`/api/cases/${body.caseId}`).set('Authorization', cmp).expect(200);
    expect(detail.body.timeline.at(-1)).toMatchObject({
      type: 'CLOSED',
      detail: { outcome: 'FALSE_INFO_CONFIRMED', policyCancelled: true, corrections: 0 },
    });
    expect(detail.body.view.submission).toMatchObject({ policyCancelled: true });
  });

  it('a case whose policies span branches is read by every scope it touches and acted on by the responsible one', async () => {
    const policyNumber = await newPolicy();
    const { body } = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber, rule: 'MANUAL' })
      .expect(201);
    const caseId: string = body.caseId;
    const joining = {
      policyNumber: `P-SZ-${caseId.slice(-8)}`,
      channel: 'bancassurance',
      branchCode: 'SZ01',
      sellerCode: null,
      agencyCode: null,
      receiptSignedDate: null,
      coolingOffDays: 15,
    };
    await app
      .get<symbol, Client>(TEMPORAL_CLIENT)
      .workflow.getHandle(caseId)
      .signal(caseSignals.partiesJoined, { customerIds: [], policies: [joining] });
    const sz = bearer('customer_service', { user: 'cs-sz1', branches: ['SZ01'], channels: ['bancassurance'] });
    const seen = await eventually(
      async () =>
        (await api().get('/api/cases?pageSize=500').set('Authorization', sz).expect(200)).body.items.map(
          (c: { caseId: string }) => c.caseId,
        ),
      (ids: string[]) => ids.includes(caseId),
    );
    expect(seen).toContain(caseId);
    const detail = await api().get(`/api/cases/${caseId}`).set('Authorization', sz).expect(200);
    expect(detail.body.view).toMatchObject({
      branchCode: 'GZ01',
      channel: 'agency',
      policyNumbers: [policyNumber, joining.policyNumber],
    });
    // Only the responsible scope has it as a task and may take its steps.
    const szTasks = await api().get('/api/me/tasks').set('Authorization', sz).expect(200);
    expect(szTasks.body.map((t: { caseId: string }) => t.caseId)).not.toContain(caseId);
    const gzTasks = await api().get('/api/me/tasks').set('Authorization', cs).expect(200);
    expect(gzTasks.body.filter((t: { caseId: string }) => t.caseId === caseId)).toEqual([
      expect.objectContaining({ caseId, task: 'distribute' }),
    ]);
    const refused = await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', sz).send({}).expect(409);
    expect(refused.body.message).toMatch(/outside your scope/);
    // A scope no policy touches does not see it at all.
    await api()
      .get(`/api/cases/${caseId}`)
      .set('Authorization', bearer('customer_service', { user: 'cs-sz2', branches: ['SZ01'], channels: ['agency'] }))
      .expect(404);
  });

  it('refuses bad evidence with a reason naming the file', async () => {
    const policyNumber = await newPolicy();
    const { body } = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber, rule: 'MANUAL' })
      .expect(201);
    await api().post(`/api/cases/${body.caseId}/distribute`).set('Authorization', cs).send({}).expect(200);
    await api().post(`/api/cases/${body.caseId}/claim`).set('Authorization', bo).expect(200);
    const wrongType = await api()
      .post(`/api/cases/${body.caseId}/evidence`)
      .set('Authorization', bo)
      .field('type', 'other')
      .attach('file', Buffer.from('MZ executable'), { filename: 'x.exe', contentType: 'application/pdf' })
      .expect(415);
    expect(wrongType.body.errors[0].field).toBe('file');
    await api()
      .post(`/api/cases/${body.caseId}/evidence`)
      .set('Authorization', bo)
      .field('type', 'selfie')
      .attach('file', PDF, { filename: 'a.pdf', contentType: 'application/pdf' })
      .expect(400);
    const count = await db.query(`SELECT count(*)::int AS n FROM evidence WHERE case_id = $1`, [body.caseId]);
    expect(count[0].n).toBe(0);
  });

  it('arms the cooling-off clocks when the delivery receipt is signed', async () => {
    const policyNumber = await newPolicy();
    const { body } = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber, rule: 'MANUAL' })
      .expect(201);
    expect(body.deadlines.coolingOffEndsAt).toBeNull();
    const signed = await api()
      .post(`/api/policies/${policyNumber}/receipt`)
      .set('Authorization', bearer('intake'))
      .send({ receiptSignedDate: '2026-11-25' })
      .expect(200);
    expect(signed.body.casesNotified).toBe(1);
    const armed = await eventually(
      async () => (await api().get(`/api/cases/${body.caseId}`).set('Authorization', cs).expect(200)).body.view,
      (view) => Boolean(view.deadlines.coolingOffEndsAt),
      { what: 'cooling-off deadline armed', intervalMs: 100 },
    );
    // 15 days from the day after signing: the period ends with 2026-12-10, i.e. at local midnight into 12-11.
    expect(armed.deadlines.coolingOffEndsAt).toBe('2026-12-10T16:00:00.000Z');
    expect(armed.deadlines.revisitDeadlineAt).toBe('2026-12-08T16:00:00.000Z');
    await api()
      .post(`/api/policies/${policyNumber}/receipt`)
      .set('Authorization', bearer('intake'))
      .send({ receiptSignedDate: '2026-02-30' })
      .expect(400);
  });

  it('moves open cases when the calendar changes', async () => {
    const policyNumber = await newPolicy();
    const { body } = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber, rule: 'MANUAL' })
      .expect(201);
    const distributed = await api()
      .post(`/api/cases/${body.caseId}/distribute`)
      .set('Authorization', cs)
      .send({})
      .expect(200);
    const due: string = distributed.body.deadlines.investigationDueAt;
    const dueDate = localDateOf(new Date(Date.parse(due) - 1).toISOString()); // the last working day, local
    const admin = bearer('admin');
    const [{ open }] = await db.query(`SELECT count(*)::int AS open FROM cases WHERE state <> 'CLOSED'`);
    const patched = await api()
      .patch(`/api/calendar/days/${dueDate}`)
      .set('Authorization', admin)
      .send({ kind: 'holiday', name: 'test' })
      .expect(200);
    expect(patched.body.casesNotified).toBe(open); // every open case of the suite's database, this one among them
    expect(open).toBeGreaterThanOrEqual(1);
    try {
      const moved = await eventually(
        async () => (await api().get(`/api/cases/${body.caseId}`).set('Authorization', cs).expect(200)).body.view,
        (v) => v.deadlines.investigationDueAt !== due,
        { what: 'deadline moved', intervalMs: 100 },
      );
      expect(Date.parse(moved.deadlines.investigationDueAt)).toBeGreaterThan(Date.parse(due));
    } finally {
      await api()
        .patch(`/api/calendar/days/${dueDate}`)
        .set('Authorization', admin)
        .send({ kind: 'normal' })
        .expect(200);
    }
    const year = await api()
      .get(`/api/calendar/${dueDate.slice(0, 4)}`)
      .set('Authorization', cs)
      .expect(200);
    expect(year.body.status).toBe('official');
    await api()
      .patch(`/api/calendar/days/2026-02-30`)
      .set('Authorization', admin)
      .send({ kind: 'holiday' })
      .expect(400);
    await api().patch(`/api/calendar/days/${dueDate}`).set('Authorization', cs).send({ kind: 'holiday' }).expect(403);
  });
});
