// npm run bench:detection [-- --customers 1000000 --case-pages 2 --api-run true --explain true]: generates N customers
// (one policy, phone, address and premium account each; about 2% share a phone, 2% an account, 0.1% pay from a
// third party, 0.015% use a seller's phone or address) with set-based SQL, then measures, on the same data:
//   - the bare aggregate of each value rule, psql style (SELECT h ... GROUP BY h HAVING min(customer) <> max(customer));
//   - each rule's own SQL alone (libs/detection/src/cluster-queries.ts, rolled back);
//   - a full run without case opening: the worker's activities (beginRun, detectRule x4, finishRun) called from
//     here on the stack's database, findings written — reported as a ratio to the sum of the bare aggregates;
//   - case opening for the run's findings, a few pages (500 each, as the workflow does), reported separately;
//   - an incremental run after 50,000 new records (2% of them sharing a value with existing customers);
//   - a repeated full run through the API and the detection workflow (nothing new: no cases), end to end;
//   - EXPLAIN (ANALYZE, BUFFERS) of the aggregates and the rules' SQL, full and incremental.
import { Client as TemporalClient, Connection } from '@temporalio/client';
import jwt from 'jsonwebtoken';
import { createRequire } from 'node:module';
import { mkdirSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { machine, peakRssMb, ROOT, startStack } from './lib.mjs';

const require = createRequire(import.meta.url);
const { DataSource } = require('typeorm');
const { dataSourceOptions } = require(path.join(ROOT, 'dist/libs/persistence/src/data-source.js'));
const { FieldCipher } = require(path.join(ROOT, 'dist/libs/persistence/src/crypto/field-cipher.js'));
const { DetectionActivitiesImpl } = require(path.join(ROOT, 'dist/apps/worker/src/activities/detection.activities.js'));
const { analyseAfter, CLUSTER_SETTINGS, CLUSTER_WORK_TABLES, clusterQuery } = require(
  path.join(ROOT, 'dist/libs/detection/src/cluster-queries.js'),
);
const { temporalDataConverter } = require(path.join(ROOT, 'dist/libs/temporal/src/index.js'));
const { DETECTION_RULES } = require(path.join(ROOT, 'dist/libs/contracts/src/detection.contract.js'));
/** The options the worker runs with by default (DETECTION_SAME_POLICY_PHONE=false). */
const CLUSTER_OPTIONS = { samePolicyPhone: false };

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    incremental: { type: 'string', default: '50000' },
    // Pages of 500 findings to open cases for after each run (-1: all). Cases are started aside from detection.
    'case-pages': { type: 'string', default: '2' },
    'api-run': { type: 'string', default: 'true' },
    explain: { type: 'string', default: 'true' },
    chunk: { type: 'string', default: '1000000' },
  },
});
const N = Number(values.customers);
const NEW = Number(values.incremental);
const CASE_PAGES = Number(values['case-pages']);
const CHUNK = Number(values.chunk);
const CASE_PAGE = 500; // as the detection workflow
const WATERMARK_OVERLAP_MS = 5 * 60 * 1000; // as detectRule
if (!(N >= 10_000 && N % 1000 === 0)) throw new Error('--customers must be a multiple of 1000, at least 10000');

const tStart = performance.now();
const since = (t) => ((performance.now() - t) / 1000).toFixed(1);
const log = (msg) => console.log(`[${since(tStart).padStart(7)} s] ${msg}`);
const ms = (t) => Math.round(performance.now() - t);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- Data: a customer g owns policy g; keys decide which blind indexes coincide. --------------------------------
// 32-byte values like the HMAC-SHA-256 blind index.
const hash = (prefix, key) =>
  `decode(md5('${prefix}' || (${key})::text) || md5('${prefix.toUpperCase()}' || (${key})::text), 'hex')`;
// Base customers (g <= N): g ≡ 1 (mod 100) shares g-1's phone, g ≡ 2 (mod 1000) shares g-2's (2.1% in clusters).
// New customers (j = g - N): j ≡ 1 (mod 100) joins an existing phone cluster (grown), j ≡ 2 pairs with a lone one (new).
const CLUSTERS = N / 100 - 1;
const phoneKey = `CASE WHEN g <= ${N} THEN (CASE WHEN g % 1000 = 2 THEN g - 2 WHEN g % 100 = 1 THEN g - 1 ELSE g END)
  WHEN (g - ${N}) % 100 = 1 THEN 100 * (1 + ((g - ${N}) * 7919) % ${CLUSTERS})
  WHEN (g - ${N}) % 100 = 2 THEN 100 * (1 + ((g - ${N}) * 7919) % ${CLUSTERS}) + 20 ELSE g END`;
// Accounts likewise, on other customers: g ≡ 51 (mod 100) shares g-1's, g ≡ 52 (mod 1000) shares g-2's.
const accountKey = `CASE WHEN g <= ${N} THEN (CASE WHEN g % 1000 = 52 THEN g - 2 WHEN g % 100 = 51 THEN g - 1 ELSE g END)
  WHEN (g - ${N}) % 100 = 51 THEN 100 * (1 + ((g - ${N}) * 7919) % ${CLUSTERS}) + 50
  WHEN (g - ${N}) % 100 = 52 THEN 100 * (1 + ((g - ${N}) * 7919) % ${CLUSTERS}) + 70 ELSE g END`;
// Ciphertext-sized constants (version + iv + tag + body), so rows are as wide as the import writes them.
const enc = (bytes) => `decode(repeat('a5', ${bytes}), 'hex')`;

const TABLES = {
  customers: (ts) => `
    INSERT INTO customers (id, id_type, id_number_hash, id_number_enc, name, gender, birth_date, created_at, updated_at)
    SELECT g, 'RESIDENT_ID', ${hash('c', 'g')}, ${enc(47)}, '张三', 'M', date '1950-01-01' + (g % 18000)::int, ${ts}, ${ts}
    FROM generate_series($1::bigint, $2::bigint) g`,
  policies: (ts) => `
    INSERT INTO policies (id, policy_number, product_code, product_category, term_months, channel, branch_code, seller_code,
      application_date, receipt_signed_date, cooling_off_days, status, in_scope, insured_is_policyholder, source,
      underwritten_at, created_at, updated_at)
    SELECT g, 'B' || lpad(g::text, 10, '0'), 'WL-01', 'ordinary_life', 240, 'agency', 'GZ01', 'S-BENCH',
      date '2026-11-20', date '2026-11-22', 15, 'ACCEPTED', true, true, 'import', ${ts}, ${ts}, ${ts}
    FROM generate_series($1::bigint, $2::bigint) g`,
  policy_parties: () => `
    INSERT INTO policy_parties (policy_id, role, customer_id, name, gender, birth_date, id_type, id_number_enc, id_number_hash)
    SELECT g, 'policyholder', g, '张三', 'M', '1980-01-01', 'RESIDENT_ID', ${enc(47)}, ${hash('c', 'g')}
    FROM generate_series($1::bigint, $2::bigint) g`,
  // A phone then an address per policy, as the import writes them.
  contact_points: () => `
    INSERT INTO contact_points (policy_id, role, customer_id, kind, position, value_enc, value_text, value_hash, valid)
    SELECT g, 'policyholder', g, k.kind, 0,
      CASE WHEN k.kind = 'phone' THEN ${enc(40)} END,
      CASE WHEN k.kind = 'address' THEN '广东省广州市天河区体育西路' || (g % 1000) || '号' END,
      CASE WHEN k.kind = 'phone' THEN ${hash('p', phoneKey)} ELSE ${hash('d', 'g')} END, true
    FROM generate_series($1::bigint, $2::bigint) g CROSS JOIN (VALUES (1, 'phone'), (2, 'address')) k(o, kind)
    ORDER BY g, k.o`,
  // 0.1% pay from someone else's account; another 0.1% write the holder's name with a space (same person).
  bank_accounts: () => `
    INSERT INTO bank_accounts (policy_id, payer_customer_id, account_enc, account_hash, holder_name, valid, holder_is_policyholder)
    SELECT g, g, ${enc(48)}, ${hash('a', accountKey)},
      CASE WHEN g % 1000 = 777 THEN '李四' WHEN g % 1000 = 778 THEN '张 三' ELSE '张三' END, true,
      g % 1000 <> 777 -- as the policy writer decides it: '张 三' is the policyholder's name with a space
    FROM generate_series($1::bigint, $2::bigint) g`,
};

async function insertRange(db, from, to, ts, timings) {
  for (const [table, sql] of Object.entries(TABLES)) {
    const t = performance.now();
    for (let lo = from; lo <= to; lo += CHUNK) {
      const hi = Math.min(to, lo + CHUNK - 1);
      await db.query(sql(ts), [lo, hi]);
      if (to - from >= CHUNK) log(`  ${table}: ${hi - from + 1}/${to - from + 1}`);
    }
    timings[table] = +((performance.now() - t) / 1000).toFixed(1);
  }
}

// Sellers (one per 10,000 customers) whose phone is a lone customer's; every other one's address is another's.
const SELLERS = `
  INSERT INTO sellers (code, name, kind, channel, branch_code, qualified_on) VALUES ('S-BENCH', '基准', 'agent', 'agency', 'GZ01', '2020-01-01');
  INSERT INTO sellers (code, name, kind, channel, branch_code, qualified_on, phone_hash, address_hash)
  SELECT 'S-B' || k, '销售' || k, 'agent', 'agency', 'GZ01', '2020-01-01', ${hash('p', '(k - 1) * 10000 + 5')},
    CASE WHEN k % 2 = 1 THEN ${hash('d', '(k - 1) * 10000 + 7')} END
  FROM generate_series(1, ${N / 10000}) k`;

const LOADED = ['customers', 'policies', 'policy_parties', 'contact_points', 'bank_accounts'];

async function generate(db) {
  const timings = {};
  const t0 = performance.now();
  const [{ rolsuper }] = (await db.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows;
  // Bulk load as a restore would: foreign keys not re-checked row by row (the data is consistent by construction),
  // secondary indexes built once afterwards, exactly as the migrations define them.
  if (rolsuper) await db.query(`SET session_replication_role = replica`);
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET maintenance_work_mem = '1GB'`);
  const { rows: indexes } = await db.query(
    `
    SELECT indexname, indexdef FROM pg_indexes i
    WHERE schemaname = 'public' AND tablename = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [LOADED],
  );
  const { rows: uniques } = await db.query(`
    SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'customers'::regclass AND contype = 'u'`);
  for (const i of indexes) await db.query(`DROP INDEX ${i.indexname}`);
  for (const u of uniques) await db.query(`ALTER TABLE customers DROP CONSTRAINT ${u.conname}`);
  log(`dropped ${indexes.length} indexes and ${uniques.length} unique constraint for the load; loading ${N} customers`);

  await insertRange(db, 1, N, `now() - interval '2 days'`, timings);
  await db.query(SELLERS);
  await db.query(
    `SELECT setval(pg_get_serial_sequence('customers', 'id'), $1), setval(pg_get_serial_sequence('policies', 'id'), $1)`,
    [N],
  );
  const tLoaded = performance.now();

  for (const u of uniques) await db.query(`ALTER TABLE customers ADD CONSTRAINT ${u.conname} ${u.def}`);
  for (const i of indexes) {
    const t = performance.now();
    await db.query(i.indexdef);
    log(`  ${i.indexname} rebuilt in ${since(t)} s`);
  }
  const tIndexed = performance.now();
  if (rolsuper) await db.query(`SET session_replication_role = origin`);
  await db.query(`RESET maintenance_work_mem`);
  // Steady state of a table the import filled days ago: vacuumed (visibility map set) and analyzed.
  for (const table of [...LOADED, 'sellers']) await db.query(`VACUUM (ANALYZE) ${table}`);
  await db.query(`CHECKPOINT`);
  const tDone = performance.now();
  const counts = [];
  for (const table of [...LOADED, 'sellers']) {
    const {
      rows: [c],
    } = await db.query(`SELECT count(*)::bigint AS n, pg_total_relation_size('${table}') AS bytes FROM ${table}`);
    counts.push({ relname: table, ...c });
  }
  const [{ size }] = (await db.query(`SELECT pg_database_size(current_database()) AS size`)).rows;
  return {
    rows: Object.fromEntries(counts.map((c) => [c.relname, Number(c.n)])),
    tableMb: Object.fromEntries(counts.map((c) => [c.relname, Math.round(Number(c.bytes) / 2 ** 20)])),
    databaseMb: Math.round(Number(size) / 2 ** 20),
    loadSecondsByTable: timings,
    loadSeconds: +((tLoaded - t0) / 1000).toFixed(1),
    indexSeconds: +((tIndexed - tLoaded) / 1000).toFixed(1),
    vacuumAnalyzeSeconds: +((tDone - tIndexed) / 1000).toFixed(1),
    totalSeconds: +((tDone - t0) / 1000).toFixed(1),
    bulkLoadWithoutFkChecks: rolsuper,
  };
}

// ---- Measurements ------------------------------------------------------------------------------------------------
const BARE = {
  SHARED_PHONE: `SELECT value_hash FROM contact_points WHERE kind = 'phone' AND customer_id IS NOT NULL
                 GROUP BY value_hash HAVING min(customer_id) <> max(customer_id)`,
  SHARED_BANK_ACCOUNT: `SELECT account_hash FROM bank_accounts WHERE payer_customer_id IS NOT NULL
                        GROUP BY account_hash HAVING min(payer_customer_id) <> max(payer_customer_id)`,
  // One customer's party rows that differ at all (the rule then compares names after normalisation).
  ID_CONFLICT: `SELECT customer_id FROM policy_parties WHERE customer_id IS NOT NULL
                GROUP BY customer_id HAVING min(name) <> max(name) OR min(birth_date) <> max(birth_date)`,
};

/** One warm-up, then `runs` timed executions; the median. */
async function timed(runs, fn) {
  await fn();
  const times = [];
  let rows;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    rows = await fn();
    times.push(ms(t));
  }
  return { ms: median(times), runsMs: times, rows };
}

/** A rule's SQL alone, set up as detectRule sets it up (work_mem, temporary tables), rolled back. */
async function ruleSql(db, rule, watermark, explain = false) {
  await db.query('BEGIN');
  try {
    for (const setting of CLUSTER_SETTINGS) await db.query(setting);
    for (const table of CLUSTER_WORK_TABLES) await db.query(table);
    const params = watermark !== null ? [watermark] : [];
    const plans = [];
    let rows = 0;
    for (const sql of clusterQuery(rule, watermark !== null, CLUSTER_OPTIONS)) {
      const p = sql.includes('$1') ? params : [];
      if (explain)
        plans.push(...(await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, p)).rows.map((r) => r['QUERY PLAN']));
      else rows = (await db.query(sql, p)).rowCount;
      const analyse = analyseAfter(sql);
      if (analyse) await db.query(analyse);
    }
    return explain ? plans : rows;
  } finally {
    await db.query('ROLLBACK');
  }
}

/** A run as the detection workflow drives it, minus case opening, with each activity timed. */
async function detect(acts, full) {
  const runId = crypto.randomUUID();
  const out = { runId, detectRuleMs: {} };
  let t = performance.now();
  const begun = await acts.beginRun({ runId, trigger: 'manual', full, requestedBy: 'bench' });
  out.beginRunMs = ms(t);
  out.watermarkFrom = begun.watermarkFrom;
  for (const rule of DETECTION_RULES) {
    t = performance.now();
    await acts.detectRule(runId, rule);
    out.detectRuleMs[rule] = ms(t);
    log(`  detectRule ${rule}: ${out.detectRuleMs[rule]} ms`);
  }
  return out;
}

async function finish(acts, out) {
  const t = performance.now();
  const view = await acts.finishRun(out.runId, { status: 'COMPLETED' });
  out.finishRunMs = ms(t);
  out.totalMsWithoutCases =
    out.beginRunMs + Object.values(out.detectRuleMs).reduce((a, b) => a + b, 0) + out.finishRunMs;
  out.counts = view.counts;
  // A failed run would leave the next one without a watermark: it would scan everything and measure nothing.
  if (view.status !== 'COMPLETED') throw new Error(`run ${out.runId} ended ${view.status}: ${view.error}`);
  return view;
}

/** Opens cases a page at a time (-1: all pages), then waits (up to 10 min) until the case workflows wrote them. */
async function openCases(acts, db, runId, maxPages) {
  const [{ n: listed }] = (await db.query(`SELECT count(*)::int AS n FROM run_findings WHERE run_id = $1`, [runId]))
    .rows;
  const [{ n: before }] = (await db.query(`SELECT count(*)::int AS n FROM cases`)).rows;
  let after = null;
  let pages = 0;
  let opened = 0;
  let told = 0;
  const t0 = performance.now();
  while (maxPages < 0 || pages < maxPages) {
    const page = await acts.openCases(runId, after, CASE_PAGE);
    pages += 1;
    opened += page.opened;
    told += page.told;
    after = page.lastKey;
    if (after === null) break;
  }
  const startMs = ms(t0);
  let inReadModel = null;
  for (const deadline = Date.now() + 600_000; Date.now() < deadline;) {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM cases`)).rows;
    if (n - before >= opened) {
      inReadModel = ms(t0);
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const perSecond = opened + told > 0 ? (opened + told) / (startMs / 1000) : null;
  return {
    findingsListed: listed,
    pages,
    opened,
    told,
    startMs,
    startedPerSecond: perSecond && Math.round(perSecond),
    msUntilInReadModel: inReadModel,
    projectedSecondsToStartAll: perSecond && Math.round(listed / perSecond),
  };
}

/**
 * A run completes only when every finding of its list has its case, and the next incremental run starts where the
 * last completed one ended. Findings beyond the pages opened get stand-in case ids, as if their cases had started,
 * so the run completes and the incremental run after it is incremental, not a full scan.
 */
async function standInCases(db, runId) {
  const { rowCount } = await db.query(
    `UPDATE findings f SET case_id = 'bench-stand-in-' || f.finding_key, case_told_customers = f.customer_ids
     FROM run_findings rf WHERE rf.run_id = $1 AND rf.finding_key = f.finding_key
       AND (f.case_id IS NULL OR NOT (f.customer_ids <@ f.case_told_customers))`,
    [runId],
  );
  return rowCount;
}

// ---- The run -----------------------------------------------------------------------------------------------------
const shanghaiHour = new Date(Date.now() + (8 + 12) * 3600_000).getUTCHours(); // the daily schedule far from now
log(
  `starting the stack (free in ${os.tmpdir()}: ${Math.round((statfsSync(os.tmpdir()).bavail * statfsSync(os.tmpdir()).bsize) / 2 ** 30)} GiB)`,
);
const stack = await startStack({ DETECTION_TIME: `${String(shanghaiHour).padStart(2, '0')}:00` });
let ds;
let connection;
try {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  ds = new DataSource(dataSourceOptions(stack.databaseUrl, 10));
  await ds.initialize();
  connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
  const temporal = new TemporalClient({
    connection,
    namespace: stack.env.TEMPORAL_NAMESPACE ?? 'default',
    dataConverter: temporalDataConverter(stack.env),
  });
  const cipher = FieldCipher.fromEnv(stack.env); // the worker's own key ring
  const acts = new DetectionActivitiesImpl(
    ds,
    cipher,
    temporal,
    stack.env.TEMPORAL_TASK_QUEUE ?? 'verity',
    CLUSTER_OPTIONS,
  );
  const [{ server_version: version }] = (await db.query(`SHOW server_version`)).rows;

  log('generating');
  const generation = await generate(db);
  // The planted hashes and ciphertexts are stand-ins under no key: name the ring's key as the index key, or the
  // first run would try to find which key made them by decrypting a sample.
  await db.query(`UPDATE key_ring_state SET index_key_id = $1`, [cipher.keyRing.current.id]);
  log(
    `generated in ${generation.totalSeconds} s: ${JSON.stringify(generation.rows)}, database ${generation.databaseMb} MB`,
  );

  log('bare aggregates');
  const bare = {};
  for (const [rule, sql] of Object.entries(BARE)) {
    bare[rule] = await timed(3, async () => (await db.query(sql)).rowCount);
    log(`  ${rule}: ${bare[rule].ms} ms (${bare[rule].rows} values)`);
  }
  const bareSumMs = Object.values(bare).reduce((a, b) => a + b.ms, 0);
  // The yardstick the issue first named: the two shared-value aggregates alone (ID_CONFLICT came later).
  const bareSharedSumMs = bare.SHARED_PHONE.ms + bare.SHARED_BANK_ACCOUNT.ms;

  log('rule SQL alone');
  const ruleAlone = {};
  for (const rule of DETECTION_RULES) {
    ruleAlone[rule] = await timed(3, () => ruleSql(db, rule, null));
    log(`  ${rule}: ${ruleAlone[rule].ms} ms (${ruleAlone[rule].rows} clusters)`);
  }

  log('full run (beginRun, detectRule x4, finishRun; cases aside)');
  const full = await detect(acts, true);
  log(`opening cases for ${CASE_PAGES < 0 ? 'all' : CASE_PAGES} page(s) of the full run's findings`);
  const fullCases = CASE_PAGES === 0 ? null : await openCases(acts, db, full.runId, CASE_PAGES);
  full.standInCases = await standInCases(db, full.runId);
  await finish(acts, full);
  full.ratioToBareSum = +(full.totalMsWithoutCases / bareSumMs).toFixed(2);
  full.ratioToSharedBareSum = +(full.totalMsWithoutCases / bareSharedSumMs).toFixed(2);
  full.cases = fullCases;
  log(
    `full run ${full.totalMsWithoutCases} ms without cases (${full.ratioToBareSum}x the bare aggregates, ${bareSumMs} ms; ${full.ratioToSharedBareSum}x the shared-value two, ${bareSharedSumMs} ms); ${JSON.stringify(full.counts)}`,
  );
  if (fullCases) log(`  cases: ${JSON.stringify(fullCases)}`);

  log(`incremental: ${NEW} new records`);
  const tNew = performance.now();
  const insertTimings = {};
  await db.query('BEGIN');
  await insertRange(db, N + 1, N + NEW, 'now()', insertTimings);
  await db.query('COMMIT');
  const insertSeconds = +((performance.now() - tNew) / 1000).toFixed(1);
  const incremental = await detect(acts, false);
  const incrementalCases = CASE_PAGES === 0 ? null : await openCases(acts, db, incremental.runId, CASE_PAGES);
  incremental.standInCases = await standInCases(db, incremental.runId);
  await finish(acts, incremental);
  incremental.newRecords = NEW;
  incremental.insertSeconds = insertSeconds;
  incremental.cases = incrementalCases;
  log(`incremental run ${incremental.totalMsWithoutCases} ms without cases; ${JSON.stringify(incremental.counts)}`);
  if (incrementalCases) log(`  cases: ${JSON.stringify(incrementalCases)}`);
  const incrementalWatermark = new Date(
    new Date(incremental.watermarkFrom).getTime() - WATERMARK_OVERLAP_MS,
  ).toISOString();
  const incrementalAlone = {};
  for (const rule of DETECTION_RULES) {
    incrementalAlone[rule] = await timed(3, () => ruleSql(db, rule, incrementalWatermark));
    log(`  ${rule} SQL alone, incremental: ${incrementalAlone[rule].ms} ms (${incrementalAlone[rule].rows} clusters)`);
  }

  let apiRun = null;
  if (values['api-run'] === 'true') {
    log('full run through the API and the workflow (nothing new: no cases)');
    const token = jwt.sign({ role: 'admin', branches: ['*'], channels: ['*'] }, stack.env.AUTH_JWT_SECRET, {
      subject: 'bench',
      expiresIn: '6h',
    });
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const t = performance.now();
    const res = await fetch(`${stack.base}/detection/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ full: true }),
    });
    if (res.status !== 202) throw new Error(`POST /detection/runs: ${res.status} ${await res.text()}`);
    let view = await res.json();
    while (view.status === 'RUNNING') {
      await new Promise((r) => setTimeout(r, 200));
      view = await (await fetch(`${stack.base}/detection/runs/${view.id}`, { headers })).json();
    }
    apiRun = {
      status: view.status,
      durationMs: view.durationMs,
      wallMs: ms(t),
      counts: view.counts,
      casesOpened: view.casesOpened,
      error: view.error,
    };
    log(`  ${JSON.stringify(apiRun)}`);
  }

  let explain = null;
  if (values.explain === 'true') {
    log('EXPLAIN ANALYZE');
    explain = {};
    for (const [rule, sql] of Object.entries(BARE))
      explain[`bare ${rule}`] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`)).rows.map((r) => r['QUERY PLAN']);
    for (const rule of DETECTION_RULES) explain[`full ${rule}`] = await ruleSql(db, rule, null, true);
    for (const rule of DETECTION_RULES)
      explain[`incremental ${rule}`] = await ruleSql(db, rule, incrementalWatermark, true);
  }

  const result = {
    benchmark: 'detection',
    date: new Date().toISOString(),
    machine: machine(),
    postgres: version,
    customers: N,
    planted: {
      sharedPhone: '2.1% of customers (pairs g, g+1 every 100; triples every 1000)',
      sharedAccount: '2.1% of customers (other ones, same pattern)',
      thirdPartyPayer: '0.1% (another 0.1% write the holder name with a space: not a finding)',
      sellerContact: `${N / 10000} seller phones and ${N / 20000} seller addresses equal to customers'`,
      incremental: `${NEW} new customers: 1% join existing phone clusters, 1% pair with a lone customer's phone; same for accounts`,
    },
    generation,
    bareAggregateMs: bare,
    bareAggregateSumMs: bareSumMs,
    bareSharedValueSumMs: bareSharedSumMs,
    ruleSqlAloneMs: ruleAlone,
    fullRun: full,
    incrementalRun: { ...incremental, ruleSqlAloneMs: incrementalAlone },
    apiFullRepeatRun: apiRun,
    workerPeakRssMb: peakRssMb(stack.worker.pid),
    benchPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    wallSeconds: +since(tStart),
    explain,
  };
  const { explain: _plans, ...summary } = result;
  console.log(JSON.stringify(summary, null, 2));
  mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(path.join(ROOT, `bench/out/detection-${N}.json`), JSON.stringify(result, null, 2));
  log(`written bench/out/detection-${N}.json`);
  await db.end();
} finally {
  await connection?.close().catch(() => {});
  await ds?.destroy().catch(() => {});
  await stack.stop();
}
