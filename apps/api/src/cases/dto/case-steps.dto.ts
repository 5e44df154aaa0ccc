import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  ASSIST_KINDS,
  CASE_OUTCOMES,
  CASE_STATES,
  CORRECTION_FIELDS,
  type CorrectionField,
  FINDING_RULES,
  type FindingRule,
} from '../../../../../libs/contracts/src/case.contract';
import { PageQuery } from '../../common/paging';
import { PRINTABLE_TEXT, queryBoolean } from '../../common/params';
import { CHANNELS, ID_TYPES } from '../../../../../libs/domain/src/policy-application';

/**
 * Rules a case may be opened by hand for: all but those only detection raises (they need its cluster or recheck)
 * and the one a complaint re-check raises (it needs its task).
 */
const DETECTED_ONLY: readonly FindingRule[] = ['ID_CONFLICT', 'RECHECK_FAILED', 'RECHECK_FALSE_DATA'];
const RULES = FINDING_RULES.filter((r) => !DETECTED_ONLY.includes(r));

export class OpenCaseDto {
  @ApiProperty({ example: 'P2026000001', description: 'the policy the suspicion concerns' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  policyNumber!: string;

  @ApiProperty({ enum: RULES, description: 'MANUAL: found by a revisit call or otherwise (Art. 13)' })
  @IsIn(RULES)
  rule!: FindingRule;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class DistributeDto {
  @ApiPropertyOptional({ enum: CHANNELS, description: "defaults to the policy's channel" })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: (typeof CHANNELS)[number];

  @ApiPropertyOptional({ description: "defaults to the policy's branch" })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  branchCode?: string;
}

export class AssignDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  assigneeId!: string;
}

export class ReassignDto extends AssignDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class RequestAssistDto {
  @ApiProperty({ enum: ASSIST_KINDS })
  @IsIn(ASSIST_KINDS)
  kind!: (typeof ASSIST_KINDS)[number];

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note!: string;
}

export class RecordAssistDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  result!: string;
}

export class TakeOverDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class CorrectionDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  customerId!: string;

  @ApiProperty({ enum: CORRECTION_FIELDS, description: 'one of the seven Art. 2 fields' })
  @IsIn(CORRECTION_FIELDS)
  field!: CorrectionField;

  @ApiProperty({ description: 'the value found wrong, as recorded' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  oldValue!: string;

  @ApiProperty({ description: 'the true value; checked as intake checks it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  newValue!: string;

  @ApiPropertyOptional({
    enum: ID_TYPES,
    description: "idNumber only: the new ID type (default: the customer's current one)",
  })
  @IsOptional()
  @IsIn(ID_TYPES)
  idType?: (typeof ID_TYPES)[number];
}

export class SubmitDto {
  @ApiProperty({ enum: CASE_OUTCOMES })
  @IsIn(CASE_OUTCOMES)
  outcome!: (typeof CASE_OUTCOMES)[number];

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;

  @ApiPropertyOptional({
    type: [CorrectionDto],
    description: 'CORRECTED: at least one; FALSE_INFO_CONFIRMED: the true data unless policyCancelled',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CorrectionDto)
  corrections?: CorrectionDto[];

  @ApiPropertyOptional({ description: 'FALSE_INFO_CONFIRMED: the policy is being cancelled instead of corrected' })
  @IsOptional()
  @IsBoolean()
  policyCancelled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  responsibleSellerCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  responsibleAgencyCode?: string;
}

export class ApproveDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'a new investigation deadline; default: end of the next working day' })
  @IsOptional()
  @IsISO8601({ strict: true })
  newDueAt?: string;
}

export class ListCasesQuery extends PageQuery(500, 50) {
  @ApiPropertyOptional({ enum: CASE_STATES })
  @IsOptional()
  @IsIn(CASE_STATES)
  state?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(PRINTABLE_TEXT, { message: 'branch may not hold control characters' })
  branch?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(PRINTABLE_TEXT, { message: 'assignee may not hold control characters' })
  assignee?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({ description: 'cooling-off period breached' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  breached?: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;
}
