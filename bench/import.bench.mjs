// npm run bench:import [-- --rows N]: generates N policy applications as CSV (default 1,000,000), imports them
// through the HTTP API and the import workflow, and prints rows per second and the peak memory of each process.
import { createRequire } from 'node:module';
import { createReadStream, createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import jwt from 'jsonwebtoken';
import { machine, peakRssMb, ROOT, startStack } from './lib.mjs';

const require = createRequire(import.meta.url);
const { residentIdCheckChar, luhnValid, csvLine, quoteCsvCell } = require(
  path.join(ROOT, 'dist/libs/domain/src/index.js'),
);
const { POLICY_CSV_COLUMNS } = require(path.join(ROOT, 'dist/libs/intake/src/csv-columns.js'));

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROWS = Number(values.rows);

/** Row i: a distinct person, phone and card; every 50th row misses its address (refused); every 1000th is unreadable. */
function row(i) {
  const year = 1950 + (i % 50);
  const birth = `${year}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  const gender = i % 2 ? 'M' : 'F';
  const seq = String(((i * 2) % 1000) + (gender === 'M' ? 1 : 0))
    .padStart(3, '0')
    .slice(-3);
  const area = ['440106', '440104', '110101', '310101'][i % 4];
  const first17 = `${area}${birth}${seq}`;
  const idNumber = first17 + residentIdCheckChar(first17);
  const genderFromId = Number(seq[2]) % 2 ? 'M' : 'F';
  let card = `6222${String(i).padStart(14, '0')}`;
  for (let d = 0; d <= 9; d++)
    if (luhnValid(card + d)) {
      card += d;
      break;
    }
  const values = {
    policyNumber: `B${String(i).padStart(9, '0')}`,
    productCode: 'WL-01',
    productCategory: 'ordinary_life',
    termMonths: '240',
    channel: 'agency',
    branchCode: 'GZ01',
    sellerCode: 'S-BENCH',
    agencyCode: '',
    applicationDate: '2026-11-20',
    receiptSignedDate: '2026-11-22',
    coolingOffDays: '',
    'policyholder.name': '张三',
    'policyholder.gender': genderFromId,
    'policyholder.birthDate': `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
    'policyholder.idType': 'RESIDENT_ID',
    'policyholder.idNumber': idNumber,
    'policyholder.address': i % 50 === 0 ? '' : '广东省广州市天河区体育西路100号',
    'policyholder.phones': `13${String(100000000 + i).slice(-9)}`,
    'insured.sameAsPolicyholder': 'true',
    'payment.bankAccount': card,
    'payment.accountHolderName': '张三',
  };
  if (i % 1000 === 999) return 'unreadable,row\n';
  return csvLine(
    POLICY_CSV_COLUMNS.map((c) => values[c]),
    '\n',
    quoteCsvCell,
  );
}

/**
 * The bare reference: `COPY` of the same file into a plain one-column table of the same database, a line a row
 * (CSV format with a delimiter and quote the file never holds, so nothing is split or unescaped). The same bytes reach
 * PostgreSQL as rows with no parsing, validation or encryption of ours: what staging and the import are compared with.
 */
async function bareCopy(databaseUrl, file) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('CREATE TABLE bench_copy_reference (line text)');
    const t0 = performance.now();
    await pipeline(
      createReadStream(file),
      db.query(
        copyFrom(`COPY bench_copy_reference FROM STDIN (FORMAT csv, HEADER true, DELIMITER E'\\x1f', QUOTE E'\\x1e')`),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM bench_copy_reference')).rows;
    if (n !== ROWS) throw new Error(`the reference COPY wrote ${n} rows, not ${ROWS}`);
    return seconds;
  } finally {
    await db.query('DROP TABLE IF EXISTS bench_copy_reference');
    await db.end();
  }
}

async function generate(file) {
  const out = createWriteStream(file);
  out.write(csvLine(POLICY_CSV_COLUMNS, '\n', quoteCsvCell));
  for (let i = 0; i < ROWS; i++) {
    if (!out.write(row(i))) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

function upload(base, token, file) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/policies/import?fileName=bench.csv`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          res.statusCode === 202 ? resolve(JSON.parse(body)) : reject(new Error(`${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

const file = path.join(os.tmpdir(), `verity-bench-${ROWS}.csv`);
console.log(`generating ${ROWS} rows into ${file}`);
await generate(file);
const sizeMb = Math.round(statSync(file).size / 2 ** 20);
const stack = await startStack();
try {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  await db.query(
    `INSERT INTO sellers (code, name, kind, channel, branch_code, qualified_on) VALUES ('S-BENCH', '基准', 'agent', 'agency', 'GZ01', '2020-01-01')`,
  );
  await db.end();
  const token = jwt.sign({ role: 'intake', branches: ['*'], channels: ['*'] }, stack.env.AUTH_JWT_SECRET, {
    subject: 'bench',
    expiresIn: '2h',
  });

  const copySeconds = await bareCopy(stack.databaseUrl, file);
  console.log(`bare COPY of the same file: ${copySeconds.toFixed(2)} s (${Math.round(ROWS / copySeconds)} rows/s)`);

  const t0 = performance.now();
  const started = await upload(stack.base, token, file);
  const tStaged = performance.now();
  console.log(
    `uploaded and staged ${started.totalRows} rows (${sizeMb} MB) in ${((tStaged - t0) / 1000).toFixed(1)} s`,
  );
  let p;
  for (;;) {
    p = await (
      await fetch(`${stack.base}/imports/${started.id}`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    if (p.status !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const tDone = performance.now();
  const result = {
    benchmark: 'import',
    date: new Date().toISOString(),
    machine: machine(),
    rows: ROWS,
    csvMb: sizeMb,
    status: p.status,
    accepted: p.accepted,
    refused: p.refused,
    bad: p.bad,
    stagingSeconds: +((tStaged - t0) / 1000).toFixed(1),
    processingSeconds: +((tDone - tStaged) / 1000).toFixed(1),
    totalSeconds: +((tDone - t0) / 1000).toFixed(1),
    rowsPerSecondEndToEnd: Math.round(ROWS / ((tDone - t0) / 1000)),
    rowsPerSecondProcessing: Math.round(ROWS / ((tDone - tStaged) / 1000)),
    bareCopySeconds: +copySeconds.toFixed(2),
    bareCopyRowsPerSecond: Math.round(ROWS / copySeconds),
    stagingToCopy: +(copySeconds / ((tStaged - t0) / 1000)).toFixed(3),
    endToEndToCopy: +(copySeconds / ((tDone - t0) / 1000)).toFixed(3),
    apiPeakRssMb: peakRssMb(stack.api.pid),
    workerPeakRssMb: peakRssMb(stack.worker.pid),
    batchSize: Number(stack.env.IMPORT_BATCH_SIZE ?? 2000),
    parallelism: Number(stack.env.IMPORT_PARALLELISM ?? 4),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(path.join(ROOT, `bench/out/import-${ROWS}.json`), JSON.stringify(result, null, 2));
} finally {
  await stack.stop();
}
