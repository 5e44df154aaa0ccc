import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap';
import { csvLine, quoteCsvCell } from '../libs/domain/src/common/csv-cell';
import { POLICY_CSV_COLUMNS } from '../libs/intake/src';
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

const BENEFICIARY_COLUMNS = [1, 2].flatMap((n) =>
  ['name', 'idType', 'idNumber', 'share'].map((f) => `beneficiaries.${n}.${f}`),
);

/** Applications as CSV rows in the documented layout, with the columns of two beneficiaries. */
function toCsv(apps: ApplicationBody[]): string {
  const cell = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(';') : String(v));
  const get = (a: ApplicationBody, col: string): unknown => {
    const parts = col.split('.');
    if (parts[0] === 'beneficiaries') {
      const list = (a.beneficiaries ?? []) as unknown as Array<Record<string, unknown>>;
      return list[Number(parts[1]) - 1]?.[parts[2]];
    }
    const v = (a as Record<string, unknown>)[parts[0]];
    return parts[1] ? (v as Record<string, unknown> | undefined)?.[parts[1]] : v;
  };
  const columns = [...POLICY_CSV_COLUMNS, ...BENEFICIARY_COLUMNS];
  const lines = apps.map((a) =>
    csvLine(
      columns.map((c) => cell(get(a, c))),
      '',
      quoteCsvCell,
    ),
  );
  return [csvLine(columns, '', quoteCsvCell), ...lines].join('\n') + '\n';
}

/**
 * Inquiries after identity verification (R8; Art. 17, 19, 21) and beneficiaries as policy parties, over HTTP on the
 * real database. Each story uses policies and asker identities of its own, so no lock of one spills into another.
 */
describe('beneficiaries and verified inquiries', () => {
  let app: INestApplication;
  let db: DataSource;
  let worker: { stop: () => Promise<void> };
  const http = () => request(app.getHttpServer());
  const intake = bearer('intake', { user: 'clerk-1' });
  const cs = bearer('customer_service', { user: 'cs-counter-1' });
  let people = 0;

  /** A fresh, valid resident ID (a person nobody else in the suite is). */
  const freshId = () => residentId('1980-05-05', 'F', 400 + (people += 1), '440106');

  const beneficiary = (name: string, share: number, birth = '1955-01-01') => ({
    name,
    idType: 'RESIDENT_ID',
    idNumber: residentId(birth, 'M', 300 + (people += 1), '110105'),
    share,
  });

  /** An accepted policy whose insured is someone else than the policyholder, with two beneficiaries. */
  async function policyWithParties(opts: { branchCode?: string } = {}) {
    const body = validApplication({ branchCode: opts.branchCode });
    body.insured = {
      name: '李小四',
      gender: 'F',
      birthDate: '1992-02-02',
      idType: 'RESIDENT_ID',
      idNumber: residentId('1992-02-02', 'F', 100 + (people += 1)),
      address: '广东省广州市越秀区中山路 8 号',
      phones: ['13900139000'],
    };
    const beneficiaries = [beneficiary('王五', 60), beneficiary('赵六', 40, '1960-06-06')];
    body.beneficiaries = beneficiaries;
    const res = await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    expect(res.body.underwriting.decision).toBe('ACCEPTED');
    return { body, beneficiaries };
  }

  const holderOf = (p: Awaited<ReturnType<typeof policyWithParties>>) => ({
    policyNumber: p.body.policyNumber,
    name: p.body.policyholder.name!,
    idType: 'RESIDENT_ID',
    idNumber: p.body.policyholder.idNumber!,
    relation: 'policyholder',
    channel: 'counter',
  });

  const inquire = (body: object, token = cs) => http().post('/api/inquiries').set('Authorization', token).send(body);

  beforeAll(async () => {
    const queue = useOwnTaskQueue();
    process.env.INQUIRY_RATE_LIMIT = '10000';
    app = await startApi();
    db = app.get(DataSource);
    worker = await startWorker(queue);
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
    await worker?.stop();
    await app?.close();
  });

  describe('beneficiaries', () => {
    it('are entered at intake, stored encrypted, and shown in the policy view masked as the other parties', async () => {
      const { body, beneficiaries } = await policyWithParties();
      const masked = await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', intake).expect(200);
      expect(masked.body.beneficiaries).toEqual([
        { name: '王*', idType: 'RESIDENT_ID', idNumber: expect.stringMatching(/^110\*{11}\w{4}$/), share: 60 },
        { name: '赵*', idType: 'RESIDENT_ID', idNumber: expect.stringMatching(/^110\*{11}\w{4}$/), share: 40 },
      ]);
      const whole = await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', cs).expect(200);
      expect(whole.body.beneficiaries.map((b: { idNumber: string }) => b.idNumber)).toEqual(
        beneficiaries.map((b) => b.idNumber),
      );
      const [raw] = await db.query(
        `SELECT string_agg(b.id_number_enc::text || b.name, '|') AS dump FROM policy_beneficiaries b
         JOIN policies p ON p.id = b.policy_id WHERE p.policy_number = $1`,
        [body.policyNumber],
      );
      expect(raw.dump).toContain('王五');
      for (const b of beneficiaries) expect(raw.dump).not.toContain(Buffer.from(b.idNumber).toString('hex'));
    });

    it('are optional: an application without any stays valid and shows none (the legal heirs)', async () => {
      const body = validApplication();
      await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
      const view = await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', intake).expect(200);
      expect(view.body.beneficiaries).toEqual([]);
    });

    it('refuses shares that do not sum to 100 and a bad beneficiary ID at intake, naming the field', async () => {
      const body = validApplication();
      body.beneficiaries = [beneficiary('王五', 60), beneficiary('赵六', 30)];
      const sum = await http().post('/api/policies').set('Authorization', intake).send(body).expect(400);
      expect(sum.body.errors).toEqual([
        expect.objectContaining({ field: 'beneficiaries', message: expect.stringMatching(/sum to 100.*sum to 90/) }),
      ]);
      body.beneficiaries = [{ ...beneficiary('王五', 100), idNumber: '1101051955' }];
      const id = await http().post('/api/policies').set('Authorization', intake).send(body).expect(400);
      expect(id.body.errors.map((e: { field: string }) => e.field)).toEqual(['beneficiaries.0.idNumber']);
      await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', intake).expect(404);
    });

    it('come in through a CSV bulk import (beneficiaries.N.* columns); shares not summing to 100 make a bad row', async () => {
      const good = validApplication();
      good.beneficiaries = [beneficiary('周九', 70), beneficiary('吴十', 30, '1961-03-03')];
      const bad = validApplication();
      bad.beneficiaries = [beneficiary('郑一', 70)];
      const started = await http()
        .post('/api/policies/import?fileName=with-beneficiaries.csv')
        .set('Authorization', intake)
        .set('Content-Type', 'text/csv')
        .send(toCsv([good, bad]))
        .expect(202);
      const done = await eventually(
        async () => (await http().get(`/api/imports/${started.body.id}`).set('Authorization', intake).expect(200)).body,
        (b: { status: string }) => b.status === 'COMPLETED' || b.status === 'FAILED',
      );
      expect(done).toMatchObject({ status: 'COMPLETED', rowsRead: 2, accepted: 1, bad: 1 });
      const report = await http()
        .get(`/api/imports/${started.body.id}/report?format=json`)
        .set('Authorization', intake)
        .expect(200);
      expect(report.body.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual([
        [3, 'beneficiaries'],
      ]);
      const view = await http().get(`/api/policies/${good.policyNumber}`).set('Authorization', cs).expect(200);
      expect(view.body.beneficiaries).toEqual(good.beneficiaries);
      // An imported beneficiary can be verified like any other.
      const second = good.beneficiaries![1];
      const asked = await inquire({
        policyNumber: good.policyNumber,
        name: second.name,
        idType: 'RESIDENT_ID',
        idNumber: second.idNumber,
        relation: 'beneficiary',
        channel: 'phone',
      }).expect(200);
      expect(asked.body.ownShare).toEqual({ name: '吴*', share: 30 });
    });

    it('are replaced through PUT /api/policies/{n}/beneficiaries by intake, validated and audited', async () => {
      const { body } = await policyWithParties();
      const url = `/api/policies/${body.policyNumber}/beneficiaries`;
      const bad = await http()
        .put(url)
        .set('Authorization', intake)
        .send({ beneficiaries: [beneficiary('钱七', 50), beneficiary('孙八', 49.99)] })
        .expect(400);
      expect(bad.body.errors[0].field).toBe('beneficiaries');
      const badShare = await http()
        .put(url)
        .set('Authorization', intake)
        .send({ beneficiaries: [beneficiary('钱七', 100.5)] })
        .expect(400);
      expect(badShare.body.errors.map((e: { field: string }) => e.field)).toContain('beneficiaries.0.share');

      const one = beneficiary('钱七', 100);
      const res = await http()
        .put(url)
        .set('Authorization', intake)
        .send({ beneficiaries: [one] })
        .expect(200);
      expect(res.body).toEqual({
        policyNumber: body.policyNumber,
        beneficiaries: [{ name: '钱*', idType: 'RESIDENT_ID', idNumber: expect.stringMatching(/^110\*+/), share: 100 }],
      });
      const view = await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', cs).expect(200);
      expect(view.body.beneficiaries).toEqual([{ ...one }]);
      await http().put(url).set('Authorization', intake).send({ beneficiaries: [] }).expect(200);
      const heirs = await http().get(`/api/policies/${body.policyNumber}`).set('Authorization', cs).expect(200);
      expect(heirs.body.beneficiaries).toEqual([]);

      const audit = await db.query(
        `SELECT actor_id, before_hash IS NOT NULL AS before, after_hash IS NOT NULL AS after FROM audit_log
         WHERE action = 'policy.beneficiaries' AND entity_id = $1 ORDER BY id`,
        [body.policyNumber],
      );
      expect(audit).toEqual([
        { actor_id: 'clerk-1', before: true, after: true },
        { actor_id: 'clerk-1', before: true, after: true },
      ]);
      await http()
        .put(`/api/policies/P-NONE-${uniqueSuffix()}/beneficiaries`)
        .set('Authorization', intake)
        .send({ beneficiaries: [] })
        .expect(404);
      await http().put(url).set('Authorization', cs).send({ beneficiaries: [] }).expect(403);
    });
  });

  describe('a verified asker hears exactly their slice', () => {
    it('the policyholder: policy, coverage, cooling-off, both parties, the beneficiaries and the premium account', async () => {
      const p = await policyWithParties();
      const res = await inquire(holderOf(p)).expect(200);
      const idMask = expect.stringMatching(/^\d{3}\*{11}[\dX]{4}$/);
      expect(res.body).toEqual({
        granted: true,
        relation: 'policyholder',
        channel: 'counter',
        policy: {
          policyNumber: p.body.policyNumber,
          productCode: 'WL-01',
          productCategory: 'ordinary_life',
          status: 'ACCEPTED',
        },
        coverage: { termMonths: 240, applicationDate: '2026-11-20' },
        coolingOff: { receiptSignedDate: '2026-11-22', coolingOffDays: 15 },
        policyholder: { name: '张*', idType: 'RESIDENT_ID', idNumber: idMask },
        insured: { name: '李**', idType: 'RESIDENT_ID', idNumber: idMask },
        beneficiaries: {
          legalHeirs: false,
          named: [
            { name: '王*', share: 60 },
            { name: '赵*', share: 40 },
          ],
        },
        payment: {
          premiumAccountOnFile: true,
          bankAccount: expect.stringMatching(/^6222\*+\d{4}$/),
          accountHolderName: '张*',
        },
      });
      expect(res.text).not.toContain(p.body.policyholder.idNumber!);
    });

    it('the insured: no cooling-off and no payment, the policyholder by name only', async () => {
      const p = await policyWithParties();
      const res = await inquire({
        ...holderOf(p),
        name: ' 李 小四 ',
        idNumber: p.body.insured.idNumber!.toLowerCase(),
        relation: 'insured',
        channel: 'phone',
      }).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(
        ['beneficiaries', 'channel', 'coverage', 'granted', 'insured', 'policy', 'policyholder', 'relation'].sort(),
      );
      expect(res.body.policyholder).toEqual({ name: '张*' });
      expect(res.body.insured).toEqual({ name: '李**', idType: 'RESIDENT_ID', idNumber: expect.stringMatching(/\*/) });
      expect(res.body.channel).toBe('phone');
    });

    it('a beneficiary: the policy, the coverage, the insured by name and their own share only', async () => {
      const p = await policyWithParties();
      const second = p.beneficiaries[1];
      const res = await inquire({
        ...holderOf(p),
        name: second.name,
        idNumber: second.idNumber,
        relation: 'beneficiary',
      }).expect(200);
      expect(res.body).toEqual({
        granted: true,
        relation: 'beneficiary',
        channel: 'counter',
        policy: expect.objectContaining({ policyNumber: p.body.policyNumber }),
        coverage: { termMonths: 240, applicationDate: '2026-11-20' },
        insured: { name: '李**' },
        ownShare: { name: '赵*', share: 40 },
      });
    });

    it('the insured who is the policyholder may ask as either', async () => {
      const body = validApplication();
      await http().post('/api/policies').set('Authorization', intake).send(body).expect(201);
      const asker = {
        policyNumber: body.policyNumber,
        name: body.policyholder.name!,
        idType: 'RESIDENT_ID',
        idNumber: body.policyholder.idNumber!,
        channel: 'phone',
      };
      await inquire({ ...asker, relation: 'policyholder' }).expect(200);
      const asInsured = await inquire({ ...asker, relation: 'insured' }).expect(200);
      expect(asInsured.body.beneficiaries).toEqual({ legalHeirs: true, named: [] });
      await inquire({ ...asker, relation: 'beneficiary' }).expect(403);
    });
  });

  describe('everyone else hears the same refusal', () => {
    it('wrong name, wrong ID, wrong relation, unknown policy and a policy outside scope: byte-identical', async () => {
      const p = await policyWithParties();
      const right = holderOf(p);
      const tries = {
        wrongName: inquire({ ...right, name: '张四' }),
        wrongId: inquire({ ...right, idNumber: freshId() }),
        wrongRelation: inquire({ ...right, relation: 'insured' }),
        beneficiaryAsHolder: inquire({
          ...right,
          name: p.beneficiaries[0].name,
          idNumber: p.beneficiaries[0].idNumber,
        }),
        unknownPolicy: inquire({ ...right, policyNumber: `P-NONE-${uniqueSuffix()}` }),
        outOfScope: inquire(right, bearer('customer_service', { branches: ['BJ01'] })),
      };
      const answers: Record<string, { status: number; text: string }> = {};
      for (const [k, t] of Object.entries(tries)) {
        const res = await t;
        answers[k] = { status: res.status, text: res.text };
      }
      const first = answers.wrongName;
      expect(first.status).toBe(403);
      expect(JSON.parse(first.text)).toEqual({
        statusCode: 403,
        code: 'INQUIRY_REFUSED',
        message: 'the details given do not open this policy; nothing can be disclosed',
      });
      for (const [k, a] of Object.entries(answers)) expect({ k, ...a }).toEqual({ k, ...first });
    });

    it('answers a malformed body 400 naming the field, before any matching', async () => {
      const p = await policyWithParties();
      const right = holderOf(p);
      const cases: Array<[object, string]> = [
        [{ ...right, relation: 'friend' }, 'relation'],
        [{ ...right, channel: 'email' }, 'channel'],
        [{ ...right, idType: 'LIBRARY_CARD' }, 'idType'],
        [{ ...right, name: '' }, 'name'],
        [{ ...right, policyNumber: 'P 1' }, 'policyNumber'],
        [{ ...right, extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const res = await inquire(body).expect(400);
        expect({ field, got: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ field, got: [field] });
      }
      const { relation: _r, ...noRelation } = right;
      const missing = await inquire(noRelation).expect(400);
      expect(missing.body.errors[0].field).toBe('relation');
    });

    it('lets only customer service ask', async () => {
      const p = await policyWithParties();
      for (const role of ['intake', 'back_office', 'compliance', 'auditor', 'admin'] as const)
        await inquire(holderOf(p), bearer(role)).expect(403);
    });
  });

  describe('lock-out after five failures', () => {
    const mailboxNotes = async (token: string, pattern: RegExp) => {
      const res = await http().get('/api/me/notifications').set('Authorization', token).expect(200);
      return (res.body as Array<{ kind: string; message: string; recipient: string }>).filter(
        (n) => n.kind === 'INQUIRY_LOCKED' && pattern.test(n.message),
      );
    };

    it('per asker identity: after five failures on any policies, the right person is refused too; compliance told', async () => {
      const p = await policyWithParties();
      const right = holderOf(p);
      for (let i = 0; i < 5; i++) {
        await inquire({ ...right, policyNumber: `P-NONE-${uniqueSuffix()}` }).expect(403);
      }
      const locked = await inquire(right).expect(423);
      expect(locked.body.code).toBe('INQUIRY_LOCKED');
      expect(locked.body.message).toMatch(/cooling period of 1h/);
      // The lock is the asker's: someone else can still ask about the same policy.
      await inquire({
        ...right,
        name: p.beneficiaries[0].name,
        idNumber: p.beneficiaries[0].idNumber,
        relation: 'beneficiary',
      }).expect(200);
      const notes = await mailboxNotes(bearer('compliance'), /one asker identity/);
      expect(notes).toHaveLength(1);
      expect(notes[0].recipient).toBe('compliance@*/*');
      expect(notes[0].message).not.toContain(right.idNumber);
      // Compliance of one branch only does not read head office's mailbox.
      expect(
        await mailboxNotes(bearer('compliance', { branches: ['GZ01'], channels: ['agency'] }), /one asker identity/),
      ).toEqual([]);

      // After the cooling period (moved into the past here) the right person is let in again.
      const askers = await db.query(`SELECT key FROM inquiry_locks WHERE kind = 'asker' AND locked_until > now()`);
      expect(askers).toHaveLength(1);
      // (As a real lock ends after every failure it counted: the end is moved to this instant, not before them.)
      await db.query(`UPDATE inquiry_locks SET locked_until = clock_timestamp() WHERE kind = 'asker'`);
      await inquire(right).expect(200);
      // A single failure after a lock ended does not lock again at once.
      await inquire({ ...right, policyNumber: `P-NONE-${uniqueSuffix()}` }).expect(403);
      await inquire(right).expect(200);
    });

    it('per policy: five failures by anyone lock the policy, the fifth still the refusal; compliance of its scope told', async () => {
      const p = await policyWithParties();
      const right = holderOf(p);
      for (let i = 0; i < 4; i++) await inquire({ ...right, name: '陌生人', idNumber: freshId() }).expect(403);
      const fifth = await inquire({ ...right, name: '陌生人', idNumber: freshId() }).expect(403);
      expect(fifth.body.code).toBe('INQUIRY_REFUSED');
      await inquire(right).expect(423);
      await inquire({
        ...right,
        name: p.beneficiaries[1].name,
        idNumber: p.beneficiaries[1].idNumber,
        relation: 'beneficiary',
      }).expect(423);

      const pattern = new RegExp(`on policy ${right.policyNumber};`);
      const notes = await mailboxNotes(bearer('compliance', { branches: ['GZ01'], channels: ['agency'] }), pattern);
      expect(notes).toHaveLength(1);
      expect(notes[0].recipient).toBe('compliance@GZ01/agency');
      const [lock] = await db.query(
        `SELECT round(extract(epoch FROM locked_until - locked_at))::int AS seconds FROM inquiry_locks WHERE kind = 'policy' AND key = $1`,
        [right.policyNumber],
      );
      expect(lock.seconds).toBe(3600);
      const outcomes = await db.query(
        `SELECT outcome, count(*)::int AS n FROM inquiry_attempts WHERE policy_key = $1 GROUP BY outcome ORDER BY outcome`,
        [right.policyNumber],
      );
      expect(outcomes).toEqual([
        { outcome: 'locked', n: 2 },
        { outcome: 'refused', n: 5 },
      ]);
    });

    it('counts an unknown policy number as any other, so a lock tells nothing of which numbers exist', async () => {
      const unknown = `P-NONE-${uniqueSuffix()}`;
      for (let i = 0; i < 5; i++)
        await inquire({
          policyNumber: unknown,
          name: '陌生人',
          idType: 'RESIDENT_ID',
          idNumber: freshId(),
          relation: 'policyholder',
          channel: 'phone',
        }).expect(403);
      const res = await inquire({
        policyNumber: unknown,
        name: '陌生人',
        idType: 'RESIDENT_ID',
        idNumber: freshId(),
        relation: 'policyholder',
        channel: 'phone',
      }).expect(423);
      expect(res.body.code).toBe('INQUIRY_LOCKED');
    });
  });

  it('audits every inquiry, granted, refused or locked, without the asserted ID in clear', async () => {
    const p = await policyWithParties();
    const right = holderOf(p);
    const wrongId = freshId();
    await inquire(right).expect(200);
    await inquire({ ...right, idNumber: wrongId }).expect(403);
    const rows: Array<{ action: string; actor_id: string; row: string; detail: Record<string, unknown> }> =
      await db.query(
        `SELECT action, actor_id, row_to_json(a)::text AS row, detail FROM audit_log a
         WHERE entity_type = 'policy' AND entity_id = $1 AND action LIKE 'inquiry.%' ORDER BY id`,
        [right.policyNumber],
      );
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['inquiry.granted', 'cs-counter-1'],
      ['inquiry.refused', 'cs-counter-1'],
    ]);
    expect(rows[0].detail).toMatchObject({
      relation: 'policyholder',
      channel: 'counter',
      idType: 'RESIDENT_ID',
      name: '张*',
      asker: expect.stringMatching(/^[0-9a-f]{64}$/),
      disclosed: expect.arrayContaining(['policy', 'payment']),
    });
    expect(rows[1].detail).toMatchObject({ disclosed: [] });
    for (const r of rows) {
      expect(r.row).not.toContain(right.idNumber);
      expect(r.row).not.toContain(wrongId);
    }
    const [attempts] = await db.query(
      `SELECT string_agg(asker_hash::text, '|') AS dump, count(*)::int AS n FROM inquiry_attempts WHERE policy_key = $1`,
      [right.policyNumber],
    );
    expect(attempts.n).toBe(2);
    expect(attempts.dump).not.toContain(Buffer.from(right.idNumber).toString('hex'));
  });

  it('is rate-limited per client address (the inquiry budget)', async () => {
    const saved = process.env.INQUIRY_RATE_LIMIT;
    process.env.INQUIRY_RATE_LIMIT = '2';
    const limited = await createApp({ logger: false });
    await limited.init();
    try {
      const send = () =>
        request(limited.getHttpServer()).post('/api/inquiries').set('Authorization', cs).send({ relation: 'friend' });
      await send().expect(400);
      await send().expect(400);
      const res = await send().expect(429);
      expect(res.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
      process.env.INQUIRY_RATE_LIMIT = saved;
    }
  });
});
