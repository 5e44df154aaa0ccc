import { CORRECTION_FIELDS, type Correction, type CorrectionField } from '../../../contracts/src/case.contract';
import { birthDateProblem } from '../common/iso-date';
import { normalizePhone } from '../contact/phone';
import { checkIdDocument } from '../identity/id-document';
import { checkBankAccount } from '../payment/bank-account';
import { GENDERS } from '../policy-application';
import { MIN_ADDRESS_LENGTH } from '../underwriting/reason-messages';

/** What checking a corrected value needs beyond the value: the day (birth dates, IDs) and, for an ID number, its type. */
export interface CorrectionContext {
  /** Branch-local YYYY-MM-DD. */
  today: string;
  /** The ID type the corrected number belongs to. */
  idType?: string;
}

/**
 * The stored form of a corrected value, checked as intake checks it (R1/R2): E.164 phone, digits-only account,
 * trimmed address, trimmed name, M/F gender, a real past birth date, a valid ID number of its type (normalised);
 * null if invalid.
 */
export function normaliseCorrectedValue(field: CorrectionField, value: string, ctx: CorrectionContext): string | null {
  const trimmed = value.trim();
  switch (field) {
    case 'phone': {
      const phone = normalizePhone(value);
      return phone.ok ? phone.e164 : null;
    }
    case 'bankAccount': {
      const account = checkBankAccount(value);
      return account.ok ? account.account : null;
    }
    case 'address':
      // counted in code points, as intake does, so each Chinese character is one
      return [...trimmed].length >= MIN_ADDRESS_LENGTH ? trimmed : null;
    case 'name':
      return trimmed === '' ? null : trimmed;
    case 'gender': {
      const gender = trimmed.toUpperCase();
      return (GENDERS as readonly string[]).includes(gender) ? gender : null;
    }
    case 'birthDate':
      return birthDateProblem(trimmed, ctx.today) === null ? trimmed : null;
    case 'idNumber': {
      if (ctx.idType === undefined) return null;
      const doc = checkIdDocument(ctx.idType, value, ctx.today);
      return doc.ok ? doc.idNumber : null;
    }
  }
}

/**
 * The refusal of a list of corrections, naming the field (`corrections[1].newValue`), or null: each correction is
 * of a customer of the case, of one of the seven fields, and its new value passes intake's check. One field of a
 * customer is corrected once.
 */
export function checkCorrections(
  corrections: readonly Correction[],
  customerIds: readonly string[],
  today: string,
): string | null {
  const seen = new Set<string>();
  for (const [i, c] of corrections.entries()) {
    const at = `corrections[${i}]`;
    if (typeof c !== 'object' || c === null) return `${at} must be an object`;
    if (typeof c.customerId !== 'string' || !customerIds.includes(c.customerId))
      return `${at}.customerId: customer ${String(c.customerId)} is not part of this case`;
    if (!(CORRECTION_FIELDS as readonly string[]).includes(c.field))
      return `${at}.field must be one of ${CORRECTION_FIELDS.join(', ')}`;
    if (typeof c.oldValue !== 'string' || c.oldValue.trim() === '') return `${at}.oldValue is required`;
    if (typeof c.newValue !== 'string' || c.newValue.trim() === '') return `${at}.newValue is required`;
    if (c.idType !== undefined && c.field !== 'idNumber') return `${at}.idType only goes with an idNumber correction`;
    if (c.field === 'idNumber' && (typeof c.idType !== 'string' || c.idType.trim() === ''))
      return `${at}.idType is required with an idNumber correction`;
    const key = `${c.customerId}/${c.field}`;
    if (seen.has(key)) return `${at}.field: ${c.field} of customer ${c.customerId} is corrected twice`;
    seen.add(key);
    if (normaliseCorrectedValue(c.field, c.newValue, { today, idType: c.idType }) === null) {
      return `${at}.newValue is not a valid ${c.field === 'idNumber' ? `${c.idType} number` : c.field}`;
    }
  }
  return null;
}

/** A customer's identity as recorded: what the corrections of that customer are checked against. */
export interface RecordedIdentity {
  idType: string;
  idNumber: string;
  gender: string | null;
  birthDate: string | null;
}

/**
 * After every correction of one customer, the ID number must still agree with the gender and birth date (as intake
 * requires): the refusal naming the correction that breaks the agreement, or null. `corrections` are the indexed
 * corrections of this customer only, each already valid on its own.
 */
export function checkCorrectedIdentity(
  recorded: RecordedIdentity,
  corrections: ReadonlyArray<{ index: number; correction: Correction }>,
  today: string,
): string | null {
  const find = (field: CorrectionField) => corrections.find((c) => c.correction.field === field);
  const id = find('idNumber');
  const gender = find('gender');
  const birth = find('birthDate');
  if (!id && !gender && !birth) return null;
  const idType = id?.correction.idType ?? recorded.idType;
  const doc = checkIdDocument(idType, id?.correction.newValue ?? recorded.idNumber, today);
  // The recorded number was valid at intake; only a corrected one can fail here, and checkCorrections saw it.
  if (!doc.ok) return id ? `corrections[${id.index}].newValue is not a valid ${idType} number` : null;
  // Blame the correction that was made: the ID when it changed, else the gender or birth date that no longer agrees.
  const culprit = (other: { index: number } | undefined): string => `corrections[${(id ?? other)!.index}].newValue`;
  const finalBirth = birth ? birth.correction.newValue.trim() : recorded.birthDate;
  if (doc.birthDate !== undefined && finalBirth !== null) {
    const same = doc.birthCenturyInferred
      ? doc.birthDate.slice(2) === finalBirth.slice(2)
      : doc.birthDate === finalBirth;
    if (!same && (id || birth))
      return `${culprit(birth)}: the ID number's birth date ${doc.birthDate} does not match the birth date ${finalBirth}`;
  }
  const finalGender = gender ? gender.correction.newValue.trim().toUpperCase() : recorded.gender;
  if (doc.gender !== undefined && finalGender !== null && doc.gender !== finalGender && (id || gender)) {
    return `${culprit(gender)}: the ID number's gender ${doc.gender} does not match the gender ${finalGender}`;
  }
  return null;
}
