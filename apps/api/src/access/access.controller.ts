import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { EvidenceParams, PolicyNumberParam, UuidParam } from '../common/params';
import { AccessService } from './access.service';
import {
  AccessRequestDto,
  AccessRequestPageDto,
  ConfidentialityDto,
  CreateAccessRequestDto,
  ListAccessRequestsQuery,
  RejectAccessRequestDto,
  SetConfidentialityDto,
} from './dto/access.dto';

/** Who reads policies or evidence, and so may ask to read a confidential one. */
const READERS = [
  'intake',
  'back_office',
  'team_leader',
  'customer_service',
  'compliance',
  'channel_manager',
  'auditor',
] as const;

/** Access requests (调阅申请, doc 4): asked by readers, approved by customer service, top secret by compliance too. */
@ApiTags('access')
@ApiProtected()
@Controller('access-requests')
export class AccessRequestsController {
  constructor(private readonly access: AccessService) {}

  @Post()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Ask to read a confidential (机密) or top-secret (绝密) policy or evidence file in your scope, saying why and for how many days',
  })
  @ApiCreatedResponse({ type: AccessRequestDto })
  @ApiErrors(400, 404, 409)
  create(@CurrentUser() u: Principal, @Body() dto: CreateAccessRequestDto): Promise<AccessRequestDto> {
    return this.access.create(u, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "The caller's requests, newest first; customer service and compliance also those on records in their scope",
  })
  @ApiOkResponse({ type: AccessRequestPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListAccessRequestsQuery): Promise<AccessRequestPageDto> {
    return this.access.list(u, q);
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Roles('customer_service', 'compliance')
  @ApiOperation({
    summary:
      "Approve someone else's request: customer service for confidential records, and compliance as well for top secret; the last approval opens it for its days",
  })
  @ApiOkResponse({ type: AccessRequestDto })
  @ApiErrors(400, 404, 409)
  approve(@CurrentUser() u: Principal, @Param() { id }: UuidParam): Promise<AccessRequestDto> {
    return this.access.approve(u, id);
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @Roles('customer_service', 'compliance')
  @ApiOperation({ summary: "Refuse someone else's pending request, with a reason" })
  @ApiOkResponse({ type: AccessRequestDto })
  @ApiErrors(400, 404, 409)
  reject(
    @CurrentUser() u: Principal,
    @Param() { id }: UuidParam,
    @Body() dto: RejectAccessRequestDto,
  ): Promise<AccessRequestDto> {
    return this.access.reject(u, id, dto);
  }
}

/** Confidentiality levels (doc 4): compliance sets them on policies and evidence in its scope. */
@ApiTags('access')
@ApiProtected()
@Controller()
export class ConfidentialityController {
  constructor(private readonly access: AccessService) {}

  @Put('policies/:policyNumber/confidentiality')
  @Roles('compliance')
  @ApiOperation({
    summary: "Set a policy's confidentiality level (normal, confidential 机密, top secret 绝密), with a reason",
  })
  @ApiOkResponse({ type: ConfidentialityDto })
  @ApiErrors(400, 404)
  setPolicy(
    @CurrentUser() u: Principal,
    @Param() { policyNumber }: PolicyNumberParam,
    @Body() dto: SetConfidentialityDto,
  ): Promise<ConfidentialityDto> {
    return this.access.setLevel(u, 'policy', policyNumber, dto);
  }

  @Put('cases/:id/evidence/:eid/confidentiality')
  @Roles('compliance')
  @ApiOperation({ summary: "Set an evidence file's confidentiality level, with a reason" })
  @ApiOkResponse({ type: ConfidentialityDto })
  @ApiErrors(400, 404)
  setEvidence(
    @CurrentUser() u: Principal,
    @Param() { id, eid }: EvidenceParams,
    @Body() dto: SetConfidentialityDto,
  ): Promise<ConfidentialityDto> {
    return this.access.setLevel(u, 'evidence', eid, dto, id);
  }
}
