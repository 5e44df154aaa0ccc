import type { CompleteRecheckStep } from '../../../contracts/src/campaign.contract';

/**
 * Rules of seller conduct (R6, R7: Art. 14, 22–24) that need no database: who may verify a complaint, what a
 * re-check records, what a penalty needs. Each check returns the refusal (naming the field where there is one), or
 * null. Pure: the API and the campaign workflow's validator call them.
 */

export interface Refusal {
  field?: string;
  message: string;
}

function blank(s: string | undefined | null): boolean {
  return s === undefined || s === null || s.trim() === '';
}

/** A penalty counts in a quarter ('2026Q4') or a year ('2026') of the assessment. */
const ASSESSMENT_PERIOD = /^(\d{4})(Q[1-4])?$/;
export const FIRST_ASSESSMENT_YEAR = 2000;
export const LAST_ASSESSMENT_YEAR = 2100;

export function isAssessmentPeriod(value: string): boolean {
  const m = ASSESSMENT_PERIOD.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  return year >= FIRST_ASSESSMENT_YEAR && year <= LAST_ASSESSMENT_YEAR;
}

export const PENALTY_KINDS = [
  'warning',
  'commission_deduction',
  'grade_demotion',
  'contract_termination',
  'other',
] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];

/** A commission deduction is an amount; the other kinds may name one (a fine beside a demotion) or not. */
export function checkPenaltyAmount(kind: PenaltyKind, amount: number | undefined): Refusal | null {
  if (kind === 'commission_deduction' && (amount === undefined || !(amount > 0)))
    return { field: 'amount', message: 'a commission deduction needs an amount greater than 0' };
  return null;
}

/** Exactly one of seller and agency: a complaint, a penalty or a referral is against one subject. */
export function checkOneSubject(sellerCode: string | undefined, agencyCode: string | undefined): Refusal | null {
  if (blank(sellerCode) === blank(agencyCode))
    return {
      field: blank(sellerCode) ? 'sellerCode' : 'agencyCode',
      message: 'give exactly one of sellerCode and agencyCode',
    };
  return null;
}

/** Four eyes: whoever registered a complaint may not record its outcome (the table's CHECK says so too). */
export function checkComplaintVerifier(
  complaint: { registeredBy: string; outcome: string | null },
  verifierId: string,
): Refusal | null {
  if (complaint.outcome !== null)
    return { message: `the complaint's outcome is recorded already: ${complaint.outcome}` };
  if (complaint.registeredBy === verifierId)
    return { message: 'whoever registered a complaint may not verify it; another person must' };
  return null;
}

/**
 * What a re-check records, before any value is looked at: a revisit call made has its result; CONFIRMED changes
 * nothing; CORRECTED carries the true data. The corrections' values are checked as case corrections are, by
 * `checkCorrections` against the policy's customers, where those are known.
 */
export function checkRecheckStep(step: Omit<CompleteRecheckStep, 'actor' | 'taskId'>): Refusal | null {
  if (typeof step.revisitMade !== 'boolean')
    return { field: 'revisitMade', message: 'revisitMade must be true or false' };
  if (step.revisitMade && blank(step.revisitResult))
    return { field: 'revisitResult', message: 'a revisit call that was made needs its result' };
  if (!step.revisitMade && !blank(step.revisitResult))
    return { field: 'revisitResult', message: 'revisitResult goes only with a revisit call that was made' };
  if (step.corrections !== undefined && !Array.isArray(step.corrections))
    return { field: 'corrections', message: 'corrections must be a list' };
  const corrections = step.corrections ?? [];
  if (step.outcome === 'CONFIRMED' && corrections.length > 0)
    return { field: 'corrections', message: 'a CONFIRMED re-check corrects nothing; record CORRECTED' };
  if (step.outcome === 'CORRECTED' && corrections.length === 0)
    return {
      field: 'corrections',
      message: 'a CORRECTED re-check needs corrections (customer, field, old and new value)',
    };
  return null;
}
