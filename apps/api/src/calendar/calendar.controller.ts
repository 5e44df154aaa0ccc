import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '../auth/principal';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { DateParam, YearParam } from '../common/params';
import { CalendarChangeDto, CalendarYearViewDto } from './dto/calendar-responses.dto';
import { CalendarDayPatchDto, CalendarYearDto } from './dto/calendar.dto';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@ApiProtected()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get(':year')
  @Roles(...ROLES)
  @ApiOperation({
    summary: "A year's holidays and make-up working days, and whether the year is official or provisional",
  })
  @ApiOkResponse({ type: CalendarYearViewDto })
  @ApiErrors(400)
  get(@Param() { year }: YearParam): Promise<CalendarYearViewDto> {
    return this.calendar.get(year);
  }

  @Put(':year')
  @Roles('admin')
  @ApiOperation({
    summary: "Load the State Council's schedule for a year (replaces a provisional one); open cases recompute",
  })
  @ApiOkResponse({ type: CalendarChangeDto })
  @ApiErrors(400)
  put(
    @CurrentUser() u: Principal,
    @Param() { year }: YearParam,
    @Body() dto: CalendarYearDto,
  ): Promise<CalendarChangeDto> {
    return this.calendar.putYear(u, year, dto);
  }

  @Patch('days/:date')
  @Roles('admin')
  @ApiOperation({ summary: 'Correct one day; open cases recompute their deadlines' })
  @ApiOkResponse({ type: CalendarChangeDto })
  @ApiErrors(400)
  patch(
    @CurrentUser() u: Principal,
    @Param() { date }: DateParam,
    @Body() dto: CalendarDayPatchDto,
  ): Promise<CalendarChangeDto> {
    return this.calendar.patchDay(u, date, dto);
  }
}
