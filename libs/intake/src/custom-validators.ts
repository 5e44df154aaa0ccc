import type { ValidationOptions } from 'class-validator';
import { registerDecorator } from 'class-validator';
import { isRealIsoDate } from '../../domain/src/common/iso-date';
import { branchToday } from '../../domain/src/calendar/working-calendar';
import { checkIdDocument } from '../../domain/src/identity/id-document';
import { checkBeneficiaryList, isValidShare, type BeneficiaryInput } from '../../domain/src/inquiry/beneficiaries';

/** class-validator rule: a real calendar date written YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a real date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isRealIsoDate(value) },
    });
}

/**
 * class-validator rule for a flag that stands for the whole object (insured `sameAsPolicyholder`): when true,
 * no other field may be given, so nothing entered beside it is silently dropped.
 */
export function IsAloneInObject(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAloneInObject',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} cannot be combined with other fields`, ...options },
      validator: {
        validate: (value: unknown, args) =>
          value !== true ||
          Object.entries(args?.object ?? {}).every(
            ([k, v]) => k === String(propertyName) || v === undefined || v === null,
          ),
      },
    });
}

/** class-validator rule for a beneficiary's share: percent above 0, at most 100, at most two decimals. */
export function IsBeneficiaryShare(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBeneficiaryShare',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a percentage above 0 and at most 100, with at most two decimals`,
        ...options,
      },
      validator: { validate: (value: unknown) => isValidShare(value) },
    });
}

/**
 * class-validator rule: the ID number passes the check of the object's `idType` (GB 11643 for resident IDs, the
 * layouts of the permits and PR cards, passports). An unknown type is left to the type's own rule.
 */
export function IsIdNumberOfItsType(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIdNumberOfItsType',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} is not a valid number for its idType`, ...options },
      validator: {
        validate: (value: unknown, args) => {
          const idType = (args?.object as { idType?: unknown } | undefined)?.idType;
          if (typeof value !== 'string' || typeof idType !== 'string') return true;
          const checked = checkIdDocument(idType, value, branchToday());
          return checked.ok || checked.code === 'ID_TYPE_UNKNOWN';
        },
      },
    });
}

/** The problems of a list of beneficiaries as a whole; none while any item is malformed (its own rules say so). */
function beneficiaryListProblems(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const wellFormed = value.every(
    (b: unknown) =>
      b !== null &&
      typeof b === 'object' &&
      typeof (b as BeneficiaryInput).idType === 'string' &&
      typeof (b as BeneficiaryInput).idNumber === 'string' &&
      isValidShare((b as BeneficiaryInput).share),
  );
  if (!wellFormed) return [];
  return checkBeneficiaryList(value as BeneficiaryInput[], branchToday()).map((p) =>
    p.field ? `${p.field}: ${p.message}` : p.message,
  );
}

/** class-validator rule for the list of beneficiaries as a whole: the shares sum to exactly 100, nobody named twice. */
export function HasValidBeneficiaryList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'hasValidBeneficiaryList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args) => `${String(propertyName)}: ${beneficiaryListProblems(args.value).join('; ')}`,
        ...options,
      },
      validator: { validate: (value: unknown) => beneficiaryListProblems(value).length === 0 },
    });
}
