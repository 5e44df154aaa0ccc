import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CALENDAR_DAY_KINDS, type DayKind } from '../../../../../libs/domain/src/calendar/working-calendar';
import { IsCalendarDate } from '../../../../../libs/intake/src/custom-validators';

const DAY_PATCH_KINDS = [...CALENDAR_DAY_KINDS, 'normal'] as const;

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-06' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'workday: a weekend day declared working (调休)' })
  @IsIn(CALENDAR_DAY_KINDS)
  kind!: DayKind;

  @ApiPropertyOptional({ example: '春节' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  name?: string;
}

/** The State Council's schedule for a year: its holidays and make-up working days. */
export class CalendarYearDto {
  @ApiProperty({ type: [CalendarDayDto] })
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days!: CalendarDayDto[];
}

export class CalendarDayPatchDto {
  @ApiProperty({ enum: DAY_PATCH_KINDS, description: 'normal: back to the weekend rule' })
  @IsIn(DAY_PATCH_KINDS)
  kind!: (typeof DAY_PATCH_KINDS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  name?: string;
}
