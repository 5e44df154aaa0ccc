import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { NotificationsQuery } from '../common/params';
import { CaseTaskDto, NotificationDto } from './dto/case-responses.dto';
import { CASE_READERS } from './cases.controller';
import { CasesService } from './cases.service';

@ApiTags('me')
@ApiProtected()
@Controller('me')
export class MeController {
  constructor(private readonly cases: CasesService) {}

  @Get('tasks')
  @Roles('back_office', 'team_leader', 'customer_service', 'compliance')
  @ApiOperation({ summary: 'What the caller must do next, soonest due first' })
  @ApiOkResponse({ type: [CaseTaskDto] })
  tasks(@CurrentUser() u: Principal): Promise<CaseTaskDto[]> {
    return this.cases.tasks(u);
  }

  @Get('notifications')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: "Notifications to the caller or to the caller's role in scope; ?after=<id> pages" })
  @ApiOkResponse({ type: [NotificationDto] })
  @ApiErrors(400)
  notifications(@CurrentUser() u: Principal, @Query() q: NotificationsQuery): Promise<NotificationDto[]> {
    return this.cases.notifications(u, q.after ?? 0);
  }
}
