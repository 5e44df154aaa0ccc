import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaseView } from '../../../../libs/contracts/src/case.contract';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { RoutedRequest, routeOf } from '../common/route';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { CaseIdParam } from '../common/params';
import { CaseDetailDto, CasePageDto, CaseViewDto } from './dto/case-responses.dto';
import { CaseDetail, CasesService } from './cases.service';
import {
  ApproveDto,
  AssignDto,
  DistributeDto,
  ListCasesQuery,
  OpenCaseDto,
  ReassignDto,
  RecordAssistDto,
  RejectDto,
  RequestAssistDto,
  SubmitDto,
  TakeOverDto,
} from './dto/case-steps.dto';

/** Roles that may read cases (and their notifications). */
export const CASE_READERS = [
  'back_office',
  'team_leader',
  'customer_service',
  'compliance',
  'channel_manager',
  'auditor',
] as const;

/**
 * Cases (R5). Each step is one POST that answers with the new state, or 409 with the reason the workflow refused it.
 * Roles listed here are the outer gate; the workflow's validators check role, scope, state and actor again.
 */
@ApiTags('cases')
@ApiProtected()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('customer_service', 'compliance')
  @ApiOperation({ summary: 'Open a case on a policy by hand (e.g. a suspicion from a revisit call)' })
  @ApiCreatedResponse({ type: CaseViewDto })
  @ApiErrors(400, 404)
  open(@CurrentUser() user: Principal, @Body() dto: OpenCaseDto): Promise<CaseView> {
    return this.cases.open(user, dto);
  }

  @Get()
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'Cases in the caller scope, filtered and paged, soonest due first' })
  @ApiOkResponse({ type: CasePageDto })
  @ApiErrors(400)
  list(@CurrentUser() user: Principal, @Query() q: ListCasesQuery): Promise<CasePageDto> {
    return this.cases.list(user, q);
  }

  @Get(':id')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'A case: state, deadlines, timeline, evidence' })
  @ApiOkResponse({ type: CaseDetailDto })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: Principal, @Param() { id }: CaseIdParam, @Req() req: RoutedRequest): Promise<CaseDetail> {
    return this.cases.get(user, id, routeOf(req));
  }

  @Post(':id/distribute')
  @HttpCode(HttpStatus.OK)
  @Roles('customer_service')
  @ApiOperation({ summary: "Customer service sends the case to a channel (default: the policy's)" })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  distribute(@CurrentUser() u: Principal, @Param() { id }: CaseIdParam, @Body() dto: DistributeDto): Promise<CaseView> {
    return this.cases.step(u, id, 'distribute', dto);
  }

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @Roles('team_leader')
  @ApiOperation({ summary: 'Team leader assigns the case to an investigator of the channel' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  assign(@CurrentUser() u: Principal, @Param() { id }: CaseIdParam, @Body() dto: AssignDto): Promise<CaseView> {
    return this.cases.step(u, id, 'assign', dto);
  }

  @Post(':id/claim')
  @HttpCode(HttpStatus.OK)
  @Roles('back_office')
  @ApiOperation({ summary: 'Back office takes a distributed case to investigate' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  claim(@CurrentUser() u: Principal, @Param() { id }: CaseIdParam): Promise<CaseView> {
    return this.cases.step(u, id, 'claim', {});
  }

  @Post(':id/request-assist')
  @HttpCode(HttpStatus.OK)
  @Roles('back_office')
  @ApiOperation({ summary: 'Ask customer service for a revisit call or a meeting' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  requestAssist(
    @CurrentUser() u: Principal,
    @Param() { id }: CaseIdParam,
    @Body() dto: RequestAssistDto,
  ): Promise<CaseView> {
    return this.cases.step(u, id, 'requestAssist', dto);
  }

  @Post(':id/record-assist')
  @HttpCode(HttpStatus.OK)
  @Roles('customer_service')
  @ApiOperation({ summary: 'Customer service records the result of the requested assistance' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  recordAssist(
    @CurrentUser() u: Principal,
    @Param() { id }: CaseIdParam,
    @Body() dto: RecordAssistDto,
  ): Promise<CaseView> {
    return this.cases.step(u, id, 'recordAssist', dto);
  }

  @Post(':id/take-over')
  @HttpCode(HttpStatus.OK)
  @Roles('customer_service')
  @ApiOperation({ summary: 'Customer service takes the investigation over' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  takeOver(@CurrentUser() u: Principal, @Param() { id }: CaseIdParam, @Body() dto: TakeOverDto): Promise<CaseView> {
    return this.cases.step(u, id, 'takeOver', dto);
  }

  @Post(':id/reassign')
  @HttpCode(HttpStatus.OK)
  @Roles('team_leader', 'compliance')
  @ApiOperation({ summary: 'Give the case to another investigator, with the reason' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  reassign(@CurrentUser() u: Principal, @Param() { id }: CaseIdParam, @Body() dto: ReassignDto): Promise<CaseView> {
    return this.cases.step(u, id, 'reassign', dto);
  }

  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @Roles('back_office', 'customer_service')
  @ApiOperation({ summary: 'Submit the result (cleared, corrected, false information confirmed) for verification' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  submit(@CurrentUser() u: Principal, @Param() { id }: CaseIdParam, @Body() dto: SubmitDto): Promise<CaseView> {
    return this.cases.step(u, id, 'submit', dto);
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Roles('compliance')
  @ApiOperation({ summary: 'Compliance verifies the result; the case closes and corrections are applied' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  approve(@CurrentUser() u: Principal, @Param() { id }: CaseIdParam, @Body() dto: ApproveDto): Promise<CaseView> {
    return this.cases.step(u, id, 'approve', dto);
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @Roles('compliance')
  @ApiOperation({ summary: 'Compliance sends the result back, with a new investigation deadline' })
  @ApiOkResponse({ type: CaseViewDto, description: 'the new state' })
  @ApiErrors(400, 404, 409, 504)
  reject(@CurrentUser() u: Principal, @Param() { id }: CaseIdParam, @Body() dto: RejectDto): Promise<CaseView> {
    return this.cases.step(u, id, 'reject', dto);
  }
}
