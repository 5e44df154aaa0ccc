import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CHANNELS } from '../../../../../libs/domain/src/policy-application';
import { PageQuery } from '../../common/paging';
import { PRINTABLE_TEXT, queryBoolean } from '../../common/params';

/** A search box left empty sends `q=`: that is no search, not a 400. */
function trimmedOrAbsent({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim();
  return v === '' ? undefined : v;
}

/** GET /api/agencies: filters and page; the caller's branches and channels always apply. */
export class DirectoryListQuery extends PageQuery(100, 20) {
  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: (typeof CHANNELS)[number];

  @ApiPropertyOptional({ example: 'GZ01', maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(PRINTABLE_TEXT, { message: 'branchCode may not hold control characters' })
  branchCode?: string;

  @ApiPropertyOptional({ description: 'true: active only; false: inactive only' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    maxLength: 100,
    description: 'the start of the code (any case) or of the name; blank is no search',
  })
  @IsOptional()
  @Transform(trimmedOrAbsent)
  @IsString()
  @MaxLength(100)
  @Matches(PRINTABLE_TEXT, { message: 'q may not hold control characters' })
  q?: string;
}

/** GET /api/sellers: the same, and whether the seller has passed the form-filling test. */
export class SellerListQuery extends DirectoryListQuery {
  @ApiPropertyOptional({
    description:
      'true: only sellers with no qualifiedOn yet (not passed the form-filling test); false: only those with one',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  unqualified?: boolean;
}
