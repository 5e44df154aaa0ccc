import { ApiProperty } from '@nestjs/swagger';
import {
  CALENDAR_DAY_KINDS,
  CALENDAR_DAY_SOURCES,
  CALENDAR_YEAR_STATUSES,
} from '../../../../../libs/domain/src/calendar/working-calendar';

export class StoredDayDto {
  @ApiProperty({ example: '2027-02-06' }) date!: string;
  @ApiProperty({ enum: CALENDAR_DAY_KINDS }) kind!: (typeof CALENDAR_DAY_KINDS)[number];
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: CALENDAR_DAY_SOURCES }) source!: string;
}

export class CalendarYearViewDto {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ enum: [...CALENDAR_YEAR_STATUSES, 'unknown'] }) status!: string;
  @ApiProperty({ type: [StoredDayDto] }) days!: StoredDayDto[];
}

export class CalendarChangeDto extends CalendarYearViewDto {
  @ApiProperty({ type: 'integer', description: 'open cases told to recompute their deadlines' }) casesNotified!: number;
}
