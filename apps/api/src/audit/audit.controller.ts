import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { AuditTrailService } from './audit-trail.service';
import { AuditPageDto, AuditRangeQuery, ChainVerificationDto, SearchAuditQuery } from './dto/audit.dto';

/** The audit trail (R8): searched and verified by auditors and compliance; there is no way to change it. */
@ApiTags('audit')
@ApiProtected()
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @Roles('auditor', 'compliance')
  @ApiOperation({ summary: 'Search the audit trail, newest first (a scope of every branch and channel is needed)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors(400)
  search(@CurrentUser() u: Principal, @Query() q: SearchAuditQuery): Promise<AuditPageDto> {
    return this.trail.search(u, q);
  }

  @Get('verify')
  @Roles('auditor', 'compliance')
  @ApiOperation({
    summary:
      "Walk the audit trail's hash chain (the entries written from..to, or all of it with the heads written outside the database) and name the first broken link",
  })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiErrors(400)
  verify(@CurrentUser() u: Principal, @Query() q: AuditRangeQuery): Promise<ChainVerificationDto> {
    return this.trail.verify(u, q);
  }
}
