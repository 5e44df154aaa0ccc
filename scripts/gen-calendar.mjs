// Generates libs/domain/src/calendar/data/official.json from the npm package chinese-days 1.5.7 (MIT), whose
// data follows the State Council's yearly 节假日安排 notices. Run: node scripts/gen-calendar.mjs [chinese-days.json]
// Get the input with: cd /tmp/probe && npm pack chinese-days@1.5.7 && tar xzf chinese-days-1.5.7.tgz
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'chinese-days 1.5.7 (MIT)';
const input = process.argv[2] ?? '/tmp/probe/package/dist/chinese-days.json';
const output = path.join(ROOT, 'libs/domain/src/calendar/data/official.json');

// Days the package gets wrong, each checked against the State Council notice cited.
const ERRATA = {
  workdays: {
    // 国办发明电〔2005〕35号 (2006 schedule): "12月31日（星期六）上班"; chinese-days lists no make-up day for it.
    '2005-12-31': '元旦',
  },
  holidays: {},
};

const raw = JSON.parse(readFileSync(input, 'utf8'));
for (const key of ['holidays', 'workdays', 'inLieuDays']) {
  if (typeof raw[key] !== 'object' || raw[key] === null) throw new Error(`${input}: no "${key}" map`);
}

// Values look like "Spring Festival,春节,4": English name, Chinese name, statutory days. Keep the Chinese name.
function chineseName(value, date) {
  const parts = String(value).split(',');
  if (parts.length < 3 || !parts[1]) throw new Error(`${date}: unexpected value ${JSON.stringify(value)}`);
  return parts[1];
}

function checkDate(date) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return date;
}

// inLieuDays (调休 days off) must already be holidays, or dropping them would lose days off.
const missing = Object.keys(raw.inLieuDays).filter((d) => !(d in raw.holidays));
if (missing.length > 0) throw new Error(`inLieuDays not listed as holidays: ${missing.join(', ')}`);

const holidays = Object.fromEntries(Object.entries(raw.holidays).map(([d, v]) => [checkDate(d), chineseName(v, d)]));
const workdays = Object.fromEntries(Object.entries(raw.workdays).map(([d, v]) => [checkDate(d), chineseName(v, d)]));
Object.assign(holidays, ERRATA.holidays);
Object.assign(workdays, ERRATA.workdays);

const clash = Object.keys(workdays).filter((d) => d in holidays);
if (clash.length > 0) throw new Error(`dates both holiday and workday: ${clash.join(', ')}`);

const years = {};
function put(kind, map) {
  for (const date of Object.keys(map).sort()) {
    const year = date.slice(0, 4);
    years[year] ??= { holidays: {}, workdays: {} };
    years[year][kind][date] = map[date];
  }
}
put('holidays', holidays);
put('workdays', workdays);
const sortedYears = Object.fromEntries(
  Object.keys(years)
    .sort()
    .map((y) => [y, years[y]]),
);

mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify({ source: SOURCE, years: sortedYears }) + '\n');
const counts = Object.values(sortedYears).reduce(
  (acc, y) => [acc[0] + Object.keys(y.holidays).length, acc[1] + Object.keys(y.workdays).length],
  [0, 0],
);
console.log(
  `${path.relative(ROOT, output)}: years ${Object.keys(sortedYears)[0]}–${Object.keys(sortedYears).at(-1)}, ` +
    `${counts[0]} holidays, ${counts[1]} make-up workdays; ${Object.keys(raw.inLieuDays).length} inLieuDays all among holidays`,
);
