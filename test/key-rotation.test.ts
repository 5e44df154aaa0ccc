import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { CaseView } from '../libs/contracts/src/case.contract';
import { openCaseView, sealCaseView } from '../libs/persistence/src/crypto/case-view-seal';
import { FieldCipher } from '../libs/persistence/src/crypto/field-cipher';
import { assertIndexSettled } from '../libs/persistence/src/crypto/index-key-state';
import { dataKey, KeyRing } from '../libs/persistence/src/crypto/key-ring';
import { encryptLegacyFormat } from '../libs/persistence/src/crypto/legacy-format';
import type { RotationReport } from '../libs/persistence/src/crypto/key-rotation';
import { rotateKeys, SENSITIVE_TABLES } from '../libs/persistence/src/crypto/key-rotation';
import { dataSourceOptions } from '../libs/persistence/src/data-source';
import type { ApplicationBody } from './support';
import {
  bearer,
  eventually,
  mobile,
  residentId,
  startApi,
  startWorker,
  uniqueSuffix,
  useOwnTaskQueue,
  validApplication,
} from './support';

const BRANCH = 'KR01';

/** Every bytea column holding a field ciphertext (key-rotation.ts SENSITIVE_TABLES rotates them all). */
const CIPHERTEXT_COLUMNS: Array<[string, string]> = [
  ['customers', 'id_number_enc'],
  ['policy_parties', 'id_number_enc'],
  ['contact_points', 'value_enc'],
  ['bank_accounts', 'account_enc'],
  ['sellers', 'phone_enc'],
  ['sellers', 'id_number_enc'],
  ['agencies', 'phone_enc'],
  ['customer_corrections', 'old_enc'],
];

describe('npm run keys:rotate: a new data key and blind-index key while the API serves (real PostgreSQL and Temporal)', () => {
  const K1 = process.env.VERITY_DATA_KEY!;
  const K2 = FieldCipher.generateKey();
  const saved = { id: process.env.VERITY_DATA_KEY_ID, previous: process.env.VERITY_DATA_PREVIOUS_KEYS };
  const onlyK1 = new FieldCipher(new KeyRing(dataKey(K1, 'k1')));
  const onlyK2 = new FieldCipher(new KeyRing(dataKey(K2, 'k2')));
  const intake = bearer('intake');
  const cs = bearer('customer_service', { user: 'cs-kr' });
  const compliance = bearer('compliance');
  const run = uniqueSuffix();
  let app: INestApplication;
  let worker: { stop: () => Promise<void> } | undefined;
  let db: DataSource;
  let queue: string;
  let person = 0;
  const api = () => request(app.getHttpServer());

  async function startWith(env: { key: string; id: string; previous?: string }) {
    await worker?.stop();
    await app?.close();
    process.env.VERITY_DATA_KEY = env.key;
    process.env.VERITY_DATA_KEY_ID = env.id;
    if (env.previous) process.env.VERITY_DATA_PREVIOUS_KEYS = env.previous;
    else delete process.env.VERITY_DATA_PREVIOUS_KEYS;
    app = await startApi();
    worker = await startWorker(queue);
  }

  const phone = (n: number) => mobile(70_000_000 + (Number.parseInt(run.slice(-4), 36) % 10_000) * 100 + n);

  function application(opts: { phone?: string; account?: string } = {}): ApplicationBody {
    person += 1;
    const body = validApplication({ branchCode: BRANCH, sellerCode: 'S-KR' });
    const birth = `1979-0${1 + (person % 9)}-1${person % 10}`;
    body.policyholder = {
      ...body.policyholder,
      name: `客户${person}`,
      birthDate: birth,
      gender: 'M',
      idNumber: residentId(birth, 'M', 300 + person + (Number.parseInt(run.slice(-3), 36) % 150), '440104'),
      phones: [opts.phone ?? phone(500 + person)],
    };
    body.payment = {
      bankAccount: opts.account ?? `62220300${String(person).padStart(4, '0')}${String(Date.now()).slice(-7)}`,
      accountHolderName: body.policyholder.name,
    };
    return body;
  }

  async function policy(opts: { phone?: string; account?: string } = {}): Promise<ApplicationBody> {
    const body = application(opts);
    const res = await api().post('/api/policies').set('Authorization', intake).send(body).expect(201);
    expect(res.body.underwriting.decision).toBe('ACCEPTED');
    return body;
  }

  async function runDetection(full: boolean) {
    const started = await api().post('/api/detection/runs').set('Authorization', cs).send({ full }).expect(202);
    const done = await eventually(
      async () => (await api().get(`/api/detection/runs/${started.body.id}`).set('Authorization', cs).expect(200)).body,
      (r) => r.status !== 'RUNNING',
    );
    expect(done.status).toBe('COMPLETED');
    return done;
  }

  async function listed(runId: string): Promise<string[]> {
    const rows: Array<{ rule: string; policyNumbers: string[] }> = (
      await api()
        .get(`/api/detection/runs/${runId}/findings?branch=${BRANCH}&pageSize=1000`)
        .set('Authorization', cs)
        .expect(200)
    ).body;
    return rows.map((r) => `${r.rule}:${[...r.policyNumbers].sort().join('+')}`).sort();
  }

  /** Every finding as detection keeps it: key, rule, customers and policies (not the hash naming the cluster). */
  async function findings(): Promise<string[]> {
    const rows: Array<{ finding_key: string; rule: string; customer_ids: string[]; policy_numbers: string[] }> =
      await db.query(`SELECT finding_key, rule, customer_ids, policy_numbers FROM findings ORDER BY finding_key`);
    return rows.map((r) => `${r.finding_key}|${r.rule}|${r.customer_ids.join(',')}|${r.policy_numbers.join(',')}`);
  }

  const pair = (a: ApplicationBody, b: ApplicationBody) => [a.policyNumber, b.policyNumber].sort().join('+');

  /** Ciphertexts of the registered columns whose key id is not `keyId` (the first format counts as another). */
  async function notUnder(keyId: string): Promise<number> {
    let n = 0;
    for (const [table, column] of CIPHERTEXT_COLUMNS) {
      const [{ count }] = await db.query(
        `SELECT count(*)::int AS count FROM ${table} WHERE ${column} IS NOT NULL
           AND NOT (get_byte(${column}, 0) = 2 AND substring(${column} from 3 for get_byte(${column}, 1)) = convert_to($1, 'UTF8'))`,
        [keyId],
      );
      n += count;
    }
    return n;
  }

  let shared: {
    a: ApplicationBody;
    b: ApplicationBody;
    d: ApplicationBody;
    e: ApplicationBody;
    f: ApplicationBody;
    lone: ApplicationBody;
  };
  let imported: ApplicationBody[];
  let found: string[];
  let findingsBefore: string[];
  let duringRotation: ApplicationBody;
  let sealedCaseId: string;
  let report: RotationReport;
  const sealedView = (view: CaseView): CaseView =>
    ({
      ...view,
      submission: {
        outcome: 'CORRECTED',
        summary: 'phone corrected',
        submittedBy: 'bo',
        corrections: [{ customerId: '1', field: 'phone', oldValue: '+8613800138000', newValue: '+8613900139000' }],
      },
    }) as unknown as CaseView;

  beforeAll(async () => {
    queue = useOwnTaskQueue();
    db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 4));
    await db.initialize();
    await startWith({ key: K1, id: 'k1' });
    await api()
      .post('/api/sellers')
      .set('Authorization', bearer('channel_manager'))
      .send({
        code: 'S-KR',
        name: '周九',
        kind: 'agent',
        channel: 'agency',
        branchCode: BRANCH,
        qualifiedOn: '2025-01-01',
        phone: phone(99),
        address: '广州市海珠区新港中路 9 号',
      })
      .expect(201);
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await db?.destroy();
    process.env.VERITY_DATA_KEY = K1;
    if (saved.id === undefined) delete process.env.VERITY_DATA_KEY_ID;
    else process.env.VERITY_DATA_KEY_ID = saved.id;
    if (saved.previous === undefined) delete process.env.VERITY_DATA_PREVIOUS_KEYS;
    else process.env.VERITY_DATA_PREVIOUS_KEYS = saved.previous;
  });

  // A table added later with an encrypted column the rotation does not know would keep its old key for good.
  it('knows every encrypted column of the schema', async () => {
    const columns: Array<{ table_name: string; column_name: string }> = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type = 'bytea' AND column_name LIKE '%\\_enc'
        ORDER BY 1, 2`,
    );
    expect(columns.length).toBeGreaterThan(5);
    const rotated = new Set(SENSITIVE_TABLES.flatMap((t) => t.set.map(([column]) => `${t.table}.${column}`)));
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`).filter((c) => !rotated.has(c))).toEqual([]);
  });

  it('under key 1: intake, a bulk import, a legacy ciphertext and a sealed case view; detection finds F', async () => {
    const account = `6222030077${String(Date.now()).slice(-9)}`;
    shared = {
      a: await policy({ phone: phone(1) }),
      b: await policy({ phone: phone(1) }),
      d: await policy({ account }),
      e: await policy({ account }),
      f: await policy({ phone: phone(99) }), // the seller's own phone
      lone: await policy({ phone: phone(2) }),
    };
    imported = [application({ phone: phone(3) }), application({ phone: phone(3) })];
    const started = await api()
      .post('/api/policies/import')
      .set('Authorization', intake)
      .set('Content-Type', 'application/x-ndjson')
      .send(imported.map((r) => JSON.stringify(r)).join('\n'))
      .expect(202);
    const done = await eventually(
      async () => (await api().get(`/api/imports/${started.body.id}`).set('Authorization', intake).expect(200)).body,
      (r) => r.status === 'COMPLETED' || r.status === 'FAILED',
    );
    expect(done).toMatchObject({ status: 'COMPLETED', accepted: 2 });
    // One phone stored in the first format (before key ids): it must keep decrypting and be rotated like the rest.
    const [row] = await db.query(
      `SELECT cp.id, cp.value_enc FROM contact_points cp JOIN policies p ON p.id = cp.policy_id
       WHERE p.policy_number = $1 AND cp.kind = 'phone'`,
      [shared.a.policyNumber],
    );
    expect(onlyK1.keyIdOf(row.value_enc)).toBe('k1');
    await db.query(`UPDATE contact_points SET value_enc = $2 WHERE id = $1`, [
      row.id,
      encryptLegacyFormat(K1, onlyK1.decrypt(row.value_enc)),
    ]);

    const first = await runDetection(true);
    found = await listed(first.id);
    expect(found).toEqual(
      [
        `SELLER_CONTACT_USED:${shared.f.policyNumber}`,
        `SHARED_BANK_ACCOUNT:${pair(shared.d, shared.e)}`,
        `SHARED_PHONE:${pair(shared.a, shared.b)}`,
        `SHARED_PHONE:${pair(imported[0], imported[1])}`,
      ].sort(),
    );
    findingsBefore = await findings();
    // A case view carrying a submitted correction, sealed under key 1 (as the read model keeps it).
    const [caseRow] = await eventually(
      async (): Promise<Array<{ case_id: string; view: CaseView }>> =>
        db.query(`SELECT case_id, view FROM cases ORDER BY case_id LIMIT 1`),
      (rows) => rows.length > 0,
    );
    sealedCaseId = caseRow.case_id;
    await db.query(`UPDATE cases SET view = $2 WHERE case_id = $1`, [
      sealedCaseId,
      JSON.stringify(sealCaseView(sealedView(caseRow.view), onlyK1)),
    ]);
    expect(await notUnder('k1')).toBe(1); // the legacy phone
  });

  it('rotates to key 2 with the API reading and writing during the run, and every ciphertext names key 2', async () => {
    // The operator's restart: key 2 current, key 1 previous.
    await startWith({ key: K2, id: 'k2', previous: `k1=${K1}` });
    // Before the rotation: new values are encrypted under key 2 but still hashed under key 1, as every stored hash is.
    const before = await policy({ phone: phone(4) });
    const [w] = await db.query(
      `SELECT cp.value_enc, cp.value_hash FROM contact_points cp JOIN policies p ON p.id = cp.policy_id WHERE p.policy_number = $1 AND cp.kind = 'phone'`,
      [before.policyNumber],
    );
    expect(onlyK2.keyIdOf(w.value_enc)).toBe('k2');
    expect(w.value_hash.equals(onlyK1.blindIndex(onlyK2.decrypt(w.value_enc)))).toBe(true);

    let during = 0;
    report = await rotateKeys(
      db,
      FieldCipher.fromEnv({ VERITY_DATA_KEY: K2, VERITY_DATA_KEY_ID: 'k2', VERITY_DATA_PREVIOUS_KEYS: `k1=${K1}` }),
      {
        batchSize: 2,
        onBatch: async (table) => {
          if (table !== 'contact_points' || during++ > 0) return;
          // Mid-run: reads decrypt (rotated rows and rows not yet reached), a write goes in, detection is held back.
          const read = await api()
            .get(`/api/policies/${shared.b.policyNumber}`)
            .set('Authorization', compliance)
            .expect(200);
          expect(read.body.policyholder.idNumber).toBe(shared.b.policyholder.idNumber);
          const readA = await api()
            .get(`/api/policies/${shared.a.policyNumber}`)
            .set('Authorization', compliance)
            .expect(200);
          expect(readA.body.policyholder.phones).toHaveLength(1);
          duringRotation = await policy({ phone: phone(5) });
          await expect(
            db.transaction(async (tx) => {
              await tx.query(`SET LOCAL lock_timeout = '200ms'`);
              await assertIndexSettled(tx);
            }),
          ).rejects.toThrow(/lock timeout/);
        },
      },
    );
    expect(during).toBeGreaterThan(0);
    expect(report).toMatchObject({ check: false, dataKeyId: 'k2', indexKeyId: 'k2', indexRotatedFrom: 'k1' });
    expect(report.tables.customers.rehashed).toBeGreaterThanOrEqual(8);
    expect(report.tables.contact_points.reencrypted).toBeGreaterThanOrEqual(8);
    expect(report.tables.findings.rehashed).toBe(4);
    for (const t of Object.values(report.tables)) expect(t.unmatched).toBe(0);

    expect(await notUnder('k2')).toBe(0);
    const [state] = await db.query(`SELECT index_key_id, previous_index_key_id FROM key_ring_state`);
    expect(state).toEqual({ index_key_id: 'k2', previous_index_key_id: null });
    // Every hash is the value's blind index under key 2, the cluster references of the findings included.
    const phones: Array<{ value_enc: Buffer; value_hash: Buffer }> = await db.query(
      `SELECT value_enc, value_hash FROM contact_points WHERE kind = 'phone'`,
    );
    for (const p of phones) expect(p.value_hash.equals(onlyK2.blindIndex(onlyK2.decrypt(p.value_enc)))).toBe(true);
    const people: Array<{ id_type: string; id_number_enc: Buffer; id_number_hash: Buffer }> = await db.query(
      `SELECT id_type, id_number_enc, id_number_hash FROM customers`,
    );
    for (const p of people)
      expect(p.id_number_hash.equals(onlyK2.blindIndex(`${p.id_type}:${onlyK2.decrypt(p.id_number_enc)}`))).toBe(true);
    const [cluster] = await db.query(
      `SELECT cluster_ref FROM findings WHERE rule = 'SHARED_PHONE' AND $1 = ANY(policy_numbers)`,
      [shared.a.policyNumber],
    );
    const [aPhone] = await db.query(
      `SELECT cp.value_enc FROM contact_points cp JOIN policies p ON p.id = cp.policy_id WHERE p.policy_number = $1 AND cp.kind = 'phone'`,
      [shared.a.policyNumber],
    );
    expect(cluster.cluster_ref).toBe(onlyK2.blindIndex(onlyK2.decrypt(aPhone.value_enc)).toString('hex'));
  });

  it('decrypts everything with key 1 removed from the ring, through the API and directly', async () => {
    await startWith({ key: K2, id: 'k2' });
    for (const [table, column] of CIPHERTEXT_COLUMNS) {
      const rows: Array<{ v: Buffer }> = await db.query(
        `SELECT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`,
      );
      for (const r of rows) expect(() => onlyK2.decrypt(r.v)).not.toThrow();
    }
    const [caseRow] = await db.query(`SELECT view FROM cases WHERE case_id = $1`, [sealedCaseId]);
    expect(JSON.stringify(caseRow.view)).not.toContain('13900139000');
    const sealed = caseRow.view.submission.corrections[0].sealed as string;
    expect(onlyK2.keyIdOf(Buffer.from(sealed, 'base64'))).toBe('k2');
    expect(openCaseView(caseRow.view, onlyK2).submission!.corrections![0].newValue).toBe('+8613900139000');
    for (const p of [shared.a, shared.d, imported[0], duringRotation]) {
      const read = await api().get(`/api/policies/${p.policyNumber}`).set('Authorization', compliance).expect(200);
      expect(read.body.policyholder.idNumber).toBe(p.policyholder.idNumber);
      expect(read.body.payment.bankAccount).toBe(p.payment!.bankAccount);
    }
    // Nothing is left for another run to do: a check counts nothing, a second run changes nothing.
    const check = await rotateKeys(db, onlyK2, { check: true });
    for (const t of Object.values(check.tables)) expect(t).toMatchObject({ reencrypted: 0, rehashed: 0, unmatched: 0 });
    const again = await rotateKeys(db, onlyK2);
    expect(again.indexRotatedFrom).toBeNull();
    for (const t of Object.values(again.tables)) expect(t).toMatchObject({ reencrypted: 0, rehashed: 0, unmatched: 0 });
  });

  it('detection finds exactly F again, and an incremental run finds duplicates added after the rotation', async () => {
    const full = await runDetection(true);
    expect(await listed(full.id)).toEqual([]);
    expect(await findings()).toEqual(findingsBefore);

    const dupOfDuring = await policy({ phone: phone(5) });
    const dupOfOld = await policy({ phone: phone(2) });
    const incremental = await runDetection(false);
    expect(await listed(incremental.id)).toEqual(
      [`SHARED_PHONE:${pair(duringRotation, dupOfDuring)}`, `SHARED_PHONE:${pair(shared.lone, dupOfOld)}`].sort(),
    );
  });
});
