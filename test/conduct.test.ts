import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FieldCipher } from '../libs/persistence/src/crypto/field-cipher';
import { bearer, eventually, startApi, startWorker, useOwnTaskQueue, validApplication } from './support';

/**
 * The conduct endpoints (R6, R7) through the API with a real worker on the Temporal dev server: complaints and the
 * four-eyes verify, roles, scope and 400s, a campaign's re-checks (a correction applied, false data opening a case),
 * the penalty proposal a FALSE_INFO_CONFIRMED close makes and the penalty that decides it, agency incidents,
 * referrals and a seller's conduct. The campaign clock (reminders, escalations, the 365-day window) is tested on the
 * time-skipping server in test/recheck-campaign.test.ts.
 */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const scope = { branches: ['GZ01'], channels: ['agency'] };
const elsewhere = { branches: ['SZ01'], channels: ['agency'] };

describe('seller conduct through the API: complaints, re-checks, penalties, referrals', () => {
  let app: INestApplication;
  let db: DataSource;
  let worker: { stop: () => Promise<void> };
  const api = () => request(app.getHttpServer());
  const cs = bearer('customer_service', { user: 'cs-1', ...scope });
  const cs2 = bearer('customer_service', { user: 'cs-2', ...scope });
  const cmp = bearer('compliance', { user: 'cmp-1', ...scope });
  const cm = bearer('channel_manager', { user: 'cm-1', ...scope });
  const bo = bearer('back_office', { user: 'bo-1', ...scope });
  const policies: string[] = [];
  let otherPolicy: string;

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    worker = await startWorker(queue);
    const admin = bearer('channel_manager');
    for (const code of ['S-CON1', 'S-CON2'])
      await api()
        .post('/api/sellers')
        .set('Authorization', admin)
        .send({ code, name: '吴十', kind: 'agent', channel: 'agency', branchCode: 'GZ01', qualifiedOn: '2025-01-01' })
        .expect(201);
    await api()
      .post('/api/agencies')
      .set('Authorization', admin)
      .send({ code: 'AG-CON', name: '某保险代理公司', channel: 'agency', branchCode: 'GZ01' })
      .expect(201);
    for (let i = 0; i < 2; i++) policies.push(await newPolicy('S-CON1'));
    otherPolicy = await newPolicy('S-CON2');
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  async function newPolicy(sellerCode: string): Promise<string> {
    const body = validApplication({ sellerCode });
    await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
    return body.policyNumber;
  }

  const complaint = (over: Record<string, unknown> = {}) => ({
    sellerCode: 'S-CON1',
    policyNumber: policies[0],
    kind: 'mis_selling',
    receivedDate: '2026-10-01',
    channel: 'phone',
    summary: '客户称未被告知犹豫期',
    ...over,
  });

  const attach = (token: string, id: string, content = PDF, contentType = 'application/pdf') =>
    api()
      .post(`/api/complaints/${id}/attachments`)
      .set('Authorization', token)
      .attach('file', content, { filename: 'letter.pdf', contentType });

  const fields = (res: request.Response): string[] => (res.body.errors ?? []).map((e: { field: string }) => e.field);

  async function audited(action: string, entityId: string): Promise<number> {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND entity_id = $2`, [
      action,
      entityId,
    ]);
    return n;
  }

  it('registers a complaint from the policy it is about, and refuses bad ones naming the field', async () => {
    const created = await api().post('/api/complaints').set('Authorization', cs).send(complaint()).expect(201);
    expect(created.body).toMatchObject({
      subjectKind: 'seller',
      subjectCode: 'S-CON1',
      policyNumber: policies[0],
      salesChannel: 'agency',
      branchCode: 'GZ01',
      channel: 'phone',
      receivedDate: '2026-10-01',
      registeredBy: 'cs-1',
      outcome: null,
      campaignId: null,
      attachments: [],
    });
    expect(await audited('complaint.register', created.body.id)).toBe(1);

    const bad = async (body: Record<string, unknown>, status: number, field: string) => {
      const res = await api().post('/api/complaints').set('Authorization', cs).send(body).expect(status);
      expect(fields(res)).toContain(field);
    };
    await bad(complaint({ agencyCode: 'AG-CON' }), 400, 'agencyCode');
    await bad(complaint({ sellerCode: undefined }), 400, 'sellerCode');
    await bad(complaint({ kind: 'rude' }), 400, 'kind');
    await bad(complaint({ channel: 'pigeon' }), 400, 'channel');
    await bad(complaint({ receivedDate: '2026-02-30' }), 400, 'receivedDate');
    await bad(complaint({ receivedDate: '2999-01-01' }), 400, 'receivedDate');
    await bad(complaint({ summary: '   ' }), 400, 'summary');
    await bad(complaint({ extra: 1 }), 400, 'extra');
    await bad(complaint({ policyNumber: 'P-NOPE' }), 404, 'policyNumber');
    await bad(complaint({ sellerCode: 'S-NOPE' }), 404, 'sellerCode');
    // The seller must be the one who sold the policy.
    await bad(complaint({ policyNumber: otherPolicy }), 400, 'sellerCode');
    await bad(complaint({ sellerCode: undefined, agencyCode: 'AG-CON' }), 400, 'agencyCode');

    // Only customer service registers; a policy outside the caller's scope is not found.
    await api().post('/api/complaints').set('Authorization', cmp).send(complaint()).expect(403);
    const outside = bearer('customer_service', { user: 'cs-sz', ...elsewhere });
    await api().post('/api/complaints').set('Authorization', outside).send(complaint()).expect(404);
    await api().get(`/api/complaints/${created.body.id}`).set('Authorization', outside).expect(404);
    await api().get('/api/complaints/not-a-uuid').set('Authorization', cs).expect(400);
    await api().get(`/api/complaints/${created.body.id}`).set('Authorization', bo).expect(403);
  });

  it('lets only someone other than the registrant verify, with evidence, once; the table refuses it too', async () => {
    const { id } = (
      await api()
        .post('/api/complaints')
        .set('Authorization', cs)
        .send(complaint({ kind: 'other' }))
    ).body;
    const self = await api()
      .post(`/api/complaints/${id}/verify`)
      .set('Authorization', cs)
      .send({ outcome: 'UNFOUNDED', reason: 'checked' })
      .expect(409);
    expect(self.body.message).toMatch(/registered a complaint may not verify it/);
    const noEvidence = await api()
      .post(`/api/complaints/${id}/verify`)
      .set('Authorization', cs2)
      .send({ outcome: 'VERIFIED', reason: 'recording heard' })
      .expect(409);
    expect(noEvidence.body.message).toMatch(/needs its evidence/);
    await api()
      .post(`/api/complaints/${id}/verify`)
      .set('Authorization', cs2)
      .send({ outcome: 'MAYBE', reason: 'x' })
      .expect(400);

    await attach(cs2, id, Buffer.from('not a pdf'), 'application/pdf').expect(415);
    await api().post(`/api/complaints/${id}/attachments`).set('Authorization', cs2).expect(400);
    const file = await attach(cs2, id).expect(201);
    expect(file.body).toMatchObject({ complaintId: id, contentType: 'application/pdf', uploadedBy: 'cs-2' });
    expect(file.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file.body).not.toHaveProperty('storageKey');
    const download = await api()
      .get(`/api/complaints/${id}/attachments/${file.body.id}`)
      .set('Authorization', cmp)
      .expect(200);
    expect(Buffer.from(download.body).equals(PDF)).toBe(true);

    const verified = await api()
      .post(`/api/complaints/${id}/verify`)
      .set('Authorization', cs2)
      .send({ outcome: 'VERIFIED', reason: 'the call recording confirms it' })
      .expect(200);
    expect(verified.body).toMatchObject({ outcome: 'VERIFIED', verifiedBy: 'cs-2', campaignId: null });
    expect(verified.body.attachments).toHaveLength(1);
    await api()
      .post(`/api/complaints/${id}/verify`)
      .set('Authorization', cmp)
      .send({ outcome: 'UNFOUNDED', reason: 'again' })
      .expect(409);
    await attach(cs2, id).expect(409);
    expect(await audited('complaint.verify', id)).toBe(1);
    expect(await audited('complaint.attach', id)).toBe(1);

    // The database holds the rule as well: no row may be verified by its registrant.
    const { id: other } = (await api().post('/api/complaints').set('Authorization', cs).send(complaint())).body;
    await expect(
      db.query(`UPDATE complaints SET outcome = 'VERIFIED', verified_by = registered_by WHERE id = $1`, [other]),
    ).rejects.toThrow(/check constraint/);
  });

  it('lists complaints in scope with filters and pages', async () => {
    const all = await api().get('/api/complaints?subjectCode=S-CON1&pageSize=2').set('Authorization', cmp).expect(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(all.body.items).toHaveLength(2);
    const verified = await api().get('/api/complaints?status=VERIFIED').set('Authorization', cmp).expect(200);
    expect(verified.body.items.every((c: { outcome: string }) => c.outcome === 'VERIFIED')).toBe(true);
    const pending = await api().get('/api/complaints?status=PENDING').set('Authorization', cmp).expect(200);
    expect(pending.body.items.every((c: { outcome: string | null }) => c.outcome === null)).toBe(true);
    const outside = await api()
      .get('/api/complaints')
      .set('Authorization', bearer('compliance', elsewhere))
      .expect(200);
    expect(outside.body).toMatchObject({ items: [], total: 0 });
    for (const q of ['status=OPEN', 'receivedFrom=2026-13-01', 'pageSize=0', 'subjectKind=person', 'salesChannel=x'])
      await api().get(`/api/complaints?${q}`).set('Authorization', cmp).expect(400);
  });

  let campaignId: string;
  let falseDataCaseId: string;

  it('starts a campaign at the second verified mis-selling complaint; re-checks correct data and open a case', async () => {
    const register = async (receivedDate: string) => {
      const { id } = (await api().post('/api/complaints').set('Authorization', cs).send(complaint({ receivedDate })))
        .body;
      await attach(cs, id).expect(201);
      return id as string;
    };
    const first = await register('2026-03-01');
    const second = await register('2026-09-01');
    const one = await api()
      .post(`/api/complaints/${first}/verify`)
      .set('Authorization', cmp)
      .send({ outcome: 'VERIFIED', reason: 'confirmed' })
      .expect(200);
    expect(one.body.campaignId).toBeNull();
    const two = await api()
      .post(`/api/complaints/${second}/verify`)
      .set('Authorization', cmp)
      .send({ outcome: 'VERIFIED', reason: 'confirmed' })
      .expect(200);
    campaignId = two.body.campaignId;
    // The window's first complaint (by received date) names the campaign.
    expect(campaignId).toBe(`campaign-seller-S-CON1-${first}`);
    expect((await api().get(`/api/complaints/${first}`).set('Authorization', cmp)).body.campaignId).toBe(campaignId);

    const detail = await eventually(
      async () => (await api().get(`/api/campaigns/${campaignId}`).set('Authorization', cmp)).body,
      (b) => b.taskList?.length === 2,
    );
    expect(detail).toMatchObject({
      campaignId,
      subjectKind: 'seller',
      subjectCode: 'S-CON1',
      status: 'RUNNING',
      windowStart: '2026-03-01',
      windowEnd: '2027-02-28',
      tasks: { total: 2, open: 2, overdue: 0 },
      result: null,
    });
    expect(detail.complaintIds.sort()).toEqual([first, second].sort());
    expect(detail.taskList.map((t: { policyNumber: string }) => t.policyNumber).sort()).toEqual([...policies].sort());
    const list = await api().get('/api/campaigns?status=RUNNING').set('Authorization', cm).expect(200);
    expect(list.body.items.map((c: { campaignId: string }) => c.campaignId)).toEqual([campaignId]);
    await api().get('/api/campaigns/campaign-none').set('Authorization', cmp).expect(404);
    await api().get(`/api/campaigns/${campaignId}`).set('Authorization', bearer('compliance', elsewhere)).expect(404);

    // Customer service's re-checks; others see them but only customer service's "mine" has them.
    const mine = await api().get('/api/recheck-tasks?mine=true').set('Authorization', cs).expect(200);
    expect(mine.body.total).toBe(2);
    expect((await api().get('/api/recheck-tasks?mine=true').set('Authorization', cmp).expect(200)).body.total).toBe(0);
    const task = (n: string) => mine.body.items.find((t: { policyNumber: string }) => t.policyNumber === n);
    const correctedTask = task(policies[0]);
    const falseTask = task(policies[1]);

    // Past its deadline (by the database clock the filter uses) a task counts as overdue.
    await db.query(`UPDATE recheck_tasks SET due_at = now() - interval '1 hour' WHERE id = $1`, [falseTask.taskId]);
    const overdue = await api().get('/api/recheck-tasks?overdue=true').set('Authorization', cs).expect(200);
    expect(overdue.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([falseTask.taskId]);
    expect((await api().get(`/api/campaigns/${campaignId}`).set('Authorization', cmp)).body.tasks).toEqual({
      total: 2,
      open: 2,
      overdue: 1,
    });

    const complete = (token: string, taskId: string, body: Record<string, unknown>) =>
      api().post(`/api/recheck-tasks/${taskId}/complete`).set('Authorization', token).send(body);
    const { customerId } = (await api().get(`/api/policies/${policies[0]}`).set('Authorization', cmp)).body
      .policyholder;
    const [phone] = (await api().get(`/api/policies/${policies[0]}`).set('Authorization', cmp)).body.policyholder
      .phones;
    const correction = { customerId, field: 'phone', oldValue: phone, newValue: '13800138000' };
    expect(
      fields(await complete(cs, correctedTask.taskId, { outcome: 'CORRECTED', revisitMade: false }).expect(400)),
    ).toEqual(['corrections']);
    expect(
      fields(await complete(cs, correctedTask.taskId, { outcome: 'CONFIRMED', revisitMade: true }).expect(400)),
    ).toEqual(['revisitResult']);
    expect(
      fields(
        await complete(cs, correctedTask.taskId, {
          outcome: 'CORRECTED',
          revisitMade: false,
          corrections: [{ ...correction, newValue: '12345' }],
        }).expect(400),
      ),
    ).toEqual(['corrections[0].newValue']);
    await complete(bo, correctedTask.taskId, { outcome: 'CONFIRMED', revisitMade: false }).expect(403);
    await complete(bearer('customer_service', elsewhere), correctedTask.taskId, {
      outcome: 'CONFIRMED',
      revisitMade: false,
    }).expect(404);

    // An old value that is not the recorded one reaches the workflow and is refused there; nothing changes.
    const notOnRecord = await complete(cs, correctedTask.taskId, {
      outcome: 'CORRECTED',
      revisitMade: false,
      corrections: [{ ...correction, oldValue: '13700137000' }],
    }).expect(409);
    expect(notOnRecord.body.message).toMatch(/has no phone equal to the value given as wrong/);
    expect(
      (await api().get(`/api/recheck-tasks?campaignId=${campaignId}&state=OPEN`).set('Authorization', cs)).body.total,
    ).toBe(2);

    const corrected = await complete(cs, correctedTask.taskId, {
      outcome: 'CORRECTED',
      revisitMade: true,
      revisitResult: '客户确认新号码',
      corrections: [correction],
    }).expect(200);
    expect(corrected.body).toMatchObject({
      state: 'DONE',
      outcome: 'CORRECTED',
      revisitMade: true,
      doneBy: 'cs-1',
      caseId: null,
      corrections: [correction],
    });
    // The true phone is in the customer's record now, and the old value is not kept in clear with the task.
    const cipher = new FieldCipher(process.env.VERITY_DATA_KEY!);
    const phones: Array<{ value_hash: Buffer }> = await db.query(
      `SELECT value_hash FROM contact_points WHERE customer_id = $1 AND kind = 'phone'`,
      [customerId],
    );
    expect(phones.map((p) => p.value_hash.equals(cipher.blindIndex('+8613800138000')))).toContain(true);
    const [stored] = await db.query(`SELECT corrections::text AS c FROM recheck_tasks WHERE id = $1`, [
      correctedTask.taskId,
    ]);
    expect(stored.c).not.toContain('13800138000');
    // A role that does not need them sees the values masked.
    const masked = await api().get(`/api/campaigns/${campaignId}`).set('Authorization', cm).expect(200);
    const maskedTask = masked.body.taskList.find((t: { taskId: string }) => t.taskId === correctedTask.taskId);
    expect(maskedTask.corrections[0].newValue).toMatch(/^138\*+8000$/);
    await complete(cs, correctedTask.taskId, { outcome: 'CONFIRMED', revisitMade: false }).expect(409);

    const falseData = await complete(cs2, falseTask.taskId, {
      outcome: 'FALSE_DATA',
      revisitMade: true,
      revisitResult: '号码不是客户本人的',
    }).expect(200);
    falseDataCaseId = falseData.body.caseId;
    expect(falseDataCaseId).toBe(`case-recheck-${falseTask.taskId}`);
    const opened = await eventually(
      async () => (await api().get(`/api/cases/${falseDataCaseId}`).set('Authorization', cmp)).body,
      (b) => b.view?.state === 'OPEN',
    );
    expect(opened.view).toMatchObject({ rule: 'RECHECK_FALSE_DATA', policyNumbers: [policies[1]], branchCode: 'GZ01' });

    const done = await eventually(
      async () => (await api().get(`/api/campaigns/${campaignId}`).set('Authorization', cmp)).body,
      (b) => b.status === 'COMPLETED',
    );
    expect(done.result).toEqual({ policies: 2, confirmed: 0, corrected: 1, falseData: 1, casesOpened: 1 });
    expect(done.finishedAt).not.toBeNull();
    const notes = await api().get('/api/me/notifications').set('Authorization', cm).expect(200);
    expect(
      notes.body
        .filter((n: { caseId: string; kind: string }) => n.caseId === campaignId)
        .map((n: { kind: string }) => n.kind),
    ).toEqual(['CAMPAIGN_FINISHED']);
    expect(await audited('recheck.complete', correctedTask.taskId)).toBe(1);
    expect(await audited('customer.correct', correctedTask.taskId)).toBe(1);
    expect(await audited('campaign.trigger', campaignId)).toBe(1);
    expect(await audited('campaign.complete', campaignId)).toBe(1);
    for (const q of ['mine=yes', 'state=LATE', 'overdue=1'])
      await api().get(`/api/recheck-tasks?${q}`).set('Authorization', cs).expect(400);
  });

  async function closeFalseInfoConfirmed(caseId: string, sellerCode: string): Promise<void> {
    const upload = (type: string) =>
      api()
        .post(`/api/cases/${caseId}/evidence`)
        .set('Authorization', bo)
        .field('type', type)
        .attach('file', PDF, { filename: `${type}.pdf`, contentType: 'application/pdf' })
        .expect(201);
    await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', cs).send({}).expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    await upload('seller_statement');
    await upload('investigation_report');
    const submit = (code: string) =>
      api().post(`/api/cases/${caseId}/submit`).set('Authorization', bo).send({
        outcome: 'FALSE_INFO_CONFIRMED',
        summary: '业务员填写了自己的号码',
        policyCancelled: true,
        responsibleSellerCode: code,
      });
    // The seller named must exist: the proposal goes to their channel management.
    expect(fields(await submit('S-NOBODY').expect(400))).toEqual(['responsibleSellerCode']);
    await submit(sellerCode).expect(200);
    await api().post(`/api/cases/${caseId}/approve`).set('Authorization', cmp).send({}).expect(200);
  }

  it('makes a penalty proposal of a case closed FALSE_INFO_CONFIRMED; channel management decides it', async () => {
    await closeFalseInfoConfirmed(falseDataCaseId, 'S-CON1');
    const proposals = await eventually(
      async () => (await api().get('/api/penalty-proposals?open=true').set('Authorization', cm)).body,
      (b) => b.total === 1,
    );
    const proposal = proposals.items[0];
    expect(proposal).toMatchObject({
      caseId: falseDataCaseId,
      subjectKind: 'seller',
      subjectCode: 'S-CON1',
      channel: 'agency',
      branchCode: 'GZ01',
      penaltyId: null,
    });
    const told = await api().get('/api/me/notifications').set('Authorization', cm).expect(200);
    expect(told.body.map((n: { caseId: string; kind: string }) => `${n.caseId}:${n.kind}`)).toContain(
      `${falseDataCaseId}:CLOSED`,
    );

    const penalty = (over: Record<string, unknown>) =>
      api()
        .post('/api/penalties')
        .set('Authorization', cm)
        .send({
          sellerCode: 'S-CON1',
          kind: 'commission_deduction',
          amount: 500,
          assessmentPeriod: '2026Q4',
          reason: '提供虚假客户资料',
          proposalId: proposal.proposalId,
          ...over,
        });
    expect(fields(await penalty({ amount: undefined }).expect(400))).toEqual(['amount']);
    expect(fields(await penalty({ amount: 1.234 }).expect(400))).toEqual(['amount']);
    expect(fields(await penalty({ assessmentPeriod: '2026Q5' }).expect(400))).toEqual(['assessmentPeriod']);
    expect(fields(await penalty({ assessmentPeriod: '1999' }).expect(400))).toEqual(['assessmentPeriod']);
    expect(fields(await penalty({ kind: 'fine' }).expect(400))).toEqual(['kind']);
    expect(fields(await penalty({ proposalId: undefined }).expect(400))).toEqual(['caseIds']);
    expect(fields(await penalty({ caseIds: ['case-none'] }).expect(404))).toEqual(['caseIds[0]']);
    expect(fields(await penalty({ campaignId: 'campaign-none' }).expect(404))).toEqual(['campaignId']);
    expect(fields(await penalty({ sellerCode: 'S-CON2' }).expect(400))).toEqual(['proposalId']);
    await api()
      .post('/api/penalties')
      .set('Authorization', cmp)
      .send({
        sellerCode: 'S-CON1',
        kind: 'warning',
        assessmentPeriod: '2026',
        reason: 'r',
        caseIds: [falseDataCaseId],
      })
      .expect(403);

    const decided = await penalty({ campaignId }).expect(201);
    expect(decided.body).toMatchObject({
      subjectKind: 'seller',
      subjectCode: 'S-CON1',
      kind: 'commission_deduction',
      amount: 500,
      assessmentPeriod: '2026Q4',
      caseIds: [falseDataCaseId],
      campaignId,
      proposalId: proposal.proposalId,
      decidedBy: 'cm-1',
    });
    await penalty({}).expect(409);
    expect((await api().get('/api/penalty-proposals?open=true').set('Authorization', cm)).body.total).toBe(0);
    const listed = await api().get('/api/penalties?assessmentPeriod=2026Q4').set('Authorization', cmp).expect(200);
    expect(listed.body.items.map((p: { penaltyId: string }) => p.penaltyId)).toEqual([decided.body.penaltyId]);
    // Compliance is told.
    const notes = await api().get('/api/me/notifications').set('Authorization', cmp).expect(200);
    expect(notes.body.map((n: { caseId: string; kind: string }) => `${n.caseId}:${n.kind}`)).toContain(
      `penalty-${decided.body.penaltyId}:PENALTY_DECIDED`,
    );
    expect(await audited('penalty.decide', decided.body.penaltyId)).toBe(1);
    // A warning needs no amount.
    await penalty({ kind: 'warning', amount: undefined, proposalId: undefined, caseIds: [falseDataCaseId] }).expect(
      201,
    );
  });

  it('records agency incidents and referrals to the compliance committee with their decision', async () => {
    const incident = (token: string, over: Record<string, unknown> = {}) =>
      api()
        .post('/api/agency-incidents')
        .set('Authorization', token)
        .send({
          agencyCode: 'AG-CON',
          kind: 'refused_true_data',
          description: '拒绝提供客户真实联系方式',
          caseIds: [falseDataCaseId],
          ...over,
        });
    const recorded = await incident(cmp).expect(201);
    expect(recorded.body).toMatchObject({ agencyCode: 'AG-CON', kind: 'refused_true_data', recordedBy: 'cmp-1' });
    await incident(cm, { kind: 'provided_false_data' }).expect(201);
    expect(fields(await incident(cmp, { caseIds: [] }).expect(400))).toEqual(['caseIds']);
    expect(fields(await incident(cmp, { agencyCode: 'AG-NONE' }).expect(404))).toEqual(['agencyCode']);
    await incident(cs).expect(403);
    expect(
      (await api().get('/api/agency-incidents?agencyCode=AG-CON').set('Authorization', cmp).expect(200)).body.total,
    ).toBe(2);
    expect(await audited('agency_incident.record', recorded.body.incidentId)).toBe(1);

    const referred = await api()
      .post('/api/referrals')
      .set('Authorization', cmp)
      .send({ sellerCode: 'S-CON1', opinion: '批评整改意见：限期整改', caseIds: [falseDataCaseId] })
      .expect(201);
    expect(referred.body).toMatchObject({ status: 'REFERRED', decision: null, referredBy: 'cmp-1' });
    await api()
      .post('/api/referrals')
      .set('Authorization', cm)
      .send({ sellerCode: 'S-CON1', opinion: 'x' })
      .expect(403);
    await api().post('/api/referrals').set('Authorization', cmp).send({ opinion: 'x' }).expect(400);
    const id = referred.body.referralId;
    const decided = await api()
      .post(`/api/referrals/${id}/decision`)
      .set('Authorization', cmp)
      .send({ decision: '合规委员会决定：通报批评' })
      .expect(200);
    expect(decided.body).toMatchObject({ status: 'DECIDED', decision: '合规委员会决定：通报批评', decidedBy: 'cmp-1' });
    await api().post(`/api/referrals/${id}/decision`).set('Authorization', cmp).send({ decision: 'again' }).expect(409);
    await api()
      .post(`/api/referrals/${id}/decision`)
      .set('Authorization', bearer('compliance', elsewhere))
      .send({ decision: 'x' })
      .expect(404);
    expect((await api().get('/api/referrals?status=DECIDED').set('Authorization', cm).expect(200)).body.total).toBe(1);
    expect(await audited('referral.refer', id)).toBe(1);
    expect(await audited('referral.decide', id)).toBe(1);
  });

  it("shows a seller's conduct beside the directory's seller, without taking its route", async () => {
    const conduct = await api().get('/api/sellers/S-CON1/conduct').set('Authorization', cmp).expect(200);
    expect(conduct.body.subject).toMatchObject({ kind: 'seller', code: 'S-CON1', branchCode: 'GZ01' });
    expect(conduct.body.complaints.length).toBeGreaterThanOrEqual(4);
    expect(conduct.body.campaigns.map((c: { campaignId: string }) => c.campaignId)).toEqual([campaignId]);
    expect(conduct.body.cases).toContainEqual(
      expect.objectContaining({ caseId: falseDataCaseId, soldBy: true, named: true, outcome: 'FALSE_INFO_CONFIRMED' }),
    );
    expect(conduct.body.penalties).toHaveLength(2);
    expect(conduct.body.proposals).toHaveLength(1);
    expect(conduct.body.referrals).toHaveLength(1);
    expect(conduct.body.incidents).toEqual([]);
    const seller = await api().get('/api/sellers/S-CON1').set('Authorization', cmp).expect(200);
    expect(seller.body.code).toBe('S-CON1');
    const agency = await api().get('/api/agencies/AG-CON/conduct').set('Authorization', cmp).expect(200);
    expect(agency.body.incidents).toHaveLength(2);
    await api().get('/api/sellers/S-NONE/conduct').set('Authorization', cmp).expect(404);
    await api().get('/api/sellers/S-CON1/conduct').set('Authorization', bearer('compliance', elsewhere)).expect(404);
    await api().get('/api/sellers/S-CON1/conduct').set('Authorization', bo).expect(403);
    await api().get('/api/sellers/bad%20code/conduct').set('Authorization', cmp).expect(400);
  });
});
