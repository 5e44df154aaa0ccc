import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** One area code published by the Ministry of Civil Affairs after the shipped table was generated. */
export class AreaCodePutDto {
  @ApiProperty({ example: '沙县区' })
  @IsString()
  @Length(1, 40)
  name!: string;

  @ApiPropertyOptional({ example: 2021, nullable: true, description: 'first year in force; null = unknown' })
  @IsOptional()
  @IsInt()
  @Min(1949)
  @Max(2100)
  firstYear?: number | null;

  @ApiPropertyOptional({ example: null, nullable: true, description: 'last year in force; null = still in force' })
  @IsOptional()
  @IsInt()
  @Min(1949)
  @Max(2100)
  lastYear?: number | null;

  @ApiProperty({
    example: '民政部 2021年中华人民共和国县以上行政区划代码',
    description: 'the list or notice the code comes from',
  })
  @IsString()
  @Length(3, 200)
  source!: string;
}
