import type { DataSource, EntityManager } from 'typeorm';
import { normaliseAddressForIndex } from '../../../domain/src/contact/address-index';
import type { FieldCipher } from './field-cipher';
import {
  beginIndexRotation,
  DETECTION_FENCE,
  finishIndexRotation,
  readIndexKeys,
  ROTATION_LOCK,
} from './index-key-state';
import { KeyRingError } from './key-ring';

/**
 * `npm run keys:rotate`: re-encrypts every sensitive value under the ring's current key and, when the database's
 * blind-index key is another one, moves every stored hash to the current key's index in the same run, while the
 * API and the worker keep reading and writing.
 *
 * - One table at a time, in batches by primary key, each batch one transaction that locks its rows (FOR UPDATE):
 *   a concurrent write to a row waits for the batch or the batch for it, and either way the row ends under the
 *   current key. Rows are rewritten only when they are not yet under it, so a second run changes nothing
 *   (idempotent), and the last key of each batch is recorded (key_rotation_progress) so an interrupted run resumes.
 * - Writers encrypt with the current key as soon as they run with the new ring; from the moment this run switches
 *   the index key in the database, they also hash under the new key and look values up under both.
 * - Detection waits for the whole run (the detection fence). Findings name their cluster by the shared value's hash
 *   (cluster_ref): those are translated too, from the values of the finding's customers, so the next run recognises
 *   every cluster it found before and reports nothing new.
 */

export interface RotationOptions {
  /** Rows per batch (one transaction each). */
  batchSize?: number;
  /** Count what a run would change, change nothing. */
  check?: boolean;
  /** Called after every batch (progress; the tests write through the API there). */
  onBatch?: (table: string, counts: TableCounts) => Promise<void> | void;
}

export interface TableCounts {
  rows: number;
  /** Values decrypted and encrypted again under the current key. */
  reencrypted: number;
  /** Blind indexes (and cluster references) recomputed under the current index key. */
  rehashed: number;
  /** Hashes no key of the ring gives for the row's value: left as they are and reported. */
  unmatched: number;
}

export interface RotationReport {
  check: boolean;
  dataKeyId: string;
  indexKeyId: string;
  /** The index key the hashes were moved off in this run (null: they were already under the current key). */
  indexRotatedFrom: string | null;
  tables: Record<string, TableCounts>;
}

type Row = Record<string, unknown>;

interface Context {
  cipher: FieldCipher;
  counts: TableCounts;
  /** Hash (hex, under any key of the ring) → its value's hash under the current index key; per batch. */
  translate: Map<string, Buffer>;
}

interface TableSpec {
  table: string;
  /** Primary key columns and their SQL types. */
  key: Array<[string, string]>;
  select: string;
  where?: string;
  /** Columns a batch writes, and their SQL types. */
  set: Array<[string, string]>;
  /** Customers whose values translate this row's hashes (findings, corrections' new values). */
  customers?: (row: Row) => Array<string | null>;
  /** The row's new values of `set`, or null when it is already under the current keys. */
  rewrite: (row: Row, ctx: Context) => Row | null;
}

const buf = (v: unknown): Buffer | null => (v === null || v === undefined ? null : (v as Buffer));

/** A new ciphertext when this one is not under the current key; null to leave it. */
function reencrypt(sealed: Buffer | null, ctx: Context): Buffer | null {
  if (sealed === null || ctx.cipher.isCurrent(sealed)) return null;
  ctx.counts.reencrypted += 1;
  return ctx.cipher.encrypt(ctx.cipher.decrypt(sealed));
}

/**
 * The value's hash under the current index key when the stored one is under another key of the ring; null to leave
 * it. `values` are the normalised forms the writers hash (the first that any key gives the stored hash for wins).
 */
function rehash(stored: Buffer | null, values: Array<string | null>, ctx: Context): Buffer | null {
  if (stored === null) return null;
  const candidates = values.filter((v): v is string => v !== null);
  if (candidates.some((v) => ctx.cipher.blindIndex(v).equals(stored))) return null;
  for (const v of candidates) {
    if (ctx.cipher.keyRing.keys.some((k) => ctx.cipher.blindIndexUnder(k.id, v).equals(stored))) {
      ctx.counts.rehashed += 1;
      return ctx.cipher.blindIndex(v);
    }
  }
  ctx.counts.unmatched += 1;
  return null;
}

/** Re-encrypts the sealed values of corrections kept in JSON (case views, re-check tasks); null when none changed. */
function resealCorrections(corrections: unknown, ctx: Context): unknown[] | null {
  if (!Array.isArray(corrections)) return null;
  let changed = false;
  const out = corrections.map((c: { sealed?: string }) => {
    if (!c || typeof c.sealed !== 'string') return c;
    const next = reencrypt(Buffer.from(c.sealed, 'base64'), ctx);
    if (!next) return c;
    changed = true;
    return { ...c, sealed: next.toString('base64') };
  });
  return changed ? out : null;
}

const idValue = (type: unknown, enc: Buffer | null, ctx: Context) =>
  enc === null ? null : `${type as string}:${ctx.cipher.decrypt(enc)}`;
const opened = (enc: Buffer | null, ctx: Context) => (enc === null ? null : ctx.cipher.decrypt(enc));
const addressIndexed = (address: unknown) => (address ? normaliseAddressForIndex(address as string) || null : null);

/** Changes of an encrypted column and its blind index, or null when both are current. */
function encAndHash(row: Row, encCol: string, hashCol: string, values: Array<string | null>, ctx: Context): Row | null {
  const enc = reencrypt(buf(row[encCol]), ctx);
  const hash = rehash(buf(row[hashCol]), values, ctx);
  return enc || hash ? { [encCol]: enc ?? row[encCol], [hashCol]: hash ?? row[hashCol] } : null;
}

function merge(...parts: Array<Row | null>): Row | null {
  return parts.some((p) => p !== null) ? Object.assign({}, ...parts.filter((p) => p !== null)) : null;
}

/** A table whose columns are only encrypted (no blind index): free texts such as a loan's purpose. */
function encryptedOnly(table: string, key: Array<[string, string]>, columns: string[]): TableSpec {
  return {
    table,
    key,
    select: columns.join(', '),
    set: columns.map((c) => [c, 'bytea']),
    rewrite: (r, ctx) => {
      const changed = columns.map((c) => [c, reencrypt(buf(r[c]), ctx)] as const);
      return changed.some(([, v]) => v !== null) ? Object.fromEntries(changed.map(([c, v]) => [c, v ?? r[c]])) : null;
    },
  };
}

/** A table keeping an ID document as customers do: the number encrypted, the blind index of `type:number`. */
function identityDocuments(table: string, key: Array<[string, string]>): TableSpec {
  return {
    table,
    key,
    select: 'id_type, id_number_enc, id_number_hash',
    set: [
      ['id_number_enc', 'bytea'],
      ['id_number_hash', 'bytea'],
    ],
    rewrite: (r, ctx) =>
      encAndHash(r, 'id_number_enc', 'id_number_hash', [idValue(r.id_type, buf(r.id_number_enc), ctx)], ctx),
  };
}

/**
 * Every column holding a field ciphertext or a blind index. A context that adds one adds it here (and to
 * test/key-rotation.test.ts's list of ciphertext columns).
 */
export const SENSITIVE_TABLES: TableSpec[] = [
  identityDocuments('customers', [['id', 'bigint']]),
  identityDocuments('policy_parties', [
    ['policy_id', 'bigint'],
    ['role', 'text'],
  ]),
  identityDocuments('policy_beneficiaries', [
    ['policy_id', 'bigint'],
    ['position', 'smallint'],
  ]),
  {
    table: 'contact_points',
    key: [['id', 'bigint']],
    select: 'policy_id, role, kind, value_enc, value_text, value_hash',
    set: [
      ['value_enc', 'bytea'],
      ['value_hash', 'bytea'],
    ],
    rewrite: (r, ctx) => {
      const values =
        r.kind === 'phone'
          ? [opened(buf(r.value_enc), ctx)]
          : [
              addressIndexed(r.value_text) ?? `unmatchable:${r.policy_id as string}:${r.role as string}`,
              normaliseAddressForIndex((r.value_text as string | null) ?? ''),
            ];
      return encAndHash(r, 'value_enc', 'value_hash', values, ctx);
    },
  },
  {
    table: 'bank_accounts',
    key: [['policy_id', 'bigint']],
    select: 'account_enc, account_hash',
    set: [
      ['account_enc', 'bytea'],
      ['account_hash', 'bytea'],
    ],
    rewrite: (r, ctx) => encAndHash(r, 'account_enc', 'account_hash', [opened(buf(r.account_enc), ctx)], ctx),
  },
  {
    table: 'sellers',
    key: [['id', 'bigint']],
    select: 'phone_enc, phone_hash, address, address_hash, id_type, id_number_enc, id_number_hash',
    set: [
      ['phone_enc', 'bytea'],
      ['phone_hash', 'bytea'],
      ['address_hash', 'bytea'],
      ['id_number_enc', 'bytea'],
      ['id_number_hash', 'bytea'],
    ],
    rewrite: (r, ctx) => {
      const address = rehash(buf(r.address_hash), [addressIndexed(r.address)], ctx);
      return merge(
        encAndHash(r, 'phone_enc', 'phone_hash', [opened(buf(r.phone_enc), ctx)], ctx),
        encAndHash(r, 'id_number_enc', 'id_number_hash', [idValue(r.id_type, buf(r.id_number_enc), ctx)], ctx),
        address ? { address_hash: address } : null,
      );
    },
  },
  {
    table: 'agencies',
    key: [['id', 'bigint']],
    select: 'phone_enc, phone_hash, address, address_hash',
    set: [
      ['phone_enc', 'bytea'],
      ['phone_hash', 'bytea'],
      ['address_hash', 'bytea'],
    ],
    rewrite: (r, ctx) => {
      const address = rehash(buf(r.address_hash), [addressIndexed(r.address)], ctx);
      return merge(
        encAndHash(r, 'phone_enc', 'phone_hash', [opened(buf(r.phone_enc), ctx)], ctx),
        address ? { address_hash: address } : null,
      );
    },
  },
  {
    table: 'customer_corrections',
    key: [
      ['case_id', 'text'],
      ['position', 'smallint'],
    ],
    select: 'customer_id, linked_customer_id, field, old_enc, old_text, old_hash, new_hash',
    set: [
      ['old_enc', 'bytea'],
      ['old_hash', 'bytea'],
      ['new_hash', 'bytea'],
    ],
    // The new value is not kept here: its hash is translated from the customer's values, where it went.
    customers: (r) => [r.customer_id as string, r.linked_customer_id as string | null],
    rewrite: (r, ctx) => {
      const old = encAndHash(
        r,
        'old_enc',
        'old_hash',
        [r.field === 'address' ? normaliseAddressForIndex((r.old_text as string) ?? '') : opened(buf(r.old_enc), ctx)],
        ctx,
      );
      const stored = buf(r.new_hash);
      const translated = stored ? ctx.translate.get(stored.toString('hex')) : undefined;
      if (stored && !translated) ctx.counts.unmatched += 1;
      const next = translated && !translated.equals(stored!) ? translated : null;
      if (next) ctx.counts.rehashed += 1;
      return old || next
        ? { ...(old ?? { old_enc: r.old_enc, old_hash: r.old_hash }), new_hash: next ?? stored }
        : null;
    },
  },
  {
    table: 'cases',
    key: [['case_id', 'text']],
    select: 'view',
    where: `view->'submission'->'corrections' IS NOT NULL`,
    set: [['view', 'jsonb']],
    rewrite: (r, ctx) => {
      const view = r.view as { submission?: { corrections?: unknown } };
      const corrections = resealCorrections(view.submission?.corrections, ctx);
      return corrections
        ? { view: JSON.stringify({ ...view, submission: { ...view.submission, corrections } }) }
        : null;
    },
  },
  {
    table: 'recheck_tasks',
    key: [['id', 'uuid']],
    select: 'corrections',
    where: 'corrections IS NOT NULL',
    set: [['corrections', 'jsonb']],
    rewrite: (r, ctx) => {
      const corrections = resealCorrections(r.corrections, ctx);
      return corrections ? { corrections: JSON.stringify(corrections) } : null;
    },
  },
  encryptedOnly('loans', [['id', 'uuid']], ['purpose_enc']),
  encryptedOnly('incidents', [['id', 'uuid']], ['description_enc', 'lift_reason_enc']),
  encryptedOnly('access_requests', [['id', 'uuid']], ['purpose_enc', 'reason_enc', 'rejection_reason_enc']),
  encryptedOnly('legal_holds', [['id', 'uuid']], ['reason_enc']),
];

/** Findings of the rules that cluster by a value's blind index (the others cluster by policy number). */
const FINDINGS: TableSpec = {
  table: 'findings',
  key: [['finding_key', 'text']],
  select: 'cluster_ref, customer_ids',
  where: `rule IN ('SHARED_PHONE', 'SHARED_BANK_ACCOUNT', 'SELLER_CONTACT_USED', 'ID_CONFLICT')`,
  set: [['cluster_ref', 'text']],
  customers: (r) => r.customer_ids as string[],
  rewrite: (r, ctx) => {
    const next = ctx.translate.get(r.cluster_ref as string);
    if (!next) {
      ctx.counts.unmatched += 1;
      return null;
    }
    const hex = next.toString('hex');
    if (hex === r.cluster_ref) return null;
    ctx.counts.rehashed += 1;
    return { cluster_ref: hex };
  },
};

/**
 * Every value of these customers as writers hash it (phones, addresses, accounts, ID, old values of corrections),
 * keyed by its hash under each key of the ring, giving its hash under the current index key.
 */
async function customerValues(
  tx: EntityManager,
  customerIds: string[],
  cipher: FieldCipher,
): Promise<Map<string, Buffer>> {
  const values = new Set<string>();
  const contacts: Row[] = await tx.query(
    `SELECT kind, policy_id, role, value_enc, value_text FROM contact_points WHERE customer_id = ANY($1::bigint[])`,
    [customerIds],
  );
  for (const c of contacts) {
    if (c.kind === 'phone' && c.value_enc) values.add(cipher.decrypt(c.value_enc as Buffer));
    if (c.kind === 'address') {
      values.add(addressIndexed(c.value_text) ?? `unmatchable:${c.policy_id as string}:${c.role as string}`);
    }
  }
  const accounts: Row[] = await tx.query(
    `SELECT account_enc FROM bank_accounts WHERE payer_customer_id = ANY($1::bigint[])`,
    [customerIds],
  );
  for (const a of accounts) values.add(cipher.decrypt(a.account_enc as Buffer));
  const people: Row[] = await tx.query(`SELECT id_type, id_number_enc FROM customers WHERE id = ANY($1::bigint[])`, [
    customerIds,
  ]);
  for (const p of people) values.add(`${p.id_type as string}:${cipher.decrypt(p.id_number_enc as Buffer)}`);
  const corrections: Row[] = await tx.query(
    `SELECT field, old_enc, old_text FROM customer_corrections
     WHERE customer_id = ANY($1::bigint[]) OR linked_customer_id = ANY($1::bigint[])`,
    [customerIds],
  );
  for (const c of corrections) {
    if (c.field === 'address') values.add(normaliseAddressForIndex((c.old_text as string) ?? ''));
    else if (c.old_enc) values.add(cipher.decrypt(c.old_enc as Buffer));
  }
  const out = new Map<string, Buffer>();
  for (const v of values) {
    const current = cipher.blindIndex(v);
    for (const key of cipher.keyRing.keys) out.set(cipher.blindIndexUnder(key.id, v).toString('hex'), current);
  }
  return out;
}

const RETRYABLE = new Set(['40P01', '40001']);

async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code =
        (err as { code?: string; driverError?: { code?: string } }).driverError?.code ??
        (err as { code?: string }).code;
      if (attempt >= 5 || !code || !RETRYABLE.has(code)) throw err;
    }
  }
}

/** One table, batch after batch from `after` (the last key of the batch before); returns its counts. */
async function rotateTable(
  db: DataSource,
  spec: TableSpec,
  cipher: FieldCipher,
  options: Required<Pick<RotationOptions, 'batchSize' | 'check'>> & Pick<RotationOptions, 'onBatch'>,
): Promise<TableCounts> {
  const counts: TableCounts = { rows: 0, reencrypted: 0, rehashed: 0, unmatched: 0 };
  const keyList = spec.key.map(([c]) => c).join(', ');
  const target = cipher.currentKeyId;
  let after: unknown[] | null = null;
  if (!options.check) {
    const [progress] = await db.query(
      `SELECT last_key FROM key_rotation_progress WHERE target_key_id = $1 AND table_name = $2`,
      [target, spec.table],
    );
    after = progress?.last_key ?? null;
  }
  for (;;) {
    const batch: TableCounts = { rows: 0, reencrypted: 0, rehashed: 0, unmatched: 0 };
    const last: unknown[] | null = await withRetry(() =>
      db.transaction(async (tx) => {
        Object.assign(batch, { rows: 0, reencrypted: 0, rehashed: 0, unmatched: 0 });
        const params: unknown[] = after ?? [];
        const conditions = [spec.where ?? 'true'];
        if (after) conditions.push(`(${keyList}) > (${spec.key.map(([, t], i) => `$${i + 1}::${t}`).join(', ')})`);
        params.push(options.batchSize);
        const rows: Row[] = await tx.query(
          `SELECT ${keyList}, ${spec.select} FROM ${spec.table} WHERE ${conditions.join(' AND ')}
           ORDER BY ${keyList} LIMIT $${params.length}${options.check ? '' : ' FOR UPDATE'}`,
          params,
        );
        if (rows.length === 0) return null;
        const ctx: Context = { cipher, counts: batch, translate: new Map() };
        if (spec.customers) {
          const ids = [...new Set(rows.flatMap((r) => spec.customers!(r)).filter((id): id is string => id !== null))];
          ctx.translate = await customerValues(tx, ids.map(String), cipher);
        }
        const changed: Array<{ row: Row; next: Row }> = [];
        for (const row of rows) {
          const next = spec.rewrite(row, ctx);
          if (next) changed.push({ row, next });
        }
        batch.rows = rows.length;
        const lastKey = spec.key.map(([c]) => rows[rows.length - 1][c]);
        if (options.check) return lastKey;
        if (changed.length > 0) {
          const columns = [...spec.key, ...spec.set];
          const arrays = [
            ...spec.key.map(([c]) => changed.map((x) => x.row[c])),
            ...spec.set.map(([c]) => changed.map((x) => (c in x.next ? x.next[c] : x.row[c]))),
          ];
          await tx.query(
            `UPDATE ${spec.table} t SET ${spec.set.map(([c]) => `${c} = u.${c}`).join(', ')}
             FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS u(${columns.map(([c]) => c).join(', ')})
             WHERE ${spec.key.map(([c]) => `t.${c} = u.${c}`).join(' AND ')}`,
            arrays,
          );
        }
        await tx.query(
          `INSERT INTO key_rotation_progress (target_key_id, table_name, last_key) VALUES ($1, $2, $3)
           ON CONFLICT (target_key_id, table_name) DO UPDATE SET last_key = EXCLUDED.last_key, updated_at = now()`,
          [target, spec.table, JSON.stringify(lastKey)],
        );
        return lastKey;
      }),
    );
    if (last === null) break;
    for (const k of Object.keys(counts) as Array<keyof TableCounts>) counts[k] += batch[k];
    after = last;
    await options.onBatch?.(spec.table, counts);
  }
  return counts;
}

/**
 * Moves everything stored to the cipher's current key (see the top of this file). `check`: counts what a run would
 * change (0 everywhere: nothing is left under another key, and the old key can leave the ring).
 */
export async function rotateKeys(
  db: DataSource,
  cipher: FieldCipher,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const check = options.check ?? false;
  const batchSize = options.batchSize ?? 500;
  const session = db.createQueryRunner();
  await session.connect();
  let fenced = false;
  try {
    const [{ ok }] = await session.query(`SELECT pg_try_advisory_lock($1::bigint) AS ok`, [ROTATION_LOCK]);
    if (!ok) throw new KeyRingError('another keys:rotate is running against this database');
    const target = cipher.currentKeyId;
    const state = await db.transaction((tx) => readIndexKeys(tx, cipher));
    if (state.active !== target && state.previous)
      throw new KeyRingError(
        `a rotation of the blind indexes from "${state.previous}" to "${state.active}" is unfinished: run keys:rotate with "${state.active}" as the current key first`,
      );
    if (state.previous && !cipher.keyRing.has(state.previous)) cipher.keyRing.get(state.previous);
    const from = state.active !== target ? state.active : state.previous;
    if (from) cipher.keyRing.get(from); // the old index key must be held to recognise the old hashes
    if (from && !check) {
      // Detection compares hashes across rows: it waits until every one is under the new key.
      await session.query(`SELECT pg_advisory_lock($1::bigint)`, [DETECTION_FENCE]);
      fenced = true;
      if (state.active !== target) await db.transaction((tx) => beginIndexRotation(tx, state.active, target));
    }
    const view = cipher.withIndexKeys(target, from);
    const report: RotationReport = { check, dataKeyId: target, indexKeyId: target, indexRotatedFrom: from, tables: {} };
    for (const spec of [...SENSITIVE_TABLES, FINDINGS]) {
      report.tables[spec.table] = await rotateTable(db, spec, view, { batchSize, check, onBatch: options.onBatch });
    }
    if (!check) {
      if (from) await db.transaction((tx) => finishIndexRotation(tx));
      await db.query(`DELETE FROM key_rotation_progress WHERE target_key_id = $1`, [target]);
    }
    return report;
  } finally {
    if (fenced) await session.query(`SELECT pg_advisory_unlock($1::bigint)`, [DETECTION_FENCE]);
    await session.query(`SELECT pg_advisory_unlock_all()`);
    await session.release();
  }
}
