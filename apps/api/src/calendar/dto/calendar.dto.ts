import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../../../../libs/intake/src/custom-validators';

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-06' }) @IsCalendarDate()
  date!: string;

  @ApiProperty({ enum: ['holiday', 'workday'], description: 'workday: a weekend day declared working (调休)' })
  @IsIn(['holiday', 'workday'])
  kind!: 'holiday' | 'workday';

  @ApiPropertyOptional({ example: '春节' }) @IsOptional() @IsString() @MaxLength(40)
  name?: string;
}

/** The State Council's schedule for a year: its holidays and make-up working days. */
export class CalendarYearDto {
  @ApiProperty({ type: [CalendarDayDto] })
  @IsArray() @ArrayMaxSize(366) @ValidateNested({ each: true }) @Type(() => CalendarDayDto)
  days!: CalendarDayDto[];
}

export class CalendarDayPatchDto {
  @ApiProperty({ enum: ['holiday', 'workday', 'normal'], description: 'normal: back to the weekend rule' })
  @IsIn(['holiday', 'workday', 'normal'])
  kind!: 'holiday' | 'workday' | 'normal';

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40)
  name?: string;
}
