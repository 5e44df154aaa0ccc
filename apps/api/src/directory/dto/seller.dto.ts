import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CHANNELS, ID_TYPES } from '../../../../../libs/domain/src/policy-application';
import { IsCalendarDate } from '../../../../../libs/intake/src/custom-validators';
import { SELLER_KINDS } from '../../../../../libs/persistence/src/entities';

const CODE = /^[A-Za-z0-9_-]+$/;

export class CreateSellerDto {
  @ApiProperty({ example: 'A0001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(CODE, { message: 'code may hold only letters, digits, - and _' })
  code!: string;

  @ApiProperty({ example: '李四' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: SELLER_KINDS })
  @IsIn(SELLER_KINDS)
  kind!: (typeof SELLER_KINDS)[number];

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: (typeof CHANNELS)[number];

  @ApiProperty({ example: 'GZ01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  branchCode!: string;

  @ApiPropertyOptional({ example: 'AG01' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  agencyCode?: string | null;

  @ApiPropertyOptional({
    example: '13900139000',
    description: "the seller's own phone (detection compares customers' phones with it)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ example: '广州市天河区某路 1 号' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({
    enum: ID_TYPES,
    description: "the seller's own identity document type; given together with idNumber",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idType?: string | null;

  @ApiPropertyOptional({
    example: '11010119900307123X',
    description: 'checked as at intake; stored encrypted, shown masked',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idNumber?: string | null;

  @ApiPropertyOptional({ example: '2025-06-01', description: 'date the seller passed the form-filling test (Art. 10)' })
  @IsOptional()
  @IsCalendarDate()
  qualifiedOn?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** PUT: any subset of fields; the code in the path names the seller. */
export class UpdateSellerDto extends PartialType(CreateSellerDto) {}
