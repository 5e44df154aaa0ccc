// npm run web:budget: the JavaScript the first page loads — the entry chunk and every chunk it imports statically,
// read from Vite's manifest (dist/web/.vite/manifest.json, `npm run build:web` first) — gzipped, against a budget.
// Lazy routes (dynamic imports, e.g. the dashboard with ECharts) are not counted: the first page does not load them.
//   WEB_BUDGET_KB=600 (default)   exits 1 when over
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/web');
const MANIFEST = path.join(OUT, '.vite/manifest.json');
const BUDGET_KB = Number(process.env.WEB_BUDGET_KB ?? 600);

if (!existsSync(MANIFEST)) {
  console.error(`web:budget: ${path.relative(ROOT, MANIFEST)} is missing; run \`npm run build:web\` first`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
if (entries.length === 0) {
  console.error('web:budget: the manifest has no entry chunk');
  process.exit(2);
}

const seen = new Set();
const walk = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) walk(dep);
};
for (const [key] of entries) walk(key);

const kb = (n) => n / 1024;
let raw = 0;
let gz = 0;
const rows = [...seen]
  .map((key) => {
    const file = manifest[key].file;
    const bytes = readFileSync(path.join(OUT, file));
    const g = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += g;
    return { file, raw: bytes.length, gz: g };
  })
  .sort((a, b) => b.gz - a.gz);

for (const r of rows)
  console.log(
    `  ${r.file.padEnd(44)} ${kb(r.raw).toFixed(1).padStart(8)} KB  gzip ${kb(r.gz).toFixed(1).padStart(7)} KB`,
  );
const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js')).length - rows.length;
console.log(
  `first page: ${rows.length} chunks, ${kb(raw).toFixed(1)} KB, gzip ${kb(gz).toFixed(1)} KB (budget ${BUDGET_KB} KB); ${lazy} chunks load later`,
);
if (kb(gz) > BUDGET_KB) {
  console.error(`web:budget: over by ${(kb(gz) - BUDGET_KB).toFixed(1)} KB gzip`);
  process.exit(1);
}
console.log('web:budget: within budget');
