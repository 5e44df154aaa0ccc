import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CAMPAIGN_STATUSES,
  RECHECK_OUTCOMES,
  RECHECK_TASK_STATES,
  SUBJECT_KINDS,
} from '../../../../../libs/contracts/src/campaign.contract';
import { PENALTY_KINDS } from '../../../../../libs/domain/src/conduct/conduct-rules';
import { CHANNELS } from '../../../../../libs/domain/src/policy-application';
import { IsCalendarDate } from '../../../../../libs/intake/src/custom-validators';
import {
  COMPLAINT_KINDS,
  COMPLAINT_OUTCOMES,
  COMPLAINT_SOURCES,
} from '../../../../../libs/persistence/src/conduct/complaints';
import { INCIDENT_KINDS, REFERRAL_STATUSES } from '../../../../../libs/persistence/src/conduct/penalties';
import { CorrectionDto } from '../../cases/dto/case-steps.dto';
import { PRINTABLE_TEXT } from '../../common/params';
import { PageQuery } from '../../common/paging';

/** The bodies and query strings of the conduct endpoints (R6, R7); each bad field is a 400 naming it. */

const CODE = /^[A-Za-z0-9_-]+$/;
const PERIOD = /^\d{4}(Q[1-4])?$/;

/** Query strings carry 'true'/'false'; anything else stays a string and fails @IsBoolean with the field's name. */
function queryBoolean({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

function SubjectCode(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(40)(target, key);
    Matches(CODE, { message: `${String(key)} may hold only letters, digits, - and _` })(target, key);
  };
}

function Text(max: number): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
    Matches(/\S/, { message: `${String(key)} may not be blank` })(target, key);
  };
}

function CaseIds(): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMaxSize(50)(target, key);
    ArrayUnique()(target, key);
    IsString({ each: true })(target, key);
    IsNotEmpty({ each: true })(target, key);
    MaxLength(200, { each: true })(target, key);
    Matches(PRINTABLE_TEXT, { each: true, message: `${String(key)} may not hold control characters` })(target, key);
  };
}

/** The conduct lists' paging: up to 500 a page, 50 by default (as the case list). */
const ConductPage = PageQuery(500, 50);

class SubjectQuery extends ConductPage {
  @ApiPropertyOptional({ enum: SUBJECT_KINDS })
  @IsOptional()
  @IsIn(SUBJECT_KINDS)
  subjectKind?: (typeof SUBJECT_KINDS)[number];

  @ApiPropertyOptional({ maxLength: 40, pattern: CODE.source })
  @SubjectCode()
  subjectCode?: string;
}

// ---- complaints ----

export class RegisterComplaintDto {
  @ApiPropertyOptional({
    maxLength: 40,
    pattern: CODE.source,
    description: 'the seller complained about (or agencyCode)',
  })
  @SubjectCode()
  sellerCode?: string;

  @ApiPropertyOptional({
    maxLength: 40,
    pattern: CODE.source,
    description: 'the agency complained about (or sellerCode)',
  })
  @SubjectCode()
  agencyCode?: string;

  @ApiProperty({
    maxLength: 40,
    pattern: CODE.source,
    description: 'the policy the complaint is about; sold by the subject',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(CODE, { message: 'policyNumber may hold only letters, digits, - and _' })
  policyNumber!: string;

  @ApiProperty({ enum: COMPLAINT_KINDS, description: 'mis_selling counts toward a re-check campaign (Art. 14)' })
  @IsIn(COMPLAINT_KINDS)
  kind!: (typeof COMPLAINT_KINDS)[number];

  @ApiProperty({
    example: '2026-11-20',
    description: 'the day the complaint reached the insurer (YYYY-MM-DD, not in the future)',
  })
  @IsCalendarDate()
  receivedDate!: string;

  @ApiProperty({ enum: COMPLAINT_SOURCES, description: 'how the complaint came in' })
  @IsIn(COMPLAINT_SOURCES)
  channel!: (typeof COMPLAINT_SOURCES)[number];

  @ApiProperty({ maxLength: 4000 })
  @Text(4000)
  summary!: string;
}

export class VerifyComplaintDto {
  @ApiProperty({ enum: COMPLAINT_OUTCOMES, description: 'VERIFIED needs at least one attachment as its evidence' })
  @IsIn(COMPLAINT_OUTCOMES)
  outcome!: (typeof COMPLAINT_OUTCOMES)[number];

  @ApiProperty({ maxLength: 4000 })
  @Text(4000)
  reason!: string;
}

export class ListComplaintsQuery extends SubjectQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_KINDS })
  @IsOptional()
  @IsIn(COMPLAINT_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: ['PENDING', ...COMPLAINT_OUTCOMES], description: 'PENDING: no outcome recorded yet' })
  @IsOptional()
  @IsIn(['PENDING', ...COMPLAINT_OUTCOMES])
  status?: 'PENDING' | (typeof COMPLAINT_OUTCOMES)[number];

  @ApiPropertyOptional({ enum: CHANNELS, description: "the policy's sales channel" })
  @IsOptional()
  @IsIn(CHANNELS)
  salesChannel?: string;

  @ApiPropertyOptional({ maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(PRINTABLE_TEXT, { message: 'branch may not hold control characters' })
  branch?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'received on or after (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  receivedFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'received on or before (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  receivedTo?: string;
}

export class AttachmentParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  aid!: string;
}

// ---- campaigns and re-check tasks ----

export class CampaignIdParam {
  @ApiProperty({ example: 'campaign-seller-A0001-7d7f0c8e-3f1b-4c5e-9a43-0d5c1b0f2a11', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(PRINTABLE_TEXT, { message: 'id may not hold control characters' })
  id!: string;
}

export class ListCampaignsQuery extends SubjectQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: (typeof CAMPAIGN_STATUSES)[number];
}

export class ListRecheckTasksQuery extends ConductPage {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE_TEXT, { message: 'campaignId may not hold control characters' })
  campaignId?: string;

  @ApiPropertyOptional({ enum: RECHECK_TASK_STATES })
  @IsOptional()
  @IsIn(RECHECK_TASK_STATES)
  state?: (typeof RECHECK_TASK_STATES)[number];

  @ApiPropertyOptional({ description: 'open and past the deadline' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description: "true: the open re-checks the caller can record (customer service of the task's branch and channel)",
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  mine?: boolean;
}

export class CompleteRecheckDto {
  @ApiProperty({ enum: RECHECK_OUTCOMES, description: 'FALSE_DATA opens a case (R5) for the policy' })
  @IsIn(RECHECK_OUTCOMES)
  outcome!: (typeof RECHECK_OUTCOMES)[number];

  @ApiProperty({ description: 'whether a revisit call was made' })
  @IsBoolean()
  revisitMade!: boolean;

  @ApiPropertyOptional({ maxLength: 2000, description: "the revisit call's result; required when one was made" })
  @IsOptional()
  @Text(2000)
  revisitResult?: string;

  @ApiPropertyOptional({
    type: [CorrectionDto],
    description: 'CORRECTED: the true data, applied to the customer record; FALSE_DATA: what was found, for the case',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CorrectionDto)
  corrections?: CorrectionDto[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Text(2000)
  note?: string;
}

// ---- penalties, incidents, referrals ----

export class DecidePenaltyDto {
  @ApiPropertyOptional({ maxLength: 40, pattern: CODE.source })
  @SubjectCode()
  sellerCode?: string;

  @ApiPropertyOptional({ maxLength: 40, pattern: CODE.source })
  @SubjectCode()
  agencyCode?: string;

  @ApiProperty({ enum: PENALTY_KINDS })
  @IsIn(PENALTY_KINDS)
  kind!: (typeof PENALTY_KINDS)[number];

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 999_999_999_999.99,
    description: 'yuan, 2 decimals; required for commission_deduction',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(999_999_999_999.99)
  amount?: number;

  @ApiProperty({
    example: '2026Q4',
    pattern: PERIOD.source,
    description: "the assessment it counts in: '2026Q4' or '2026'",
  })
  @IsString()
  @Matches(PERIOD, { message: "assessmentPeriod must be a quarter like '2026Q4' or a year like '2026'" })
  assessmentPeriod!: string;

  @ApiProperty({ maxLength: 4000 })
  @Text(4000)
  reason!: string;

  @ApiPropertyOptional({ type: [String], description: 'the cases behind it' })
  @IsOptional()
  @CaseIds()
  caseIds?: string[];

  @ApiPropertyOptional({ maxLength: 200, description: 'the re-check campaign behind it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(PRINTABLE_TEXT, { message: 'campaignId may not hold control characters' })
  campaignId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the penalty proposal this decides (it closes, its case is linked)',
  })
  @IsOptional()
  @IsUUID()
  proposalId?: string;
}

export class ListPenaltiesQuery extends SubjectQuery {
  @ApiPropertyOptional({ enum: PENALTY_KINDS })
  @IsOptional()
  @IsIn(PENALTY_KINDS)
  kind?: string;

  @ApiPropertyOptional({ pattern: PERIOD.source })
  @IsOptional()
  @IsString()
  @Matches(PERIOD, { message: "assessmentPeriod must be a quarter like '2026Q4' or a year like '2026'" })
  assessmentPeriod?: string;
}

export class ListProposalsQuery extends SubjectQuery {
  @ApiPropertyOptional({ description: 'true: not decided yet; false: decided' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  open?: boolean;
}

export class RecordIncidentDto {
  @ApiProperty({ maxLength: 40, pattern: CODE.source })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(CODE, { message: 'agencyCode may hold only letters, digits, - and _' })
  agencyCode!: string;

  @ApiProperty({ enum: INCIDENT_KINDS })
  @IsIn(INCIDENT_KINDS)
  kind!: (typeof INCIDENT_KINDS)[number];

  @ApiProperty({ maxLength: 4000 })
  @Text(4000)
  description!: string;

  @ApiProperty({ type: [String], minItems: 1, description: 'the cases behind it (at least one)' })
  @CaseIds()
  @ArrayMinSize(1, { message: 'caseIds needs at least one case' })
  caseIds!: string[];
}

export class ListIncidentsQuery extends ConductPage {
  @ApiPropertyOptional({ maxLength: 40, pattern: CODE.source })
  @SubjectCode()
  agencyCode?: string;

  @ApiPropertyOptional({ enum: INCIDENT_KINDS })
  @IsOptional()
  @IsIn(INCIDENT_KINDS)
  kind?: string;
}

export class ReferDto {
  @ApiPropertyOptional({ maxLength: 40, pattern: CODE.source })
  @SubjectCode()
  sellerCode?: string;

  @ApiPropertyOptional({ maxLength: 40, pattern: CODE.source })
  @SubjectCode()
  agencyCode?: string;

  @ApiProperty({ maxLength: 8000, description: 'the criticism and rectification opinion (批评整改意见)' })
  @Text(8000)
  opinion!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @CaseIds()
  caseIds?: string[];
}

export class ReferralDecisionDto {
  @ApiProperty({ maxLength: 8000, description: "the compliance committee's decision, as recorded" })
  @Text(8000)
  decision!: string;
}

export class ListReferralsQuery extends SubjectQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: string;
}
