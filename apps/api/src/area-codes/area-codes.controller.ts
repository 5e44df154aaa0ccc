import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES, type Principal } from '../auth/principal';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { DomainError } from '../common/domain-error';
import { AreaCodeViewDto } from './dto/area-code-view.dto';
import { AreaCodePutDto } from './dto/area-code.dto';
import { AreaCodesService } from './area-codes.service';

function sixDigits(code: string): string {
  if (!/^\d{6}$/.test(code)) throw new DomainError('FIELD_INVALID', `${code} is not a 6-digit GB/T 2260 code`, 'code');
  return code;
}

@ApiTags('area-codes')
@ApiProtected()
@Controller('area-codes')
export class AreaCodesController {
  constructor(private readonly areaCodes: AreaCodesService) {}

  @Get(':code')
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'An area code as the ID checks see it: shipped entries, and the admin row if one was added',
  })
  @ApiOkResponse({ type: AreaCodeViewDto })
  @ApiErrors(400, 404)
  get(@Param('code') code: string): Promise<AreaCodeViewDto> {
    return this.areaCodes.get(sixDigits(code));
  }

  @Put(':code')
  @Roles('admin')
  @ApiOperation({
    summary: 'Add or correct an area code published since the shipped table (replaces its entries for the checks)',
  })
  @ApiOkResponse({ type: AreaCodeViewDto })
  @ApiErrors(400)
  put(@CurrentUser() u: Principal, @Param('code') code: string, @Body() dto: AreaCodePutDto): Promise<AreaCodeViewDto> {
    return this.areaCodes.put(u, sixDigits(code), dto);
  }
}
