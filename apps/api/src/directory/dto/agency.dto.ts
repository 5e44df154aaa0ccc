import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CHANNELS } from '../../../../../libs/domain/src/policy-application';

const CODE = /^[A-Za-z0-9_-]+$/;

export class CreateAgencyDto {
  @ApiProperty({ example: 'AG01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(CODE, { message: 'code may hold only letters, digits, - and _' })
  code!: string;

  @ApiProperty({ example: '某某保险代理有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: (typeof CHANNELS)[number];

  @ApiProperty({ example: 'GZ01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  branchCode!: string;

  @ApiPropertyOptional({ example: '02087654321' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateAgencyDto extends PartialType(CreateAgencyDto) {}
