import type { InquiryRelation } from './inquiry-match';

/**
 * What each relation may hear about a policy once verified (R8). Verity holds policy data, the coverage (product,
 * category, term), the cooling-off dates, the parties, the beneficiaries and the premium account; it holds no
 * premium ledger and no claims, so "payment status" is whether a premium account is on file, and claims are not
 * answered (docs/decisions.md has the table and the reasons). Personal values are always masked in the answer.
 *
 * - policy: number, product, category, underwriting status — everyone verified.
 * - coverage: term in months, application date — everyone verified.
 * - coolingOff: receipt signed date, cooling-off days and last day — the policyholder's right alone.
 * - policyholder / insured: the parties (masked), in full for the policyholder; the insured hears the policyholder's
 *   name only; a beneficiary hears the insured's name only.
 * - beneficiaries: every named beneficiary and share for the policyholder and the insured (who consented to the
 *   designation, Insurance Law Art. 39); a beneficiary hears their own share only.
 * - payment: the premium account (masked) — the policyholder, who pays, alone.
 */
export const INQUIRY_SECTIONS = [
  'policy',
  'coverage',
  'coolingOff',
  'policyholder',
  'insured',
  'beneficiaries',
  'ownShare',
  'payment',
] as const;
export type InquirySection = (typeof INQUIRY_SECTIONS)[number];

export const INQUIRY_SLICES: Readonly<Record<InquiryRelation, readonly InquirySection[]>> = {
  policyholder: ['policy', 'coverage', 'coolingOff', 'policyholder', 'insured', 'beneficiaries', 'payment'],
  insured: ['policy', 'coverage', 'policyholder', 'insured', 'beneficiaries'],
  beneficiary: ['policy', 'coverage', 'insured', 'ownShare'],
};

/** How much of a party each relation hears: 'full' = masked name, ID type and masked ID number; 'name' = masked name. */
export function partyDetail(asker: InquiryRelation, party: 'policyholder' | 'insured'): 'full' | 'name' | null {
  if (!INQUIRY_SLICES[asker].includes(party)) return null;
  if (asker === 'policyholder' || asker === party) return 'full';
  return 'name';
}

export function sees(asker: InquiryRelation, section: InquirySection): boolean {
  return INQUIRY_SLICES[asker].includes(section);
}
