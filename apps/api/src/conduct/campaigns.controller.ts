import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { UuidParam } from '../common/params';
import { CampaignsService } from './campaigns.service';
import { CONDUCT_READERS } from './conduct-roles';
import {
  CampaignIdParam,
  CompleteRecheckDto,
  ListCampaignsQuery,
  ListRecheckTasksQuery,
} from './dto/conduct-requests.dto';
import { CampaignDetailDto, CampaignPageDto, RecheckTaskDto, RecheckTaskPageDto } from './dto/conduct-responses.dto';

/** Re-check campaigns (R6, Art. 14), started by verified mis-selling complaints. */
@ApiTags('campaigns')
@ApiProtected()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @Roles(...CONDUCT_READERS)
  @ApiOperation({ summary: "Re-check campaigns in the caller scope (the subject's), newest first" })
  @ApiOkResponse({ type: CampaignPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListCampaignsQuery): Promise<CampaignPageDto> {
    return this.campaigns.list(u, q);
  }

  @Get(':id')
  @Roles(...CONDUCT_READERS)
  @ApiOperation({ summary: 'A campaign: its complaints, window, progress, result and tasks' })
  @ApiOkResponse({ type: CampaignDetailDto })
  @ApiErrors(400, 404)
  get(@CurrentUser() u: Principal, @Param() { id }: CampaignIdParam): Promise<CampaignDetailDto> {
    return this.campaigns.get(u, id);
  }
}

/** The re-check tasks of campaigns: what customer service does, one policy each. */
@ApiTags('campaigns')
@ApiProtected()
@Controller('recheck-tasks')
export class RecheckTasksController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @Roles(...CONDUCT_READERS)
  @ApiOperation({ summary: "Re-check tasks in the caller scope (the policy's), open first, soonest due first" })
  @ApiOkResponse({ type: RecheckTaskPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListRecheckTasksQuery): Promise<RecheckTaskPageDto> {
    return this.campaigns.tasks(u, q);
  }

  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @Roles('customer_service')
  @ApiOperation({
    summary: 'Record a re-check: data confirmed, corrected (applied now) or false (a case opens); and the revisit call',
  })
  @ApiOkResponse({ type: RecheckTaskDto, description: 'the task, done' })
  @ApiErrors(400, 404, 409)
  complete(
    @CurrentUser() u: Principal,
    @Param() { id }: UuidParam,
    @Body() dto: CompleteRecheckDto,
  ): Promise<RecheckTaskDto> {
    return this.campaigns.complete(u, id, dto);
  }
}
