import { ageOn, birthDateProblem, compactToIsoDate, isRealIsoDate } from './iso-date';

describe('isRealIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['1990-02-30', false],
    ['1990-04-31', false],
    ['1990-13-01', false],
    ['1990-00-10', false],
    ['1990-1-10', false],
    ['19900110', false],
    ['', false],
  ])('%s → %s', (value, expected) => {
    expect(isRealIsoDate(value)).toBe(expected);
  });
});

describe('compactToIsoDate', () => {
  it.each([
    ['19491231', '1949-12-31'],
    ['19900230', null],
    ['1990023', null],
  ])('%s → %s', (value, expected) => {
    expect(compactToIsoDate(value)).toBe(expected);
  });
});

describe('ageOn', () => {
  it.each([
    ['2007-06-01', '2025-06-01', 18],
    ['2007-06-02', '2025-06-01', 17],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
  ])('born %s, on %s → %i', (birth, on, expected) => {
    expect(ageOn(birth, on)).toBe(expected);
  });
});

describe('birthDateProblem', () => {
  it.each([
    ['1985-03-15', null],
    ['2025-06-15', null],
    ['2025-06-16', 'future'],
    ['1859-12-31', 'invalid'],
    ['1860-01-01', null],
    ['1985-02-30', 'invalid'],
  ])('%s → %s', (value, expected) => {
    expect(birthDateProblem(value, '2025-06-15')).toBe(expected);
  });
});
