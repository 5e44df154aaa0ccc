// npm run bench:report [-- --policies 1000000 --cases 20000]: plants one branch's quarter (2026Q3) with set-based SQL
// (generate_series) — N policies, M cases (85% closed, by outcome; escalations, cooling-off breaches, a full
// timeline each), a suspicious list every day of the quarter, sellers, agencies, incidents, penalties, referrals and
// re-check campaigns — then measures, through the API as a real process (the same heap bound as `npm start`):
//   - generating the report (POST /api/reports): every section's SQL aggregates and the snapshot written;
//   - a correction (a second version, POST /api/reports/{id}/corrections);
//   - fetching it as JSON, and rendering it as XLSX and as PDF;
//   - the API's peak resident memory (VmHWM) over all of it.
import jwt from 'jsonwebtoken';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { machine, peakRssMb, ROOT, startStack } from './lib.mjs';

const { values } = parseArgs({
  options: {
    policies: { type: 'string', default: '1000000' },
    cases: { type: 'string', default: '20000' },
    chunk: { type: 'string', default: '250000' },
  },
});
const POLICIES = Number(values.policies);
const CASES = Number(values.cases);
const CHUNK = Number(values.chunk);
const SELLERS = 2000;
const AGENCIES = 50;
const BRANCH = 'GZ01';
const QUARTER = '2026Q3';
if (!(POLICIES >= 1000 && CASES >= 100)) throw new Error('--policies must be at least 1000, --cases at least 100');

const tStart = performance.now();
const since = (t) => ((performance.now() - t) / 1000).toFixed(1);
const log = (msg) => console.log(`[${since(tStart).padStart(7)} s] ${msg}`);
const ms = (t) => Math.round(performance.now() - t);

// ---- The quarter, set-based --------------------------------------------------------------------------------------
// Case g: channel by g % 3, opened at a spread instant of the quarter (Asia/Shanghai), 85% closed four days later
// (60% cleared, 25% corrected, 15% false data confirmed naming one of the sellers, every fifth also an agency).
const CHANNEL = (g) => `(ARRAY['agency', 'bancassurance', 'intermediary'])[1 + ${g} % 3]`;
const SELLER = (g) => `'S-R' || lpad((1 + (${g} * 7) % ${SELLERS})::text, 5, '0')`;
const AGENCY = (g) => `'AG-R' || lpad((1 + ${g} % ${AGENCIES})::text, 3, '0')`;
const OPENED = (g) => `timestamptz '2026-07-01 00:00:00+08' + ((${g} * 397) % 7689600) * interval '1 second'`;
const OUTCOME = (g) => `CASE WHEN ${g} % 100 < 85 THEN (CASE WHEN ${g} % 20 < 12 THEN 'CLEARED'
  WHEN ${g} % 20 < 17 THEN 'CORRECTED' ELSE 'FALSE_INFO_CONFIRMED' END) END`;

const PLANT = {
  agencies: `
    INSERT INTO agencies (code, name, channel, branch_code)
    SELECT ${AGENCY('(k - 1)')}, '广州第' || k || '保险代理有限公司', 'intermediary', '${BRANCH}' FROM generate_series(1, ${AGENCIES}) k`,
  sellers: `
    INSERT INTO sellers (code, name, kind, channel, branch_code, agency_code, qualified_on)
    SELECT ${SELLER('k')}, (ARRAY['张', '王', '李', '赵', '陈', '欧阳'])[1 + k % 6] || '销售' || k, 'agent', ${CHANNEL('k')},
      '${BRANCH}', CASE WHEN k % 3 = 2 THEN ${AGENCY('k')} END, '2024-01-01'
    FROM generate_series(0, ${SELLERS - 1}) k`,
  // Chunked: $1..$2.
  policies: `
    INSERT INTO policies (policy_number, product_code, product_category, term_months, channel, branch_code, seller_code,
      agency_code, application_date, receipt_signed_date, cooling_off_days, status, in_scope, insured_is_policyholder, source,
      underwritten_at)
    SELECT 'R' || lpad(g::text, 10, '0'), 'WL-01', 'ordinary_life', 240, ${CHANNEL('g')}, '${BRANCH}', ${SELLER('g')},
      CASE WHEN g % 3 = 2 THEN ${AGENCY('g')} END, date '2026-07-01' + (g % 92)::int, date '2026-07-03' + (g % 90)::int, 15,
      'ACCEPTED', true, true, 'import', timestamptz '2026-07-01 00:00:00+08' + (g % 92) * interval '1 day'
    FROM generate_series($1::bigint, $2::bigint) g`,
  // A view as wide as the workflow writes one (about 1.5 kB of policies, deadlines and evidence), the submission
  // where false data was confirmed.
  cases: `
    INSERT INTO cases (case_id, finding_key, rule, state, channel, branch_code, seller_code, outcome, policy_numbers, view, seq,
      opened_at, updated_at, closed_at, scope_keys, escalated, cooling_off_breached)
    SELECT 'case-bench-' || g, 'BENCH:' || g || ':1',
      (ARRAY['SHARED_PHONE', 'SHARED_BANK_ACCOUNT', 'SELLER_CONTACT_USED', 'THIRD_PARTY_PAYER', 'ID_CONFLICT', 'MANUAL'])[1 + g % 6],
      CASE WHEN ${OUTCOME('g')} IS NULL THEN 'INVESTIGATING' ELSE 'CLOSED' END, ${CHANNEL('g')}, '${BRANCH}', ${SELLER('g')},
      ${OUTCOME('g')}, ARRAY['R' || lpad((1 + (g * 53) % ${POLICIES})::text, 10, '0')],
      jsonb_build_object('padding', (SELECT string_agg(md5(g::text || i), '') FROM generate_series(1, 48) i))
        || CASE WHEN ${OUTCOME('g')} = 'FALSE_INFO_CONFIRMED' THEN jsonb_build_object('submission', jsonb_build_object(
             'outcome', 'FALSE_INFO_CONFIRMED', 'summary', '销售人员代填电话', 'submittedBy', 'bench',
             'responsibleSellerCode', ${SELLER('g')}, 'responsibleAgencyCode', CASE WHEN g % 5 = 0 THEN ${AGENCY('g')} END))
           ELSE '{}'::jsonb END,
      9, ${OPENED('g')}, ${OPENED('g')},
      CASE WHEN ${OUTCOME('g')} IS NOT NULL THEN ${OPENED('g')} + interval '4 days' END, ARRAY['${BRANCH}/' || ${CHANNEL('g')}],
      g % 10 = 0 OR g % 25 = 3, g % 33 = 0
    FROM generate_series(1, ${CASES}) g`,
  case_events: `
    INSERT INTO case_events (case_id, seq, type, actor_id, at, detail)
    SELECT 'case-bench-' || g, e.seq, e.type, 'bench', ${OPENED('g')} + e.off, '{}'::jsonb
    FROM generate_series(1, ${CASES}) g
    CROSS JOIN (VALUES (1, 'OPENED', interval '0'), (2, 'DISTRIBUTED', interval '2 hours'), (3, 'CLAIMED', interval '3 hours'),
      (4, 'EVIDENCE_ADDED', interval '1 day'), (5, 'SUBMITTED', interval '3 days'), (6, 'CLOSED', interval '4 days'),
      (7, 'ESCALATED', interval '3 days 1 hour'), (8, 'DISTRIBUTION_ESCALATED', interval '1 day 1 hour'),
      (9, 'COOLING_OFF_BREACHED', interval '16 days')) e(seq, type, off)
    WHERE e.seq <= 3 OR (e.seq BETWEEN 4 AND 6 AND ${OUTCOME('g')} IS NOT NULL) OR (e.seq = 7 AND g % 10 = 0)
      OR (e.seq = 8 AND g % 25 = 3) OR (e.seq = 9 AND g % 33 = 0)`,
  // A completed run for each day of the quarter; a finding per 33 policies, each on its day's list, a tenth grown
  // again a week later.
  detection_runs: `
    INSERT INTO detection_runs (id, trigger, full_scan, status, watermark_to, business_date, finished_at)
    SELECT md5('run' || d)::uuid, 'schedule', false, 'COMPLETED', timestamptz '2026-07-01 01:00:00+08' + d * interval '1 day',
      date '2026-07-01' + d, timestamptz '2026-07-01 01:10:00+08' + d * interval '1 day'
    FROM generate_series(0, 91) d`,
  findings: `
    INSERT INTO findings (finding_key, rule, cluster_ref, generation, customer_ids, policy_numbers, channel, branch_code,
      seller_code, first_run_id, last_run_id)
    SELECT 'F:' || f, (ARRAY['SHARED_PHONE', 'SHARED_BANK_ACCOUNT', 'SELLER_CONTACT_USED', 'THIRD_PARTY_PAYER', 'ID_CONFLICT', 'RECHECK_FAILED'])[1 + f % 6],
      md5(f::text), 1, ARRAY[f * 2, f * 2 + 1]::bigint[], ARRAY['R' || lpad((f * 33)::text, 10, '0')], ${CHANNEL('f')}, '${BRANCH}',
      ${SELLER('f')}, md5('run' || (f % 92))::uuid, md5('run' || (f % 92))::uuid
    FROM generate_series(1, ${Math.floor(POLICIES / 33)}) f`,
  run_findings: `
    INSERT INTO run_findings (run_id, finding_key, change)
    SELECT md5('run' || (f % 92))::uuid, 'F:' || f, 'new' FROM generate_series(1, ${Math.floor(POLICIES / 33)}) f
    UNION ALL
    SELECT md5('run' || ((f % 92) + 7) % 92)::uuid, 'F:' || f, 'grown' FROM generate_series(1, ${Math.floor(POLICIES / 33)}) f WHERE f % 10 = 0`,
  agency_incidents: `
    INSERT INTO agency_incidents (id, agency_code, channel, branch_code, kind, description, case_ids, recorded_by, recorded_at)
    SELECT md5('inc' || k)::uuid, ${AGENCY('k')}, 'intermediary', '${BRANCH}',
      CASE WHEN k % 2 = 0 THEN 'refused_true_data' ELSE 'provided_false_data' END, '拒绝提供投保人真实联系电话，经多次催告仍未提供',
      ARRAY['case-bench-' || (k * 97 % ${CASES} + 1)], 'bench', ${OPENED('(k * 37)')}
    FROM generate_series(1, 200) k`,
  penalties: `
    INSERT INTO penalties (id, subject_kind, subject_code, channel, branch_code, kind, amount, assessment_period, reason, case_ids,
      decided_by, decided_at)
    SELECT md5('pen' || k)::uuid, 'seller', ${SELLER('k')}, 'agency', '${BRANCH}',
      (ARRAY['warning', 'commission_deduction', 'grade_demotion', 'contract_termination', 'other'])[1 + k % 5],
      CASE WHEN k % 5 = 1 THEN (k % 50) * 100 END, '${QUARTER}', '代填客户联系电话', ARRAY['case-bench-' || (k * 31 % ${CASES} + 1)],
      'bench', ${OPENED('(k * 41)')}
    FROM generate_series(1, 1000) k`,
  referrals: `
    INSERT INTO referrals (id, subject_kind, subject_code, channel, branch_code, opinion, case_ids, status, referred_by, referred_at,
      decision, decided_by, decided_at)
    SELECT md5('ref' || k)::uuid, 'seller', ${SELLER('k')}, 'agency', '${BRANCH}', '责令限期整改', ARRAY['case-bench-' || k],
      CASE WHEN k % 2 = 0 THEN 'DECIDED' ELSE 'REFERRED' END, 'bench', ${OPENED('(k * 43)')},
      CASE WHEN k % 2 = 0 THEN '通报批评' END, CASE WHEN k % 2 = 0 THEN 'committee' END,
      CASE WHEN k % 2 = 0 THEN ${OPENED('(k * 43)')} + interval '10 days' END
    FROM generate_series(1, 300) k`,
  recheck_campaigns: `
    INSERT INTO recheck_campaigns (id, subject_kind, subject_code, channel, branch_code, complaint_ids, window_start, window_end,
      status, started_at, finished_at, result)
    SELECT 'campaign-bench-' || k, 'seller', ${SELLER('k')}, 'agency', '${BRANCH}', ARRAY[md5('c1' || k)::uuid, md5('c2' || k)::uuid],
      '2025-07-01', '2026-06-30', 'COMPLETED', ${OPENED('(k * 47)')}, ${OPENED('(k * 47)')} + interval '20 days',
      jsonb_build_object('tasks', 500, 'confirmed', 480, 'corrected', 18, 'falseData', 2, 'casesOpened', 2, 'revisits', 120)
    FROM generate_series(1, 100) k`,
};

const TABLES = Object.keys(PLANT);

async function plant(db) {
  const timings = {};
  await db.query(`SET synchronous_commit = off`);
  for (const [table, sql] of Object.entries(PLANT)) {
    const t = performance.now();
    if (table === 'policies') {
      for (let lo = 1; lo <= POLICIES; lo += CHUNK) {
        const hi = Math.min(POLICIES, lo + CHUNK - 1);
        await db.query(sql, [lo, hi]);
        log(`  policies: ${hi}/${POLICIES}`);
      }
    } else {
      await db.query(sql);
    }
    timings[table] = +since(t);
    log(`  ${table}: ${timings[table]} s`);
  }
  for (const table of TABLES) await db.query(`VACUUM (ANALYZE) ${table}`);
  const rows = {};
  for (const table of TABLES) {
    const {
      rows: [c],
    } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
    rows[table] = c.n;
  }
  const [{ size }] = (await db.query(`SELECT pg_database_size(current_database()) AS size`)).rows;
  return { rows, secondsByTable: timings, databaseMb: Math.round(Number(size) / 2 ** 20) };
}

async function call(base, headers, method, url, body) {
  const t = performance.now();
  const res = await fetch(`${base}${url}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const bytes = Buffer.from(await res.arrayBuffer());
  const wallMs = ms(t);
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${bytes.toString()}`);
  return { wallMs, bytes, type: res.headers.get('content-type') };
}

// ---- The run -----------------------------------------------------------------------------------------------------
log('starting the stack');
const stack = await startStack();
try {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const [{ server_version: version }] = (await db.query(`SHOW server_version`)).rows;
  log(`planting ${POLICIES} policies and ${CASES} cases in ${BRANCH} ${QUARTER}`);
  const tPlant = performance.now();
  const planted = await plant(db);
  planted.totalSeconds = +since(tPlant);
  log(`planted in ${planted.totalSeconds} s: ${JSON.stringify(planted.rows)}, database ${planted.databaseMb} MB`);

  const token = jwt.sign({ role: 'general_office', branches: ['*'], channels: ['*'] }, stack.env.AUTH_JWT_SECRET, {
    subject: 'bench',
    expiresIn: '2h',
  });
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const apiRssBefore = peakRssMb(stack.api.pid);

  log('generating the report');
  const generated = await call(stack.base, headers, 'POST', '/reports', { quarter: QUARTER, branchCode: BRANCH });
  const report = JSON.parse(generated.bytes.toString());
  log(`  ${generated.wallMs} ms, ${generated.bytes.length} bytes of JSON`);
  log('a correction (version 2)');
  const corrected = await call(stack.base, headers, 'POST', `/reports/${report.id}/corrections`, { note: 'bench' });
  log(`  ${corrected.wallMs} ms`);
  const json = await call(stack.base, headers, 'GET', `/reports/${report.id}`);
  log(`GET JSON ${json.wallMs} ms`);
  const xlsx = await call(stack.base, headers, 'GET', `/reports/${report.id}?format=xlsx`);
  log(`GET XLSX ${xlsx.wallMs} ms, ${xlsx.bytes.length} bytes`);
  const pdf = await call(stack.base, headers, 'GET', `/reports/${report.id}?format=pdf`);
  const pdfPages = [...pdf.bytes.toString('latin1').matchAll(/\/Type \/Page\b/g)].length;
  log(`GET PDF ${pdf.wallMs} ms, ${pdf.bytes.length} bytes, ${pdfPages} pages`);
  const pdfAgain = await call(stack.base, headers, 'GET', `/reports/${report.id}?format=pdf`);
  const xlsxAgain = await call(stack.base, headers, 'GET', `/reports/${report.id}?format=xlsx`);

  const d = report.data;
  const result = {
    benchmark: 'report',
    date: new Date().toISOString(),
    machine: machine(),
    postgres: version,
    heapLimitMb: Number(stack.env.VERITY_HEAP_MB || 256),
    policies: POLICIES,
    cases: CASES,
    planted,
    report: {
      falseInfoSellers: d.falseInfoSellers.length,
      agencies: d.agencies.length,
      agencyIncidents: d.agencyIncidents.length,
      penalties: d.penalties.length,
      referrals: d.referrals.length,
      campaigns: d.campaigns.length,
      findingsListed: d.figures.findingsByRule.reduce((n, r) => n + r.findings, 0),
      casesTotal: d.figures.casesTotal,
      jsonBytes: json.bytes.length,
    },
    generateMs: generated.wallMs,
    correctMs: corrected.wallMs,
    fetchJsonMs: json.wallMs,
    renderXlsxMs: xlsx.wallMs,
    xlsxBytes: xlsx.bytes.length,
    renderPdfMs: pdf.wallMs,
    renderPdfAgainMs: pdfAgain.wallMs,
    pdfBytes: pdf.bytes.length,
    pdfPages,
    sameBytesOnRefetch: { pdf: pdfAgain.bytes.equals(pdf.bytes), xlsx: xlsxAgain.bytes.equals(xlsx.bytes) },
    apiPeakRssMbBeforeReport: apiRssBefore,
    apiPeakRssMb: peakRssMb(stack.api.pid),
    workerPeakRssMb: peakRssMb(stack.worker.pid),
    wallSeconds: +since(tStart),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(path.join(ROOT, `bench/out/report-${POLICIES}.json`), JSON.stringify(result, null, 2));
  log(`written bench/out/report-${POLICIES}.json`);
  await db.end();
} finally {
  await stack.stop();
}
