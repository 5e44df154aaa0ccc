import { checkShape, toApplication } from './intake-processor';
import { InsuredDto, PartyDto, PolicyApplicationDto } from './policy-application.dto';

function application(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    policyNumber: 'P2026000001',
    productCode: 'WL-01',
    productCategory: 'ordinary_life',
    termMonths: 240,
    channel: 'agency',
    branchCode: 'GZ01',
    sellerCode: 'A0001',
    applicationDate: '2026-11-20',
    receiptSignedDate: '2026-11-22',
    policyholder: {
      name: '张三',
      gender: 'M',
      birthDate: '1990-03-07',
      idType: 'RESIDENT_ID',
      idNumber: '11010119900307123X',
      address: '广东省广州市天河区体育西路 100 号',
      phones: ['13800138000'],
    },
    insured: { sameAsPolicyholder: true },
    payment: { bankAccount: '6222020200112233445', accountHolderName: '张三' },
    ...over,
  };
}

/** The distinct field:code pairs a failed check names (a field can break more than one rule). */
function fieldsOf(raw: unknown): string[] {
  const shape = checkShape(raw);
  if (shape.ok) throw new Error('expected the shape check to fail');
  return [...new Set(shape.errors.map((e) => `${e.field}:${e.code}`))].sort();
}

describe('checkShape', () => {
  it('accepts a complete application and gives DTO instances', () => {
    const shape = checkShape(application());
    expect(shape.ok).toBe(true);
    if (!shape.ok) return;
    expect(shape.dto).toBeInstanceOf(PolicyApplicationDto);
    expect(shape.dto.policyholder).toBeInstanceOf(PartyDto);
    expect(shape.dto.insured).toBeInstanceOf(InsuredDto);
    expect(shape.dto).toMatchObject({
      policyNumber: 'P2026000001',
      termMonths: 240,
      policyholder: { phones: ['13800138000'] },
      insured: { sameAsPolicyholder: true },
    });
  });

  it('accepts an application with customer fields missing, for underwriting to refuse', () => {
    expect(checkShape(application({ policyholder: {}, insured: {}, payment: null })).ok).toBe(true);
  });

  it('refuses a row that is not a JSON object', () => {
    for (const raw of [null, undefined, 'P1,WL-01', 42, [application()]]) {
      expect(checkShape(raw)).toEqual({
        ok: false,
        errors: [{ field: '(row)', code: 'ROW_MALFORMED', message: 'the row is not a JSON object' }],
      });
    }
  });

  it('names every broken field with its dotted path', () => {
    const raw = application({
      termMonths: '240',
      applicationDate: '2026-02-30',
      policyholder: { name: '张三', phones: '13800138000', shoeSize: 42 },
      insured: { sameAsPolicyholder: false },
      payment: { bankAccount: 6222020200112233 },
    });
    expect(fieldsOf(raw)).toEqual(
      [
        'applicationDate:FIELD_INVALID',
        'insured.sameAsPolicyholder:FIELD_INVALID',
        'payment.bankAccount:FIELD_INVALID',
        'policyholder.phones:FIELD_INVALID',
        'policyholder.shoeSize:FIELD_UNKNOWN',
        'termMonths:FIELD_INVALID',
      ].sort(),
    );
  });

  it('refuses unknown top-level fields and a party that is not an object', () => {
    expect(fieldsOf(application({ color: 'blue' }))).toEqual(['color:FIELD_UNKNOWN']);
    expect(fieldsOf(application({ policyholder: 'Zhang San' }))).toContain('policyholder:FIELD_INVALID');
    const missing = application();
    delete missing.insured;
    expect(fieldsOf(missing)).toContain('insured:FIELD_INVALID');
  });

  it('refuses a policy number that is not letters, digits, - and _', () => {
    const shape = checkShape(application({ policyNumber: 'P 1/2' }));
    expect(shape).toEqual({
      ok: false,
      errors: [
        {
          field: 'policyNumber',
          code: 'FIELD_INVALID',
          message: 'policyNumber may hold only letters, digits, - and _',
        },
      ],
    });
  });
});

describe('toApplication', () => {
  const dtoOf = (raw: Record<string, unknown>): PolicyApplicationDto => {
    const shape = checkShape(raw);
    if (!shape.ok) throw new Error(JSON.stringify(shape.errors));
    return shape.dto;
  };

  it('gives a null insured when the insured is the policyholder', () => {
    const app = toApplication(dtoOf(application()));
    expect(app.insured).toBeNull();
    expect(app.policyholder).toMatchObject({ name: '张三', phones: ['13800138000'] });
    expect(app.payment).toEqual({ bankAccount: '6222020200112233445', accountHolderName: '张三' });
  });

  it('keeps a separate insured without the sameAsPolicyholder flag', () => {
    const app = toApplication(
      dtoOf(application({ insured: { name: '张小小', gender: 'F', birthDate: '2015-06-01' } })),
    );
    expect(app.insured).toEqual({ name: '张小小', gender: 'F', birthDate: '2015-06-01' });
    expect(app.insured).not.toHaveProperty('sameAsPolicyholder', true);
  });

  it('gives a null payment when none was given', () => {
    const raw = application();
    delete raw.payment;
    expect(toApplication(dtoOf(raw)).payment).toBeNull();
    expect(toApplication(dtoOf(application({ payment: null }))).payment).toBeNull();
  });

  it('keeps the policy fields as given', () => {
    expect(toApplication(dtoOf(application({ coolingOffDays: 20, agencyCode: 'AG01' })))).toMatchObject({
      policyNumber: 'P2026000001',
      productCategory: 'ordinary_life',
      termMonths: 240,
      coolingOffDays: 20,
      agencyCode: 'AG01',
      applicationDate: '2026-11-20',
    });
  });
});

describe('checkShape on hostile or contradictory rows', () => {
  it('treats a __proto__ key from JSON as an unknown field, not as a prototype', () => {
    const raw = JSON.parse('{"__proto__": null, "policyNumber": "P1"}');
    const result = checkShape(raw);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: '__proto__', code: 'FIELD_UNKNOWN' })]),
      );
  });

  it('refuses insured details given beside sameAsPolicyholder', () => {
    const result = checkShape({ insured: { sameAsPolicyholder: true, name: '王' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toContain('insured.sameAsPolicyholder');
  });

  it('refuses a NUL or other control character in any string, naming the field', () => {
    const holder = {
      ...(application().policyholder as Record<string, unknown>),
      name: '张\u0000三',
      phones: ['13800138000', '1\u001b'],
    };
    expect(fieldsOf(application({ policyholder: holder }))).toEqual(
      expect.arrayContaining(['policyholder.name:FIELD_INVALID', 'policyholder.phones[1]:FIELD_INVALID']),
    );
    expect(checkShape(application({ productCode: 'WL\t01' })).ok).toBe(true);
  });
});

describe('checkShape: beneficiaries', () => {
  const ben = (over: Record<string, unknown> = {}) => ({
    name: '王五',
    idType: 'RESIDENT_ID',
    idNumber: '11010519491231002X',
    share: 100,
    ...over,
  });

  it('accepts none (the legal heirs), an empty list, and shares summing to 100', () => {
    expect(checkShape(application()).ok).toBe(true);
    expect(checkShape(application({ beneficiaries: [] })).ok).toBe(true);
    const two = checkShape(
      application({
        beneficiaries: [ben({ share: 60 }), ben({ idType: 'PASSPORT', idNumber: 'E1234567', share: 40 })],
      }),
    );
    expect(two.ok).toBe(true);
    if (two.ok) expect(toApplication(two.dto).beneficiaries).toHaveLength(2);
    const none = checkShape(application());
    if (none.ok) expect(toApplication(none.dto).beneficiaries).toEqual([]);
  });

  it('names the list when the shares do not sum to 100, and the item when one is the same person twice', () => {
    expect(fieldsOf(application({ beneficiaries: [ben({ share: 60 })] }))).toEqual(['beneficiaries:FIELD_INVALID']);
    const twice = checkShape(application({ beneficiaries: [ben({ share: 50 }), ben({ share: 50 })] }));
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.errors[0].message).toMatch(/1\.idNumber: beneficiary 1 is the same person/);
  });

  it('names each broken field of a beneficiary', () => {
    expect(
      fieldsOf(
        application({
          beneficiaries: [ben({ name: '', idType: 'CARD', share: 100.001 }), ben({ idNumber: '110105194912310021' })],
        }),
      ),
    ).toEqual([
      'beneficiaries.0.idType:FIELD_INVALID',
      'beneficiaries.0.name:FIELD_INVALID',
      'beneficiaries.0.share:FIELD_INVALID',
      'beneficiaries.1.idNumber:FIELD_INVALID',
    ]);
    expect(fieldsOf(application({ beneficiaries: [ben({ colour: 'red' })] }))).toEqual([
      'beneficiaries.0.colour:FIELD_UNKNOWN',
    ]);
    expect(fieldsOf(application({ beneficiaries: 'me' }))).toContain('beneficiaries:FIELD_INVALID');
    expect(fieldsOf(application({ beneficiaries: Array.from({ length: 11 }, () => ben({ share: 1 })) }))).toContain(
      'beneficiaries:FIELD_INVALID',
    );
    expect(fieldsOf(JSON.parse('{"beneficiaries":[{"__proto__":{"x":1}}]}'))).toContain(
      'beneficiaries.0.__proto__:FIELD_UNKNOWN',
    );
  });
});
