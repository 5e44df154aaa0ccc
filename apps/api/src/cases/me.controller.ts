import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { NotificationsQuery } from '../common/params';
import { CASE_READERS } from './cases.controller';
import { CasesService } from './cases.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly cases: CasesService) {}

  @Get('tasks')
  @Roles('back_office', 'team_leader', 'customer_service', 'compliance')
  @ApiOperation({ summary: 'What the caller must do next, soonest due first' })
  tasks(@CurrentUser() u: Principal) {
    return this.cases.tasks(u);
  }

  @Get('notifications')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: "Notifications to the caller or to the caller's role in scope; ?after=<id> pages" })
  notifications(@CurrentUser() u: Principal, @Query() q: NotificationsQuery) {
    return this.cases.notifications(u, q.after ?? 0);
  }
}
