import { partyDetail, sees } from '../../../../libs/domain/src/inquiry/inquiry-slice';
import type { InquiryChannel, InquiryRelation } from '../../../../libs/domain/src/inquiry/inquiry-match';
import type { StoredParty, StoredPolicy } from '../../../../libs/persistence/src/policies/policy-reader';
import { maskMiddle, maskName } from '../policies/masking';
import type { InquiryAnswerDto, InquiryPartyDto } from './dto/inquiry.dto';

/**
 * The granted answer: the sections of INQUIRY_SLICES for the relation, every personal value masked as the policy
 * view masks it for a role that does not need it whole. `ownPosition`: the beneficiary who asked.
 */
export function inquiryAnswer(
  p: StoredPolicy,
  relation: InquiryRelation,
  channel: InquiryChannel,
  ownPosition: number | null,
): InquiryAnswerDto {
  const answer: InquiryAnswerDto = {
    granted: true,
    relation,
    channel,
    policy: {
      policyNumber: p.policyNumber,
      productCode: p.productCode,
      productCategory: p.productCategory,
      status: p.status,
    },
    coverage: { termMonths: p.termMonths, applicationDate: p.applicationDate },
  };
  if (sees(relation, 'coolingOff'))
    answer.coolingOff = { receiptSignedDate: p.receiptSignedDate, coolingOffDays: p.coolingOffDays };
  const holder = partyDetail(relation, 'policyholder');
  if (holder) answer.policyholder = party(p.policyholder, holder);
  const insured = partyDetail(relation, 'insured');
  if (insured) answer.insured = party(p.insured ?? p.policyholder, insured);
  if (sees(relation, 'beneficiaries'))
    answer.beneficiaries = {
      legalHeirs: p.beneficiaries.length === 0,
      named: p.beneficiaries.map((b) => ({ name: maskName(b.name)!, share: b.share })),
    };
  const own = ownPosition === null ? undefined : p.beneficiaries[ownPosition];
  if (sees(relation, 'ownShare') && own) answer.ownShare = { name: maskName(own.name)!, share: own.share };
  if (sees(relation, 'payment'))
    answer.payment = {
      premiumAccountOnFile: p.payment?.bankAccount != null,
      bankAccount: maskMiddle(p.payment?.bankAccount ?? null, 4, 4),
      accountHolderName: maskName(p.payment?.accountHolderName ?? null),
    };
  return answer;
}

function party(p: StoredParty, detail: 'full' | 'name'): InquiryPartyDto {
  const name = maskName(p.name);
  return detail === 'name' ? { name } : { name, idType: p.idType, idNumber: maskMiddle(p.idNumber) };
}
