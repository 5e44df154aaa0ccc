import type { Correction } from '../../../contracts/src/case.contract';
import { MIN_ADDRESS_LENGTH } from '../underwriting/reason-messages';
import { checkCorrectedIdentity, normaliseCorrectedValue } from './correction';

const CTX = { today: '2026-12-01' };

type Field = Correction['field'];

describe('normaliseCorrectedValue: accepted values come back in their stored form', () => {
  it.each<[Field, string, string]>([
    // phone: E.164
    ['phone', '13800138000', '+8613800138000'],
    ['phone', ' 138 0013 8000 ', '+8613800138000'],
    ['phone', '+86-138-0013-8000', '+8613800138000'],
    ['phone', '020-87654321', '+862087654321'],
    // bankAccount: digits only
    ['bankAccount', '6228480402564890018', '6228480402564890018'],
    ['bankAccount', '6228 4804 0256 4890 018', '6228480402564890018'],
    ['bankAccount', '6222-0202-0000-0000-006', '6222020200000000006'],
    ['bankAccount', '6222020200000000001', '6222020200000000001'], // Luhn failure is reported, not enforced
    ['bankAccount', '123456789012', '123456789012'], // 12 digits: shortest accepted
    // address: trimmed, at least MIN_ADDRESS_LENGTH characters
    ['address', '12345', '12345'],
    ['address', '  北京市朝阳区建国路1号  ', '北京市朝阳区建国路1号'],
    ['address', '广州市天河', '广州市天河'],
    ['address', 'x'.repeat(MIN_ADDRESS_LENGTH), 'x'.repeat(MIN_ADDRESS_LENGTH)],
  ])('%s %j → %j', (field, value, stored) => {
    expect(normaliseCorrectedValue(field, value, CTX)).toBe(stored);
  });
});

describe('normaliseCorrectedValue: invalid values → null', () => {
  it.each<[Field, string, string]>([
    ['phone', '123', 'too short'],
    ['phone', '', 'empty'],
    ['phone', '   ', 'blank'],
    ['phone', '1380013800a', 'letter'],
    ['phone', '400 812 3123', 'service number'],
    ['bankAccount', '12345', 'too few digits'],
    ['bankAccount', '1'.repeat(31), 'too many digits'],
    ['bankAccount', '6228A80402564890018', 'letter'],
    ['bankAccount', '', 'empty'],
    ['address', '1234', 'one character short'],
    ['address', '   abcd   ', 'short once trimmed'],
    ['address', 'x'.repeat(MIN_ADDRESS_LENGTH - 1), 'MIN_ADDRESS_LENGTH - 1'],
    ['address', '', 'empty'],
    ['address', '     ', 'blank'],
  ])('%s %j (%s) → null', (field, value) => {
    expect(normaliseCorrectedValue(field, value, CTX)).toBeNull();
  });
});

describe('normaliseCorrectedValue: the field decides the rule', () => {
  it.each<[Field, string, string | null]>([
    ['phone', '13800138000', '+8613800138000'],
    ['bankAccount', '13800138000', null], // 11 digits: too short for an account
    ['address', '13800138000', '13800138000'], // long enough to be an address
  ])('%s 13800138000 → %j', (field, value, stored) => {
    expect(normaliseCorrectedValue(field, value, CTX)).toBe(stored);
  });
});

describe('checkCorrectedIdentity: the ID number agrees with the gender and birth date after every correction', () => {
  // GB 11643's own example: born 1949-12-31, female (17th digit 2).
  const recorded = { idType: 'RESIDENT_ID', idNumber: '11010519491231002X', gender: 'F', birthDate: '1949-12-31' };
  const c = (field: Correction['field'], oldValue: string, newValue: string, idType?: string): Correction => ({
    customerId: 'C1',
    field,
    oldValue,
    newValue,
    ...(idType ? { idType } : {}),
  });
  const check = (...corrections: Correction[]) =>
    checkCorrectedIdentity(
      recorded,
      corrections.map((correction, i) => ({ index: i + 1, correction })),
      CTX.today,
    );

  it('accepts corrections that keep the agreement, or do not touch identity', () => {
    expect(check(c('phone', '13900139000', '13800138000'))).toBeNull();
    expect(check(c('name', '张三', '张叁'))).toBeNull();
    // A wrong ID corrected together with the birth date and gender it encodes.
    expect(
      check(
        c('idNumber', recorded.idNumber, '110101198005170011', 'RESIDENT_ID'),
        c('birthDate', '1949-12-31', '1980-05-17'),
        c('gender', 'F', 'M'),
      ),
    ).toBeNull();
  });

  it('names the correction that breaks the agreement', () => {
    expect(check(c('birthDate', '1949-12-31', '1949-12-30'))).toBe(
      "corrections[1].newValue: the ID number's birth date 1949-12-31 does not match the birth date 1949-12-30",
    );
    expect(check(c('gender', 'F', 'M'))).toBe(
      "corrections[1].newValue: the ID number's gender F does not match the gender M",
    );
    // A new ID whose birth date is not the recorded one: the ID correction is named.
    expect(
      check(c('name', '张三', '张叁'), c('idNumber', recorded.idNumber, '110101198005170011', 'RESIDENT_ID')),
    ).toBe("corrections[2].newValue: the ID number's birth date 1980-05-17 does not match the birth date 1949-12-31");
  });

  it('does not compare documents that encode no birth date or gender', () => {
    expect(check(c('idNumber', recorded.idNumber, 'E12345678', 'PASSPORT'))).toBeNull();
  });
});
