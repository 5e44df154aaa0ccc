import type { ValidationError } from 'class-validator';

/** One problem with one field of a request or an import row, e.g. `{ field: 'policyholder.phones', ... }`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** Flattens class-validator's nested errors into dotted field paths, one entry per broken rule. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        field,
        code: rule === 'whitelistValidation' ? 'FIELD_UNKNOWN' : 'FIELD_INVALID',
        message: prefix(field, message, e.property),
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** class-validator names only the leaf property; say the whole path so nested fields are unambiguous. */
function prefix(field: string, message: string, property: string): string {
  return message.startsWith(`${property} `) ? `${field}${message.slice(property.length)}` : `${field}: ${message}`;
}
