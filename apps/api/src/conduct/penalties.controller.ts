import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { UuidParam } from '../common/params';
import { SANCTION_READERS } from './conduct-roles';
import {
  DecidePenaltyDto,
  ListIncidentsQuery,
  ListPenaltiesQuery,
  ListProposalsQuery,
  ListReferralsQuery,
  RecordIncidentDto,
  ReferDto,
  ReferralDecisionDto,
} from './dto/conduct-requests.dto';
import {
  AgencyIncidentDto,
  AgencyIncidentPageDto,
  PenaltyDto,
  PenaltyPageDto,
  PenaltyProposalPageDto,
  ReferralDto,
  ReferralPageDto,
} from './dto/conduct-responses.dto';
import { PenaltiesService } from './penalties.service';

/** Channel management's penalties (R7, Art. 14, 22) and the proposals cases closed FALSE_INFO_CONFIRMED make. */
@ApiTags('penalties')
@ApiProtected()
@Controller()
export class PenaltiesController {
  constructor(private readonly penalties: PenaltiesService) {}

  @Post('penalties')
  @Roles('channel_manager')
  @ApiOperation({ summary: 'Record a penalty against a seller or agency, with the cases or campaign behind it' })
  @ApiCreatedResponse({ type: PenaltyDto })
  @ApiErrors(400, 404, 409)
  decide(@CurrentUser() u: Principal, @Body() dto: DecidePenaltyDto): Promise<PenaltyDto> {
    return this.penalties.decide(u, dto);
  }

  @Get('penalties')
  @Roles(...SANCTION_READERS)
  @ApiOperation({ summary: "Penalties in the caller scope (the subject's), newest first" })
  @ApiOkResponse({ type: PenaltyPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListPenaltiesQuery): Promise<PenaltyPageDto> {
    return this.penalties.penalties(u, q);
  }

  @Get('penalty-proposals')
  @Roles(...SANCTION_READERS)
  @ApiOperation({ summary: 'Penalty proposals from cases closed FALSE_INFO_CONFIRMED; ?open=true for undecided ones' })
  @ApiOkResponse({ type: PenaltyProposalPageDto })
  @ApiErrors(400)
  proposals(@CurrentUser() u: Principal, @Query() q: ListProposalsQuery): Promise<PenaltyProposalPageDto> {
    return this.penalties.proposals(u, q);
  }
}

/** Agencies that refused to give true customer data or gave false data (R7, Art. 22). */
@ApiTags('penalties')
@ApiProtected()
@Controller('agency-incidents')
export class AgencyIncidentsController {
  constructor(private readonly penalties: PenaltiesService) {}

  @Post()
  @Roles('compliance', 'channel_manager')
  @ApiOperation({ summary: 'Record an agency incident with the cases behind it' })
  @ApiCreatedResponse({ type: AgencyIncidentDto })
  @ApiErrors(400, 404)
  record(@CurrentUser() u: Principal, @Body() dto: RecordIncidentDto): Promise<AgencyIncidentDto> {
    return this.penalties.recordIncident(u, dto);
  }

  @Get()
  @Roles(...SANCTION_READERS)
  @ApiOperation({ summary: "Agency incidents in the caller scope (the agency's), newest first" })
  @ApiOkResponse({ type: AgencyIncidentPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListIncidentsQuery): Promise<AgencyIncidentPageDto> {
    return this.penalties.incidents(u, q);
  }
}

/** Criticism and rectification opinions referred to the compliance committee (R7, Art. 24). */
@ApiTags('penalties')
@ApiProtected()
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly penalties: PenaltiesService) {}

  @Post()
  @Roles('compliance')
  @ApiOperation({ summary: 'Refer a criticism and rectification opinion on a seller or agency to the committee' })
  @ApiCreatedResponse({ type: ReferralDto })
  @ApiErrors(400, 404)
  refer(@CurrentUser() u: Principal, @Body() dto: ReferDto): Promise<ReferralDto> {
    return this.penalties.refer(u, dto);
  }

  @Post(':id/decision')
  @HttpCode(HttpStatus.OK)
  @Roles('compliance')
  @ApiOperation({ summary: "Record the compliance committee's decision on a referral (once)" })
  @ApiOkResponse({ type: ReferralDto })
  @ApiErrors(400, 404, 409)
  decide(
    @CurrentUser() u: Principal,
    @Param() { id }: UuidParam,
    @Body() dto: ReferralDecisionDto,
  ): Promise<ReferralDto> {
    return this.penalties.decideReferral(u, id, dto);
  }

  @Get()
  @Roles(...SANCTION_READERS)
  @ApiOperation({ summary: "Referrals in the caller scope (the subject's), newest first" })
  @ApiOkResponse({ type: ReferralPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListReferralsQuery): Promise<ReferralPageDto> {
    return this.penalties.referrals(u, q);
  }
}
