import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, ID_TYPES, PRODUCT_CATEGORIES } from '../../domain/src/policy-application';
import { MAX_BENEFICIARIES } from '../../domain/src/inquiry/beneficiaries';
import {
  HasValidBeneficiaryList,
  IsAloneInObject,
  IsBeneficiaryShare,
  IsCalendarDate,
  IsIdNumberOfItsType,
} from './custom-validators';

/**
 * The body of `POST /api/policies` and one row of a bulk import. This layer checks shape and types only
 * (a malformed request is a 400); missing customer fields are allowed through so underwriting can list
 * every one of them as a refusal reason (R1) and the application is kept.
 */
export class PartyDto {
  @ApiPropertyOptional({ example: '张三' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string | null;

  @ApiPropertyOptional({ enum: ['M', 'F'] })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  gender?: string | null;

  @ApiPropertyOptional({ example: '1990-03-07', description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  birthDate?: string | null;

  @ApiPropertyOptional({ example: 'RESIDENT_ID' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idType?: string | null;

  @ApiPropertyOptional({ example: '11010119900307123X' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idNumber?: string | null;

  @ApiPropertyOptional({ example: '广东省广州市天河区体育西路 100 号' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['13800138000'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  phones?: string[] | null;
}

export class InsuredDto extends PartyDto {
  @ApiPropertyOptional({ description: 'true when the insured is the policyholder; then no other field is given' })
  @IsOptional()
  @Equals(true)
  @IsAloneInObject()
  sameAsPolicyholder?: true;
}

export class PaymentDto {
  @ApiPropertyOptional({ example: '6222020200112233445' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  bankAccount?: string | null;

  @ApiPropertyOptional({ example: '张三' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  accountHolderName?: string | null;
}

/**
 * A named beneficiary (受益人). Unlike the policyholder's and the insured's fields, these are checked in full here
 * (a 400 naming the field): a beneficiary is not part of the Art. 5 completeness check, so a wrong one would
 * otherwise be stored silently.
 */
export class BeneficiaryDto {
  @ApiProperty({ example: '王五' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ID_TYPES, example: 'RESIDENT_ID' })
  @IsIn(ID_TYPES)
  idType!: (typeof ID_TYPES)[number];

  @ApiProperty({ example: '11010519491231002X' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @IsIdNumberOfItsType()
  idNumber!: string;

  @ApiProperty({
    example: 100,
    description: 'share of the benefit in percent, above 0, at most 100, at most two decimals; the shares sum to 100',
  })
  @IsBeneficiaryShare()
  share!: number;
}

export class PolicyApplicationDto {
  @ApiProperty({ example: 'P2026000001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'policyNumber may hold only letters, digits, - and _' })
  policyNumber!: string;

  @ApiProperty({ example: 'WL-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  productCode!: string;

  @ApiProperty({ enum: PRODUCT_CATEGORIES })
  @IsIn(PRODUCT_CATEGORIES)
  productCategory!: (typeof PRODUCT_CATEGORIES)[number];

  @ApiProperty({ example: 120 })
  @IsInt()
  @Min(1)
  @Max(1200)
  termMonths!: number;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: (typeof CHANNELS)[number];

  @ApiProperty({ example: 'GZ01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  branchCode!: string;

  @ApiProperty({ example: 'A0001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  sellerCode!: string;

  @ApiPropertyOptional({ example: 'AG01' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  agencyCode?: string | null;

  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  applicationDate!: string;

  @ApiPropertyOptional({ example: '2026-11-22' })
  @IsOptional()
  @IsCalendarDate()
  receiptSignedDate?: string | null;

  @ApiPropertyOptional({
    example: 15,
    description: 'cooling-off period in calendar days; the configured default when absent',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  coolingOffDays?: number | null;

  @ApiProperty({ type: PartyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PartyDto)
  policyholder!: PartyDto;

  @ApiProperty({ type: InsuredDto })
  @IsObject()
  @ValidateNested()
  @Type(() => InsuredDto)
  insured!: InsuredDto;

  @ApiPropertyOptional({ type: PaymentDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentDto)
  payment?: PaymentDto | null;

  @ApiPropertyOptional({
    type: [BeneficiaryDto],
    description: `named beneficiaries, at most ${MAX_BENEFICIARIES}, shares summing to 100; absent or empty: the legal heirs`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BENEFICIARIES)
  @ValidateNested({ each: true })
  @Type(() => BeneficiaryDto)
  @HasValidBeneficiaryList()
  beneficiaries?: BeneficiaryDto[] | null;
}
