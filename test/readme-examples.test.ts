import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { bearer, eventually, startApi, startWorker, useOwnTaskQueue } from './support';

const EXAMPLES = path.resolve(__dirname, '../examples');

/** The README's "try it" steps, as written there, against the real API and worker: the shipped files must work. */
describe("the README's examples", () => {
  let app: INestApplication;
  let worker: { stop: () => Promise<void> };
  const http = () => request(app.getHttpServer());
  const intake = bearer('intake', { branches: ['GZ01'] });

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    app = await startApi();
    worker = await startWorker(queue);
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  it('registers the seller, accepts examples/application.json and imports examples/policies.csv', async () => {
    await http()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'A0001',
        name: '李四',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);

    const one = await http()
      .post('/api/policies')
      .set('Authorization', intake)
      .set('Content-Type', 'application/json')
      .send(readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
      .expect(201);
    expect(one.body).toMatchObject({
      policyNumber: 'P2026120100001',
      underwriting: { decision: 'ACCEPTED' },
      inScope: true,
    });

    const started = await http()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'text/csv')
      .send(readFileSync(path.join(EXAMPLES, 'policies.csv'), 'utf8'))
      .expect(202);
    const done = await eventually(
      async () => (await http().get(`/api/imports/${started.body.id}`).set('Authorization', intake).expect(200)).body,
      (b) => b.status === 'COMPLETED' || b.status === 'FAILED',
    );
    // The last row is refused on purpose (a wrong check character, no address), to show the error report.
    expect(done).toMatchObject({ status: 'COMPLETED', rowsRead: 3, accepted: 2, refused: 1, bad: 0 });
    const report = await http()
      .get(`/api/imports/${started.body.id}/report?format=json`)
      .set('Authorization', intake)
      .expect(200);
    expect(report.body.map((r: { policyNumber: string; code: string }) => `${r.policyNumber} ${r.code}`)).toEqual([
      'P2026120100004 ID_CHECKSUM',
      'P2026120100004 FIELD_MISSING',
    ]);
  });
});
