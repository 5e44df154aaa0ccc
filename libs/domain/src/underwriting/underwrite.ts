import {
  GENDERS,
  ID_TYPES,
  type Gender,
  type IdType,
  type NormalizedParty,
  type PartyInput,
  type PartyRole,
  type PolicyApplication,
  type ReasonParty,
  type ReasonSeverity,
  type SellerFacts,
  type UnderwritingReason,
  type UnderwritingResult,
} from '../policy-application';
import { ageOn, birthDateProblem, isRealIsoDate } from '../common/iso-date';
import { checkIdDocument } from '../identity/id-document';
import { assertToday } from '../identity/resident-id';
import { normalizePhone } from '../contact/phone';
import { checkBankAccount } from '../payment/bank-account';
import { MIN_ADDRESS_LENGTH, reasonMessage, type ReasonCode, type ReasonParams } from './reason-messages';

/** Automatic underwriting: Art. 5 completeness (R1), identity and contact formats (R2), seller qualification (R3), Art. 4 scope. */

const ADULT_AGE = 18;
const PARTY_ORDER: Readonly<Record<ReasonParty, number>> = {
  policyholder: 0,
  insured: 1,
  payment: 2,
  seller: 3,
  policy: 4,
};

class ReasonList {
  readonly items: UnderwritingReason[] = [];

  add(party: ReasonParty, field: string, code: ReasonCode, severity: ReasonSeverity = 'error', params?: ReasonParams) {
    this.items.push({ party, field, code, severity, ...reasonMessage(code, party, field, params) });
  }

  /** Errors first, then warnings; within each, policyholder → insured → payment → seller → policy, check order kept. */
  sorted(): UnderwritingReason[] {
    const rank = (r: UnderwritingReason) => (r.severity === 'error' ? 0 : 10) + PARTY_ORDER[r.party];
    return [...this.items].sort((a, b) => rank(a) - rank(b));
  }
}

/** Trimmed value, or null when absent or blank. */
function clean(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function asGender(value: string): Gender | null {
  const upper = value.toUpperCase();
  return (GENDERS as readonly string[]).includes(upper) ? (upper as Gender) : null;
}

function asIdType(value: string): IdType | null {
  return (ID_TYPES as readonly string[]).includes(value) ? (value as IdType) : null;
}

interface PartyContext {
  role: PartyRole;
  today: string;
  /** Date on which a minor is judged: the application date when valid, else today. */
  ageDate: string;
}

function checkParty(input: PartyInput, ctx: PartyContext, reasons: ReasonList): NormalizedParty {
  const { role, today } = ctx;
  const isPolicyholder = role === 'policyholder';

  const name = clean(input.name);
  if (name === null) reasons.add(role, 'name', 'FIELD_MISSING');

  const genderRaw = clean(input.gender);
  const gender = genderRaw === null ? null : asGender(genderRaw);
  if (genderRaw === null) reasons.add(role, 'gender', 'FIELD_MISSING');
  else if (gender === null) reasons.add(role, 'gender', 'GENDER_INVALID');

  const birthDate = clean(input.birthDate);
  let validBirthDate: string | null = null;
  if (birthDate === null) reasons.add(role, 'birthDate', 'FIELD_MISSING');
  else if (birthDateProblem(birthDate, today) !== null) reasons.add(role, 'birthDate', 'BIRTH_DATE_INVALID');
  else validBirthDate = birthDate;

  // Art. 5: a minor insured may have no ID yet; without a usable birth date we cannot tell, so the ID is required
  const idOptional = !isPolicyholder && validBirthDate !== null && ageOn(validBirthDate, ctx.ageDate) < ADULT_AGE;

  const idTypeRaw = clean(input.idType);
  let idNumber = clean(input.idNumber);
  const idType = idTypeRaw === null ? null : asIdType(idTypeRaw);
  if (idTypeRaw === null) {
    // a number without its type cannot be checked, so the type is needed even for a minor
    if (!idOptional || idNumber !== null) reasons.add(role, 'idType', 'FIELD_MISSING');
  } else if (idType === null) {
    reasons.add(role, 'idType', 'ID_TYPE_UNKNOWN');
  }

  if (idNumber === null) {
    if (!idOptional) reasons.add(role, 'idNumber', 'FIELD_MISSING');
  } else if (idType !== null) {
    const doc = checkIdDocument(idType, idNumber, today);
    if (!doc.ok) {
      reasons.add(role, 'idNumber', doc.code);
    } else {
      idNumber = doc.idNumber;
      if (doc.birthDate !== undefined && validBirthDate !== null) {
        // old PR cards print YYMMDD only: compare without the guessed century
        const same = doc.birthCenturyInferred
          ? doc.birthDate.slice(2) === validBirthDate.slice(2)
          : doc.birthDate === validBirthDate;
        if (!same) reasons.add(role, 'birthDate', 'ID_BIRTH_DATE_MISMATCH');
      }
      if (doc.gender !== undefined && gender !== null && doc.gender !== gender) {
        reasons.add(role, 'gender', 'ID_GENDER_MISMATCH');
      }
    }
  }

  const address = clean(input.address);
  if (address === null) {
    if (isPolicyholder) reasons.add(role, 'address', 'FIELD_MISSING');
  } else if ([...address].length < MIN_ADDRESS_LENGTH) {
    // counted in code points so each Chinese character is one
    reasons.add(role, 'address', 'ADDRESS_TOO_SHORT');
  }

  const phones: string[] = [];
  (input.phones ?? []).forEach((raw, index) => {
    const value = clean(raw);
    if (value === null) return; // blank slots in a phone list are not numbers
    const phone = normalizePhone(value);
    if (phone.ok) {
      phones.push(phone.e164);
      // a real segment, but a known clue of numbers not in the customer's own name: a second look, not a refusal
      if (phone.virtualOperator) reasons.add(role, `phones[${index}]`, 'PHONE_VIRTUAL_OPERATOR', 'warning');
    } else {
      phones.push(value);
      reasons.add(role, `phones[${index}]`, 'PHONE_INVALID');
    }
  });
  if (phones.length === 0 && isPolicyholder) reasons.add(role, 'phones', 'FIELD_MISSING');

  return { name, gender, birthDate, idType, idNumber, address, phones };
}

function checkPayment(app: PolicyApplication, reasons: ReasonList): UnderwritingResult['payment'] {
  let bankAccount = clean(app.payment?.bankAccount);
  const accountHolderName = clean(app.payment?.accountHolderName);
  // payment is optional (not in Art. 5's list), but an account must be complete and well formed
  if (bankAccount !== null) {
    const checked = checkBankAccount(bankAccount);
    if (!checked.ok) {
      reasons.add('payment', 'bankAccount', 'BANK_ACCOUNT_FORMAT');
    } else {
      bankAccount = checked.account;
      // passbook accounts often have no Luhn digit: ask for a second look, do not refuse
      if (!checked.luhnValid) reasons.add('payment', 'bankAccount', 'BANK_ACCOUNT_LUHN', 'warning');
    }
    if (accountHolderName === null) reasons.add('payment', 'accountHolderName', 'FIELD_MISSING');
  }
  return { bankAccount, accountHolderName };
}

function checkSeller(app: PolicyApplication, seller: SellerFacts | null, appDate: string | null, reasons: ReasonList) {
  const sellerCode = seller?.code ?? app.sellerCode;
  if (seller === null) {
    reasons.add('seller', 'sellerCode', 'SELLER_UNKNOWN', 'error', { sellerCode });
    return;
  }
  if (!seller.active) reasons.add('seller', 'sellerCode', 'SELLER_INACTIVE', 'error', { sellerCode });
  const qualifiedOn = clean(seller.qualifiedOn);
  if (qualifiedOn === null || !isRealIsoDate(qualifiedOn)) {
    // an unreadable qualification date proves nothing, so it counts as never qualified
    reasons.add('seller', 'sellerCode', 'SELLER_NOT_QUALIFIED', 'error', { sellerCode });
  } else if (appDate !== null && qualifiedOn > appDate) {
    reasons.add('seller', 'sellerCode', 'SELLER_NOT_QUALIFIED', 'error', {
      sellerCode,
      qualifiedOn,
      applicationDate: appDate,
    });
  }
}

/** Returns the application date when it is real and not after today; otherwise records the reason. */
function checkPolicyDates(app: PolicyApplication, today: string, reasons: ReasonList): string | null {
  const applicationDate = clean(app.applicationDate);
  const appDate =
    applicationDate !== null && isRealIsoDate(applicationDate) && applicationDate <= today ? applicationDate : null;
  if (appDate === null) reasons.add('policy', 'applicationDate', 'APPLICATION_DATE_INVALID');

  const receipt = clean(app.receiptSignedDate);
  if (receipt !== null && (!isRealIsoDate(receipt) || receipt > today || (appDate !== null && receipt < appDate))) {
    reasons.add('policy', 'receiptSignedDate', 'RECEIPT_DATE_INVALID');
  }
  return appDate;
}

/**
 * Whether the product falls under the rules at all (Art. 4), not who may see it: life-type individual policies
 * of the six categories with a term of at least 12 months.
 */
export function isRegulatedProduct(app: Pick<PolicyApplication, 'productCategory' | 'termMonths'>): boolean {
  return app.productCategory !== 'other' && app.termMonths >= 12;
}

/**
 * Underwrites one application. Pure and deterministic: `today` (YYYY-MM-DD) is passed in.
 * Every problem is listed, not only the first; REJECTED iff at least one reason is an error.
 */
export function underwrite(app: PolicyApplication, seller: SellerFacts | null, today: string): UnderwritingResult {
  assertToday(today);
  const reasons = new ReasonList();

  const appDate = checkPolicyDates(app, today, reasons);
  const ageDate = appDate ?? today;

  const policyholder = checkParty(app.policyholder ?? {}, { role: 'policyholder', today, ageDate }, reasons);
  const insuredIsPolicyholder = app.insured === null || app.insured === undefined;
  const insured = insuredIsPolicyholder
    ? { ...policyholder, phones: [...policyholder.phones] }
    : checkParty(app.insured ?? {}, { role: 'insured', today, ageDate }, reasons);

  const payment = checkPayment(app, reasons);
  checkSeller(app, seller, appDate, reasons);

  const sorted = reasons.sorted();
  return {
    decision: sorted.some((r) => r.severity === 'error') ? 'REJECTED' : 'ACCEPTED',
    reasons: sorted,
    inScope: isRegulatedProduct(app),
    policyholder,
    insured,
    insuredIsPolicyholder,
    payment,
  };
}
