import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PROVISIONAL_LAST_YEAR } from '../../../../libs/domain/src/calendar/provisional';
import { IsCalendarDate } from '../../../../libs/intake/src/custom-validators';
import { MAX_LOAN_DAYS } from '../../../../libs/domain/src/loans/loan-rules';

/**
 * Path and query parameters, one class per shape, validated by the global ValidationPipe like bodies: a bad value
 * answers 400 in the one error shape with `errors[].field` naming the parameter. A controller takes them as
 * `@Param() p: CaseIdParam` (never a bare `@Param('id') id: string`, which nothing checks).
 */

/** Codes and numbers the API issues or stores: letters, digits, - and _ (as the bodies that create them). */
const CODE = /^[A-Za-z0-9_-]+$/;
/** Any other identifier: printable, no control characters (PostgreSQL refuses NUL in text; logs must stay readable). */
const PRINTABLE = /^[^\p{Cc}]+$/u;
/** The calendar covers the shipped official years and provisional years up to PROVISIONAL_LAST_YEAR. */
export const CALENDAR_FIRST_YEAR = 2000;

export class YearParam {
  @ApiProperty({ type: 'integer', minimum: CALENDAR_FIRST_YEAR, maximum: PROVISIONAL_LAST_YEAR, example: 2027 })
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(CALENDAR_FIRST_YEAR)
  @Max(PROVISIONAL_LAST_YEAR)
  year!: number;
}

export class DateParam {
  @ApiProperty({ example: '2027-02-06', description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  date!: string;
}

export class UuidParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class CaseIdParam {
  @ApiProperty({ example: 'case-manual-7d7f0c8e-3f1b-4c5e-9a43-0d5c1b0f2a11', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'id may not hold control characters' })
  id!: string;
}

export class EvidenceParams extends CaseIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  eid!: string;
}

export class PolicyNumberParam {
  @ApiProperty({ maxLength: 40, pattern: CODE.source })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(CODE, { message: 'policyNumber may hold only letters, digits, - and _' })
  policyNumber!: string;
}

export class CodeParam {
  @ApiProperty({ maxLength: 40, pattern: CODE.source })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(CODE, { message: 'code may hold only letters, digits, - and _' })
  code!: string;
}

export class UserIdParam {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(PRINTABLE, { message: 'userId may not hold control characters' })
  userId!: string;
}

export class NotificationsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'the last notification id of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;
}

const REPORT_FORMATS = ['csv', 'json'] as const;

/**
 * What every download that takes customer data out also accepts: the loan's length (at most 3 days, 3 when not
 * given) and its purpose. Download queries extend it; downloads without a query take it alone.
 */
export class LoanQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_LOAN_DAYS,
    default: MAX_LOAN_DAYS,
    description: 'file downloads: the loan is due back after this many days',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LOAN_DAYS)
  loanDays?: number;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'file downloads: why the file is taken out (kept with the loan)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'purpose may not hold control characters' })
  purpose?: string;
}

export class ImportReportQuery extends LoanQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];
}

export class ImportUploadQuery {
  @ApiPropertyOptional({ maxLength: 255, description: 'the uploaded file name, kept with the import' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(PRINTABLE, { message: 'fileName may not hold control characters' })
  fileName?: string;
}

/** Query strings carry 'true'/'false'; anything else stays a string and fails @IsBoolean with the field's name. */
export function queryBoolean({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

export { PRINTABLE as PRINTABLE_TEXT };
