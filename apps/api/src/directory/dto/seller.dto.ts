import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ID_TYPES } from '../../../../../libs/domain/src/policy-application';
import { IsCalendarDate } from '../../../../../libs/intake/src/custom-validators';
import { SELLER_KINDS } from '../../../../../libs/persistence/src/entities';
import { CLEARABLE_TEXT, DirectoryEntryDto } from './directory-entry.dto';

export class CreateSellerDto extends DirectoryEntryDto {
  @ApiProperty({ example: '李四', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: SELLER_KINDS })
  @IsIn(SELLER_KINDS)
  kind!: (typeof SELLER_KINDS)[number];

  @ApiPropertyOptional({ ...CLEARABLE_TEXT, maxLength: 40, example: 'AG01', description: 'an existing agency' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  agencyCode?: string | null;

  @ApiPropertyOptional({
    ...CLEARABLE_TEXT,
    enum: ID_TYPES,
    description: "the seller's own identity document type; given together with idNumber",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idType?: string | null;

  @ApiPropertyOptional({
    ...CLEARABLE_TEXT,
    maxLength: 40,
    example: '11010119900307123X',
    description: 'checked as at intake; stored encrypted, shown masked',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idNumber?: string | null;

  @ApiPropertyOptional({
    ...CLEARABLE_TEXT,
    format: 'date',
    example: '2025-06-01',
    description: 'date the seller passed the form-filling test (Art. 10); null: not yet',
  })
  @IsOptional()
  @IsCalendarDate()
  qualifiedOn?: string | null;
}

/** PUT: any subset of fields; the code in the path names the seller. */
export class UpdateSellerDto extends PartialType(CreateSellerDto) {}
