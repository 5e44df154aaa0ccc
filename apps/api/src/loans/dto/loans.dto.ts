import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { LOAN_STATES, type LoanState } from '../../../../../libs/domain/src/loans/loan-rules';
import { PRINTABLE_TEXT } from '../../common/params';

export { LoanQuery } from '../../common/params';
import { PageMetaDto, PageQuery } from '../../common/paging';

/** The bodies, query strings and answers of loans and incidents (doc 4); each bad field is a 400 naming it. */

const NULLABLE = { type: String, nullable: true } as const;
const CODE = /^[A-Za-z0-9_-]+$/;

function Text(max: number): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
    Matches(/\S/, { message: `${String(key)} may not be blank` })(target, key);
  };
}

export class ListLoansQuery extends PageQuery(200, 50) {
  @ApiPropertyOptional({ enum: LOAN_STATES })
  @IsOptional()
  @IsIn(LOAN_STATES)
  state?: LoanState;

  @ApiPropertyOptional({ description: 'only loans of this borrower (managers, compliance, auditors)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE_TEXT, { message: 'borrower may not hold control characters' })
  borrower?: string;
}

export class ReturnLoanDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Text(500)
  note?: string;
}

export class ReportIncidentDto {
  @ApiProperty({ maxLength: 2000, description: 'what was seen: how the data may have left' })
  @Text(2000)
  description!: string;

  @ApiPropertyOptional({ type: [String], maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  @Matches(CODE, { each: true, message: 'policyNumbers may hold only letters, digits, - and _' })
  policyNumbers?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  @Matches(PRINTABLE_TEXT, { each: true, message: 'caseIds may not hold control characters' })
  caseIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 200,
    description: "ids of a case's evidence files or of a complaint's attachments",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
}

export class LiftIncidentDto {
  @ApiProperty({ maxLength: 1000, description: 'why the exports may resume' })
  @Text(1000)
  reason!: string;
}

/** Query strings carry 'true'/'false'; anything else stays a string and fails @IsBoolean with the field's name. */
function queryBoolean({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

export class ListIncidentsQuery extends PageQuery(200, 50) {
  @ApiPropertyOptional({ description: 'true: in force; false: lifted' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;
}

// ---- answers ----

export const LOAN_OBJECT_KINDS = [
  'evidence',
  'complaint_attachment',
  'suspicious_list',
  'import_report',
  'quarterly_report',
] as const;

export class LoanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() borrowerId!: string;
  @ApiProperty() borrowerRole!: string;
  @ApiProperty({ enum: LOAN_OBJECT_KINDS }) objectKind!: (typeof LOAN_OBJECT_KINDS)[number];
  @ApiProperty() objectId!: string;
  @ApiProperty({ description: 'what was taken out, in words' }) objectLabel!: string;
  @ApiProperty(NULLABLE) purpose!: string | null;
  @ApiProperty() takenAt!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ enum: LOAN_STATES }) state!: LoanState;
  @ApiProperty(NULLABLE) remindedAt!: string | null;
  @ApiProperty(NULLABLE) escalatedAt!: string | null;
  @ApiProperty(NULLABLE) returnedAt!: string | null;
  @ApiProperty(NULLABLE) returnedBy!: string | null;
}

export class LoanPageDto extends PageMetaDto {
  @ApiProperty({ type: [LoanDto] }) items!: LoanDto[];
}

export class IncidentRecordDto {
  @ApiProperty({ enum: ['policy', 'case', 'evidence'] }) kind!: 'policy' | 'case' | 'evidence';
  @ApiProperty() ref!: string;
}

export class IncidentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty() reportedBy!: string;
  @ApiProperty() reporterRole!: string;
  @ApiProperty() reportedAt!: string;
  @ApiProperty({ type: [IncidentRecordDto] }) records!: IncidentRecordDto[];
  @ApiProperty({ description: 'true until compliance lifts it: the records cannot be taken out' }) active!: boolean;
  @ApiProperty(NULLABLE) liftedAt!: string | null;
  @ApiProperty(NULLABLE) liftedBy!: string | null;
  @ApiProperty(NULLABLE) liftReason!: string | null;
}

export class IncidentPageDto extends PageMetaDto {
  @ApiProperty({ type: [IncidentDto] }) items!: IncidentDto[];
}
