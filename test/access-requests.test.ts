import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, startApi, startWorker, useOwnTaskQueue, validApplication } from './support';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const scope = { branches: ['AC01'], channels: ['agency'] };

/** Files by permission (doc 4): confidentiality levels, access requests and their approvals, on the real API. */
describe('access requests to confidential and top-secret records (real PostgreSQL and Temporal)', () => {
  let app: INestApplication;
  let worker: { stop: () => Promise<void> };
  let db: DataSource;
  const api = () => request(app.getHttpServer());
  const bo = bearer('back_office', { user: 'bo-ac', ...scope });
  const bo2 = bearer('back_office', { user: 'bo-ac2', ...scope });
  const cs1 = bearer('customer_service', { user: 'cs-ac1', ...scope });
  const cs2 = bearer('customer_service', { user: 'cs-ac2', ...scope });
  const cmp1 = bearer('compliance', { user: 'cmp-ac1', ...scope });
  const elsewhere = { branches: ['ZZ99'], channels: ['agency'] };
  let policyNumber: string;
  let caseId: string;
  let evidenceId: string;

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    worker = await startWorker(queue);
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-AC',
        name: '郑十一',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'AC01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
    const body = validApplication({ sellerCode: 'S-AC', branchCode: 'AC01' });
    body.receiptSignedDate = null;
    await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
    policyNumber = body.policyNumber;
    const opened = await api()
      .post('/api/cases')
      .set('Authorization', cs1)
      .send({ policyNumber, rule: 'MANUAL', note: 'a famous customer' })
      .expect(201);
    caseId = opened.body.caseId;
    await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', cs1).send({}).expect(200);
    await api().post(`/api/cases/${caseId}/claim`).set('Authorization', bo).expect(200);
    await api()
      .post(`/api/cases/${caseId}/evidence`)
      .set('Authorization', bo)
      .field('type', 'customer_confirmation')
      .attach('file', PDF, { filename: 'confirmation.pdf', contentType: 'application/pdf' })
      .expect(201);
    const detail = await api().get(`/api/cases/${caseId}`).set('Authorization', bo).expect(200);
    evidenceId = detail.body.evidence[0].id;
    expect(detail.body.evidence[0].confidentiality).toBe('normal');
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  const readPolicy = (token: string) => api().get(`/api/policies/${policyNumber}`).set('Authorization', token);
  const ask = (token: string, body: Record<string, unknown>) =>
    api().post('/api/access-requests').set('Authorization', token).send(body);
  const approve = (token: string, id: string) =>
    api().post(`/api/access-requests/${id}/approve`).set('Authorization', token).send({});
  const setPolicyLevel = (level: string) =>
    api()
      .put(`/api/policies/${policyNumber}/confidentiality`)
      .set('Authorization', cmp1)
      .send({ level, reason: 'a public figure' });

  it('a normal record needs no request; a confidential one opens to its requester once customer service approves, for the approved days', async () => {
    expect((await readPolicy(bo).expect(200)).body.confidentiality).toBe('normal');
    const needless = await ask(bo, { objectKind: 'policy', objectId: policyNumber, purpose: 'case', reason: 'check' });
    expect(needless.status).toBe(409);
    expect(needless.body.code).toBe('ACCESS_NOT_NEEDED');

    await setPolicyLevel('confidential').expect(200, {
      objectKind: 'policy',
      objectId: policyNumber,
      level: 'confidential',
    });
    const refused = await readPolicy(bo).expect(403);
    expect(refused.body).toMatchObject({ code: 'ACCESS_REQUEST_REQUIRED' });
    expect(refused.body.message).toContain(`policy ${policyNumber} is confidential (机密)`);

    const created = await ask(bo, {
      objectKind: 'policy',
      objectId: policyNumber,
      purpose: `case ${caseId}`,
      reason: '核对投保人电话',
      days: 2,
    }).expect(201);
    expect(created.body).toMatchObject({
      status: 'pending',
      level: 'confidential',
      awaiting: ['customer_service'],
      requestedBy: 'bo-ac',
      inForce: false,
      branchCode: 'AC01',
    });
    const id: string = created.body.id;
    await approve(bo, id).expect(403); // not an approving role
    await approve(bearer('customer_service', { user: 'cs-far', ...elsewhere }), id).expect(404);
    const approved = await approve(cs1, id).expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      inForce: true,
      serviceApprovedBy: 'cs-ac1',
      awaiting: [],
    });
    expect(Date.parse(approved.body.validUntil) - Date.parse(approved.body.validFrom)).toBe(2 * 86_400_000);
    expect((await approve(cs2, id).expect(409)).body.message).toBe(`access request ${id} is approved already`);

    expect((await readPolicy(bo).expect(200)).body.confidentiality).toBe('confidential');
    await readPolicy(bo2).expect(403); // the request opens the record to its requester only

    // Past its period the record closes again.
    await db.query(
      `UPDATE access_requests SET valid_from = now() - interval '3 days', valid_until = now() - interval '1 day' WHERE id = $1`,
      [id],
    );
    await readPolicy(bo).expect(403);
    const listed = await api().get('/api/access-requests').set('Authorization', bo).expect(200);
    expect(listed.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({
      status: 'approved',
      inForce: false,
    });

    // Purpose and reason are stored encrypted.
    const [raw] = await db.query(`SELECT purpose_enc, reason_enc FROM access_requests WHERE id = $1`, [id]);
    expect(Buffer.concat([raw.purpose_enc, raw.reason_enc]).includes(Buffer.from('核对投保人电话'))).toBe(false);
  });

  it('a top-secret record needs customer service and compliance, two different people, neither the requester; a raised level closes older grants', async () => {
    const first = await ask(bo, {
      objectKind: 'policy',
      objectId: policyNumber,
      purpose: 'case',
      reason: 'again',
    }).expect(201);
    await approve(cs1, first.body.id).expect(200);
    await readPolicy(bo).expect(200);

    await setPolicyLevel('top_secret').expect(200);
    expect((await readPolicy(bo).expect(403)).body.message).toContain('is top secret (绝密)');

    const top = await ask(cs2, {
      objectKind: 'policy',
      objectId: policyNumber,
      purpose: 'complaint',
      reason: 'call back',
    });
    expect(top.status).toBe(201);
    expect(top.body.awaiting).toEqual(['customer_service', 'compliance']);
    expect((await approve(cs2, top.body.id).expect(409)).body.message).toBe('nobody approves their own access request');
    expect((await approve(cs1, top.body.id).expect(200)).body).toMatchObject({
      status: 'pending',
      awaiting: ['compliance'],
    });
    await readPolicy(cs2).expect(403);
    expect((await approve(cmp1, top.body.id).expect(200)).body).toMatchObject({
      status: 'approved',
      complianceApprovedBy: 'cmp-ac1',
      inForce: true,
    });
    await readPolicy(cs2).expect(200);
    await readPolicy(bo).expect(403);

    // Compliance alone cannot open a confidential one (customer service approves those).
    await setPolicyLevel('confidential').expect(200);
    const conf = await ask(bo2, { objectKind: 'policy', objectId: policyNumber, purpose: 'case', reason: 'r' }).expect(
      201,
    );
    expect((await approve(cmp1, conf.body.id).expect(409)).body.message).toBe(
      'a confidential record is approved by customer service',
    );
    const rejected = await api()
      .post(`/api/access-requests/${conf.body.id}/reject`)
      .set('Authorization', cmp1)
      .send({ reason: 'not needed for the case' })
      .expect(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejectedBy: 'cmp-ac1',
      rejectionReason: 'not needed for the case',
    });
    await approve(cs1, conf.body.id).expect(409);
    await setPolicyLevel('normal').expect(200);
    await readPolicy(bo2).expect(200);
  });

  it('evidence files: a confidential file downloads with an approved request; bad input names the field; out of scope is not found', async () => {
    await api()
      .put(`/api/cases/${caseId}/evidence/${evidenceId}/confidentiality`)
      .set('Authorization', cmp1)
      .send({ level: 'confidential', reason: 'signed by a public figure' })
      .expect(200);
    const download = (token: string) =>
      api().get(`/api/cases/${caseId}/evidence/${evidenceId}`).set('Authorization', token);
    expect((await download(bo).expect(403)).body.code).toBe('ACCESS_REQUEST_REQUIRED');
    const detail = await api().get(`/api/cases/${caseId}`).set('Authorization', bo).expect(200);
    expect(detail.body.evidence[0].confidentiality).toBe('confidential');

    const req = await ask(bo, {
      objectKind: 'evidence',
      objectId: evidenceId,
      purpose: `case ${caseId}`,
      reason: 'read it',
    });
    expect(req.status).toBe(201);
    await approve(cs1, req.body.id).expect(200);
    await download(bo).expect(200);

    for (const [body, field] of [
      [{ objectKind: 'file', objectId: evidenceId, purpose: 'p', reason: 'r' }, 'objectKind'],
      [{ objectKind: 'policy', objectId: policyNumber, purpose: ' ', reason: 'r' }, 'purpose'],
      [{ objectKind: 'policy', objectId: policyNumber, purpose: 'p', reason: 'r', days: 31 }, 'days'],
      [{ objectKind: 'policy', objectId: '../x', purpose: 'p', reason: 'r' }, 'objectId'],
    ] as const) {
      const bad = await ask(bo, body);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    await api()
      .put(`/api/cases/${caseId}/evidence/${evidenceId}/confidentiality`)
      .set('Authorization', cmp1)
      .send({ level: 'secret', reason: 'r' })
      .expect(400);
    const far = bearer('back_office', { user: 'bo-far', ...elsewhere });
    await ask(far, { objectKind: 'policy', objectId: policyNumber, purpose: 'p', reason: 'r' }).expect(404);
    await ask(far, { objectKind: 'evidence', objectId: evidenceId, purpose: 'p', reason: 'r' }).expect(404);

    // Lists: the requester sees their own; customer service every request in its scope.
    const mine = await api().get('/api/access-requests?mine=true').set('Authorization', bo).expect(200);
    expect(mine.body.items.every((r: { requestedBy: string }) => r.requestedBy === 'bo-ac')).toBe(true);
    const all = await api().get('/api/access-requests').set('Authorization', cs1).expect(200);
    expect(new Set(all.body.items.map((r: { requestedBy: string }) => r.requestedBy))).toEqual(
      new Set(['bo-ac', 'bo-ac2', 'cs-ac2']),
    );
    const pending = await api().get('/api/access-requests?status=pending').set('Authorization', cs1).expect(200);
    expect(pending.body.total).toBe(0);

    // Every refusal, request and decision is in the audit trail.
    const actions: Array<{ action: string; n: number }> = await db.query(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'access%' OR action = 'confidentiality.set'
       GROUP BY action ORDER BY action`,
    );
    expect(Object.fromEntries(actions.map((a) => [a.action, a.n]))).toMatchObject({
      'access.refused': 7,
      'access_request.approve': 5,
      'access_request.create': 5,
      'access_request.reject': 1,
      'confidentiality.set': 5,
    });
  });
});
