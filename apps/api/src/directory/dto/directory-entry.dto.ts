import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CHANNELS } from '../../../../../libs/domain/src/policy-application';

const CODE = /^[A-Za-z0-9_-]+$/;
/** An optional text a PUT may also clear with null; the explicit type keeps it a string in the document. */
export const CLEARABLE_TEXT = { type: String, nullable: true } as const;

/** What a seller and an agency both have; CreateSellerDto and CreateAgencyDto add their name and own fields. */
export abstract class DirectoryEntryDto {
  @ApiProperty({ maxLength: 40, pattern: CODE.source })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(CODE, { message: 'code may hold only letters, digits, - and _' })
  code!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: (typeof CHANNELS)[number];

  @ApiProperty({ example: 'GZ01', maxLength: 20 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  branchCode!: string;

  @ApiPropertyOptional({
    ...CLEARABLE_TEXT,
    maxLength: 40,
    example: '13900139000',
    description: "its own phone (detection compares customers' phones with it); null clears it",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({
    ...CLEARABLE_TEXT,
    maxLength: 300,
    example: '广州市天河区某路 1 号',
    description: "its own address (detection compares customers' addresses with it); null clears it",
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
