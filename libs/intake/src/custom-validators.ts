import type { ValidationOptions } from 'class-validator';
import { registerDecorator } from 'class-validator';
import { isRealIsoDate } from '../../domain/src/common/iso-date';

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
