// `npm run audit:verify`: walks the audit trail's hash chain and names the first broken link (exit 1), checking the
// heads written outside the database too (AUDIT_ANCHOR_DIR, default .data/audit-anchors), so a rewrite of the whole
// table is found (libs/persistence/src/audit/audit-chain.ts, built into dist/).
//
//   npm run audit:verify                          the whole chain and every anchor
//   npm run audit:verify -- --from 2026-01-01 --to 2026-03-31T23:59:59Z   the entries written in a period
//   npm run audit:verify -- --anchor              write the chain's head to the day's anchor file now (as the daily
//                                                 Schedule does), then verify
//
// The database is DATABASE_URL's, or the embedded default's; reading the chain needs no more than the application's role.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(ROOT, 'dist', p));

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    anchor: { type: 'boolean', default: false },
  },
});
for (const key of ['from', 'to']) {
  if (values[key] !== undefined && Number.isNaN(Date.parse(values[key]))) {
    console.error(`--${key} must be an ISO 8601 date or date-time`);
    process.exit(2);
  }
}

const { DataSource } = require('typeorm');
const { dataSourceOptions } = dist('libs/persistence/src/data-source.js');
const { readAuditAnchors, verifyAuditChain, writeAuditAnchor } = dist('libs/persistence/src/audit/audit-chain.js');

const url =
  process.env.DATABASE_URL || `postgres://verity:verity@127.0.0.1:${process.env.EMBEDDED_PG_PORT || 54329}/verity`;
const anchorDir = path.resolve(ROOT, process.env.AUDIT_ANCHOR_DIR || '.data/audit-anchors');

const db = new DataSource(dataSourceOptions(url, 2));
await db.initialize();
try {
  if (values.anchor) console.log(JSON.stringify({ anchorWritten: await writeAuditAnchor(db.manager, anchorDir) }));
  const anchors = await readAuditAnchors(anchorDir);
  const result = await verifyAuditChain(db.manager, { from: values.from, to: values.to }, anchors);
  console.log(JSON.stringify(result, null, 2));
  if (!result.ok) {
    const b = result.firstBreak;
    console.error(`audit chain broken at link ${b.seq ?? '-'} (entry ${b.auditId ?? '-'}): ${b.kind}, ${b.detail}`);
    process.exitCode = 1;
  } else {
    console.log(`audit chain intact: ${result.checked} links, ${result.anchorsChecked} anchors`);
  }
} finally {
  await db.destroy();
}
