import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PolicyApplicationDto } from '../../../../libs/intake/src';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { RoutedRequest, routeOf } from '../common/route';
import { PolicyNumberParam } from '../common/params';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { IntakeAnswerDto, ReceiptAnswerDto, StoredPolicyDto } from './dto/policy-responses.dto';
import { ReceiptDto } from './dto/receipt.dto';
import { BeneficiariesAnswerDto, BeneficiariesDto } from './dto/beneficiaries.dto';
import { IntakeAnswer, PoliciesService } from './policies.service';

@ApiTags('policies')
@ApiProtected()
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Post()
  @Roles('intake')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Enter one application; automatic underwriting accepts or refuses it with reasons (R1–R3)' })
  @ApiCreatedResponse({ type: IntakeAnswerDto, description: 'stored, accepted or refused' })
  @ApiErrors(400, 409)
  create(@CurrentUser() user: Principal, @Body() dto: PolicyApplicationDto): Promise<IntakeAnswer> {
    return this.policies.create(user, dto);
  }

  @Put(':policyNumber')
  @Roles('intake')
  @ApiOperation({ summary: 'Supplement a refused application (the whole application again) and underwrite it again' })
  @ApiOkResponse({ type: IntakeAnswerDto })
  @ApiErrors(400, 404, 409)
  supplement(
    @CurrentUser() user: Principal,
    @Param() { policyNumber }: PolicyNumberParam,
    @Body() dto: PolicyApplicationDto,
  ): Promise<IntakeAnswer> {
    return this.policies.supplement(user, policyNumber, dto);
  }

  @Post(':policyNumber/receipt')
  @Roles('intake', 'customer_service')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record the date the policy delivery receipt was signed: the cooling-off clock of open cases starts',
  })
  @ApiOkResponse({ type: ReceiptAnswerDto })
  @ApiErrors(400, 404)
  receipt(
    @CurrentUser() user: Principal,
    @Param() { policyNumber }: PolicyNumberParam,
    @Body() dto: ReceiptDto,
  ): Promise<ReceiptAnswerDto> {
    return this.policies.receiptSigned(user, policyNumber, dto.receiptSignedDate);
  }

  @Put(':policyNumber/beneficiaries')
  @Roles('intake')
  @ApiOperation({
    summary:
      'Replace the named beneficiaries of a policy (shares summing to 100; an empty list: the legal heirs); audited',
  })
  @ApiOkResponse({ type: BeneficiariesAnswerDto })
  @ApiErrors(400, 404)
  beneficiaries(
    @CurrentUser() user: Principal,
    @Param() { policyNumber }: PolicyNumberParam,
    @Body() dto: BeneficiariesDto,
  ): Promise<BeneficiariesAnswerDto> {
    return this.policies.setBeneficiaries(user, policyNumber, dto.beneficiaries);
  }

  @Get(':policyNumber')
  @Roles('intake', 'back_office', 'team_leader', 'customer_service', 'compliance', 'channel_manager', 'auditor')
  @ApiOperation({
    summary:
      'A stored policy; names, birth dates, ID numbers, addresses, accounts and phones masked unless the role needs them; every read audited',
  })
  @ApiOkResponse({ type: StoredPolicyDto })
  @ApiErrors(400, 404)
  get(
    @CurrentUser() user: Principal,
    @Param() { policyNumber }: PolicyNumberParam,
    @Req() req: RoutedRequest,
  ): Promise<StoredPolicyDto> {
    return this.policies.get(user, policyNumber, routeOf(req));
  }
}
