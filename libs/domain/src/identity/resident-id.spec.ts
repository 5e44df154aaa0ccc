import { parseResidentId, residentIdCheckChar } from './resident-id';

const TODAY = '2025-06-15';

/** A valid 18-character number from area + YYYYMMDD + 3-digit sequence. */
function makeId(area: string, birth: string, seq: string): string {
  const first17 = area + birth + seq;
  return first17 + residentIdCheckChar(first17);
}

/** Same number with a check character that is certainly wrong. */
function breakCheck(id: string): string {
  const wrong = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

describe('residentIdCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'], // GB 11643 example
    ['44030019900101001', residentIdCheckChar('44030019900101001')],
  ])('%s → %s', (first17, expected) => {
    expect(residentIdCheckChar(first17)).toBe(expected);
  });

  it('covers all eleven check characters', () => {
    const seen = new Set<string>();
    for (let seq = 100; seq < 400; seq++) seen.add(residentIdCheckChar(`11010119900101${seq}`));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100X'])('throws on %s', (bad) => {
    expect(() => residentIdCheckChar(bad)).toThrow(RangeError);
  });
});

describe('parseResidentId: accepted', () => {
  it.each([
    ['GB example, X check', '11010519491231002X', '11010519491231002X', '1949-12-31', 'F', '110105', false],
    ['lowercase x', '11010519491231002x', '11010519491231002X', '1949-12-31', 'F', '110105', false],
    ['surrounding spaces', '  11010519491231002X \t', '11010519491231002X', '1949-12-31', 'F', '110105', false],
    [
      'odd sequence is male',
      makeId('440305', '19900101', '123'),
      makeId('440305', '19900101', '123'),
      '1990-01-01',
      'M',
      '440305',
      false,
    ],
    [
      'even sequence is female',
      makeId('440305', '19900101', '124'),
      makeId('440305', '19900101', '124'),
      '1990-01-01',
      'F',
      '440305',
      false,
    ],
    [
      'zero sequence is female',
      makeId('440305', '19900101', '120'),
      makeId('440305', '19900101', '120'),
      '1990-01-01',
      'F',
      '440305',
      false,
    ],
    [
      'historical code 崇文区 (ended 2009)',
      makeId('110103', '19800505', '015'),
      makeId('110103', '19800505', '015'),
      '1980-05-05',
      'M',
      '110103',
      false,
    ],
    [
      'prefecture-level code 440300',
      makeId('440300', '19700707', '018'),
      makeId('440300', '19700707', '018'),
      '1970-07-07',
      'F',
      '440300',
      false,
    ],
    [
      'leap day',
      makeId('310101', '20000229', '031'),
      makeId('310101', '20000229', '031'),
      '2000-02-29',
      'M',
      '310101',
      false,
    ],
    [
      'born today',
      makeId('310101', '20250615', '031'),
      makeId('310101', '20250615', '031'),
      '2025-06-15',
      'M',
      '310101',
      false,
    ],
    ['15-digit upgrade', '110105491231002', '11010519491231002X', '1949-12-31', 'F', '110105', true],
    [
      '15-digit upgrade, male',
      '440305900101123',
      makeId('440305', '19900101', '123'),
      '1990-01-01',
      'M',
      '440305',
      true,
    ],
    [
      '三元区 350404 (2021) on a birth in 2022',
      makeId('350404', '20220301', '012'),
      makeId('350404', '20220301', '012'),
      '2022-03-01',
      'F',
      '350404',
      false,
    ],
    [
      '沙县区 350405 (2021) on a birth in 2022',
      makeId('350405', '20220301', '011'),
      makeId('350405', '20220301', '011'),
      '2022-03-01',
      'M',
      '350405',
      false,
    ],
    [
      '米林市 540481 (2023)',
      makeId('540481', '20240101', '011'),
      makeId('540481', '20240101', '011'),
      '2024-01-01',
      'M',
      '540481',
      false,
    ],
    [
      '和康县 653228 (2024)',
      makeId('653228', '20240101', '011'),
      makeId('653228', '20240101', '011'),
      '2024-01-01',
      'M',
      '653228',
      false,
    ],
    [
      '两江新区 500157 (2025)',
      makeId('500157', '20250101', '011'),
      makeId('500157', '20250101', '011'),
      '2025-01-01',
      'M',
      '500157',
      false,
    ],
    [
      '丽水地区 332801 (1986–2000)',
      makeId('332801', '19880101', '011'),
      makeId('332801', '19880101', '011'),
      '1988-01-01',
      'M',
      '332801',
      false,
    ],
    [
      '丽水地区 332829 (1984–2000)',
      makeId('332829', '19700101', '011'),
      makeId('332829', '19700101', '011'),
      '1970-01-01',
      'M',
      '332829',
      false,
    ],
    [
      'late registration: code created after the birth',
      makeId('350405', '19600101', '011'),
      makeId('350405', '19600101', '011'),
      '1960-01-01',
      'M',
      '350405',
      false,
    ],
    [
      '370628 (1983–1995) within the 3-year grace',
      makeId('370628', '19980101', '011'),
      makeId('370628', '19980101', '011'),
      '1998-01-01',
      'M',
      '370628',
      false,
    ],
    [
      'prefecture code of a city without counties, 东莞 441900',
      makeId('441900', '19900101', '011'),
      makeId('441900', '19900101', '011'),
      '1990-01-01',
      'M',
      '441900',
      false,
    ],
  ])('%s', (_label, raw, idNumber, birthDate, gender, areaCode, upgradedFrom15) => {
    expect(parseResidentId(raw, TODAY)).toEqual({ ok: true, idNumber, birthDate, gender, areaCode, upgradedFrom15 });
  });
});

describe('parseResidentId: refused', () => {
  it.each([
    ['empty', '', 'ID_FORMAT'],
    ['17 digits', '11010519491231002', 'ID_FORMAT'],
    ['19 digits', '110105194912310021X', 'ID_FORMAT'],
    ['16 digits', '1101051949123100', 'ID_FORMAT'],
    ['X inside', '1101051949X231002X', 'ID_FORMAT'],
    ['other letter as check', '11010519491231002A', 'ID_FORMAT'],
    ['inner space', '110105 19491231002X', 'ID_FORMAT'],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ', 'ID_FORMAT'],
    ['wrong check character', breakCheck('11010519491231002X'), 'ID_CHECKSUM'],
    [
      'X where a digit belongs',
      makeId('440305', '19900101', '123').slice(0, 17) + (residentIdCheckChar('44030519900101123') === 'X' ? '0' : 'X'),
      'ID_CHECKSUM',
    ],
    ['Feb 30', makeId('110101', '19900230', '123'), 'ID_BIRTH_DATE_INVALID'],
    ['Feb 29 in a common year', makeId('110101', '19900229', '123'), 'ID_BIRTH_DATE_INVALID'],
    ['month 13', makeId('110101', '19901301', '123'), 'ID_BIRTH_DATE_INVALID'],
    ['day 00', makeId('110101', '19900100', '123'), 'ID_BIRTH_DATE_INVALID'],
    ['before 1860', makeId('110101', '18591231', '123'), 'ID_BIRTH_DATE_INVALID'],
    ['tomorrow', makeId('110101', '20250616', '123'), 'ID_BIRTH_DATE_FUTURE'],
    ['next year', makeId('110101', '20260101', '123'), 'ID_BIRTH_DATE_FUTURE'],
    ['15-digit Feb 30', '110101900230123', 'ID_BIRTH_DATE_INVALID'],
    ['unknown area 999999', makeId('999999', '19900101', '123'), 'ID_AREA_UNKNOWN'],
    ['unlisted county 110199', makeId('110199', '19900101', '123'), 'ID_AREA_UNKNOWN'],
    ['HMT code on a resident ID', makeId('810000', '19900101', '123'), 'ID_AREA_UNKNOWN'],
    ['15-digit unknown area', '999999900101123', 'ID_AREA_UNKNOWN'],
    ['province code 110000', makeId('110000', '19900101', '123'), 'ID_AREA_PROVINCE_LEVEL'],
    ['province code 440000', makeId('440000', '19900101', '123'), 'ID_AREA_PROVINCE_LEVEL'],
    ['Taiwan province code 710000', makeId('710000', '19900101', '123'), 'ID_AREA_PROVINCE_LEVEL'],
    ['15-digit province code', '330000900101123', 'ID_AREA_PROVINCE_LEVEL'],
    ['370628 (1983–1995) on a birth in 2008', makeId('370628', '20080101', '123'), 'ID_AREA_ENDED'],
    ['370628 just past the grace (1999)', makeId('370628', '19990101', '123'), 'ID_AREA_ENDED'],
    ['丽水地区 332801 (ended 2000) on a birth in 2010', makeId('332801', '20100101', '123'), 'ID_AREA_ENDED'],
  ])('%s → %s', (_label, raw, code) => {
    const result = parseResidentId(raw, TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message).toMatch(/^ID number /);
      expect(result.messageZh).toMatch(/^证件号码/);
    }
  });

  it('rejects a malformed today loudly', () => {
    expect(() => parseResidentId('11010519491231002X', '2025-02-30')).toThrow(RangeError);
  });
});
