import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { PolicyApplicationDto } from './policy-application.dto';
import { flattenValidationErrors } from './validation-errors';
import { VALIDATION_OPTIONS } from './intake-processor';

function error(
  property: string,
  constraints: Record<string, string> | undefined,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('flattenValidationErrors', () => {
  it('gives one entry per broken rule, with the whole path in field and message', () => {
    const errors = [
      error('termMonths', { isInt: 'termMonths must be an integer number', min: 'termMonths must not be less than 1' }),
      error('policyholder', undefined, [error('phones', { isArray: 'phones must be an array' })]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'termMonths', code: 'FIELD_INVALID', message: 'termMonths must be an integer number' },
      { field: 'termMonths', code: 'FIELD_INVALID', message: 'termMonths must not be less than 1' },
      { field: 'policyholder.phones', code: 'FIELD_INVALID', message: 'policyholder.phones must be an array' },
    ]);
  });

  it('follows nesting to any depth and reports a parent and its children alike', () => {
    const errors = [
      error('a', { isObject: 'a must be an object' }, [
        error('b', undefined, [error('c', { isString: 'c must be a string' })]),
      ]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'a', code: 'FIELD_INVALID', message: 'a must be an object' },
      { field: 'a.b.c', code: 'FIELD_INVALID', message: 'a.b.c must be a string' },
    ]);
  });

  it('starts from the parent path it is given', () => {
    expect(flattenValidationErrors([error('name', { isString: 'name must be a string' })], 'insured')).toEqual([
      { field: 'insured.name', code: 'FIELD_INVALID', message: 'insured.name must be a string' },
    ]);
  });

  it('prefixes messages that do not start with the property name', () => {
    expect(
      flattenValidationErrors([error('phones', { isString: 'each value in phones must be a string' })], 'policyholder'),
    ).toEqual([
      {
        field: 'policyholder.phones',
        code: 'FIELD_INVALID',
        message: 'policyholder.phones: each value in phones must be a string',
      },
    ]);
    // "name" is a prefix of "nameX" but not the property: still prefixed
    expect(flattenValidationErrors([error('name', { x: 'nameX is odd' })])[0].message).toBe('name: nameX is odd');
  });

  it('calls a whitelisted-out property FIELD_UNKNOWN', () => {
    expect(
      flattenValidationErrors(
        [error('color', { whitelistValidation: 'property color should not exist' })],
        'policyholder',
      ),
    ).toEqual([
      {
        field: 'policyholder.color',
        code: 'FIELD_UNKNOWN',
        message: 'policyholder.color: property color should not exist',
      },
    ]);
  });

  it('gives nothing for no errors', () => {
    expect(flattenValidationErrors([])).toEqual([]);
  });

  it('flattens what class-validator reports for a real application', () => {
    const dto = plainToInstance(PolicyApplicationDto, {
      policyNumber: 'P1',
      productCode: 'WL-01',
      productCategory: 'ordinary_life',
      termMonths: 'ten',
      channel: 'agency',
      branchCode: 'GZ01',
      sellerCode: 'A1',
      applicationDate: '2026-11-20',
      color: 'blue',
      policyholder: { name: 7, shoeSize: 42 },
      insured: { sameAsPolicyholder: true },
    });
    const flat = flattenValidationErrors(validateSync(dto, VALIDATION_OPTIONS));
    expect([...new Set(flat.map((e) => `${e.field}:${e.code}`))].sort()).toEqual(
      [
        'color:FIELD_UNKNOWN',
        'policyholder.name:FIELD_INVALID',
        'policyholder.shoeSize:FIELD_UNKNOWN',
        'termMonths:FIELD_INVALID',
      ].sort(),
    );
    expect(flat.filter((e) => e.field === 'policyholder.name').map((e) => e.message)).toContain(
      'policyholder.name must be a string',
    );
    expect(flat.filter((e) => e.field === 'termMonths').map((e) => e.message)).toContain(
      'termMonths must be an integer number',
    );
    expect(flat.find((e) => e.field === 'policyholder.shoeSize')?.message).toBe(
      'policyholder.shoeSize: property shoeSize should not exist',
    );
  });
});
