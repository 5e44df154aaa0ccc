import { REASON_CODES, fieldLabel, reasonMessage } from './reason-messages';

describe('reasonMessage', () => {
  it.each(REASON_CODES.map((code) => [code]))('%s has English and Chinese text', (code) => {
    const text = reasonMessage(code, 'policyholder', 'idNumber', { sellerCode: 'S1' });
    expect(text.message).toMatch(/^[A-Z]/);
    expect(text.message).not.toMatch(/undefined|\$\{/);
    expect(text.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(text.messageZh).not.toMatch(/undefined|\$\{/);
  });

  it.each([
    ['FIELD_MISSING', 'policyholder', 'idNumber', 'Policyholder ID number is missing', '投保人证件号码缺失'],
    ['FIELD_MISSING', 'insured', 'birthDate', 'Insured birth date is missing', '被保险人出生日期缺失'],
    ['FIELD_MISSING', 'payment', 'accountHolderName', 'Payment account holder name is missing', '缴费账户户名缺失'],
    [
      'PHONE_INVALID',
      'policyholder',
      'phones[1]',
      'Policyholder phone number 2 is not a valid mobile or landline number',
      '投保人第2个联系电话不是有效的手机号码或固定电话号码',
    ],
    [
      'APPLICATION_DATE_INVALID',
      'policy',
      'applicationDate',
      'Application date must be a real date (YYYY-MM-DD) not after today',
      '投保日期须为不晚于今天的真实日期（YYYY-MM-DD）',
    ],
  ] as const)('%s %s %s', (code, party, field, message, messageZh) => {
    expect(reasonMessage(code, party, field)).toEqual({ message, messageZh });
  });

  it('says both dates when the seller qualified after the application', () => {
    const text = reasonMessage('SELLER_NOT_QUALIFIED', 'seller', 'sellerCode', {
      sellerCode: 'S9',
      qualifiedOn: '2025-03-02',
      applicationDate: '2025-03-01',
    });
    expect(text.message).toBe(
      'Seller S9 passed the form-filling test on 2025-03-02, after the application date 2025-03-01 (Art. 10)',
    );
    expect(text.messageZh).toContain('2025-03-02');
  });

  it('falls back to the raw field name for unlisted fields', () => {
    expect(fieldLabel('foo')).toEqual({ en: 'foo', zh: 'foo' });
  });
});
