/**
 * Matching an inquiry (Art. 17, 19, 21): the asker says who they are (name, ID type and number) and how they stand
 * to the policy; only an exact match against that policy's party of that relation opens it. The comparison is
 * built so every refusal costs the same: the caller always compares against CANDIDATE_SLOTS candidates (padding
 * with decoys when the policy is unknown or has fewer parties), and every slot is compared in full, in constant
 * time, with no early exit. Values are keyed hashes (HMAC) of the normalised name and identity, never clear text.
 */
export const INQUIRY_RELATIONS = ['policyholder', 'insured', 'beneficiary'] as const;
export type InquiryRelation = (typeof INQUIRY_RELATIONS)[number];

export const INQUIRY_CHANNELS = ['counter', 'phone'] as const;
export type InquiryChannel = (typeof INQUIRY_CHANNELS)[number];

/** Policyholder + insured + the most beneficiaries a policy may name (beneficiaries.ts, MAX_BENEFICIARIES). */
export const CANDIDATE_SLOTS = 12;

export interface InquiryCandidate {
  /** 'decoy' for a padding slot: it matches no asserted relation. */
  relation: InquiryRelation | 'decoy';
  nameMac: Uint8Array;
  idMac: Uint8Array;
}

export interface AssertedIdentity {
  relation: InquiryRelation;
  nameMac: Uint8Array;
  idMac: Uint8Array;
}

/** 0 when equal, non-zero otherwise; always walks the longer of the two (both are 32-byte MACs here). */
function difference(a: Uint8Array, b: Uint8Array): number {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff;
}

/**
 * Whether any candidate of the asserted relation carries both the asserted name and the asserted identity. Every
 * candidate is compared (relation, name and identity) whatever the earlier ones gave.
 */
export function matchesParty(asserted: AssertedIdentity, candidates: readonly InquiryCandidate[]): boolean {
  let found = 0;
  for (const c of candidates) {
    const sameRelation = c.relation === asserted.relation ? 0 : 1;
    const diff = sameRelation | difference(asserted.nameMac, c.nameMac) | difference(asserted.idMac, c.idMac);
    found |= diff === 0 ? 1 : 0;
  }
  return found === 1;
}

/** Fills the list up to `slots` with decoys (made by `decoy`, one per missing slot) so every lookup compares as many. */
export function padCandidates(
  real: readonly InquiryCandidate[],
  decoy: (index: number) => InquiryCandidate,
  slots = CANDIDATE_SLOTS,
): InquiryCandidate[] {
  const out = real.slice(0, slots);
  for (let i = out.length; i < slots; i++) out.push(decoy(i));
  return out;
}
