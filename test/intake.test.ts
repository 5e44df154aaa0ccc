import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, startApi, useOwnTaskQueue, validApplication } from './support';

describe('intake gate over HTTP (real PostgreSQL)', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const intake = bearer('intake', { user: 'clerk-1' });

  beforeAll(async () => {
    useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
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
    await app.close();
  });

  it('accepts a complete application and stores it encrypted', async () => {
    const body = validApplication();
    const res = await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    expect(res.body).toEqual({
      policyNumber: body.policyNumber,
      underwriting: { decision: 'ACCEPTED', reasons: [] },
      inScope: true,
    });

    const raw: Array<{ dump: string }> = await db.query(
      `SELECT concat_ws('|', pp.id_number_enc::text, cp.value_enc::text, ba.account_enc::text, c.id_number_enc::text) AS dump
       FROM policies p JOIN policy_parties pp ON pp.policy_id = p.id JOIN contact_points cp ON cp.policy_id = p.id AND cp.kind = 'phone'
       JOIN bank_accounts ba ON ba.policy_id = p.id JOIN customers c ON c.id = pp.customer_id WHERE p.policy_number = $1`,
      [body.policyNumber],
    );
    expect(raw).toHaveLength(1);
    const hex = (s: string) => Buffer.from(s).toString('hex');
    expect(raw[0].dump).not.toContain(hex(body.policyholder.idNumber!));
    expect(raw[0].dump).not.toContain(hex(body.payment!.bankAccount!));
    expect(raw[0].dump).not.toContain(hex('+86' + body.policyholder.phones![0]));
  });

  it('refuses an incomplete application listing every missing field, and keeps it', async () => {
    const body = validApplication();
    body.policyholder = { name: '王五', phones: [] };
    body.insured = { name: '王小五', gender: 'F', birthDate: '1990-01-01' };
    const res = await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    expect(res.body.underwriting.decision).toBe('REJECTED');
    const missing = res.body.underwriting.reasons
      .filter((r: { code: string }) => r.code === 'FIELD_MISSING')
      .map((r: { party: string; field: string }) => `${r.party}.${r.field}`);
    expect(missing.sort()).toEqual(
      [
        'policyholder.gender',
        'policyholder.birthDate',
        'policyholder.idType',
        'policyholder.idNumber',
        'policyholder.address',
        'policyholder.phones',
        'insured.idType',
        'insured.idNumber',
      ].sort(),
    );
    for (const r of res.body.underwriting.reasons) expect(r.messageZh).toBeTruthy();
    const stored = await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', intake).expect(200);
    expect(stored.body.status).toBe('REJECTED');
    expect(stored.body.policyholder.name).toBe('王*'); // masked for intake, as every name is
  });

  it('accepts a minor insured without an ID number', async () => {
    const body = validApplication();
    body.insured = { name: '张小小', gender: 'F', birthDate: '2015-06-01' };
    const res = await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    expect(res.body.underwriting).toEqual({ decision: 'ACCEPTED', reasons: [] });
  });

  it('refuses an ID number that disagrees with the gender and birth date entered', async () => {
    const body = validApplication();
    body.policyholder.gender = 'F';
    body.policyholder.birthDate = '1980-01-01';
    const res = await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    const codes = res.body.underwriting.reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['ID_GENDER_MISMATCH', 'ID_BIRTH_DATE_MISMATCH']));
  });

  it('lets a refused application be supplemented and underwritten again', async () => {
    const body = validApplication();
    const complete = structuredClone(body);
    delete body.policyholder.address;
    await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    const res = await http()
      .put(`/api/policies/${body.policyNumber}`)
      .set('Authorization', intake)
      .send(complete)
      .expect(200);
    expect(res.body.underwriting.decision).toBe('ACCEPTED');
    // An accepted policy is not edited through intake any more.
    await http().put(`/api/policies/${body.policyNumber}`).set('Authorization', intake).send(complete).expect(409);
    const audit = await db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [body.policyNumber]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['policy.create', 'policy.supplement']);
  });

  it('flags out-of-scope policies without refusing them', async () => {
    const body = { ...validApplication(), productCategory: 'other' };
    const res = await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    expect(res.body).toMatchObject({ inScope: false, underwriting: { decision: 'ACCEPTED' } });
    const short = { ...validApplication(), termMonths: 6 };
    expect((await http().post('/api/policies').set('Authorization', intake).send(short).expect(201)).body.inScope).toBe(
      false,
    );
  });

  it('refuses a policy sold by a seller who qualified after the application date', async () => {
    await http()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-LATE',
        name: '赵六',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        qualifiedOn: '2026-11-25',
      })
      .expect(201);
    const res = await http()
      .post('/api/policies')
      .set('Authorization', intake)
      .send(validApplication({ sellerCode: 'S-LATE' }))
      .expect(201);
    expect(res.body.underwriting.reasons).toEqual([
      expect.objectContaining({ party: 'seller', code: 'SELLER_NOT_QUALIFIED' }),
    ]);
  });

  it('keeps one customer per person across policies', async () => {
    const first = validApplication();
    const second = validApplication();
    second.policyholder = first.policyholder;
    await http().post('/api/policies').set('Authorization', intake).send(first).expect(201);
    await http().post('/api/policies').set('Authorization', intake).send(second).expect(201);
    const rows = await db.query(
      `SELECT count(DISTINCT pp.customer_id)::int AS n FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id WHERE p.policy_number = ANY($1)`,
      [[first.policyNumber, second.policyNumber]],
    );
    expect(rows[0].n).toBe(1);
  });

  it('masks personal fields unless the role needs them, and records every read, masked or not', async () => {
    const body = validApplication();
    await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    const masked = await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', intake).expect(200);
    expect(masked.body.policyholder.idNumber).toMatch(/^\d{3}\*+\w{4}$/);
    expect(masked.body.policyholder.phones[0]).toMatch(/^\+86\*+\d{4}$/);
    expect(masked.body.payment.bankAccount).toMatch(/^\d{4}\*+\d{4}$/);
    expect(masked.body.policyholder).toMatchObject({
      name: '张*',
      birthDate: body.policyholder.birthDate!.slice(0, 4),
      address: '广东省广州市天河区****',
    });
    expect(masked.body.payment.accountHolderName).toBe('张*');
    const full = await http()
      .get(`/api/policies/${body.policyNumber}`)
      .set('Authorization', bearer('compliance', { user: 'cmp-1' }))
      .expect(200);
    expect(full.body.policyholder.idNumber).toBe(body.policyholder.idNumber);
    expect(full.body.policyholder.phones).toEqual([`+86${body.policyholder.phones![0]}`]);
    const reads = await db.query(
      `SELECT actor_id, actor_role, detail FROM audit_log WHERE entity_id = $1 AND action = 'policy.read' ORDER BY id`,
      [body.policyNumber],
    );
    expect(reads).toEqual([
      { actor_id: 'clerk-1', actor_role: 'intake', detail: { route: 'GET /api/policies/:policyNumber', masked: true } },
      {
        actor_id: 'cmp-1',
        actor_role: 'compliance',
        detail: { route: 'GET /api/policies/:policyNumber', masked: false },
      },
    ]);
  });

  describe('who may call', () => {
    it('answers 401 without a token or with a bad one', async () => {
      await http().post('/api/policies').send(validApplication()).expect(401);
      await http()
        .post('/api/policies')
        .set('Authorization', 'Bearer not-a-token')
        .send(validApplication())
        .expect(401);
    });

    it('answers 403 to a role that may not enter policies', async () => {
      await http().post('/api/policies').set('Authorization', bearer('auditor')).send(validApplication()).expect(403);
    });

    it('answers 403 outside the caller scope and 404 when reading out of scope', async () => {
      const body = validApplication();
      const res = await http()
        .post('/api/policies')
        .set('Authorization', bearer('intake', { branches: ['SZ01'] }))
        .send(body)
        .expect(403);
      expect(res.body.code).toBe('OUT_OF_SCOPE');
      await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
      await http()
        .get(`/api/policies/${body.policyNumber}`)
        .set('Authorization', bearer('compliance', { branches: ['SZ01'] }))
        .expect(404);
    });

    it('keeps health public', async () => {
      const res = await http().get('/api/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
    });
  });

  describe('bad input', () => {
    it('answers 400 naming the body for malformed JSON', async () => {
      const res = await http()
        .post('/api/policies')
        .set('Authorization', intake)
        .set('Content-Type', 'application/json')
        .send('{"policyNumber": ')
        .expect(400);
      expect(res.body.errors[0].field).toBe('body');
    });

    it('answers 400 naming unknown and mistyped fields', async () => {
      const body = { ...validApplication(), color: 'blue', termMonths: 'ten' };
      body.policyholder = { ...body.policyholder, shoeSize: 42 } as typeof body.policyholder;
      const res = await http().post('/api/policies').set('Authorization', intake).send(body).expect(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['color', 'termMonths', 'policyholder.shoeSize']));
    });

    it('answers 400 for an impossible application date', async () => {
      const res = await http()
        .post('/api/policies')
        .set('Authorization', intake)
        .send({ ...validApplication(), applicationDate: '2026-02-30' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'applicationDate' })]);
    });

    it('answers 409 for a duplicate policy number and keeps the first', async () => {
      const body = validApplication();
      await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
      const res = await http()
        .post('/api/policies')
        .set('Authorization', intake)
        .send({ ...body, productCode: 'OTHER' })
        .expect(409);
      expect(res.body.code).toBe('POLICY_NUMBER_DUPLICATE');
      const stored = await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', intake).expect(200);
      expect(stored.body.productCode).toBe('WL-01');
    });
  });
});
