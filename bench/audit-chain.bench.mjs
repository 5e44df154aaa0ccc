// npm run bench:audit-chain [-- --transactions 4000 --concurrency 1,4,16]: what the audit trail's hash chain costs
// (issue 11, measured for issue 12). Every auditing transaction links its entries at commit under the one
// audit_chain_head row, so concurrent writers queue there. Measured on the migrated schema, in the same run:
//   - chained: BEGIN; INSERT INTO audit_log …; COMMIT — the deferred trigger hashes and links the entry;
//   - bare reference: the same INSERT into a plain copy of audit_log with no trigger.
// Each transaction is one entry, the worst case for the chain (a real step writes its data and its entries together).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchDir, machine, migrate } from './lib.mjs';
import { freePort, startPostgres } from '../scripts/lib/services.mjs';

const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '1,4,16' },
  },
});
const TRANSACTIONS = Number(values.transactions);
const LEVELS = values.concurrency.split(',').map(Number);
if (!(TRANSACTIONS >= 100) || LEVELS.some((c) => !(c >= 1 && c <= 64))) {
  throw new Error('--transactions must be at least 100, --concurrency a list of 1..64');
}

const ENTRY = `(actor_id, actor_role, action, entity_type, entity_id, before_hash, after_hash, detail)
  VALUES ($1, 'back_office', 'case.investigate', 'case', $2, NULL, $3, $4)`;

async function run(pool, table, concurrency) {
  const latencies = [];
  let next = 0;
  const writer = async () => {
    const client = await pool.connect();
    try {
      while (next < TRANSACTIONS) {
        const i = next++;
        const t = performance.now();
        await client.query('BEGIN');
        await client.query(`INSERT INTO ${table} ${ENTRY}`, [
          `u${i % 50}`,
          `C-${i}`,
          `h${i}`,
          JSON.stringify({ step: 'investigate', n: i }),
        ]);
        await client.query('COMMIT');
        latencies.push(performance.now() - t);
      }
    } finally {
      client.release();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, writer));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { perSecond: Math.round(TRANSACTIONS / seconds), p50: pct(0.5), p99: pct(0.99) };
}

const dir = benchDir('verity-bench-audit-');
const db = await startPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
try {
  migrate({ ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
  const pool = new pg.Pool({ connectionString: db.url, max: Math.max(...LEVELS) });
  // A client still closing when the server stops reports 57P01 to the pool; nothing is lost by then.
  pool.on('error', () => {});
  await pool.query('CREATE TABLE bare_audit (LIKE audit_log INCLUDING DEFAULTS INCLUDING INDEXES)');
  // One untimed round of each first: otherwise whichever runs first pays for a cold database.
  await run(pool, 'bare_audit', 1);
  await run(pool, 'audit_log', 1);
  const rows = [];
  for (const concurrency of LEVELS) {
    // Bare first, then chained, at each level; both tables grow by the same rows.
    const bare = await run(pool, 'bare_audit', concurrency);
    const chained = await run(pool, 'audit_log', concurrency);
    rows.push({ concurrency, bare, chained });
  }
  const links = await pool.query('SELECT count(*)::int AS n FROM audit_chain');
  const entries = await pool.query('SELECT count(*)::int AS n FROM audit_log');
  await pool.end();
  if (links.rows[0].n !== entries.rows[0].n) {
    throw new Error(`${entries.rows[0].n} entries but ${links.rows[0].n} links: the chain lost entries`);
  }
  const f = (ms) => `${ms.toFixed(1)} ms`;
  console.log(JSON.stringify({ machine: machine(), transactions: TRANSACTIONS, rows }, null, 2));
  console.log('\n| writers | bare tx/s | chained tx/s | ratio | bare p50 / p99 | chained p50 / p99 |');
  console.log('|---|---|---|---|---|---|');
  for (const { concurrency, bare, chained } of rows) {
    const ratio = `${Math.round((100 * chained.perSecond) / bare.perSecond)} %`;
    console.log(
      `| ${concurrency} | ${bare.perSecond} | ${chained.perSecond} | ${ratio} | ${f(bare.p50)} / ${f(bare.p99)} | ${f(chained.p50)} / ${f(chained.p99)} |`,
    );
  }
  console.log(`\n${entries.rows[0].n} entries, ${links.rows[0].n} links: none lost.`);
} finally {
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}
