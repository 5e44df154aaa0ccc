// npm run bench:api [-- --cases 100000 --connections 16 --duration 10]: plants N cases in the read model with
// set-based SQL (generate_series; no workflows), all in one back-office user's scope, some assigned to them, then
// drives the API's read paths with autocannon on loopback, each for a bounded time and request count, beside the
// bare route of the same Nest app in the same run:
//   - bare: GET /api/auth/config (public, a constant object: routing, guards, pipes, helmet and JSON, no I/O);
//   - GET /api/health (public: SELECT 1 and a Temporal describeNamespace), for comparison;
//   - GET /api/cases (first page, default size, with the total), GET /api/me/tasks, GET /api/cases/{id} (a rotating
//     set of ids; each read is audited, so each is also a chained audit_log commit).
// Reports req/s, p50/p90/p99, non-2xx, the ratio to the bare route and the CPU a request cost the API, PostgreSQL and
// autocannon (all share the machine's cores); exits 1 if any answer was not 2xx.
import autocannon from 'autocannon';
import jwt from 'jsonwebtoken';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { machine, peakRssMb, ROOT, startStack } from './lib.mjs';

const require = createRequire(import.meta.url);
const { initialCaseView } = require(path.join(ROOT, 'dist/libs/domain/src/case/case-view.js'));
const { FieldCipher } = require(path.join(ROOT, 'dist/libs/persistence/src/crypto/field-cipher.js'));
const { sealCorrection } = require(path.join(ROOT, 'dist/libs/persistence/src/crypto/case-view-seal.js'));

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    ids: { type: 'string', default: '10000' },
    'max-requests': { type: 'string', default: '200000' },
  },
});
const CASES = Number(values.cases);
const CONNECTIONS = Number(values.connections);
const DURATION = Number(values.duration);
const WARMUP = Number(values.warmup);
const IDS = Math.min(Number(values.ids), CASES);
const MAX_REQUESTS = Number(values['max-requests']);
if (!(CASES >= 100 && CONNECTIONS >= 1 && DURATION >= 1))
  throw new Error('--cases ≥ 100, --connections ≥ 1, --duration ≥ 1');

const BRANCH = 'GZ01';
const CHANNEL = 'agency';
const ME = 'bo-bench';
const tStart = performance.now();
const log = (msg) => console.log(`[${((performance.now() - tStart) / 1000).toFixed(1).padStart(7)} s] ${msg}`);

// ---- The read model, set-based ------------------------------------------------------------------------------------
// Case g: 85 % closed (cleared, corrected with one sealed correction, false data confirmed), 5 % open, 5 % distributed
// (back office's queue), 4 % investigating by one of 20 investigators (every twentieth by the caller), 1 % pending
// approval. Open ones are due over the next ten days; two policies each, the second sometimes of another scope.
const STATE = (g) => `CASE WHEN ${g} % 100 < 85 THEN 'CLOSED' WHEN ${g} % 100 < 90 THEN 'OPEN'
  WHEN ${g} % 100 < 95 THEN 'DISTRIBUTED' WHEN ${g} % 100 < 99 THEN 'INVESTIGATING' ELSE 'PENDING_APPROVAL' END`;
const OUTCOME = (g) => `CASE WHEN ${g} % 100 < 85 THEN (CASE WHEN ${g} % 20 < 12 THEN 'CLEARED'
  WHEN ${g} % 20 < 17 THEN 'CORRECTED' ELSE 'FALSE_INFO_CONFIRMED' END) END`;
const ASSIGNEE = (g) => `CASE WHEN ${g} % 100 >= 95 OR ${g} % 100 < 85 THEN
  (CASE WHEN (${g} / 100) % 20 = 0 THEN '${ME}' ELSE 'bo-' || ((${g} / 100) % 20) END) END`;

const CASES_SQL = `
  INSERT INTO cases (case_id, finding_key, rule, state, channel, branch_code, seller_code, assignee_id, escalated,
    cooling_off_breached, outcome, due_at, investigation_due_at, policy_numbers, investigators, view, seq, opened_at,
    updated_at, closed_at, scope_keys)
  SELECT s.case_id, s.finding_key, s.rule, s.state, '${CHANNEL}', '${BRANCH}', s.seller, s.assignee, s.g % 10 = 0,
    s.g % 33 = 0, s.outcome, s.due_at, CASE WHEN s.state IN ('INVESTIGATING', 'PENDING_APPROVAL') THEN s.due_at END,
    ARRAY[s.p1, s.p2], s.investigators,
    $1::jsonb || jsonb_build_object(
      'caseId', s.case_id, 'findingKey', s.finding_key, 'state', s.state, 'rule', s.rule, 'sellerCode', s.seller,
      'customerIds', jsonb_build_array((s.g * 2)::text, (s.g * 2 + 1)::text),
      'policies', jsonb_build_array(
        jsonb_build_object('policyNumber', s.p1, 'channel', '${CHANNEL}', 'branchCode', '${BRANCH}', 'sellerCode', s.seller,
          'agencyCode', null, 'receiptSignedDate', to_char(s.opened_at, 'YYYY-MM-DD'), 'coolingOffDays', 15),
        jsonb_build_object('policyNumber', s.p2, 'channel', s.scope2[2], 'branchCode', s.scope2[1], 'sellerCode', s.seller,
          'agencyCode', null, 'receiptSignedDate', to_char(s.opened_at, 'YYYY-MM-DD'), 'coolingOffDays', 15)),
      'policyNumbers', jsonb_build_array(s.p1, s.p2), 'raisedBy', s.p1, 'openedAt', s.opened_at,
      'assigneeId', s.assignee, 'investigators', to_jsonb(s.investigators), 'escalated', s.g % 10 = 0,
      'coolingOffBreached', s.g % 33 = 0, 'outcome', s.outcome, 'dueAt', s.due_at,
      'deadlines', ($1::jsonb -> 'deadlines') || jsonb_build_object('investigationDueAt', s.due_at,
        'coolingOffEndsAt', s.opened_at + interval '15 days', 'coolingOffPolicy', s.p1),
      'submission', CASE WHEN s.outcome IS NULL AND s.state <> 'PENDING_APPROVAL' THEN NULL
        ELSE jsonb_build_object('outcome', coalesce(s.outcome, 'CORRECTED'), 'summary', '经回访核实，客户确认联系电话有误',
          'submittedBy', s.assignee, 'corrections',
          CASE WHEN coalesce(s.outcome, 'CORRECTED') = 'CLEARED' THEN '[]'::jsonb
            ELSE jsonb_build_array($2::jsonb || jsonb_build_object('customerId', (s.g * 2)::text)) END) END,
      'evidence', CASE WHEN s.outcome IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object(
        'evidenceId', md5('ev' || s.g)::uuid, 'type', 'investigation_report', 'sha256', encode(sha256(s.case_id::bytea), 'hex'),
        'uploadedBy', s.assignee, 'signedBy', s.assignee, 'at', s.opened_at + interval '3 days')) END,
      'seq', s.seq),
    s.seq, s.opened_at, s.opened_at + interval '1 day',
    CASE WHEN s.state = 'CLOSED' THEN s.opened_at + interval '4 days' END,
    CASE WHEN s.g % 7 = 0 THEN ARRAY['${BRANCH}/${CHANNEL}', 'SZ01/bancassurance'] ELSE ARRAY['${BRANCH}/${CHANNEL}'] END
  FROM (
    SELECT g, 'case-bench-' || g AS case_id, 'BENCH:' || g || ':1' AS finding_key,
      (ARRAY['SHARED_PHONE', 'SHARED_BANK_ACCOUNT', 'SELLER_CONTACT_USED', 'THIRD_PARTY_PAYER', 'ID_CONFLICT', 'MANUAL'])[1 + g % 6] AS rule,
      ${STATE('g')} AS state, ${OUTCOME('g')} AS outcome, ${ASSIGNEE('g')} AS assignee,
      CASE WHEN ${ASSIGNEE('g')} IS NULL THEN '{}'::text[] ELSE ARRAY[${ASSIGNEE('g')}] END AS investigators,
      'S-' || lpad((1 + g % 2000)::text, 5, '0') AS seller,
      'P' || lpad((g * 2)::text, 10, '0') AS p1, 'P' || lpad((g * 2 + 1)::text, 10, '0') AS p2,
      CASE WHEN g % 7 = 0 THEN ARRAY['SZ01', 'bancassurance'] ELSE ARRAY['${BRANCH}', '${CHANNEL}'] END AS scope2,
      CASE WHEN g % 100 < 85 THEN NULL ELSE now() + ((g * 397) % 864000) * interval '1 second' END AS due_at,
      now() - ((g * 7919) % 31536000) * interval '1 second' AS opened_at,
      CASE WHEN g % 100 < 85 THEN 7 WHEN g % 100 < 90 THEN 1 WHEN g % 100 < 95 THEN 2 WHEN g % 100 < 99 THEN 3 ELSE 5 END AS seq
    FROM generate_series(1, ${CASES}) g) s`;

// The timeline as the workflow writes it, one event per step the case has taken (its seq).
const EVENTS_SQL = `
  INSERT INTO case_events (case_id, seq, type, actor_id, at, detail)
  SELECT c.case_id, e.seq, e.type, coalesce(c.assignee_id, 'cs-bench'), c.opened_at + e.off,
    jsonb_build_object('state', c.state)
  FROM cases c
  CROSS JOIN (VALUES (1, 'OPENED', interval '0'), (2, 'DISTRIBUTED', interval '2 hours'), (3, 'CLAIMED', interval '3 hours'),
    (4, 'EVIDENCE_ADDED', interval '1 day'), (5, 'SUBMITTED', interval '3 days'), (6, 'APPROVED', interval '4 days'),
    (7, 'CLOSED', interval '4 days')) e(seq, type, off)
  WHERE e.seq <= c.seq`;

const EVIDENCE_SQL = `
  INSERT INTO evidence (id, case_id, type, sha256, size, media_type, file_name, storage_key, uploaded_by, uploaded_at,
    signed_by, signed_at, signature, key_id)
  SELECT md5('ev' || substr(c.case_id, 12))::uuid, c.case_id, 'investigation_report', encode(sha256(c.case_id::bytea), 'hex'),
    48213, 'application/pdf', '调查报告.pdf', 'evidence/' || c.case_id, c.assignee_id, c.opened_at + interval '3 days',
    c.assignee_id, c.opened_at + interval '3 days', repeat('ab', 32), 'bench-key'
  FROM cases c WHERE c.state = 'CLOSED'`;

async function plant(db, cipher) {
  const template = initialCaseView(
    'template',
    {
      findingKey: 'template',
      rule: 'SHARED_PHONE',
      sharedValueHash: '00',
      customerIds: [],
      raisedBy: 'P0',
      policies: [
        {
          policyNumber: 'P0',
          channel: CHANNEL,
          branchCode: BRANCH,
          sellerCode: null,
          agencyCode: null,
          receiptSignedDate: null,
          coolingOffDays: 15,
        },
      ],
    },
    new Date().toISOString(),
  );
  // One correction as the read model stores it (values sealed); every corrected case carries one like it.
  const correction = sealCorrection(
    { customerId: '0', field: 'phone', oldValue: '13800138000', newValue: '13912345678' },
    cipher,
  );
  await db.query(`SET synchronous_commit = off`);
  const timings = {};
  for (const [table, sql, params] of [
    ['cases', CASES_SQL, [JSON.stringify(template), JSON.stringify(correction)]],
    ['case_events', EVENTS_SQL, []],
    ['evidence', EVIDENCE_SQL, []],
  ]) {
    const t = performance.now();
    await db.query(sql, params);
    timings[table] = +((performance.now() - t) / 1000).toFixed(1);
    log(`  ${table}: ${timings[table]} s`);
  }
  const rows = {};
  for (const table of Object.keys(timings)) {
    await db.query(`VACUUM (ANALYZE) ${table}`);
    rows[table] = (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  }
  const [{ bytes }] = (await db.query(`SELECT avg(pg_column_size(view))::int AS bytes FROM cases`)).rows;
  const [{ size }] = (await db.query(`SELECT pg_total_relation_size('cases') AS size`)).rows;
  return { rows, secondsByTable: timings, viewBytes: bytes, casesTableMb: Math.round(Number(size) / 2 ** 20) };
}

/** One autocannon run on loopback: fixed connections, bounded by time and by request count. */
function load(url, headers, { duration, requests } = {}) {
  return autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration,
    maxOverallRequests: MAX_REQUESTS,
    timeout: 10,
    requests,
  });
}

const round = (n, d = 1) => +Number(n).toFixed(d);

// CPU time from /proc (clock ticks of 10 ms), to say which process a route's time goes to.
const TICK_MS = 10;
function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      self: (Number(f[11]) + Number(f[12])) * TICK_MS,
      children: (Number(f[13]) + Number(f[14])) * TICK_MS,
    };
  } catch {
    return null; // exited meanwhile
  }
}
/** The postmaster's CPU, its live backends' and that of backends it has reaped (parallel workers come and go). */
function postgresCpuMs(postmaster) {
  const root = procStat(postmaster);
  let ms = root ? root.self + root.children : 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = procStat(entry);
    if (st?.ppid === postmaster) ms += st.self;
  }
  return ms;
}

// ---- The run -----------------------------------------------------------------------------------------------------
log('starting the stack');
const stack = await startStack();
// Ctrl-C still stops the servers.
const onSignal = (signal) => {
  log(`${signal}: stopping the stack`);
  stack.stop().finally(() => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
let failed = false;
const db = new pg.Client({ connectionString: stack.databaseUrl });
try {
  await db.connect();
  const [{ server_version: version }] = (await db.query(`SHOW server_version`)).rows;
  log(`planting ${CASES} cases in ${BRANCH}/${CHANNEL}`);
  const planted = await plant(db, FieldCipher.fromEnv(stack.env));
  log(`planted: ${JSON.stringify(planted.rows)}, view ${planted.viewBytes} B, cases table ${planted.casesTableMb} MB`);

  const token = jwt.sign({ role: 'back_office', branches: [BRANCH], channels: [CHANNEL] }, stack.env.AUTH_JWT_SECRET, {
    subject: ME,
    expiresIn: '2h',
  });
  const auth = { Authorization: `Bearer ${token}` };
  const origin = stack.base.replace(/\/api$/, '');

  // What each route answers, checked once before the load: a full page, the caller's work, a detail.
  const getJson = async (url) => {
    const res = await fetch(`${stack.base}${url}`, { headers: auth });
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const page = await getJson('/cases');
  const tasks = await getJson('/me/tasks');
  const detail = await getJson('/cases/case-bench-1');
  const answers = {
    casesPage: { items: page.items.length, pageSize: page.pageSize, total: page.total, capped: page.totalCapped },
    tasks: { items: tasks.length, assignedToCaller: tasks.filter((t) => t.task === 'investigate').length },
    detail: { timeline: detail.timeline.length, evidence: detail.evidence.length },
  };
  log(`answers: ${JSON.stringify(answers)}`);
  // The list counts up to CASE_LIST_COUNT_CAP (10,000 by default) and then says totalCapped.
  const counted = Math.min(CASES, Number(process.env.CASE_LIST_COUNT_CAP || 10_000));
  if (page.total !== counted || page.totalCapped !== CASES > counted || page.items.length === 0 || tasks.length === 0)
    throw new Error('the planted cases are not all in the caller scope');

  // Ids spread over the whole table, in a shuffled order so consecutive reads touch different pages.
  const ids = Array.from({ length: IDS }, (_, i) => `case-bench-${1 + ((i * 7919) % CASES)}`);
  let next = 0;
  const rotatingIds = [
    {
      setupRequest: (req) => {
        req.path = `/api/cases/${ids[next++ % ids.length]}`;
        return req;
      },
    },
  ];
  const routes = [
    { name: 'bare: GET /api/auth/config', path: '/api/auth/config', headers: {} },
    { name: 'GET /api/health', path: '/api/health', headers: {} },
    { name: 'GET /api/cases', path: '/api/cases', headers: auth },
    { name: 'GET /api/me/tasks', path: '/api/me/tasks', headers: auth },
    { name: 'GET /api/cases/{id}', path: '/api/cases/case-bench-1', headers: auth, requests: rotatingIds },
  ];

  const [{ pid: backend }] = (await db.query(`SELECT pg_backend_pid() AS pid`)).rows;
  const postmaster = procStat(backend).ppid;
  const cpu = () => {
    const own = process.cpuUsage();
    return {
      api: procStat(stack.api.pid).self,
      postgres: postgresCpuMs(postmaster),
      loadGenerator: (own.user + own.system) / 1000,
    };
  };

  const results = [];
  for (const route of routes) {
    const url = `${origin}${route.path}`;
    if (WARMUP > 0) await load(url, route.headers, { duration: WARMUP, requests: route.requests });
    const before = cpu();
    const r = await load(url, route.headers, { duration: DURATION, requests: route.requests });
    const after = cpu();
    const perRequest = (k) => (r.requests.total ? round((after[k] - before[k]) / r.requests.total, 2) : null);
    const row = {
      route: route.name,
      requests: r.requests.total,
      seconds: r.duration,
      reqPerSecond: round(r.requests.total / r.duration, 0),
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      bytesPerResponse: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
      cpuMsPerRequest: {
        api: perRequest('api'),
        postgres: perRequest('postgres'),
        loadGenerator: perRequest('loadGenerator'),
      },
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    };
    results.push(row);
    log(
      `${route.name}: ${row.reqPerSecond} req/s, p50 ${row.latencyMs.p50} ms, p90 ${row.latencyMs.p90} ms, ` +
        `p99 ${row.latencyMs.p99} ms, non-2xx ${row.non2xx}, errors ${row.errors}; CPU ms a request: ` +
        `API ${row.cpuMsPerRequest.api}, PostgreSQL ${row.cpuMsPerRequest.postgres}, autocannon ${row.cpuMsPerRequest.loadGenerator}`,
    );
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) failed = true;
  }
  const bare = results[0].reqPerSecond;
  for (const row of results) row.ratioToBare = round(row.reqPerSecond / bare, 3);
  const aims = Object.fromEntries(
    results
      .slice(2)
      .map((row) => [
        row.route,
        { p99Within50Ms: row.latencyMs.p99 <= 50, atLeastQuarterOfBare: row.ratioToBare >= 0.25 },
      ]),
  );
  const [{ audited }] = (await db.query(`SELECT count(*)::int AS audited FROM audit_log WHERE action = 'case.read'`))
    .rows;

  const result = {
    benchmark: 'api',
    date: new Date().toISOString(),
    machine: machine(),
    postgres: version,
    heapLimitMb: Number(stack.env.VERITY_HEAP_MB || 256),
    cases: CASES,
    planted,
    answers,
    load: {
      tool: 'autocannon',
      connections: CONNECTIONS,
      seconds: DURATION,
      warmupSeconds: WARMUP,
      maxRequests: MAX_REQUESTS,
    },
    bareRoute: 'GET /api/auth/config: public, answers a constant object; no database or Temporal call',
    results,
    aims,
    caseReadsAudited: audited,
    apiPeakRssMb: peakRssMb(stack.api.pid),
    workerPeakRssMb: peakRssMb(stack.worker.pid),
    wallSeconds: round((performance.now() - tStart) / 1000),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(path.join(ROOT, `bench/out/api-${CASES}.json`), JSON.stringify(result, null, 2));
  log(`written bench/out/api-${CASES}.json`);
  if (failed) console.error('some answers were not 2xx (or failed): see non2xx, errors and timeouts above');
} finally {
  // Closed before the server stops, so its shutdown is not an unhandled error of this client.
  await db.end().catch(() => {});
  await stack.stop();
}
if (failed) process.exitCode = 1;
