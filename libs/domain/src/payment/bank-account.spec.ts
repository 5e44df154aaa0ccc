import { checkBankAccount, luhnValid } from './bank-account';

describe('luhnValid', () => {
  it.each([
    ['79927398713', true],
    ['79927398710', false],
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['6228480402564890018', true],
    ['0', true],
    ['', false],
    ['4111 1111 1111 1111', false],
  ])('%s → %s', (digits, expected) => {
    expect(luhnValid(digits)).toBe(expected);
  });
});

describe('checkBankAccount', () => {
  it.each([
    ['6228480402564890018', '6228480402564890018', true],
    ['6228 4804 0256 4890 018', '6228480402564890018', true],
    ['6222-0202-0000-0000-006', '6222020200000000006', true],
    ['6222020200000000001', '6222020200000000001', false],
    ['621226123456789016', '621226123456789016', true],
    ['123456789012', '123456789012', luhnValid('123456789012')], // 12 digits: shortest accepted
    ['1'.repeat(30), '1'.repeat(30), luhnValid('1'.repeat(30))], // 30 digits: longest accepted
  ])('%s → %s (luhn %s)', (raw, account, luhn) => {
    expect(checkBankAccount(raw)).toEqual({ ok: true, account, luhnValid: luhn });
  });

  it.each(['12345678901', '1'.repeat(31), '6228A80402564890018', '6228.4804.0256.4890.018', '', '   '])(
    '%s → BANK_ACCOUNT_FORMAT',
    (raw) => {
      expect(checkBankAccount(raw)).toEqual({
        ok: false,
        code: 'BANK_ACCOUNT_FORMAT',
        message: 'Bank account number must be 12 to 30 digits',
        messageZh: '银行账号须为12至30位数字',
      });
    },
  );
});
