import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, startApi, useOwnTaskQueue, validApplication } from './support';

/**
 * Bad input gets a 4xx in the one error shape `{ statusCode, code, message, errors[] }` naming the parameter or
 * field, never a 500: every path and query parameter, and hostile bodies (NUL bytes, huge numbers, broken multipart).
 */
describe('bad input answers 4xx naming the field, never 500', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const admin = bearer('admin');
  const reader = bearer('compliance');

  beforeAll(async () => {
    useOwnTaskQueue();
    app = await startApi();
  });
  afterAll(async () => {
    await app?.close();
  });

  const expectNamed = (body: Record<string, unknown>, field: string) => {
    expect(body).toMatchObject({ statusCode: 400, code: expect.any(String), message: expect.anything() });
    expect((body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
  };

  it.each([
    ['GET', '/api/calendar/0', 'year', admin, null],
    ['GET', '/api/calendar/99999999999999999999', 'year', admin, null],
    ['GET', '/api/calendar/abc', 'year', admin, null],
    ['GET', '/api/calendar/2026.5', 'year', admin, null],
    ['PUT', '/api/calendar/-1', 'year', admin, { days: [] }],
    ['PATCH', '/api/calendar/days/2026-02-30', 'date', admin, { kind: 'holiday' }],
    ['GET', '/api/cases/%00', 'id', reader, null],
    ['GET', `/api/cases/${'x'.repeat(201)}`, 'id', reader, null],
    ['GET', '/api/cases?page=1e300', 'page', reader, null],
    ['GET', '/api/cases?page=0', 'page', reader, null],
    ['GET', '/api/cases?dueBefore=2026-02-30', 'dueBefore', reader, null],
    ['GET', '/api/cases?branch=%00', 'branch', reader, null],
    ['GET', '/api/cases/c1/evidence/not-a-uuid', 'eid', reader, null],
    ['GET', '/api/me/notifications?after=abc', 'after', reader, null],
    ['GET', '/api/me/notifications?after=-1', 'after', reader, null],
    ['GET', '/api/imports/not-a-uuid', 'id', reader, null],
    ['GET', '/api/imports/7d7f0c8e-3f1b-4c5e-9a43-0d5c1b0f2a11/report?format=xml', 'format', reader, null],
    ['GET', '/api/policies/P%00', 'policyNumber', reader, null],
    ['GET', `/api/policies/${'P'.repeat(41)}`, 'policyNumber', reader, null],
    ['GET', '/api/sellers/a%20b', 'code', reader, null],
    ['GET', '/api/agencies/%00', 'code', reader, null],
    ['GET', '/api/sellers?pageSize=101', 'pageSize', reader, null],
    ['GET', '/api/agencies?q=%00', 'q', reader, null],
    ['PUT', '/api/staff/%07', 'userId', admin, { role: 'admin', branchCode: 'GZ01' }],
    ['GET', '/api/detection/runs/1', 'id', reader, null],
    ['GET', '/api/detection/runs/7d7f0c8e-3f1b-4c5e-9a43-0d5c1b0f2a11/findings?pageSize=1e9', 'pageSize', reader, null],
    ['GET', '/api/detection/runs/7d7f0c8e-3f1b-4c5e-9a43-0d5c1b0f2a11/findings?after=%00', 'after', reader, null],
  ] as Array<[string, string, string, string, object | null]>)(
    '%s %s names %s',
    async (method, url, field, token, body) => {
      // A valid body where one is needed, so only the parameter is wrong.
      const req = http()[method.toLowerCase() as 'get' | 'put' | 'patch'](url).set('Authorization', token);
      const res = await (body ? req.send(body) : req);
      expect(res.status).toBe(400);
      expectNamed(res.body, field);
    },
  );

  it('refuses an unknown query parameter, naming it', async () => {
    const res = await http().get('/api/cases?colour=blue').set('Authorization', reader).expect(400);
    expectNamed(res.body, 'colour');
  });

  it('still answers a good year and an in-range page', async () => {
    await http().get('/api/calendar/2026').set('Authorization', admin).expect(200);
    await http().get('/api/cases?page=2&pageSize=5').set('Authorization', reader).expect(200);
  });

  it('refuses a NUL byte in a JSON body, naming the field', async () => {
    const app1 = validApplication();
    app1.policyholder.name = '张\u0000三';
    const res = await http().post('/api/policies').set('Authorization', bearer('intake')).send(app1).expect(400);
    expect(res.body.code).toBe('BODY_MALFORMED');
    expect(res.body.errors[0].message).toContain('name');
  });

  it('refuses a huge number in a JSON body with 400', async () => {
    const res = await http()
      .post('/api/policies')
      .set('Authorization', bearer('intake'))
      .send({ ...validApplication(), termMonths: 1e308 })
      .expect(400);
    expectNamed(res.body, 'termMonths');
  });

  it('answers a body in an unsupported charset with 415 in the error shape', async () => {
    const res = await http()
      .post('/api/policies')
      .set('Authorization', bearer('intake'))
      .set('Content-Type', 'application/json; charset=klingon')
      .send('{}');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, code: 'BODY_UNREADABLE' });
  });

  it('answers a broken multipart upload with 400, not 500', async () => {
    const res = await http()
      .post('/api/cases/c1/evidence')
      .set('Authorization', bearer('back_office'))
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('answers non-UTF-8 bytes in a CSV upload without a 500', async () => {
    const header = Buffer.from('policyNumber,productCode\n');
    const res = await http()
      .post('/api/policies/import')
      .set('Authorization', bearer('intake'))
      .set('Content-Type', 'text/csv')
      .send(Buffer.concat([header, Buffer.from([0x50, 0x31, 0x2c, 0xff, 0xfe, 0x00, 0x0a])]));
    expect(res.status).toBeLessThan(500);
  });
});
