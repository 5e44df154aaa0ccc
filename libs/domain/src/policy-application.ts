/** The shape of one policy application as it reaches automatic underwriting (single intake or bulk row). */
import type { BeneficiaryInput } from './inquiry/beneficiaries';

export const PRODUCT_CATEGORIES = [
  'participating',
  'unit_linked',
  'universal',
  'ordinary_life',
  'accident',
  'health',
  'other',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const CHANNELS = ['agency', 'bancassurance', 'intermediary'] as const;
export type Channel = (typeof CHANNELS)[number];

export const GENDERS = ['M', 'F'] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * Identity document types (Art. 6 and GB 11643). RESIDENT_ID is the mainland resident identity card;
 * HMT_RESIDENCE_PERMIT is the Hong Kong / Macau / Taiwan residents' residence permit (18 characters, GB 11643 rules);
 * HK_MACAU_TRAVEL_PERMIT (港澳居民来往内地通行证), TAIWAN_TRAVEL_PERMIT (台湾居民来往大陆通行证),
 * FOREIGNER_PR_CARD_OLD (15 characters, 2004 edition) and FOREIGNER_PR_CARD_NEW (18 characters, 2017/2023 edition).
 */
export const ID_TYPES = [
  'RESIDENT_ID',
  'PASSPORT',
  'HK_MACAU_TRAVEL_PERMIT',
  'TAIWAN_TRAVEL_PERMIT',
  'HMT_RESIDENCE_PERMIT',
  'FOREIGNER_PR_CARD_OLD',
  'FOREIGNER_PR_CARD_NEW',
] as const;
export type IdType = (typeof ID_TYPES)[number];

export const PARTY_ROLES = ['policyholder', 'insured'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** Fields may be missing or blank: completeness is the gate's job, not the parser's. */
export interface PartyInput {
  name?: string | null;
  gender?: string | null;
  /** ISO date YYYY-MM-DD */
  birthDate?: string | null;
  idType?: string | null;
  idNumber?: string | null;
  address?: string | null;
  phones?: string[] | null;
}

export interface PaymentInput {
  bankAccount?: string | null;
  accountHolderName?: string | null;
}

export interface PolicyApplication {
  policyNumber: string;
  productCode: string;
  productCategory: ProductCategory;
  termMonths: number;
  channel: Channel;
  branchCode: string;
  sellerCode: string;
  agencyCode?: string | null;
  /** ISO date YYYY-MM-DD */
  applicationDate: string;
  receiptSignedDate?: string | null;
  coolingOffDays?: number | null;
  policyholder: PartyInput;
  /** null means the insured is the policyholder (sameAsPolicyholder). */
  insured: PartyInput | null;
  payment?: PaymentInput | null;
  /** Named beneficiaries, shares summing to 100 (checked at the shape layer); none: the legal heirs. */
  beneficiaries?: BeneficiaryInput[] | null;
}

/** What underwriting knows about the seller named on the application (R3). */
export interface SellerFacts {
  code: string;
  /** ISO date the seller passed the form-filling test, or null if never. */
  qualifiedOn: string | null;
  active: boolean;
}

export const REASON_PARTIES = [...PARTY_ROLES, 'payment', 'policy', 'seller'] as const;
export type ReasonParty = (typeof REASON_PARTIES)[number];
export const REASON_SEVERITIES = ['error', 'warning'] as const;
export type ReasonSeverity = (typeof REASON_SEVERITIES)[number];

/** One reason of an underwriting decision: stable code, the field it concerns, English and Chinese text. */
export interface UnderwritingReason {
  party: ReasonParty;
  field: string;
  code: string;
  severity: ReasonSeverity;
  message: string;
  messageZh: string;
}

export const UNDERWRITING_DECISIONS = ['ACCEPTED', 'REJECTED'] as const;
export type UnderwritingDecision = (typeof UNDERWRITING_DECISIONS)[number];

/** A party's values after checks: ID upgraded to 18 characters, phones in E.164, etc. */
export interface NormalizedParty {
  name: string | null;
  gender: Gender | null;
  birthDate: string | null;
  idType: IdType | null;
  idNumber: string | null;
  address: string | null;
  phones: string[];
}

export interface UnderwritingResult {
  decision: UnderwritingDecision;
  /** Errors first, then warnings; a warning never rejects. */
  reasons: UnderwritingReason[];
  /** Art. 4: individual life-type policies of the six categories with a term of 12 months or more. */
  inScope: boolean;
  policyholder: NormalizedParty;
  insured: NormalizedParty;
  insuredIsPolicyholder: boolean;
  payment: { bankAccount: string | null; accountHolderName: string | null };
}
