import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, eventually, startApi, startWorker, useOwnTaskQueue, validApplication } from './support';

/**
 * A case step's request does not wait forever when the workflow cannot answer (its worker is down here; a write that
 * keeps failing, such as one under a data key the worker lacks, looks the same to the caller): after CASE_STEP_WAIT
 * it gets 504 CASE_STEP_PENDING saying the step may still finish.
 */
describe('a case step whose workflow cannot answer gets 504 after CASE_STEP_WAIT (real PostgreSQL and Temporal)', () => {
  const saved = process.env.CASE_STEP_WAIT;
  let app: INestApplication;
  let worker: { stop: () => Promise<void> } | undefined;
  let queue: string;
  const api = () => request(app.getHttpServer());
  const scope = { branches: ['SW01'], channels: ['agency'] };
  const cs = bearer('customer_service', { user: 'cs-sw', ...scope });

  beforeAll(async () => {
    process.env.CASE_STEP_WAIT = '3s';
    queue = useOwnTaskQueue();
    app = await startApi();
    worker = await startWorker(queue);
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-SW',
        name: '何十三',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'SW01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    if (saved === undefined) delete process.env.CASE_STEP_WAIT;
    else process.env.CASE_STEP_WAIT = saved;
  });

  it('answers 504 naming the case and the step while no worker runs, and the step goes through once one does', async () => {
    const body = validApplication({ sellerCode: 'S-SW', branchCode: 'SW01' });
    body.receiptSignedDate = null;
    await api().post('/api/policies').set('Authorization', bearer('intake')).send(body).expect(201);
    const opened = await api()
      .post('/api/cases')
      .set('Authorization', cs)
      .send({ policyNumber: body.policyNumber, rule: 'MANUAL', note: 'worker outage drill' })
      .expect(201);
    const caseId: string = opened.body.caseId;

    await worker!.stop();
    worker = undefined;
    const pending = await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', cs).send({});
    expect(pending.status).toBe(504);
    expect(pending.body).toMatchObject({ code: 'CASE_STEP_PENDING' });
    expect(pending.body.message).toBe(
      `case ${caseId} did not finish distribute within 3 s (its worker is down or its write keeps failing); it may still finish: reload the case before sending the step again`,
    );

    worker = await startWorker(queue);
    // The step sent during the outage may have reached the case after all; either way it is distributed once.
    const again = await api().post(`/api/cases/${caseId}/distribute`).set('Authorization', cs).send({});
    expect([200, 409]).toContain(again.status);
    const view = await eventually(
      async () => (await api().get(`/api/cases/${caseId}`).set('Authorization', cs).expect(200)).body.view,
      (v: { state: string }) => v.state === 'DISTRIBUTED',
    );
    expect(view.state).toBe('DISTRIBUTED');
  });
});
