import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '../../../../libs/contracts/src/roles';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { UuidParam } from '../common/params';
import {
  IncidentDto,
  IncidentPageDto,
  LiftIncidentDto,
  ListIncidentsQuery,
  ListLoansQuery,
  LoanDto,
  LoanPageDto,
  ReportIncidentDto,
  ReturnLoanDto,
} from './dto/loans.dto';
import { IncidentsService } from './incidents.service';
import { LoansService } from './loans.service';

/** Files taken out (doc 4): every role that downloads customer data borrows, and returns. */
@ApiTags('loans')
@ApiProtected()
@Controller('loans')
export class LoansController {
  constructor(private readonly loans: LoansService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({
    summary:
      "The caller's loans, newest first; team leaders, channel managers, compliance and auditors also see those in their scope",
  })
  @ApiOkResponse({ type: LoanPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListLoansQuery): Promise<LoanPageDto> {
    return this.loans.list(u, q);
  }

  @Post(':id/return')
  @HttpCode(HttpStatus.OK)
  @Roles(...ROLES)
  @ApiOperation({ summary: 'The file is back: by the borrower, or compliance; its reminders stop' })
  @ApiOkResponse({ type: LoanDto })
  @ApiErrors(400, 404, 409)
  returnLoan(@CurrentUser() u: Principal, @Param() { id }: UuidParam, @Body() dto: ReturnLoanDto): Promise<LoanDto> {
    return this.loans.returnLoan(u, id, dto);
  }
}

/** Suspected leaks: reported by anyone, listed by compliance and audit, lifted by compliance. */
@ApiTags('incidents')
@ApiProtected()
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post()
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'Report a suspected leak naming the records involved: compliance is told at once, their exports freeze',
  })
  @ApiCreatedResponse({ type: IncidentDto })
  @ApiErrors(400, 404)
  report(@CurrentUser() u: Principal, @Body() dto: ReportIncidentDto): Promise<IncidentDto> {
    return this.incidents.report(u, dto);
  }

  @Get()
  @Roles('compliance', 'auditor')
  @ApiOperation({ summary: 'Incidents touching the caller scope, newest first' })
  @ApiOkResponse({ type: IncidentPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListIncidentsQuery): Promise<IncidentPageDto> {
    return this.incidents.list(u, q);
  }

  @Post(':id/lift')
  @HttpCode(HttpStatus.OK)
  @Roles('compliance')
  @ApiOperation({ summary: "Lift an incident with a reason: its records' exports resume" })
  @ApiOkResponse({ type: IncidentDto })
  @ApiErrors(400, 404, 409)
  lift(@CurrentUser() u: Principal, @Param() { id }: UuidParam, @Body() dto: LiftIncidentDto): Promise<IncidentDto> {
    return this.incidents.lift(u, id, dto);
  }
}
