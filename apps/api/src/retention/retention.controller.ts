import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { UuidParam } from '../common/params';
import {
  DestructionLogPageDto,
  LegalHoldDto,
  LegalHoldPageDto,
  ListDestructionLogQuery,
  ListLegalHoldsQuery,
  PlaceLegalHoldDto,
} from './dto/retention.dto';
import { RetentionService } from './retention.service';

/** Legal holds (compliance) and the destruction log (compliance, audit). */
@ApiTags('retention')
@ApiProtected()
@Controller()
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Post('legal-holds')
  @Roles('compliance')
  @ApiOperation({ summary: 'Keep a policy past its retention (proceedings, an inquiry) until the hold is lifted' })
  @ApiCreatedResponse({ type: LegalHoldDto })
  @ApiErrors(400, 404)
  place(@CurrentUser() u: Principal, @Body() dto: PlaceLegalHoldDto): Promise<LegalHoldDto> {
    return this.retention.place(u, dto);
  }

  @Get('legal-holds')
  @Roles('compliance', 'auditor')
  @ApiOperation({ summary: 'Legal holds on policies in the caller scope, newest first' })
  @ApiOkResponse({ type: LegalHoldPageDto })
  @ApiErrors(400)
  list(@CurrentUser() u: Principal, @Query() q: ListLegalHoldsQuery): Promise<LegalHoldPageDto> {
    return this.retention.list(u, q);
  }

  @Post('legal-holds/:id/lift')
  @HttpCode(HttpStatus.OK)
  @Roles('compliance')
  @ApiOperation({ summary: 'Lift a hold: the policy is destroyed by the next daily run if it is past retention' })
  @ApiOkResponse({ type: LegalHoldDto })
  @ApiErrors(400, 404, 409)
  lift(@CurrentUser() u: Principal, @Param() { id }: UuidParam): Promise<LegalHoldDto> {
    return this.retention.lift(u, id);
  }

  @Get('destruction-log')
  @Roles('compliance', 'auditor')
  @ApiOperation({ summary: 'What the retention workflow destroyed, when and under which rule (never the data)' })
  @ApiOkResponse({ type: DestructionLogPageDto })
  @ApiErrors(400)
  log(@CurrentUser() u: Principal, @Query() q: ListDestructionLogQuery): Promise<DestructionLogPageDto> {
    return this.retention.destructionLog(u, q);
  }
}
