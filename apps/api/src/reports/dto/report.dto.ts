import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ValidationOptions } from 'class-validator';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
} from 'class-validator';
import { FIRST_REPORT_YEAR, isQuarter } from '../../../../../libs/domain/src/report/quarter';
import { LoanQuery, PRINTABLE_TEXT } from '../../common/params';
import { PageQuery } from '../../common/paging';

/** Branch codes as the directory and the tokens carry them. */
const BRANCH_CODE = /^[A-Za-z0-9_-]+$/;

/** class-validator rule: a quarter written YYYYQn, from FIRST_REPORT_YEAR on. */
export function IsQuarter(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isQuarter',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a quarter written YYYYQ1 to YYYYQ4 (e.g. 2026Q3), from ${FIRST_REPORT_YEAR} on`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isQuarter(value) },
    });
}

export class GenerateReportDto {
  @ApiProperty({ example: '2026Q3', pattern: '^[0-9]{4}Q[1-4]$', description: 'a quarter that has ended' })
  @IsQuarter()
  quarter!: string;

  @ApiPropertyOptional({
    example: 'GZ01',
    maxLength: 20,
    description: "the branch reported on; default: the caller's only branch (required when the token has several)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(BRANCH_CODE, { message: 'branchCode may hold only letters, digits, - and _' })
  branchCode?: string;
}

export class CorrectReportDto {
  @ApiProperty({ maxLength: 2000, description: 'what the correction changes and why; printed in the new version' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note!: string;
}

export class FileReportDto {
  @ApiProperty({ example: '2026-10-12T02:00:00Z', description: 'when it was filed: an instant with its zone' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'filedAt must be an ISO-8601 date and time' })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'filedAt must carry its zone (Z or +08:00)' })
  filedAt!: string;

  @ApiProperty({
    example: '国家金融监督管理总局广东监管局；广东省保险行业协会',
    maxLength: 500,
    description: 'to whom: the regional regulator and the insurance industry association',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @Matches(PRINTABLE_TEXT, { message: 'filedTo may not hold control characters' })
  filedTo!: string;
}

export class ListReportsQuery extends PageQuery(500, 50) {
  @ApiPropertyOptional({ example: '2026Q3' })
  @IsOptional()
  @IsQuarter()
  quarter?: string;

  @ApiPropertyOptional({ example: 'GZ01', maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(BRANCH_CODE, { message: 'branch may hold only letters, digits, - and _' })
  branch?: string;
}

export const REPORT_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportFormatQuery extends LoanQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
