import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DETECTION_RULES } from '../../../../../libs/contracts/src/detection.contract';
import { CHANNELS } from '../../../../../libs/domain/src/policy-application';
import { LoanQuery, PRINTABLE_TEXT } from '../../common/params';

export class StartRunDto {
  @ApiPropertyOptional({
    description: 'check everything (backlog self-check, R10) instead of what changed since the last run',
  })
  @IsOptional()
  @IsBoolean()
  full?: boolean;
}

export const LIST_FORMATS = ['json', 'csv', 'xlsx'] as const;

export class FindingsQuery extends LoanQuery {
  @ApiPropertyOptional({ enum: DETECTION_RULES })
  @IsOptional()
  @IsIn(DETECTION_RULES)
  rule?: string;

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

  @ApiPropertyOptional({ enum: LIST_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(LIST_FORMATS)
  format?: (typeof LIST_FORMATS)[number];

  @ApiPropertyOptional({ description: 'JSON paging: the last findingKey of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  @Matches(PRINTABLE_TEXT, { message: 'after may not hold control characters' })
  after?: string;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

export class PayerExceptionDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  policyNumber!: string;

  @ApiProperty({ description: 'why premiums may come from this third party (e.g. a parent paying for an adult child)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}
