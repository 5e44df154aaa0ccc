import type { StoredParty, StoredPolicy } from '../../../../libs/persistence/src/policies/policy-reader';
import { maskMiddle, maskPhone, maskPolicy, ROLES_SEEING_SENSITIVE } from './masking';

describe('maskMiddle', () => {
  it('keeps the first 3 and last 4 characters of an ID number', () => {
    expect(maskMiddle('11010119900307123X')).toBe('110***********123X');
  });

  it('keeps as many characters as asked', () => {
    expect(maskMiddle('6222020200112233445', 4, 4)).toBe('6222***********3445');
    expect(maskMiddle('ABCDEFGH', 1, 1)).toBe('A******H');
  });

  it('hides a value too short to keep anything', () => {
    expect(maskMiddle('1234567')).toBe('*******');
    expect(maskMiddle('12')).toBe('**');
    expect(maskMiddle('')).toBe('');
  });

  it('masks the first value one longer than what is kept', () => {
    expect(maskMiddle('12345678')).toBe('123*5678');
  });

  it('passes null through', () => {
    expect(maskMiddle(null)).toBeNull();
  });
});

describe('maskPhone', () => {
  it('keeps +86 and the last 4 digits of a mainland mobile', () => {
    expect(maskPhone('+8613800138000')).toBe('+86*******8000');
  });

  it('keeps +86 and the last 4 digits of a mainland landline', () => {
    expect(maskPhone('+862087654321')).toBe('+86******4321');
  });

  it('keeps the length of the number', () => {
    for (const phone of ['+8613800138000', '+862087654321', '+85291234567', '+14155550123']) expect(maskPhone(phone)).toHaveLength(phone.length);
  });

  it('keeps 3 leading and 4 trailing characters of a number from elsewhere', () => {
    expect(maskPhone('+85291234567')).toBe('+85*****4567');
    expect(maskPhone('+14155550123')).toBe('+14*****0123');
  });

  it('hides a short (invalid, stored as entered) number whole', () => {
    expect(maskPhone('+86123')).toBe('******');
    expect(maskPhone('+8612')).toBe('*****');
  });
});

describe('maskPolicy', () => {
  const party = (over: Partial<StoredParty> = {}): StoredParty => ({
    name: '张三',
    gender: 'M',
    birthDate: '1990-03-07',
    idType: 'RESIDENT_ID',
    idNumber: '11010119900307123X',
    address: '广东省广州市天河区体育西路 100 号',
    phones: ['+8613800138000', '+862087654321'],
    customerId: '7',
    ...over,
  });
  const policy = (over: Partial<StoredPolicy> = {}): StoredPolicy => ({
    id: '1',
    policyNumber: 'P2026000001',
    productCode: 'WL-01',
    productCategory: 'ordinary_life',
    termMonths: 240,
    channel: 'agency',
    branchCode: 'GZ01',
    sellerCode: 'A0001',
    agencyCode: null,
    applicationDate: '2026-11-20',
    receiptSignedDate: '2026-11-22',
    coolingOffDays: 15,
    status: 'ACCEPTED',
    reasons: [],
    inScope: true,
    source: 'api',
    policyholder: party(),
    insured: party({ name: '李四', idNumber: '440106201506010021', phones: ['+8613900139000'] }),
    payment: { bankAccount: '6222020200112233445', accountHolderName: '张三' },
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-20T01:00:00.000Z',
    ...over,
  });

  it('masks ID numbers, phones and the bank account, and nothing else', () => {
    const original = policy();
    const masked = maskPolicy(original);
    expect(masked).toEqual({
      ...original,
      policyholder: { ...original.policyholder, idNumber: '110***********123X', phones: ['+86*******8000', '+86******4321'] },
      insured: { ...original.insured, idNumber: '440***********0021', phones: ['+86*******9000'] },
      payment: { bankAccount: '6222***********3445', accountHolderName: '张三' },
    });
  });

  it('does not change the policy it was given', () => {
    const original = policy();
    const copy = structuredClone(original);
    maskPolicy(original);
    expect(original).toEqual(copy);
  });

  it('keeps an absent insured, payment, ID number and account absent', () => {
    const masked = maskPolicy(policy({ insured: null, payment: null, policyholder: party({ idNumber: null, phones: [] }) }));
    expect(masked.insured).toBeNull();
    expect(masked.payment).toBeNull();
    expect(masked.policyholder.idNumber).toBeNull();
    expect(masked.policyholder.phones).toEqual([]);
    expect(maskPolicy(policy({ payment: { bankAccount: null, accountHolderName: '张三' } })).payment).toEqual({ bankAccount: null, accountHolderName: '张三' });
  });

  it('names the roles that see sensitive fields in full', () => {
    expect([...ROLES_SEEING_SENSITIVE].sort()).toEqual(['back_office', 'compliance', 'customer_service']);
  });
});
