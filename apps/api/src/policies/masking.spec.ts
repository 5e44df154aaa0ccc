import type { StoredParty, StoredPolicy } from '../../../../libs/persistence/src/policies/policy-reader';
import {
  maskAddress,
  maskBirthDate,
  maskFieldValue,
  maskMiddle,
  maskName,
  maskPhone,
  maskPolicy,
  ROLES_SEEING_SENSITIVE,
} from './masking';

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
    for (const phone of ['+8613800138000', '+862087654321', '+85291234567', '+14155550123'])
      expect(maskPhone(phone)).toHaveLength(phone.length);
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

describe('maskName', () => {
  it('keeps the first character of a name, two-character names too', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('John Smith')).toBe('J*********');
  });

  it('hides a one-character name whole and passes null through', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName(null)).toBeNull();
  });
});

describe('maskBirthDate', () => {
  it('keeps the year only', () => {
    expect(maskBirthDate('1990-03-07')).toBe('1990');
    expect(maskBirthDate('not a date')).toBe('****');
    expect(maskBirthDate(null)).toBeNull();
  });
});

describe('maskAddress', () => {
  it.each([
    ['广东省广州市天河区体育西路 100 号', '广东省广州市天河区****'],
    ['北京市朝阳区建国路88号', '北京市朝阳区****'],
    ['上海市浦东新区世纪大道1号', '上海市浦东新区****'],
    ['广西壮族自治区南宁市青秀区民族大道 1 号', '广西壮族自治区南宁市青秀区****'],
    ['江苏省苏州市昆山市前进中路 8 号', '江苏省苏州市昆山市****'],
    ['四川省阿坝藏族羌族自治州汶川县威州镇', '四川省阿坝藏族羌族自治州汶川县****'],
    ['内蒙古自治区锡林郭勒盟正蓝旗上都镇', '内蒙古自治区锡林郭勒盟正蓝旗****'],
    ['广州市天河区体育西路 100 号', '广州市天河区****'],
  ])('keeps %s down to the district or county', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });

  it('does not keep a street that contains 市 or 区 when no county comes first', () => {
    expect(maskAddress('浙江省义乌市稠城街道城中路市场 5 号')).toBe('浙江省义乌市****');
    expect(maskAddress('体育西路 100 号')).toBe('****');
    expect(maskAddress('100 Queen Street, Hong Kong')).toBe('****');
  });
});

describe('maskFieldValue', () => {
  it('masks each personal field as the policy view does, and hides an unknown field whole', () => {
    expect(maskFieldValue('phone', '+8613800138000')).toBe('+86*******8000');
    expect(maskFieldValue('bankAccount', '6222020200112233445')).toBe('6222***********3445');
    expect(maskFieldValue('idNumber', '11010119900307123X')).toBe('110***********123X');
    expect(maskFieldValue('name', '张三')).toBe('张*');
    expect(maskFieldValue('birthDate', '1990-03-07')).toBe('1990');
    expect(maskFieldValue('address', '广东省广州市天河区体育西路 100 号')).toBe('广东省广州市天河区****');
    expect(maskFieldValue('gender', 'F')).toBe('F');
    expect(maskFieldValue('favouriteColour', 'blue')).toBe('****');
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
    confidentiality: 'normal',
    status: 'ACCEPTED',
    reasons: [],
    inScope: true,
    source: 'api',
    policyholder: party(),
    insured: party({ name: '李四', idNumber: '440106201506010021', phones: ['+8613900139000'] }),
    payment: { bankAccount: '6222020200112233445', accountHolderName: '张三' },
    beneficiaries: [{ name: '王五', idType: 'RESIDENT_ID', idNumber: '11010519491231002X', share: 100 }],
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-20T01:00:00.000Z',
    ...over,
  });

  it('masks names, birth dates, ID numbers, addresses, phones, the bank account and beneficiaries, and nothing else', () => {
    const original = policy();
    const masked = maskPolicy(original);
    const shown = { name: '张*', birthDate: '1990', address: '广东省广州市天河区****' };
    expect(masked).toEqual({
      ...original,
      policyholder: {
        ...original.policyholder,
        ...shown,
        idNumber: '110***********123X',
        phones: ['+86*******8000', '+86******4321'],
      },
      insured: {
        ...original.insured,
        ...shown,
        name: '李*',
        idNumber: '440***********0021',
        phones: ['+86*******9000'],
      },
      payment: { bankAccount: '6222***********3445', accountHolderName: '张*' },
      beneficiaries: [{ name: '王*', idType: 'RESIDENT_ID', idNumber: '110***********002X', share: 100 }],
    });
  });

  it('does not change the policy it was given', () => {
    const original = policy();
    const copy = structuredClone(original);
    maskPolicy(original);
    expect(original).toEqual(copy);
  });

  it('keeps an absent insured, payment, ID number and account absent', () => {
    const masked = maskPolicy(
      policy({ insured: null, payment: null, policyholder: party({ idNumber: null, phones: [] }) }),
    );
    expect(masked.insured).toBeNull();
    expect(masked.payment).toBeNull();
    expect(masked.policyholder.idNumber).toBeNull();
    expect(masked.policyholder.phones).toEqual([]);
    expect(maskPolicy(policy({ payment: { bankAccount: null, accountHolderName: '张三' } })).payment).toEqual({
      bankAccount: null,
      accountHolderName: '张*',
    });
    const blank = maskPolicy(
      policy({ policyholder: party({ name: null, birthDate: null, address: null }) }),
    ).policyholder;
    expect([blank.name, blank.birthDate, blank.address]).toEqual([null, null, null]);
  });

  it('names the roles that see sensitive fields in full', () => {
    expect([...ROLES_SEEING_SENSITIVE].sort()).toEqual(['back_office', 'compliance', 'customer_service']);
  });
});
