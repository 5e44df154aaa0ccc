import type { PartyInput, PolicyApplication, SellerFacts, UnderwritingResult } from '../policy-application';
import { residentIdCheckChar } from '../identity/resident-id';
import { underwrite } from './underwrite';

const TODAY = '2025-06-15';

function residentId(area: string, birth: string, seq: string): string {
  const first17 = area + birth + seq;
  return first17 + residentIdCheckChar(first17);
}

const HOLDER_ID = residentId('110105', '19850315', '011'); // male
const CHILD_ID = residentId('440305', '20150505', '022'); // female
const ADULT_INSURED_ID = residentId('310101', '19880808', '024'); // female

function policyholder(over: Partial<PartyInput> = {}): PartyInput {
  return {
    name: '张三',
    gender: 'M',
    birthDate: '1985-03-15',
    idType: 'RESIDENT_ID',
    idNumber: HOLDER_ID,
    address: '北京市朝阳区建国路88号',
    phones: ['138-0013-8000'],
    ...over,
  };
}

function application(over: Partial<PolicyApplication> = {}): PolicyApplication {
  return {
    policyNumber: 'P2025000001',
    productCode: 'OL-10',
    productCategory: 'ordinary_life',
    termMonths: 120,
    channel: 'agency',
    branchCode: 'BJ01',
    sellerCode: 'S001',
    agencyCode: null,
    applicationDate: '2025-06-01',
    receiptSignedDate: '2025-06-05',
    coolingOffDays: 15,
    policyholder: policyholder(),
    insured: null,
    payment: { bankAccount: '6228 4804 0256 4890 018', accountHolderName: '张三' },
    ...over,
  };
}

const SELLER: SellerFacts = { code: 'S001', qualifiedOn: '2024-01-10', active: true };

function codes(result: UnderwritingResult): string[] {
  return result.reasons.map((r) => `${r.party}.${r.field}:${r.code}`);
}

describe('underwrite: accepted', () => {
  it('accepts a complete application and normalizes it', () => {
    const result = underwrite(
      application({
        policyholder: policyholder({ name: '  张三 ', idNumber: ` ${HOLDER_ID.toLowerCase()} `, gender: 'm' }),
      }),
      SELLER,
      TODAY,
    );
    expect(result.decision).toBe('ACCEPTED');
    expect(result.reasons).toEqual([]);
    expect(result.inScope).toBe(true);
    expect(result.insuredIsPolicyholder).toBe(true);
    expect(result.policyholder).toEqual({
      name: '张三',
      gender: 'M',
      birthDate: '1985-03-15',
      idType: 'RESIDENT_ID',
      idNumber: HOLDER_ID,
      address: '北京市朝阳区建国路88号',
      phones: ['+8613800138000'],
    });
    expect(result.insured).toEqual(result.policyholder);
    expect(result.insured).not.toBe(result.policyholder);
    expect(result.payment).toEqual({ bankAccount: '6228480402564890018', accountHolderName: '张三' });
  });

  it('upgrades a 15-digit resident ID in the output', () => {
    const result = underwrite(
      application({
        policyholder: policyholder({ idNumber: '110105491231002', birthDate: '1949-12-31', gender: 'F' }),
      }),
      SELLER,
      TODAY,
    );
    expect(result.decision).toBe('ACCEPTED');
    expect(result.policyholder.idNumber).toBe('11010519491231002X');
  });

  it('accepts a minor insured without an ID document', () => {
    const insured: PartyInput = { name: '张小花', gender: 'F', birthDate: '2015-05-05' };
    const result = underwrite(application({ insured }), SELLER, TODAY);
    expect(result.decision).toBe('ACCEPTED');
    expect(result.insuredIsPolicyholder).toBe(false);
    expect(result.insured).toEqual({
      name: '张小花',
      gender: 'F',
      birthDate: '2015-05-05',
      idType: null,
      idNumber: null,
      address: null,
      phones: [],
    });
  });

  it('accepts a minor insured with an ID document and checks it', () => {
    const insured: PartyInput = {
      name: '张小花',
      gender: 'F',
      birthDate: '2015-05-05',
      idType: 'RESIDENT_ID',
      idNumber: CHILD_ID,
    };
    expect(underwrite(application({ insured }), SELLER, TODAY).decision).toBe('ACCEPTED');
  });

  it('accepts an application without payment details (payment is optional)', () => {
    expect(underwrite(application({ payment: null }), SELLER, TODAY)).toMatchObject({
      decision: 'ACCEPTED',
      payment: { bankAccount: null, accountHolderName: null },
    });
  });

  it('accepts a seller who qualified on the application date itself', () => {
    expect(underwrite(application(), { ...SELLER, qualifiedOn: '2025-06-01' }, TODAY).decision).toBe('ACCEPTED');
  });

  it('compares the old PR card birth date without its guessed century', () => {
    const holder = policyholder({
      idType: 'FOREIGNER_PR_CARD_OLD',
      idNumber: 'USA110010031501',
      birthDate: '1910-03-15',
    });
    expect(underwrite(application({ policyholder: holder }), SELLER, TODAY).decision).toBe('ACCEPTED');
  });

  it('a virtual-operator phone is a warning and does not reject', () => {
    const result = underwrite(application({ policyholder: policyholder({ phones: ['16212345678'] }) }), SELLER, TODAY);
    expect(result.decision).toBe('ACCEPTED');
    expect(result.reasons).toEqual([
      expect.objectContaining({ field: 'phones[0]', code: 'PHONE_VIRTUAL_OPERATOR', severity: 'warning' }),
    ]);
    expect(result.policyholder.phones).toEqual(['+8616212345678']);
  });

  it('a failed Luhn check is a warning and does not reject', () => {
    const result = underwrite(
      application({ payment: { bankAccount: '6222020200000000001', accountHolderName: '张三' } }),
      SELLER,
      TODAY,
    );
    expect(result.decision).toBe('ACCEPTED');
    expect(result.reasons).toEqual([
      {
        party: 'payment',
        field: 'bankAccount',
        code: 'BANK_ACCOUNT_LUHN',
        severity: 'warning',
        message: 'Payment bank account number fails the card check digit (Luhn); please verify it',
        messageZh: '缴费银行账号未通过银行卡校验位（Luhn）检查，请核实',
      },
    ]);
    expect(result.payment.bankAccount).toBe('6222020200000000001');
  });
});

describe('underwrite: R1 completeness', () => {
  it('lists every missing policyholder and insured field', () => {
    const result = underwrite(
      application({
        policyholder: { name: '  ', gender: null, idType: '', phones: ['', '  '] },
        insured: {},
      }),
      SELLER,
      TODAY,
    );
    expect(result.decision).toBe('REJECTED');
    expect(codes(result)).toEqual([
      'policyholder.name:FIELD_MISSING',
      'policyholder.gender:FIELD_MISSING',
      'policyholder.birthDate:FIELD_MISSING',
      'policyholder.idType:FIELD_MISSING',
      'policyholder.idNumber:FIELD_MISSING',
      'policyholder.address:FIELD_MISSING',
      'policyholder.phones:FIELD_MISSING',
      'insured.name:FIELD_MISSING',
      'insured.gender:FIELD_MISSING',
      'insured.birthDate:FIELD_MISSING',
      'insured.idType:FIELD_MISSING',
      'insured.idNumber:FIELD_MISSING',
    ]);
    expect(result.reasons.every((r) => r.severity === 'error')).toBe(true);
    expect(result.reasons[4]).toMatchObject({
      message: 'Policyholder ID number is missing',
      messageZh: '投保人证件号码缺失',
    });
  });

  it.each([
    [
      'adult insured without ID',
      { birthDate: '1988-08-08' },
      ['insured.idType:FIELD_MISSING', 'insured.idNumber:FIELD_MISSING'],
    ],
    [
      'insured turning 18 on the application date',
      { birthDate: '2007-06-01' },
      ['insured.idType:FIELD_MISSING', 'insured.idNumber:FIELD_MISSING'],
    ],
    ['insured turning 18 the day after', { birthDate: '2007-06-02' }, []],
    [
      'insured without birth date or ID',
      { birthDate: null },
      ['insured.birthDate:FIELD_MISSING', 'insured.idType:FIELD_MISSING', 'insured.idNumber:FIELD_MISSING'],
    ],
    [
      'insured with an impossible birth date and no ID',
      { birthDate: '2015-02-30' },
      ['insured.birthDate:BIRTH_DATE_INVALID', 'insured.idType:FIELD_MISSING', 'insured.idNumber:FIELD_MISSING'],
    ],
    [
      'minor with a number but no type',
      { birthDate: '2015-05-05', idNumber: CHILD_ID },
      ['insured.idType:FIELD_MISSING'],
    ],
    ['minor with a type but no number', { birthDate: '2015-05-05', idType: 'RESIDENT_ID' }, []],
  ] as const)('%s', (_label, over, expected) => {
    const insured: PartyInput = { name: '李四', gender: 'F', ...over };
    expect(codes(underwrite(application({ insured }), SELLER, TODAY))).toEqual(expected);
  });

  it('refuses an adult insured without ID while the policyholder is complete', () => {
    const insured: PartyInput = {
      name: '李四',
      gender: 'F',
      birthDate: '1988-08-08',
      idType: 'RESIDENT_ID',
      idNumber: '',
    };
    const result = underwrite(application({ insured }), SELLER, TODAY);
    expect(result.decision).toBe('REJECTED');
    expect(codes(result)).toEqual(['insured.idNumber:FIELD_MISSING']);
  });

  it('does not require address or phones of an insured who is not the policyholder', () => {
    const insured: PartyInput = {
      name: '李四',
      gender: 'F',
      birthDate: '1988-08-08',
      idType: 'RESIDENT_ID',
      idNumber: ADULT_INSURED_ID,
    };
    expect(underwrite(application({ insured }), SELLER, TODAY).decision).toBe('ACCEPTED');
  });
});

describe('underwrite: field formats and R2 identity', () => {
  it.each<[string, Partial<PartyInput>, string[]]>([
    ['gender not M/F', { gender: 'X' }, ['policyholder.gender:GENDER_INVALID']],
    ['impossible birth date', { birthDate: '1985-02-30' }, ['policyholder.birthDate:BIRTH_DATE_INVALID']],
    ['birth date not ISO', { birthDate: '1985/03/15' }, ['policyholder.birthDate:BIRTH_DATE_INVALID']],
    ['future birth date', { birthDate: '2025-06-16' }, ['policyholder.birthDate:BIRTH_DATE_INVALID']],
    ['unknown ID type', { idType: 'DRIVER_LICENSE' }, ['policyholder.idType:ID_TYPE_UNKNOWN']],
    [
      'wrong check character',
      { idNumber: HOLDER_ID.slice(0, 17) + (HOLDER_ID[17] === '0' ? '1' : '0') },
      ['policyholder.idNumber:ID_CHECKSUM'],
    ],
    ['ID number of another format', { idNumber: 'E12345678' }, ['policyholder.idNumber:ID_FORMAT']],
    ['unknown area', { idNumber: residentId('110199', '19850315', '011') }, ['policyholder.idNumber:ID_AREA_UNKNOWN']],
    ['gender mismatch', { gender: 'F' }, ['policyholder.gender:ID_GENDER_MISMATCH']],
    ['birth date mismatch', { birthDate: '1985-03-16' }, ['policyholder.birthDate:ID_BIRTH_DATE_MISMATCH']],
    [
      'both mismatch',
      { birthDate: '1985-03-16', gender: 'F' },
      ['policyholder.birthDate:ID_BIRTH_DATE_MISMATCH', 'policyholder.gender:ID_GENDER_MISMATCH'],
    ],
    [
      'passport gives no birth date or gender to compare',
      { idType: 'PASSPORT', idNumber: 'E12345678', gender: 'F' },
      [],
    ],
    ['address too short', { address: ' 北京市 ' }, ['policyholder.address:ADDRESS_TOO_SHORT']],
    ['address of exactly five characters', { address: '北京市东城' }, []],
    ['invalid second phone', { phones: ['13800138000', '12345'] }, ['policyholder.phones[1]:PHONE_INVALID']],
    [
      'blank slot before an invalid phone keeps its index',
      { phones: ['', '87654321'] },
      ['policyholder.phones[1]:PHONE_INVALID'],
    ],
    ['mobile in an unallocated segment', { phones: ['14012345678'] }, ['policyholder.phones[0]:PHONE_INVALID']],
    [
      'virtual-operator mobile is flagged',
      { phones: ['13800138000', '170 1234 5678'] },
      ['policyholder.phones[1]:PHONE_VIRTUAL_OPERATOR'],
    ],
    [
      'province-level area code',
      { idNumber: residentId('110000', '19850315', '011') },
      ['policyholder.idNumber:ID_AREA_PROVINCE_LEVEL'],
    ],
    [
      'area code withdrawn long before the birth',
      { idNumber: residentId('370628', '19850315', '011'), birthDate: '1985-03-15' },
      [],
    ],
    [
      'area code 370628 (1983–1995) on a birth in 2008',
      { idNumber: residentId('370628', '20080315', '011'), birthDate: '2008-03-15' },
      ['policyholder.idNumber:ID_AREA_ENDED'],
    ],
    [
      'area code created after the birth (沙县区 2021, born 1985)',
      { idNumber: residentId('350405', '19850315', '011') },
      [],
    ],
    [
      'PR card gender mismatch',
      { idType: 'FOREIGNER_PR_CARD_NEW', idNumber: residentId('931840', '19850315', '012') },
      ['policyholder.gender:ID_GENDER_MISMATCH'],
    ],
    [
      'HMT permit birth date mismatch',
      { idType: 'HMT_RESIDENCE_PERMIT', idNumber: residentId('810000', '19850316', '011') },
      ['policyholder.birthDate:ID_BIRTH_DATE_MISMATCH'],
    ],
    [
      'HMT permit gender mismatch',
      { idType: 'HMT_RESIDENCE_PERMIT', idNumber: residentId('830000', '19850315', '012') },
      ['policyholder.gender:ID_GENDER_MISMATCH'],
    ],
    ['HMT permit agreeing', { idType: 'HMT_RESIDENCE_PERMIT', idNumber: residentId('820000', '19850315', '011') }, []],
    [
      'PR card (2023) birth date mismatch',
      { idType: 'FOREIGNER_PR_CARD_NEW', idNumber: residentId('931840', '19850314', '011') },
      ['policyholder.birthDate:ID_BIRTH_DATE_MISMATCH'],
    ],
    [
      'PR card (2023) agreeing',
      { idType: 'FOREIGNER_PR_CARD_NEW', idNumber: residentId('931840', '19850315', '011') },
      [],
    ],
    [
      'PR card (2004) birth date mismatch',
      { idType: 'FOREIGNER_PR_CARD_OLD', idNumber: 'USA110085031601' },
      ['policyholder.birthDate:ID_BIRTH_DATE_MISMATCH'],
    ],
    [
      'PR card (2004) agreeing, gender not carried',
      { idType: 'FOREIGNER_PR_CARD_OLD', idNumber: 'USA110085031501', gender: 'F' },
      [],
    ],
    [
      'PR card (2023) unknown nationality',
      { idType: 'FOREIGNER_PR_CARD_NEW', idNumber: residentId('931999', '19850315', '011') },
      ['policyholder.idNumber:ID_NATIONALITY_UNKNOWN'],
    ],
    ['travel permit carries neither', { idType: 'HK_MACAU_TRAVEL_PERMIT', idNumber: 'H12345678', gender: 'F' }, []],
  ])('%s', (_label, over, expected) => {
    expect(codes(underwrite(application({ policyholder: policyholder(over) }), SELLER, TODAY))).toEqual(expected);
  });

  it('keeps invalid values as trimmed raw text and drops typed fields it cannot read', () => {
    const result = underwrite(
      application({
        policyholder: policyholder({
          gender: ' X ',
          birthDate: ' 1985-02-30 ',
          idType: 'DRIVER_LICENSE',
          idNumber: ' AB-123 ',
          address: ' 无 ',
          phones: [' 12345 ', '0755 8888 8888'],
        }),
        payment: { bankAccount: ' 6228-A ', accountHolderName: ' 张三 ' },
      }),
      SELLER,
      TODAY,
    );
    expect(result.policyholder).toEqual({
      name: '张三',
      gender: null,
      birthDate: '1985-02-30',
      idType: null,
      idNumber: 'AB-123',
      address: '无',
      phones: ['12345', '+8675588888888'],
    });
    expect(result.payment).toEqual({ bankAccount: '6228-A', accountHolderName: '张三' });
  });

  it('checks the insured with the same rules', () => {
    const insured: PartyInput = {
      name: '李四',
      gender: 'M',
      birthDate: '1988-08-08',
      idType: 'RESIDENT_ID',
      idNumber: ADULT_INSURED_ID,
      phones: ['abc'],
    };
    expect(codes(underwrite(application({ insured }), SELLER, TODAY))).toEqual([
      'insured.gender:ID_GENDER_MISMATCH',
      'insured.phones[0]:PHONE_INVALID',
    ]);
  });
});

describe('underwrite: payment', () => {
  it.each([
    [
      'letters in account',
      { bankAccount: '6228A80402564890018', accountHolderName: '张三' },
      ['payment.bankAccount:BANK_ACCOUNT_FORMAT'],
    ],
    [
      'too short',
      { bankAccount: '12345678901', accountHolderName: '张三' },
      ['payment.bankAccount:BANK_ACCOUNT_FORMAT'],
    ],
    [
      'holder missing',
      { bankAccount: '6228480402564890018', accountHolderName: ' ' },
      ['payment.accountHolderName:FIELD_MISSING'],
    ],
    ['holder without account is fine', { bankAccount: null, accountHolderName: '张三' }, []],
  ] as const)('%s', (_label, payment, expected) => {
    expect(codes(underwrite(application({ payment }), SELLER, TODAY))).toEqual(expected);
  });
});

describe('underwrite: R3 seller', () => {
  it.each([
    ['unknown seller', null, ['seller.sellerCode:SELLER_UNKNOWN']],
    ['inactive seller', { ...SELLER, active: false }, ['seller.sellerCode:SELLER_INACTIVE']],
    ['never qualified', { ...SELLER, qualifiedOn: null }, ['seller.sellerCode:SELLER_NOT_QUALIFIED']],
    [
      'inactive and never qualified',
      { ...SELLER, active: false, qualifiedOn: null },
      ['seller.sellerCode:SELLER_INACTIVE', 'seller.sellerCode:SELLER_NOT_QUALIFIED'],
    ],
    [
      'qualified after the application date',
      { ...SELLER, qualifiedOn: '2025-06-02' },
      ['seller.sellerCode:SELLER_NOT_QUALIFIED'],
    ],
  ] as const)('%s', (_label, seller, expected) => {
    const result = underwrite(application(), seller, TODAY);
    expect(result.decision).toBe('REJECTED');
    expect(codes(result)).toEqual(expected);
  });

  it('names the seller and both dates when qualification came too late', () => {
    const [reason] = underwrite(application(), { ...SELLER, qualifiedOn: '2025-06-02' }, TODAY).reasons;
    expect(reason.message).toBe(
      'Seller S001 passed the form-filling test on 2025-06-02, after the application date 2025-06-01 (Art. 10)',
    );
    expect(reason.messageZh).toBe('销售人员S001于2025-06-02才通过投保单填写测试，晚于投保日期2025-06-01（第十条）');
  });

  it('uses the application seller code when the seller is unknown', () => {
    const [reason] = underwrite(application({ sellerCode: 'S404' }), null, TODAY).reasons;
    expect(reason).toMatchObject({
      party: 'seller',
      field: 'sellerCode',
      message: 'Seller code S404 is not on file (Art. 10)',
    });
  });
});

describe('underwrite: Art. 4 scope', () => {
  it.each([
    ['ordinary_life', 120, true],
    ['health', 12, true],
    ['accident', 11, false],
    ['other', 120, false],
    ['participating', 0, false],
  ] as const)('%s, %i months → inScope %s, still underwritten', (productCategory, termMonths, inScope) => {
    const result = underwrite(application({ productCategory, termMonths }), SELLER, TODAY);
    expect(result.inScope).toBe(inScope);
    expect(result.decision).toBe('ACCEPTED');
  });

  it('still applies R1/R2 to out-of-scope policies', () => {
    const result = underwrite(
      application({ productCategory: 'other', policyholder: policyholder({ name: null }) }),
      SELLER,
      TODAY,
    );
    expect(result.inScope).toBe(false);
    expect(codes(result)).toEqual(['policyholder.name:FIELD_MISSING']);
  });
});

describe('underwrite: policy dates', () => {
  it.each([
    [
      'future application date',
      { applicationDate: '2025-06-16', receiptSignedDate: null },
      ['policy.applicationDate:APPLICATION_DATE_INVALID'],
    ],
    [
      'impossible application date',
      { applicationDate: '2025-02-30', receiptSignedDate: null },
      ['policy.applicationDate:APPLICATION_DATE_INVALID'],
    ],
    [
      'receipt before application',
      { receiptSignedDate: '2025-05-31' },
      ['policy.receiptSignedDate:RECEIPT_DATE_INVALID'],
    ],
    ['receipt not a date', { receiptSignedDate: 'soon' }, ['policy.receiptSignedDate:RECEIPT_DATE_INVALID']],
    ['receipt in the future', { receiptSignedDate: '2025-07-01' }, ['policy.receiptSignedDate:RECEIPT_DATE_INVALID']],
    ['receipt on the application date', { receiptSignedDate: '2025-06-01' }, []],
    ['no receipt yet', { receiptSignedDate: null }, []],
  ] as const)('%s', (_label, over, expected) => {
    expect(codes(underwrite(application(over), SELLER, TODAY))).toEqual(expected);
  });

  it('judges minority on today when the application date is unusable', () => {
    // born 2007-06-10: 18 by today, so the ID is required even though no application date can be read
    const insured: PartyInput = { name: '李四', gender: 'F', birthDate: '2007-06-10' };
    const result = underwrite(application({ applicationDate: 'bad', receiptSignedDate: null, insured }), SELLER, TODAY);
    expect(codes(result)).toEqual([
      'insured.idType:FIELD_MISSING',
      'insured.idNumber:FIELD_MISSING',
      'policy.applicationDate:APPLICATION_DATE_INVALID',
    ]);
  });
});

describe('underwrite: ordering and decision', () => {
  it('puts errors before warnings and orders parties policyholder, insured, payment, seller, policy', () => {
    const result = underwrite(
      application({
        receiptSignedDate: '2025-05-01',
        policyholder: policyholder({ address: '短' }),
        insured: {
          name: '李四',
          gender: 'X',
          birthDate: '1988-08-08',
          idType: 'RESIDENT_ID',
          idNumber: ADULT_INSURED_ID,
        },
        payment: { bankAccount: '6222020200000000001', accountHolderName: null },
      }),
      { ...SELLER, active: false },
      TODAY,
    );
    expect(result.decision).toBe('REJECTED');
    expect(result.reasons.map((r) => `${r.severity}:${r.party}.${r.field}:${r.code}`)).toEqual([
      'error:policyholder.address:ADDRESS_TOO_SHORT',
      'error:insured.gender:GENDER_INVALID',
      'error:payment.accountHolderName:FIELD_MISSING',
      'error:seller.sellerCode:SELLER_INACTIVE',
      'error:policy.receiptSignedDate:RECEIPT_DATE_INVALID',
      'warning:payment.bankAccount:BANK_ACCOUNT_LUHN',
    ]);
  });

  it('gives every reason an English and a Chinese message', () => {
    const result = underwrite(
      application({ policyholder: {}, insured: {}, payment: { bankAccount: 'x' } }),
      null,
      TODAY,
    );
    expect(result.reasons.length).toBeGreaterThan(10);
    for (const r of result.reasons) {
      expect(r.message.length).toBeGreaterThan(5);
      expect(r.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('rejects a malformed today loudly', () => {
    expect(() => underwrite(application(), SELLER, '15/06/2025')).toThrow(RangeError);
  });
});
