import { PROVISIONAL_FIRST_YEAR, PROVISIONAL_LAST_YEAR, provisionalYear } from './provisional';
import { officialYear } from './working-calendar';

const dated = (year: number): string[] => provisionalYear(year).map((d) => `${d.date} ${d.name ?? ''}`);

describe('provisionalYear', () => {
  it('2027: the 2025 statutory days, lunar dates from lunar-javascript', () => {
    expect(dated(2027)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节', // 除夕: the day before 正月初一 (2027-02-06)
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节',
      '2027-04-05 清明',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午',
      '2027-09-15 中秋',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
    ]);
    expect(provisionalYear(2027).every((d) => d.kind === 'holiday' && d.source === 'provisional')).toBe(true);
  });

  it('adds no make-up working days (unpredictable)', () => {
    for (const year of [2027, 2030, 2040])
      expect(provisionalYear(year).filter((d) => d.kind !== 'holiday')).toEqual([]);
  });

  it.each([2025, 2026])('%i: every provisional day is an official holiday', (year) => {
    const official = new Set(
      officialYear(year)
        .filter((d) => d.kind === 'holiday')
        .map((d) => d.date),
    );
    const days = provisionalYear(year);
    expect(days).toHaveLength(13);
    expect(days.filter((d) => !official.has(d.date))).toEqual([]);
  });

  it('2028: 中秋 on 3 October shares a date with 国庆, kept once', () => {
    const days = provisionalYear(2028);
    expect(days).toHaveLength(12);
    expect(days.find((d) => d.date === '2028-10-03')?.name).toBe('中秋、国庆节');
  });

  it.each([PROVISIONAL_FIRST_YEAR - 1, PROVISIONAL_LAST_YEAR + 1, 2027.5])('refuses year %p', (year) => {
    expect(() => provisionalYear(year)).toThrow(RangeError);
  });
});
