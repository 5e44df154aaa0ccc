import { checkIdDocument } from '../identity/id-document';

/**
 * Beneficiaries (受益人) of a policy: named people, each with an identity document and a share of the benefit in
 * percent. A policy without any has its legal heirs as beneficiaries (法定继承人); when some are named, their shares
 * sum to exactly 100.
 */
export const MAX_BENEFICIARIES = 10;

export interface BeneficiaryInput {
  name: string;
  idType: string;
  idNumber: string;
  /** Percent of the benefit, at most two decimals (33.33, 33.33, 33.34). */
  share: number;
}

export interface BeneficiaryProblem {
  /** Dotted path inside the list, e.g. `3.idNumber`, or '' for the list as a whole. */
  field: string;
  code: 'BENEFICIARY_SHARES_SUM' | 'BENEFICIARY_DUPLICATE';
  message: string;
}

/** Shares in hundredths of a percent, so 33.33 + 33.33 + 33.34 sums to exactly 10 000 without floating error. */
function hundredths(share: number): number {
  return Math.round(share * 100);
}

/** The list as a whole: shares sum to 100 (an empty list is the legal heirs and fine), nobody named twice. */
export function checkBeneficiaryList(list: readonly BeneficiaryInput[], today: string): BeneficiaryProblem[] {
  if (list.length === 0) return [];
  const problems: BeneficiaryProblem[] = [];
  const total = list.reduce((sum, b) => sum + (Number.isFinite(b.share) ? hundredths(b.share) : 0), 0);
  if (total !== 10_000) {
    problems.push({
      field: '',
      code: 'BENEFICIARY_SHARES_SUM',
      message: `the beneficiaries' shares must sum to 100, they sum to ${total / 100}`,
    });
  }
  const seen = new Map<string, number>();
  list.forEach((b, i) => {
    const key = identityKey(b.idType, b.idNumber, today);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        field: `${i}.idNumber`,
        code: 'BENEFICIARY_DUPLICATE',
        message: `beneficiary ${i} is the same person as beneficiary ${first}`,
      });
    } else seen.set(key, i);
  });
  return problems;
}

/** Whether a share is a percentage with at most two decimals, above 0 and at most 100. */
export function isValidShare(value: unknown): boolean {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value > 0 &&
    value <= 100 &&
    Math.abs(value * 100 - Math.round(value * 100)) < 1e-6
  );
}

/**
 * The normalised identity of a person (policyholder, insured, beneficiary or asker) as Verity hashes it (the blind index of `type:number`): the number as the
 * document check normalises it (upper case, 15-digit resident IDs upgraded to 18), or trimmed when it does not
 * pass the check, exactly as intake stores the policyholder and the insured. Inquiries compute the asker's the same way.
 */
export function identityKey(idType: string, idNumber: string, today: string): string {
  const type = idType.trim();
  const checked = checkIdDocument(type, idNumber, today);
  return `${type}:${checked.ok ? checked.idNumber : idNumber.trim()}`;
}
