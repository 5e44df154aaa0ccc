import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { hashOf } from '../libs/persistence/src/audit/audit-log';
import { csvLine as writeCsvLine, quoteCsvCell } from '../libs/domain/src/common/csv-cell';
import { FieldCipher } from '../libs/persistence/src/crypto/field-cipher';
import { bearer, residentId, startApi, uniqueSuffix, useOwnTaskQueue } from './support';

const SELLER_HEADER = 'code,name,kind,channel,branchCode,agencyCode,phone,address,qualifiedOn,active';

interface SellerBody {
  code: string;
  name: string;
  kind: string;
  channel: string;
  branchCode: string;
  agencyCode?: string | null;
  phone?: string | null;
  address?: string | null;
  qualifiedOn?: string | null;
  active?: boolean;
  [extra: string]: unknown;
}

interface FieldErrorBody {
  field: string;
  code: string;
  message: string;
}

interface ImportBody {
  rows: number;
  accepted: number;
  bad: Array<{ line: number; code: string | null; errors: FieldErrorBody[] }>;
}

interface AuditRow {
  action: string;
  actor_id: string;
  actor_role: string;
  before_hash: string | null;
  after_hash: string | null;
}

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

describe('seller and agency directory over HTTP (real PostgreSQL)', () => {
  let app: INestApplication;
  let db: DataSource;
  let cipher: FieldCipher;
  let agencyCode: string;
  const http = () => request(app.getHttpServer());
  const manager = bearer('channel_manager', { user: 'cm-1' });
  const admin = bearer('admin', { user: 'admin-1' });

  const sellerBody = (overrides: Partial<SellerBody> = {}): SellerBody => ({
    code: `S${uniqueSuffix()}`,
    name: '李四',
    kind: 'agent',
    channel: 'agency',
    branchCode: 'GZ01',
    qualifiedOn: '2025-06-01',
    ...overrides,
  });

  const auditRows = async (entityType: string, entityId: string): Promise<AuditRow[]> =>
    db.query(
      `SELECT action, actor_id, actor_role, before_hash, after_hash FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    );

  const sellerCount = async (code: string): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM sellers WHERE code = $1`, [code]))[0].n;

  beforeAll(async () => {
    useOwnTaskQueue();
    app = await startApi();
    db = app.get(DataSource);
    cipher = app.get(FieldCipher);
    agencyCode = `AG${uniqueSuffix()}`;
    await http()
      .post('/api/agencies')
      .set('Authorization', manager)
      .send({ code: agencyCode, name: '某某保险代理有限公司', channel: 'agency', branchCode: 'GZ01' })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('sellers', () => {
    it('creates a seller, answers its phone in E.164 and stores the phone encrypted with a blind index', async () => {
      const body = sellerBody({ agencyCode, phone: '139-0013-9000', address: '广州市天河区某路 1 号' });
      const res = await http().post('/api/sellers').set('Authorization', manager).send(body).expect(201);
      expect(res.body).toEqual({
        code: body.code,
        name: '李四',
        kind: 'agent',
        channel: 'agency',
        branchCode: 'GZ01',
        agencyCode,
        phone: '+8613900139000',
        address: '广州市天河区某路 1 号',
        qualifiedOn: '2025-06-01',
        idType: null,
        idNumber: null,
        active: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });

      const rows: Array<{ enc: string; phone_enc: Buffer; phone_hash: Buffer | null }> = await db.query(
        `SELECT encode(phone_enc, 'hex') AS enc, phone_enc, phone_hash FROM sellers WHERE code = $1`,
        [body.code],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].enc).not.toContain(hex('13900139000'));
      expect(rows[0].enc).not.toContain(hex('+8613900139000'));
      expect(cipher.decrypt(rows[0].phone_enc)).toBe('+8613900139000');
      expect(rows[0].phone_hash).not.toBeNull();
      expect(rows[0].phone_hash!.equals(cipher.blindIndex('+8613900139000'))).toBe(true);

      const read = await http().get(`/api/sellers/${body.code}`).set('Authorization', bearer('auditor')).expect(200);
      expect(read.body).toEqual({ ...res.body, updatedAt: expect.any(String) });

      const audit = await auditRows('seller', body.code);
      // The audited state is what the API shows for the stored seller.
      expect(audit).toEqual([
        {
          action: 'seller.create',
          actor_id: 'cm-1',
          actor_role: 'channel_manager',
          before_hash: null,
          after_hash: hashOf(read.body),
        },
      ]);
    });

    it('answers 409 for a duplicate code and keeps the first seller', async () => {
      const body = sellerBody();
      await http().post('/api/sellers').set('Authorization', manager).send(body).expect(201);
      const res = await http()
        .post('/api/sellers')
        .set('Authorization', manager)
        .send({ ...body, name: '王五' })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'SELLER_CODE_DUPLICATE',
        errors: [expect.objectContaining({ field: 'code', code: 'SELLER_CODE_DUPLICATE' })],
      });
      const read = await http().get(`/api/sellers/${body.code}`).set('Authorization', manager).expect(200);
      expect(read.body.name).toBe('李四');
      expect(await sellerCount(body.code)).toBe(1);
    });

    it('answers 400 naming phone for a phone that is not one, and stores nothing', async () => {
      const body = sellerBody({ phone: '12345' });
      const res = await http().post('/api/sellers').set('Authorization', manager).send(body).expect(400);
      expect(res.body.code).toBe('FIELD_INVALID');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'phone', code: 'FIELD_INVALID' })]);
      expect(await sellerCount(body.code)).toBe(0);
    });

    it('answers 400 naming agencyCode for an agency that does not exist, and stores nothing', async () => {
      const body = sellerBody({ agencyCode: `NOPE${uniqueSuffix()}` });
      const res = await http().post('/api/sellers').set('Authorization', manager).send(body).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'agencyCode', code: 'FIELD_INVALID' })]);
      expect(await sellerCount(body.code)).toBe(0);
    });

    it('answers 400 naming unknown and invalid fields', async () => {
      const unknown = sellerBody({ color: 'blue' });
      const res = await http().post('/api/sellers').set('Authorization', manager).send(unknown).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'color', code: 'FIELD_UNKNOWN' })]);

      const invalid = sellerBody({ kind: 'broker', qualifiedOn: '2025-02-30' });
      const res2 = await http().post('/api/sellers').set('Authorization', manager).send(invalid).expect(400);
      expect(res2.body.errors.map((e: FieldErrorBody) => e.field).sort()).toEqual(['kind', 'qualifiedOn']);
      expect(await sellerCount(unknown.code)).toBe(0);
      expect(await sellerCount(invalid.code)).toBe(0);
    });

    it('answers 401 without a token and 403 to a role that may not register sellers', async () => {
      const body = sellerBody();
      await http().post('/api/sellers').send(body).expect(401);
      const res = await http().post('/api/sellers').set('Authorization', bearer('intake')).send(body).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await sellerCount(body.code)).toBe(0);
    });

    it('answers 403 when creating outside the caller branches', async () => {
      const body = sellerBody({ branchCode: 'GZ01' });
      const res = await http()
        .post('/api/sellers')
        .set('Authorization', bearer('channel_manager', { branches: ['SZ01'] }))
        .send(body)
        .expect(403);
      expect(res.body).toMatchObject({
        code: 'OUT_OF_SCOPE',
        errors: [expect.objectContaining({ field: 'branchCode' })],
      });
      expect(await sellerCount(body.code)).toBe(0);
    });

    it('updates qualifiedOn and audits the change with before and after hashes', async () => {
      const body = sellerBody({ phone: '13900139001', qualifiedOn: '2025-06-01' });
      await http().post('/api/sellers').set('Authorization', manager).send(body).expect(201);
      const before = await http().get(`/api/sellers/${body.code}`).set('Authorization', manager).expect(200);

      const res = await http()
        .put(`/api/sellers/${body.code}`)
        .set('Authorization', manager)
        .send({ qualifiedOn: '2026-01-15' })
        .expect(200);
      expect(res.body).toEqual({ ...before.body, qualifiedOn: '2026-01-15', updatedAt: expect.any(String) });
      const after = await http().get(`/api/sellers/${body.code}`).set('Authorization', manager).expect(200);
      expect(after.body).toEqual({ ...before.body, qualifiedOn: '2026-01-15', updatedAt: expect.any(String) });
      const stored = await db.query(`SELECT to_char(qualified_on, 'YYYY-MM-DD') AS q FROM sellers WHERE code = $1`, [
        body.code,
      ]);
      expect(stored).toEqual([{ q: '2026-01-15' }]);

      const audit = await auditRows('seller', body.code);
      expect(audit.map((a) => a.action)).toEqual(['seller.create', 'seller.update']);
      const update = audit[1];
      expect(update).toMatchObject({ actor_id: 'cm-1', actor_role: 'channel_manager' });
      expect(update.before_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(update.after_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(update.before_hash).not.toBe(update.after_hash);
      // The hashes are of what the API showed before and after the change.
      expect(update.before_hash).toBe(hashOf(before.body));
      expect(update.after_hash).toBe(hashOf(res.body));
    });

    it('clears the phone when it is updated to null', async () => {
      const body = sellerBody({ phone: '13900139002' });
      await http().post('/api/sellers').set('Authorization', manager).send(body).expect(201);
      const res = await http()
        .put(`/api/sellers/${body.code}`)
        .set('Authorization', manager)
        .send({ phone: null })
        .expect(200);
      expect(res.body.phone).toBeNull();
      const stored = await db.query(`SELECT phone_enc, phone_hash FROM sellers WHERE code = $1`, [body.code]);
      expect(stored).toEqual([{ phone_enc: null, phone_hash: null }]);
    });

    it('refuses to change the code with 400 and leaves the seller as it was', async () => {
      const body = sellerBody();
      await http().post('/api/sellers').set('Authorization', manager).send(body).expect(201);
      const other = `S${uniqueSuffix()}`;
      const res = await http()
        .put(`/api/sellers/${body.code}`)
        .set('Authorization', manager)
        .send({ code: other, name: '改名' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'code', code: 'FIELD_INVALID' })]);
      expect((await http().get(`/api/sellers/${body.code}`).set('Authorization', manager).expect(200)).body.name).toBe(
        '李四',
      );
      expect(await sellerCount(other)).toBe(0);
      expect((await auditRows('seller', body.code)).map((a) => a.action)).toEqual(['seller.create']);
    });

    it('answers 403 when an update would move the seller out of the caller branches', async () => {
      const body = sellerBody();
      const scoped = bearer('channel_manager', { branches: ['GZ01'] });
      await http().post('/api/sellers').set('Authorization', scoped).send(body).expect(201);
      const res = await http()
        .put(`/api/sellers/${body.code}`)
        .set('Authorization', scoped)
        .send({ branchCode: 'SZ01' })
        .expect(403);
      expect(res.body.code).toBe('OUT_OF_SCOPE');
      expect(
        (await http().get(`/api/sellers/${body.code}`).set('Authorization', manager).expect(200)).body.branchCode,
      ).toBe('GZ01');
    });

    it('answers 404 for a missing seller and for one outside the caller scope', async () => {
      const missing = await http().get(`/api/sellers/NOPE${uniqueSuffix()}`).set('Authorization', manager).expect(404);
      expect(missing.body.code).toBe('SELLER_NOT_FOUND');

      const body = sellerBody({ branchCode: 'GZ01' });
      await http().post('/api/sellers').set('Authorization', manager).send(body).expect(201);
      const hidden = await http()
        .get(`/api/sellers/${body.code}`)
        .set('Authorization', bearer('compliance', { branches: ['SZ01'] }))
        .expect(404);
      expect(hidden.body.code).toBe('SELLER_NOT_FOUND');
      await http()
        .get(`/api/sellers/${body.code}`)
        .set('Authorization', bearer('compliance', { channels: ['bancassurance'] }))
        .expect(404);
      await http()
        .put(`/api/sellers/${body.code}`)
        .set('Authorization', bearer('channel_manager', { branches: ['SZ01'] }))
        .send({ name: '改名' })
        .expect(404);
      expect((await http().get(`/api/sellers/${body.code}`).set('Authorization', manager).expect(200)).body.name).toBe(
        '李四',
      );
    });
  });

  describe('agencies', () => {
    it('creates, updates and reads an agency', async () => {
      const code = `AG${uniqueSuffix()}`;
      const created = await http()
        .post('/api/agencies')
        .set('Authorization', manager)
        .send({
          code,
          name: '某某保险代理有限公司',
          channel: 'intermediary',
          branchCode: 'GZ01',
          phone: '020-8765-4321',
        })
        .expect(201);
      expect(created.body).toEqual({
        code,
        name: '某某保险代理有限公司',
        channel: 'intermediary',
        branchCode: 'GZ01',
        phone: '+862087654321',
        address: null,
        active: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const enc: Array<{ enc: string }> = await db.query(
        `SELECT encode(phone_enc, 'hex') AS enc FROM agencies WHERE code = $1`,
        [code],
      );
      expect(enc[0].enc).not.toContain(hex('2087654321'));

      const updated = await http()
        .put(`/api/agencies/${code}`)
        .set('Authorization', admin)
        .send({ name: '新名字代理', active: false })
        .expect(200);
      expect(updated.body).toEqual({
        ...created.body,
        name: '新名字代理',
        active: false,
        updatedAt: expect.any(String),
      });
      const read = await http().get(`/api/agencies/${code}`).set('Authorization', bearer('team_leader')).expect(200);
      expect(read.body).toEqual({ ...created.body, name: '新名字代理', active: false, updatedAt: expect.any(String) });

      const audit = await auditRows('agency', code);
      expect(audit.map((a) => `${a.action}:${a.actor_id}`)).toEqual(['agency.create:cm-1', 'agency.update:admin-1']);
      expect(audit[1].before_hash).not.toBe(audit[1].after_hash);
    });

    it('answers 409 for a duplicate agency, 404 for a missing one, 400 for an agency field it does not have', async () => {
      const code = `AG${uniqueSuffix()}`;
      const body = { code, name: '甲代理', channel: 'agency', branchCode: 'GZ01' };
      await http().post('/api/agencies').set('Authorization', manager).send(body).expect(201);
      const dup = await http()
        .post('/api/agencies')
        .set('Authorization', manager)
        .send({ ...body, name: '乙代理' })
        .expect(409);
      expect(dup.body.code).toBe('AGENCY_CODE_DUPLICATE');
      const missing = await http().get(`/api/agencies/NOPE${uniqueSuffix()}`).set('Authorization', manager).expect(404);
      expect(missing.body.code).toBe('AGENCY_NOT_FOUND');
      const extra = await http()
        .post('/api/agencies')
        .set('Authorization', manager)
        .send({ ...body, code: `AG${uniqueSuffix()}`, kind: 'agent' })
        .expect(400);
      expect(extra.body.errors).toEqual([expect.objectContaining({ field: 'kind', code: 'FIELD_UNKNOWN' })]);
      await http()
        .get(`/api/agencies/${code}`)
        .set('Authorization', bearer('auditor', { branches: ['SZ01'] }))
        .expect(404);
      await http()
        .post('/api/agencies')
        .set('Authorization', bearer('intake'))
        .send({ ...body, code: `AG${uniqueSuffix()}` })
        .expect(403);
    });
  });

  describe('lists', () => {
    interface Page<T> {
      items: T[];
      page: number;
      pageSize: number;
      total: number;
    }
    interface Row {
      code: string;
      name: string;
      [field: string]: unknown;
    }
    const id = residentId('1985-09-30', 'M', 23);
    let prefix: string;
    let codes: string[];

    const list = async (path: string, query: Record<string, string | number | boolean>, auth = admin) =>
      (await http().get(path).query(query).set('Authorization', auth).expect(200)).body as Page<Row>;
    const codesOf = (page: Page<Row>) => page.items.map((r) => r.code);

    beforeAll(async () => {
      // Five sellers under one code prefix, so the lists can be narrowed to them whatever the other tests stored.
      prefix = `L${uniqueSuffix()}`;
      codes = [1, 2, 3, 4, 5].map((n) => `${prefix}-${n}`);
      const bodies: SellerBody[] = [
        sellerBody({ code: codes[0], name: `李${prefix}`, agencyCode, idType: 'RESIDENT_ID', idNumber: id }),
        sellerBody({
          code: codes[1],
          name: `李${prefix}`,
          kind: 'bancassurance_manager',
          channel: 'bancassurance',
          qualifiedOn: null,
        }),
        sellerBody({ code: codes[2], name: `李${prefix}`, branchCode: 'SZ01' }),
        sellerBody({ code: codes[3], name: `李${prefix}`, active: false, qualifiedOn: null }),
        sellerBody({ code: codes[4], name: `王${prefix}`, phone: '13900139050' }),
      ];
      // Stored in reverse, so the order of the answer is the order of the codes, not of insertion.
      for (const body of bodies.reverse())
        await http().post('/api/sellers').set('Authorization', admin).send(body).expect(201);
    });

    it('pages the sellers by code, with the total that matches', async () => {
      const first = await list('/api/sellers', { q: prefix, pageSize: 2 });
      expect(first).toMatchObject({ page: 1, pageSize: 2, total: 5 });
      expect(codesOf(first)).toEqual(codes.slice(0, 2));
      const second = await list('/api/sellers', { q: prefix, pageSize: 2, page: 2 });
      expect(codesOf(second)).toEqual(codes.slice(2, 4));
      const last = await list('/api/sellers', { q: prefix, pageSize: 2, page: 3 });
      expect(codesOf(last)).toEqual([codes[4]]);
      const beyond = await list('/api/sellers', { q: prefix, pageSize: 2, page: 4 });
      expect(beyond).toEqual({ items: [], page: 4, pageSize: 2, total: 5 });
      // Without a page size: the default, 20.
      expect(await list('/api/sellers', { q: prefix })).toMatchObject({ page: 1, pageSize: 20, total: 5 });
    });

    it('shows each seller as the single GET does: phone in clear, ID number masked', async () => {
      const page = await list('/api/sellers', { q: prefix }, manager);
      for (const code of [codes[0], codes[4]]) {
        const single = await http().get(`/api/sellers/${code}`).set('Authorization', manager).expect(200);
        expect(page.items.find((r) => r.code === code)).toEqual(single.body);
      }
      const withId = page.items.find((r) => r.code === codes[0])!;
      expect(withId).toMatchObject({ idType: 'RESIDENT_ID', idNumber: `${id.slice(0, 3)}***********${id.slice(-4)}` });
      expect(JSON.stringify(page)).not.toContain(id);
      expect(page.items.find((r) => r.code === codes[4])!.phone).toBe('+8613900139050');
      for (const row of page.items) {
        expect(row).not.toHaveProperty('idNumberEnc');
        expect(row).not.toHaveProperty('phoneHash');
        expect(row).not.toHaveProperty('id');
      }
    });

    it('filters by channel, branch, active, qualification and a code or name prefix', async () => {
      expect(codesOf(await list('/api/sellers', { q: prefix, channel: 'bancassurance' }))).toEqual([codes[1]]);
      expect(codesOf(await list('/api/sellers', { q: prefix, branchCode: 'SZ01' }))).toEqual([codes[2]]);
      expect(codesOf(await list('/api/sellers', { q: prefix, active: false }))).toEqual([codes[3]]);
      expect(codesOf(await list('/api/sellers', { q: prefix, active: true }))).toEqual([
        codes[0],
        codes[1],
        codes[2],
        codes[4],
      ]);
      const unqualified = await list('/api/sellers', { q: prefix, unqualified: true });
      expect(codesOf(unqualified)).toEqual([codes[1], codes[3]]);
      expect(unqualified.items.map((r) => r.qualifiedOn)).toEqual([null, null]);
      expect(codesOf(await list('/api/sellers', { q: prefix, unqualified: false }))).toEqual([
        codes[0],
        codes[2],
        codes[4],
      ]);
      // The code prefix in any case; the name prefix; both filters together.
      expect((await list('/api/sellers', { q: prefix.toLowerCase() })).total).toBe(5);
      expect(codesOf(await list('/api/sellers', { q: `${prefix}-3` }))).toEqual([codes[2]]);
      expect(codesOf(await list('/api/sellers', { q: `王${prefix}` }))).toEqual([codes[4]]);
      expect(codesOf(await list('/api/sellers', { q: `李${prefix}`, branchCode: 'GZ01', active: true }))).toEqual([
        codes[0],
        codes[1],
      ]);
      // A wildcard typed into the search is a character: no code or name starts with it.
      expect((await list('/api/sellers', { q: `${prefix.slice(0, 1)}%` })).total).toBe(0);
      expect((await list('/api/sellers', { q: `${prefix}_1` })).total).toBe(0);
      // A blank search is no search.
      expect(
        (await list('/api/sellers', { q: '  ', branchCode: 'SZ01', pageSize: 100 })).items.map((r) => r.code),
      ).toContain(codes[2]);
    });

    it("lists only the caller's branches and channels", async () => {
      const gz = bearer('compliance', { branches: ['GZ01'] });
      const inGz = await list('/api/sellers', { q: prefix }, gz);
      expect(codesOf(inGz)).toEqual([codes[0], codes[1], codes[3], codes[4]]);
      expect(inGz.total).toBe(4);
      // Asking for another branch by filter does not widen the scope.
      expect(await list('/api/sellers', { q: prefix, branchCode: 'SZ01' }, gz)).toMatchObject({ items: [], total: 0 });
      const sz = bearer('team_leader', { branches: ['SZ01'] });
      expect(codesOf(await list('/api/sellers', { q: prefix }, sz))).toEqual([codes[2]]);
      const banca = bearer('auditor', { channels: ['bancassurance'] });
      expect(codesOf(await list('/api/sellers', { q: prefix }, banca))).toEqual([codes[1]]);
      // No row of the whole list lies outside the caller's branch.
      const all = await list('/api/sellers', { pageSize: 100 }, gz);
      expect(all.items.length).toBeGreaterThan(0);
      expect(all.items.every((r) => r.branchCode === 'GZ01')).toBe(true);
    });

    it('lists agencies the same way, by code, in scope', async () => {
      const agencyPrefix = `LA${uniqueSuffix()}`;
      const rows = [
        { code: `${agencyPrefix}-1`, name: '甲代理', channel: 'intermediary', branchCode: 'GZ01' },
        { code: `${agencyPrefix}-2`, name: '乙代理', channel: 'agency', branchCode: 'SZ01', phone: '020-8765-4321' },
        { code: `${agencyPrefix}-3`, name: '丙代理', channel: 'agency', branchCode: 'GZ01', active: false },
      ];
      for (const body of rows) await http().post('/api/agencies').set('Authorization', admin).send(body).expect(201);
      const all = await list('/api/agencies', { q: agencyPrefix });
      expect(all).toMatchObject({ page: 1, pageSize: 20, total: 3 });
      expect(codesOf(all)).toEqual(rows.map((r) => r.code));
      const single = await http().get(`/api/agencies/${rows[1].code}`).set('Authorization', admin).expect(200);
      expect(all.items[1]).toEqual(single.body);
      expect(all.items[1].phone).toBe('+862087654321');
      expect(codesOf(await list('/api/agencies', { q: agencyPrefix, channel: 'agency' }))).toEqual([
        rows[1].code,
        rows[2].code,
      ]);
      expect(codesOf(await list('/api/agencies', { q: agencyPrefix, active: false }))).toEqual([rows[2].code]);
      expect(codesOf(await list('/api/agencies', { q: agencyPrefix, branchCode: 'SZ01' }))).toEqual([rows[1].code]);
      expect(codesOf(await list('/api/agencies', { q: agencyPrefix, pageSize: 1, page: 2 }))).toEqual([rows[1].code]);
      const gz = bearer('customer_service', { branches: ['GZ01'] });
      expect(codesOf(await list('/api/agencies', { q: agencyPrefix }, gz))).toEqual([rows[0].code, rows[2].code]);
    });

    it('answers 400 naming the parameter for a bad page, page size, filter or an unknown one', async () => {
      // The fields named (one error per broken rule: 'ten' is neither a whole number nor at least 1).
      const bad = async (path: string, query: Record<string, string>) => {
        const res = await http().get(path).query(query).set('Authorization', admin).expect(400);
        return [...new Set((res.body.errors as FieldErrorBody[]).map((e) => e.field))];
      };
      expect(await bad('/api/sellers', { pageSize: '101' })).toEqual(['pageSize']);
      expect(await bad('/api/sellers', { pageSize: '0' })).toEqual(['pageSize']);
      expect(await bad('/api/sellers', { pageSize: 'ten' })).toEqual(['pageSize']);
      expect(await bad('/api/agencies', { pageSize: '101' })).toEqual(['pageSize']);
      expect(await bad('/api/sellers', { page: '0' })).toEqual(['page']);
      expect(await bad('/api/sellers', { channel: 'telesales' })).toEqual(['channel']);
      expect(await bad('/api/sellers', { active: 'yes' })).toEqual(['active']);
      expect(await bad('/api/sellers', { unqualified: '1' })).toEqual(['unqualified']);
      expect(await bad('/api/sellers', { q: 'x'.repeat(101) })).toEqual(['q']);
      expect(await bad('/api/sellers', { branchCode: 'GZ\u000001' })).toEqual(['branchCode']);
      // Agencies have no qualification: the parameter is unknown there.
      expect(await bad('/api/agencies', { unqualified: 'true' })).toEqual(['unqualified']);
      expect(await bad('/api/sellers', { color: 'blue' })).toEqual(['color']);
      // The largest page is allowed.
      await http().get('/api/sellers').query({ pageSize: 100 }).set('Authorization', admin).expect(200);
    });

    it('answers 401 without a token and 403 to a role that may not read the directory', async () => {
      await http().get('/api/sellers').expect(401);
      await http().get('/api/agencies').expect(401);
      for (const role of ['intake', 'back_office', 'general_office'] as const) {
        await http().get('/api/sellers').set('Authorization', bearer(role)).expect(403);
        await http().get('/api/agencies').set('Authorization', bearer(role)).expect(403);
      }
    });
  });

  describe('CSV import of sellers', () => {
    const csvLine = (cells: string[]): string => writeCsvLine(cells, '', quoteCsvCell);

    it('stores the good rows and reports the bad ones by line with the fields at fault', async () => {
      const good1 = `S${uniqueSuffix()}`;
      const good2 = `S${uniqueSuffix()}`;
      const good3 = `S${uniqueSuffix()}`;
      const badKind = `S${uniqueSuffix()}`;
      const badDate = `S${uniqueSuffix()}`;
      const badPhone = `S${uniqueSuffix()}`;
      const shortRow = `S${uniqueSuffix()}`;
      const lines = [
        SELLER_HEADER, // line 1
        csvLine([
          good1,
          '李一',
          'agent',
          'agency',
          'GZ01',
          agencyCode,
          '139 0013 9010',
          '广州市天河区 1 号',
          '2025-01-01',
          'true',
        ]), // 2
        csvLine([badKind, '李二', 'broker', 'agency', 'GZ01', '', '', '', '2025-01-01', 'true']), // 3
        csvLine([good2, '李三', 'bancassurance_manager', 'bancassurance', 'GZ01', '', '', '', '', 'false']), // 4
        csvLine([badDate, '李四', 'agent', 'agency', 'GZ01', '', '', '', '2025-02-30', 'true']), // 5
        csvLine([badPhone, '李五', 'agent', 'agency', 'GZ01', '', '12345', '', '2025-01-01', 'true']), // 6
        csvLine([good1, '重复', 'agent', 'agency', 'GZ01', '', '', '', '2025-01-01', 'true']), // 7: duplicate of line 2
        csvLine([shortRow, '李六', 'agent', 'agency', 'GZ01', '', '', '', '2025-01-01']), // 8: nine cells for ten columns
        csvLine([good3, '李七', 'agency_staff', 'agency', 'GZ01', agencyCode, '', '广州市, 越秀区 "二号"', '', '']), // 9
      ];
      const csv = '\uFEFF' + lines.join('\r\n') + '\r\n';

      const res = await http()
        .post('/api/sellers/import')
        .set('Authorization', manager)
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(200);
      const body = res.body as ImportBody;
      expect({ rows: body.rows, accepted: body.accepted }).toEqual({ rows: 8, accepted: 3 });
      expect(
        body.bad.map((b) => ({ line: b.line, code: b.code, errors: b.errors.map((e) => `${e.field}:${e.code}`) })),
      ).toEqual([
        { line: 3, code: badKind, errors: ['kind:FIELD_INVALID'] },
        { line: 5, code: badDate, errors: ['qualifiedOn:FIELD_INVALID'] },
        { line: 6, code: badPhone, errors: ['phone:FIELD_INVALID'] },
        { line: 7, code: good1, errors: ['code:SELLER_CODE_DUPLICATE'] },
        { line: 8, code: shortRow, errors: ['(row):ROW_UNREADABLE'] },
      ]);

      const first = await http().get(`/api/sellers/${good1}`).set('Authorization', manager).expect(200);
      expect(first.body).toMatchObject({
        name: '李一',
        kind: 'agent',
        agencyCode,
        phone: '+8613900139010',
        address: '广州市天河区 1 号',
        qualifiedOn: '2025-01-01',
        active: true,
      });
      const second = await http().get(`/api/sellers/${good2}`).set('Authorization', manager).expect(200);
      expect(second.body).toMatchObject({
        name: '李三',
        kind: 'bancassurance_manager',
        channel: 'bancassurance',
        agencyCode: null,
        phone: null,
        qualifiedOn: null,
        active: false,
      });
      const third = await http().get(`/api/sellers/${good3}`).set('Authorization', manager).expect(200);
      expect(third.body).toMatchObject({
        name: '李七',
        kind: 'agency_staff',
        address: '广州市, 越秀区 "二号"',
        active: true,
      });
      for (const code of [badKind, badDate, badPhone, shortRow]) expect(await sellerCount(code)).toBe(0);

      const audit = await auditRows('seller', good1);
      expect(audit.map((a) => `${a.action}:${a.actor_id}`)).toEqual(['seller.create:cm-1']);
    });

    it('reports rows outside the caller scope and unknown columns', async () => {
      const inScope = `S${uniqueSuffix()}`;
      const outOfScope = `S${uniqueSuffix()}`;
      const csv = [
        SELLER_HEADER,
        csvLine([inScope, '甲', 'agent', 'agency', 'GZ01', '', '', '', '', '']),
        csvLine([outOfScope, '乙', 'agent', 'agency', 'SZ01', '', '', '', '', '']),
      ].join('\n');
      const res = await http()
        .post('/api/sellers/import')
        .set('Authorization', bearer('channel_manager', { branches: ['GZ01'] }))
        .set('Content-Type', 'text/csv; charset=utf-8')
        .send(csv)
        .expect(200);
      expect(res.body).toEqual({
        rows: 2,
        accepted: 1,
        bad: [
          {
            line: 3,
            code: outOfScope,
            errors: [expect.objectContaining({ field: 'branchCode', code: 'OUT_OF_SCOPE' })],
          },
        ],
      });
      expect(await sellerCount(outOfScope)).toBe(0);

      const extra = `S${uniqueSuffix()}`;
      const res2 = await http()
        .post('/api/sellers/import')
        .set('Authorization', manager)
        .set('Content-Type', 'text/csv')
        .send(`code,name,kind,channel,branchCode,shoeSize\n${extra},丙,agent,agency,GZ01,42\n`)
        .expect(200);
      expect(res2.body).toEqual({
        rows: 1,
        accepted: 0,
        bad: [
          { line: 2, code: extra, errors: [expect.objectContaining({ field: 'shoeSize', code: 'FIELD_UNKNOWN' })] },
        ],
      });
    });

    it('reports a row it cannot read without losing the others', async () => {
      const before = `S${uniqueSuffix()}`;
      const unreadable = `S${uniqueSuffix()}`;
      const after = `S${uniqueSuffix()}`;
      const csv = [
        SELLER_HEADER,
        csvLine([before, '甲', 'agent', 'agency', 'GZ01', '', '', '', '', '']),
        `${unreadable},乙"x,agent,agency,GZ01,,,,,`, // a stray quote inside an unquoted cell
        csvLine([after, '丙', 'agent', 'agency', 'GZ01', '', '', '', '', '']),
      ].join('\n');
      const res = await http()
        .post('/api/sellers/import')
        .set('Authorization', manager)
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(res.body).toEqual({
        rows: 3,
        accepted: 2,
        bad: [{ line: 3, code: null, errors: [expect.objectContaining({ field: '(row)', code: 'ROW_UNREADABLE' })] }],
      });
      expect(await sellerCount(before)).toBe(1);
      expect(await sellerCount(unreadable)).toBe(0);
      expect(await sellerCount(after)).toBe(1);
    });

    it('answers 400 for a header it cannot read, and an empty result for a file with only a header', async () => {
      const code = `S${uniqueSuffix()}`;
      const res = await http()
        .post('/api/sellers/import')
        .set('Authorization', manager)
        .set('Content-Type', 'text/csv')
        .send(`co"de,name,kind,channel,branchCode\n${code},甲,agent,agency,GZ01\n`)
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'IMPORT_HEADER_INVALID',
        errors: [expect.objectContaining({ field: 'header' })],
      });
      expect(await sellerCount(code)).toBe(0);
      const empty = await http()
        .post('/api/sellers/import')
        .set('Authorization', manager)
        .set('Content-Type', 'text/csv')
        .send(`\uFEFF${SELLER_HEADER}\n`)
        .expect(200);
      expect(empty.body).toEqual({ rows: 0, accepted: 0, bad: [] });
    });

    it('imports sellers with their own ID, checked as at intake, stored encrypted and shown masked', async () => {
      const id = residentId('1988-04-12', 'F', 17);
      const [good, badChecksum, typeOnly, badType] = [0, 1, 2, 3].map(() => `S${uniqueSuffix()}`);
      const header = 'code,name,kind,channel,branchCode,idType,idNumber';
      const lines = [
        header,
        csvLine([good, '何一', 'agent', 'agency', 'GZ01', 'RESIDENT_ID', id]),
        csvLine([
          badChecksum,
          '何二',
          'agent',
          'agency',
          'GZ01',
          'RESIDENT_ID',
          id.slice(0, 17) + (id.endsWith('0') ? '1' : '0'),
        ]),
        csvLine([typeOnly, '何三', 'agent', 'agency', 'GZ01', 'RESIDENT_ID', '']),
        csvLine([badType, '何四', 'agent', 'agency', 'GZ01', 'DRIVING_LICENCE', id]),
      ];
      const res = await http()
        .post('/api/sellers/import')
        .set('Authorization', manager)
        .set('Content-Type', 'text/csv')
        .send(lines.join('\n') + '\n')
        .expect(200);
      expect(res.body.accepted).toBe(1);
      expect((res.body as ImportBody).bad.map((b) => `${b.line}:${b.errors.map((e) => e.field).join()}`)).toEqual([
        '3:idNumber',
        '4:idNumber',
        '5:idType',
      ]);
      const view = (await http().get(`/api/sellers/${good}`).set('Authorization', manager).expect(200)).body;
      expect(view).toMatchObject({ idType: 'RESIDENT_ID', idNumber: `${id.slice(0, 3)}***********${id.slice(-4)}` });
      expect(view).not.toHaveProperty('idNumberEnc');
      const [row] = await db.query(`SELECT id_number_enc, id_number_hash FROM sellers WHERE code = $1`, [good]);
      expect(cipher.decrypt(row.id_number_enc)).toBe(id);
      expect(row.id_number_hash.equals(cipher.blindIndex(`RESIDENT_ID:${id}`))).toBe(true);
      // Cleared with both fields empty.
      const cleared = await http()
        .put(`/api/sellers/${good}`)
        .set('Authorization', manager)
        .send({ idType: null, idNumber: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ idType: null, idNumber: null });
    });

    it('answers 415 for a body that is not text/csv and 403 to a role that may not import', async () => {
      const code = `S${uniqueSuffix()}`;
      const csv = `${SELLER_HEADER}\n${csvLine([code, '甲', 'agent', 'agency', 'GZ01', '', '', '', '', ''])}\n`;
      const plain = await http()
        .post('/api/sellers/import')
        .set('Authorization', manager)
        .set('Content-Type', 'text/plain')
        .send(csv)
        .expect(415);
      expect(plain.body).toMatchObject({
        code: 'IMPORT_FORMAT_UNSUPPORTED',
        errors: [expect.objectContaining({ field: 'Content-Type' })],
      });
      const json = await http().post('/api/sellers/import').set('Authorization', manager).send({ csv }).expect(415);
      expect(json.body.code).toBe('IMPORT_FORMAT_UNSUPPORTED');
      await http()
        .post('/api/sellers/import')
        .set('Authorization', bearer('intake'))
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(403);
      expect(await sellerCount(code)).toBe(0);
    });
  });
});
