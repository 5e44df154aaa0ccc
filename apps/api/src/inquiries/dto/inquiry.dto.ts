import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ID_TYPES, UNDERWRITING_DECISIONS } from '../../../../../libs/domain/src/policy-application';
import {
  INQUIRY_CHANNELS,
  INQUIRY_RELATIONS,
  type InquiryChannel,
  type InquiryRelation,
} from '../../../../../libs/domain/src/inquiry/inquiry-match';

/**
 * What the asker says of themselves at the counter or on the phone line. The shape is checked (a 400 naming the
 * field); whether it matches is not said beyond granted or refused.
 */
export class InquiryDto {
  @ApiProperty({ example: 'P2026000001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'policyNumber may hold only letters, digits, - and _' })
  policyNumber!: string;

  @ApiProperty({ example: '张三' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ID_TYPES, example: 'RESIDENT_ID' })
  @IsIn(ID_TYPES)
  idType!: (typeof ID_TYPES)[number];

  @ApiProperty({ example: '11010119900307123X' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  idNumber!: string;

  @ApiProperty({ enum: INQUIRY_RELATIONS, description: 'how the asker says they stand to the policy' })
  @IsIn(INQUIRY_RELATIONS)
  relation!: InquiryRelation;

  @ApiProperty({ enum: INQUIRY_CHANNELS })
  @IsIn(INQUIRY_CHANNELS)
  channel!: InquiryChannel;
}

export class InquiryPolicyDto {
  @ApiProperty() policyNumber!: string;
  @ApiProperty() productCode!: string;
  @ApiProperty() productCategory!: string;
  @ApiProperty({ enum: UNDERWRITING_DECISIONS }) status!: (typeof UNDERWRITING_DECISIONS)[number];
}

export class InquiryCoverageDto {
  @ApiProperty({ type: 'integer' }) termMonths!: number;
  @ApiProperty({ example: '2026-11-20' }) applicationDate!: string;
}

export class InquiryCoolingOffDto {
  @ApiProperty({ type: String, nullable: true, example: '2026-11-22' }) receiptSignedDate!: string | null;
  @ApiProperty({ type: 'integer' }) coolingOffDays!: number;
}

/** A party as the relation may hear it: the masked name always, the ID type and masked number only in full. */
export class InquiryPartyDto {
  @ApiProperty({ type: String, nullable: true, example: '张*' }) name!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) idType?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '110***********123X' }) idNumber?: string | null;
}

export class InquiryBeneficiaryDto {
  @ApiProperty({ example: '王*' }) name!: string;
  @ApiProperty({ example: 100, description: 'percent of the benefit' }) share!: number;
}

export class InquiryBeneficiariesDto {
  @ApiProperty({ description: 'no beneficiary is named: the legal heirs' }) legalHeirs!: boolean;
  @ApiProperty({ type: [InquiryBeneficiaryDto] }) named!: InquiryBeneficiaryDto[];
}

export class InquiryPaymentDto {
  @ApiProperty({ description: 'a premium account is on file (Verity holds no premium ledger)' })
  premiumAccountOnFile!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '6222***********3445' }) bankAccount!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '张*' }) accountHolderName!: string | null;
}

/**
 * A granted inquiry: the sections the relation may hear (docs/decisions.md, INQUIRY_SLICES), personal values
 * masked. Sections the relation may not hear are absent.
 */
export class InquiryAnswerDto {
  @ApiProperty({ enum: [true] }) granted!: true;
  @ApiProperty({ enum: INQUIRY_RELATIONS }) relation!: InquiryRelation;
  @ApiProperty({ enum: INQUIRY_CHANNELS }) channel!: InquiryChannel;
  @ApiProperty({ type: InquiryPolicyDto }) policy!: InquiryPolicyDto;
  @ApiProperty({ type: InquiryCoverageDto }) coverage!: InquiryCoverageDto;
  @ApiPropertyOptional({ type: InquiryCoolingOffDto, description: 'policyholder only' })
  coolingOff?: InquiryCoolingOffDto;
  @ApiPropertyOptional({ type: InquiryPartyDto, description: 'policyholder and insured askers' })
  policyholder?: InquiryPartyDto;
  @ApiPropertyOptional({
    type: InquiryPartyDto,
    description: 'every asker; the policyholder again when the same person',
  })
  insured?: InquiryPartyDto;
  @ApiPropertyOptional({ type: InquiryBeneficiariesDto, description: 'policyholder and insured askers' })
  beneficiaries?: InquiryBeneficiariesDto;
  @ApiPropertyOptional({ type: InquiryBeneficiaryDto, description: 'a beneficiary asker: their own share' })
  ownShare?: InquiryBeneficiaryDto;
  @ApiPropertyOptional({ type: InquiryPaymentDto, description: 'policyholder only' })
  payment?: InquiryPaymentDto;
}
