import { normalizePhone } from './phone';

describe('normalizePhone: accepted', () => {
  it.each([
    ['13800138000', '+8613800138000', 'mobile'],
    ['138-0013-8000', '+8613800138000', 'mobile'],
    [' 138 0013 8000 ', '+8613800138000', 'mobile'],
    ['+86 138 0013 8000', '+8613800138000', 'mobile'],
    ['+86-13800138000', '+8613800138000', 'mobile'],
    ['0086 13800138000', '+8613800138000', 'mobile'],
    ['008613800138000', '+8613800138000', 'mobile'],
    ['8613800138000', '+8613800138000', 'mobile'],
    ['19912345678', '+8619912345678', 'mobile'],
    ['16612345678', '+8616612345678', 'mobile'],
    ['020-87654321', '+862087654321', 'landline'],
    ['(020)87654321', '+862087654321', 'landline'],
    ['0755 8888 8888', '+8675588888888', 'landline'],
    ['+86 755 8888 8888', '+8675588888888', 'landline'],
    ['+86 (0)755 88888888', '+8675588888888', 'landline'],
    ['0086-20-87654321', '+862087654321', 'landline'],
    ['010-12345678', '+861012345678', 'landline'],
    ['+852 9123 4567', '+85291234567', 'mobile'], // Hong Kong mobile: HMT customers
    ['+1 415 555 2671', '+14155552671', 'mobile'], // FIXED_LINE_OR_MOBILE counts
  ])('%s → %s (%s)', (raw, e164, kind) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, e164, kind });
  });
});

describe('normalizePhone: mainland mobile segments', () => {
  it.each([
    ['17012345678', true], // 170: virtual operators of all three carriers
    ['17112345678', true], // 171: China Unicom resellers
    ['16212345678', true], // 162: China Telecom resellers
    ['16512345678', true], // 165: China Mobile resellers
    ['16712345678', true], // 167: China Unicom resellers
    ['+86 170 0000 0000', true],
    ['13800138000', false],
    ['19212345678', false], // 192: China Broadnet, a carrier of its own
    ['17212345678', false], // 172: China Mobile
  ])('%s virtual operator: %s', (raw, virtual) => {
    const result = normalizePhone(raw);
    expect(result).toMatchObject({ ok: true, kind: 'mobile' });
    expect(result.ok && result.virtualOperator === true).toBe(virtual);
  });

  it('does not mark foreign numbers that share the digits', () => {
    expect(normalizePhone('+49 170 1234567')).toEqual({ ok: true, e164: '+491701234567', kind: 'mobile' }); // German mobile
  });

  it.each(['14012345678', '16012345678', '16912345678', '17412345678', '15412345678', '10012345678'])(
    'refuses %s: a segment no carrier was allocated',
    (raw) => {
      expect(normalizePhone(raw)).toMatchObject({ ok: false, code: 'PHONE_INVALID' });
    },
  );
});

describe('normalizePhone: refused', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['87654321', 'landline without area code'],
    ['12345678901', 'not a mobile range'],
    ['1380013800', '10 digits'],
    ['138001380001', '12 digits'],
    ['1380013800a', 'letter'],
    ['138 0013 8000 ext 5', 'extension'],
    ['400 812 3123', 'service number'],
    ['800-810-8888', 'toll free'],
    ['+852 1234', 'short foreign'],
    ['++8613800138000', 'double plus'],
    ['无', 'placeholder'],
  ])('%s (%s)', (raw) => {
    expect(normalizePhone(raw)).toEqual({
      ok: false,
      code: 'PHONE_INVALID',
      message: 'Phone number is not a valid mobile or landline number',
      messageZh: '联系电话不是有效的手机号码或固定电话号码',
    });
  });
});
