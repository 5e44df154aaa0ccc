import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '../auth/principal';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DateParam, YearParam } from '../common/params';
import { CalendarDayPatchDto, CalendarYearDto } from './dto/calendar.dto';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get(':year')
  @Roles(...ROLES)
  @ApiOperation({ summary: "A year's holidays and make-up working days, and whether the year is official or provisional" })
  get(@Param() { year }: YearParam) {
    return this.calendar.get(year);
  }

  @Put(':year')
  @Roles('admin')
  @ApiOperation({ summary: "Load the State Council's schedule for a year (replaces a provisional one); open cases recompute" })
  put(@CurrentUser() u: Principal, @Param() { year }: YearParam, @Body() dto: CalendarYearDto) {
    return this.calendar.putYear(u, year, dto);
  }

  @Patch('days/:date')
  @Roles('admin')
  @ApiOperation({ summary: 'Correct one day; open cases recompute their deadlines' })
  patch(@CurrentUser() u: Principal, @Param() { date }: DateParam, @Body() dto: CalendarDayPatchDto) {
    return this.calendar.patchDay(u, date, dto);
  }
}
