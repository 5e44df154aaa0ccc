import { csvRecordToApplication, POLICY_CSV_COLUMNS, unknownColumns } from './csv-columns';

describe('csvRecordToApplication', () => {
  it('nests dotted columns under their party', () => {
    expect(
      csvRecordToApplication({
        policyNumber: 'P1',
        'policyholder.name': '张三',
        'policyholder.idNumber': '11010119900307123X',
        'insured.name': '李四',
        'payment.bankAccount': '6222020200112233445',
        'payment.accountHolderName': '张三',
      }),
    ).toEqual({
      policyNumber: 'P1',
      policyholder: { name: '张三', idNumber: '11010119900307123X' },
      insured: { name: '李四' },
      payment: { bankAccount: '6222020200112233445', accountHolderName: '张三' },
    });
  });

  it('always gives a policyholder and an insured, but a payment only when one of its columns has a value', () => {
    expect(csvRecordToApplication({ policyNumber: 'P1', 'payment.bankAccount': '' })).toEqual({
      policyNumber: 'P1',
      policyholder: {},
      insured: {},
    });
  });

  it('splits phones on ; and drops blanks around and between them', () => {
    const out = csvRecordToApplication({
      'policyholder.phones': ' 13800138000 ; 020-87654321;; ',
      'insured.phones': '13900139000',
    });
    expect(out.policyholder).toEqual({ phones: ['13800138000', '020-87654321'] });
    expect(out.insured).toEqual({ phones: ['13900139000'] });
  });

  it('turns whole numbers in the numeric columns into numbers and leaves anything else as text', () => {
    expect(csvRecordToApplication({ termMonths: '240', coolingOffDays: ' 15 ' })).toMatchObject({
      termMonths: 240,
      coolingOffDays: 15,
    });
    expect(csvRecordToApplication({ termMonths: '-3' })).toMatchObject({ termMonths: -3 });
    expect(csvRecordToApplication({ termMonths: '12.5', coolingOffDays: 'ten' })).toMatchObject({
      termMonths: '12.5',
      coolingOffDays: 'ten',
    });
    // digits in other columns stay text: a policy number or a phone is not a number
    expect(
      csvRecordToApplication({ policyNumber: '2026000001', 'payment.bankAccount': '6222020200112233445' }),
    ).toMatchObject({
      policyNumber: '2026000001',
      payment: { bankAccount: '6222020200112233445' },
    });
  });

  it('reads sameAsPolicyholder as true in any case, and keeps anything else as written for validation to refuse', () => {
    expect(csvRecordToApplication({ 'insured.sameAsPolicyholder': 'TRUE' }).insured).toEqual({
      sameAsPolicyholder: true,
    });
    expect(csvRecordToApplication({ 'insured.sameAsPolicyholder': 'true' }).insured).toEqual({
      sameAsPolicyholder: true,
    });
    expect(csvRecordToApplication({ 'insured.sameAsPolicyholder': 'yes' }).insured).toEqual({
      sameAsPolicyholder: 'yes',
    });
    expect(csvRecordToApplication({ 'insured.sameAsPolicyholder': '' }).insured).toEqual({});
  });

  it('drops empty and blank cells and trims the others', () => {
    expect(
      csvRecordToApplication({
        policyNumber: '  P1 ',
        agencyCode: '',
        receiptSignedDate: '   ',
        'policyholder.address': ' 广州市 ',
      }),
    ).toEqual({
      policyNumber: 'P1',
      policyholder: { address: '广州市' },
      insured: {},
    });
  });
});

describe('unknownColumns', () => {
  it('knows every documented column', () => {
    expect(unknownColumns([...POLICY_CSV_COLUMNS])).toEqual([]);
  });

  it('lists the columns it does not know, in header order', () => {
    expect(
      unknownColumns(['policyNumber', 'colour', 'policyholder.shoeSize', 'insured.phones', 'PolicyNumber']),
    ).toEqual(['colour', 'policyholder.shoeSize', 'PolicyNumber']);
  });
});

describe('beneficiary columns', () => {
  it('turns numbered beneficiary columns into the list, in number order, shares as numbers', () => {
    const out = csvRecordToApplication({
      policyNumber: 'P1',
      'beneficiaries.2.name': '赵六',
      'beneficiaries.2.idType': 'PASSPORT',
      'beneficiaries.2.idNumber': 'E1234567',
      'beneficiaries.2.share': '40',
      'beneficiaries.1.name': '王五',
      'beneficiaries.1.idType': 'RESIDENT_ID',
      'beneficiaries.1.idNumber': '11010519491231002X',
      'beneficiaries.1.share': '60.5',
      'beneficiaries.3.name': '',
      'beneficiaries.3.share': '',
    });
    expect(out.beneficiaries).toEqual([
      { name: '王五', idType: 'RESIDENT_ID', idNumber: '11010519491231002X', share: 60.5 },
      { name: '赵六', idType: 'PASSPORT', idNumber: 'E1234567', share: 40 },
    ]);
  });

  it('gives no list when no beneficiary is named (the legal heirs), keeps a share that is not a number as text', () => {
    expect(csvRecordToApplication({ policyNumber: 'P1', 'beneficiaries.1.name': '' })).not.toHaveProperty(
      'beneficiaries',
    );
    expect(csvRecordToApplication({ 'beneficiaries.1.share': 'half' }).beneficiaries).toEqual([{ share: 'half' }]);
  });

  it('knows beneficiaries 1 to 10 and no more', () => {
    expect(unknownColumns(['beneficiaries.1.name', 'beneficiaries.10.share'])).toEqual([]);
    expect(unknownColumns(['beneficiaries.11.name', 'beneficiaries.1.gender', 'beneficiaries.0.name'])).toEqual([
      'beneficiaries.11.name',
      'beneficiaries.1.gender',
      'beneficiaries.0.name',
    ]);
  });
});
