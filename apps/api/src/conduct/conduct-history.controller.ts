import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { CodeParam } from '../common/params';
import { CONDUCT_READERS } from './conduct-roles';
import { ConductHistoryService } from './conduct-history.service';
import { ConductHistoryDto } from './dto/conduct-responses.dto';

/**
 * A seller's or agency's conduct history. Its paths sit under the directory's (`/sellers/{code}/conduct`) but one
 * segment deeper, so the directory's `GET /sellers/:code` never takes them and neither module knows the other.
 */
@ApiTags('conduct')
@ApiProtected()
@Controller()
export class ConductHistoryController {
  constructor(private readonly history: ConductHistoryService) {}

  @Get('sellers/:code/conduct')
  @Roles(...CONDUCT_READERS)
  @ApiOperation({ summary: "A seller's complaints, cases (sold or named in), campaigns, penalties and referrals" })
  @ApiOkResponse({ type: ConductHistoryDto })
  @ApiErrors(400, 404)
  seller(@CurrentUser() u: Principal, @Param() { code }: CodeParam): Promise<ConductHistoryDto> {
    return this.history.history(u, 'seller', code);
  }

  @Get('agencies/:code/conduct')
  @Roles(...CONDUCT_READERS)
  @ApiOperation({ summary: "An agency's complaints, cases, campaigns, penalties, referrals and incidents" })
  @ApiOkResponse({ type: ConductHistoryDto })
  @ApiErrors(400, 404)
  agency(@CurrentUser() u: Principal, @Param() { code }: CodeParam): Promise<ConductHistoryDto> {
    return this.history.history(u, 'agency', code);
  }
}
