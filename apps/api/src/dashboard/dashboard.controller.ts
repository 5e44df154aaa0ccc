import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiProtected } from '../common/api-errors';
import type { Principal } from '../auth/principal';
import { DashboardService } from './dashboard.service';
import { DashboardDto } from './dto/dashboard.dto';

@ApiTags('dashboard')
@ApiProtected()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @Roles('compliance', 'channel_manager', 'team_leader', 'customer_service', 'general_office', 'admin', 'auditor')
  @ApiOperation({
    summary:
      'Open, due today, overdue, escalated and cooling-off breaches by branch and channel; SLA rate by week; findings by rule',
  })
  @ApiOkResponse({ type: DashboardDto })
  get(@CurrentUser() user: Principal): Promise<DashboardDto> {
    return this.dashboard.figures(user);
  }
}
