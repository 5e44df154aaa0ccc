import { CONFIDENTIALITY_LEVELS, type Confidentiality } from '../../../../../libs/domain/src/access/access-rules';
import { ApiProperty } from '@nestjs/swagger';
import {
  CHANNELS,
  REASON_PARTIES,
  REASON_SEVERITIES,
  UNDERWRITING_DECISIONS,
} from '../../../../../libs/domain/src/policy-application';

/** Answers of the intake endpoints, as PoliciesService returns them. */

export class UnderwritingReasonDto {
  @ApiProperty({ enum: REASON_PARTIES }) party!: (typeof REASON_PARTIES)[number];
  @ApiProperty({ example: 'phones' }) field!: string;
  @ApiProperty({ example: 'PHONE_INVALID' }) code!: string;
  @ApiProperty({ enum: REASON_SEVERITIES, description: 'error: refuses the application; warning: noted only' })
  severity!: (typeof REASON_SEVERITIES)[number];
  @ApiProperty() message!: string;
  @ApiProperty() messageZh!: string;
}

export class UnderwritingDto {
  @ApiProperty({ enum: UNDERWRITING_DECISIONS }) decision!: (typeof UNDERWRITING_DECISIONS)[number];
  @ApiProperty({ type: [UnderwritingReasonDto] }) reasons!: UnderwritingReasonDto[];
}

export class IntakeAnswerDto {
  @ApiProperty() policyNumber!: string;
  @ApiProperty({ type: UnderwritingDto }) underwriting!: UnderwritingDto;
  @ApiProperty({ description: 'falls under the customer-information rules (product category and term)' })
  inScope!: boolean;
}

export class ReceiptAnswerDto {
  @ApiProperty() policyNumber!: string;
  @ApiProperty({ example: '2026-11-22' }) receiptSignedDate!: string;
  @ApiProperty({ type: 'integer', description: 'open cases on the policy told that its cooling-off clock started' })
  casesNotified!: number;
}

/** A party of a stored policy; names, birth dates, ID numbers, addresses and phones masked unless the role needs them. */
export class StoredPartyDto {
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) gender!: string | null;
  @ApiProperty({ type: String, nullable: true }) birthDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) idType!: string | null;
  @ApiProperty({ type: String, nullable: true }) idNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: [String] }) phones!: string[];
  @ApiProperty({ type: String, nullable: true }) customerId!: string | null;
}

export class PaymentViewDto {
  @ApiProperty({ type: String, nullable: true }) bankAccount!: string | null;
  @ApiProperty({ type: String, nullable: true }) accountHolderName!: string | null;
}

/** A named beneficiary; names and ID numbers masked unless the role needs them, as the other parties'. */
export class StoredBeneficiaryDto {
  @ApiProperty({ example: '王*' }) name!: string;
  @ApiProperty({ example: 'RESIDENT_ID' }) idType!: string;
  @ApiProperty({ example: '110***********002X' }) idNumber!: string;
  @ApiProperty({ example: 100, description: 'percent of the benefit' }) share!: number;
}

export class StoredPolicyDto {
  @ApiProperty() id!: string;
  @ApiProperty() policyNumber!: string;
  @ApiProperty() productCode!: string;
  @ApiProperty() productCategory!: string;
  @ApiProperty({ type: 'integer' }) termMonths!: number;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() branchCode!: string;
  @ApiProperty() sellerCode!: string;
  @ApiProperty({ type: String, nullable: true }) agencyCode!: string | null;
  @ApiProperty({ example: '2026-11-20' }) applicationDate!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-22' }) receiptSignedDate!: string | null;
  @ApiProperty({ type: 'integer' }) coolingOffDays!: number;
  @ApiProperty({
    enum: CONFIDENTIALITY_LEVELS,
    description: '机密 and 绝密 records open with an approved access request',
  })
  confidentiality!: Confidentiality;
  @ApiProperty({ enum: UNDERWRITING_DECISIONS }) status!: (typeof UNDERWRITING_DECISIONS)[number];
  @ApiProperty({ type: [UnderwritingReasonDto] }) reasons!: UnderwritingReasonDto[];
  @ApiProperty() inScope!: boolean;
  @ApiProperty({ example: 'api', description: 'api or import' }) source!: string;
  @ApiProperty({ type: StoredPartyDto }) policyholder!: StoredPartyDto;
  @ApiProperty({ type: StoredPartyDto, nullable: true, description: 'null when the insured is the policyholder' })
  insured!: StoredPartyDto | null;
  @ApiProperty({ type: PaymentViewDto, nullable: true }) payment!: PaymentViewDto | null;
  @ApiProperty({ type: [StoredBeneficiaryDto], description: 'named beneficiaries in order; empty: the legal heirs' })
  beneficiaries!: StoredBeneficiaryDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
