import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { useAdminAreaCodes } from '../libs/domain/src/identity/area-codes';
import { bearer, residentId, startApi, useOwnTaskQueue, validApplication } from './support';

/** An administrator adds an area code published since the shipped table; intake then accepts numbers carrying it. */
describe('area codes added between releases (real PostgreSQL)', () => {
  const NEW_CODE = '440188'; // not in any published list: stands for a county created after the shipped table
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const admin = bearer('admin', { user: 'admin-1' });
  const intake = bearer('intake', { user: 'clerk-1' });

  function applicationOn(area: string) {
    const body = validApplication();
    body.policyholder.birthDate = '1990-05-17';
    body.policyholder.idNumber = residentId('1990-05-17', 'M', 7, area);
    return body;
  }

  beforeAll(async () => {
    useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    await db.query(`DELETE FROM area_codes_extra WHERE code = $1`, [NEW_CODE]);
    await http()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-TEST',
        name: '李四',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2025-01-01',
      })
      .expect(201);
  });

  afterAll(async () => {
    await db.query(`DELETE FROM area_codes_extra WHERE code = $1`, [NEW_CODE]);
    useAdminAreaCodes({});
    await app.close();
  });

  it('refuses the unknown code, lets an admin add it, then accepts it on intake', async () => {
    const before = await http()
      .post('/api/policies')
      .set('Authorization', intake)
      .send(applicationOn(NEW_CODE))
      .expect(201);
    expect(before.body.underwriting.reasons.map((r: { code: string }) => r.code)).toEqual(['ID_AREA_UNKNOWN']);
    await http().get(`/api/area-codes/${NEW_CODE}`).set('Authorization', intake).expect(404);

    const put = await http()
      .put(`/api/area-codes/${NEW_CODE}`)
      .set('Authorization', admin)
      .send({ name: '测试新区', firstYear: 2026, lastYear: null, source: '民政部 2026年行政区划代码（测试）' })
      .expect(200);
    expect(put.body).toMatchObject({
      code: NEW_CODE,
      entries: [['测试新区', 2026, null]],
      shipped: null,
      admin: { source: '民政部 2026年行政区划代码（测试）', changedBy: 'admin-1' },
    });

    // born 1990, first registered on the new code: a late registration, accepted
    const after = await http()
      .post('/api/policies')
      .set('Authorization', intake)
      .send(applicationOn(NEW_CODE))
      .expect(201);
    expect(after.body.underwriting).toEqual({ decision: 'ACCEPTED', reasons: [] });

    const audit = await db.query(`SELECT actor_id FROM audit_log WHERE action = 'area-code.set' AND entity_id = $1`, [
      NEW_CODE,
    ]);
    expect(audit.length).toBeGreaterThan(0);
  });

  it('shows a shipped code with its entries', async () => {
    const res = await http().get('/api/area-codes/350405').set('Authorization', intake).expect(200);
    expect(res.body).toMatchObject({ code: '350405', entries: [['沙县区', 2021, null]], admin: null });
  });

  it.each<[string, string, object, number, string]>([
    ['not six digits', '44018', { name: '新区', source: 'MCA list' }, 400, 'code'],
    ['letters', 'abcdef', { name: '新区', source: 'MCA list' }, 400, 'code'],
    [
      'last year before first',
      NEW_CODE,
      { name: '新区', firstYear: 2026, lastYear: 2020, source: 'MCA list' },
      400,
      'lastYear',
    ],
    ['no source', NEW_CODE, { name: '新区' }, 400, 'source'],
    ['year out of range', NEW_CODE, { name: '新区', firstYear: 1800, source: 'MCA list' }, 400, 'firstYear'],
  ])('refuses %s with a 400 naming the field', async (_label, code, body, status, field) => {
    const res = await http().put(`/api/area-codes/${code}`).set('Authorization', admin).send(body).expect(status);
    expect(JSON.stringify(res.body)).toContain(field);
  });

  it('lets only an admin add codes', async () => {
    await http()
      .put(`/api/area-codes/${NEW_CODE}`)
      .set('Authorization', intake)
      .send({ name: '新区', source: 'MCA list' })
      .expect(403);
    await http().get('/api/area-codes/99').set('Authorization', intake).expect(400);
  });
});
