import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { RoutedRequest, routeOf } from '../common/route';
import { PAYLOADS_SCHEMA, TemporalCodecService } from './temporal-codec.service';

/**
 * The Temporal remote codec protocol (what `temporal server start-dev --ui-codec-endpoint`, the Web UI's codec
 * setting and the CLI's `--codec-endpoint` call): `POST {endpoint}/encode` and `/decode`, body and answer
 * `{ payloads: [{ metadata, data }] }`. Only admin and compliance may read history in clear.
 */
@ApiTags('temporal')
@ApiProtected()
@Controller('temporal/codec')
export class TemporalCodecController {
  constructor(private readonly codec: TemporalCodecService) {}

  @Post('decode')
  @Roles('admin', 'compliance')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decrypt Temporal payloads (remote codec protocol) for the Web UI or CLI; audited' })
  @ApiBody({ schema: PAYLOADS_SCHEMA })
  @ApiOkResponse({ schema: PAYLOADS_SCHEMA })
  @ApiErrors(400)
  decode(@CurrentUser() user: Principal, @Body() body: unknown, @Req() req: RoutedRequest) {
    return this.codec.decode(user, body, routeOf(req));
  }

  @Post('encode')
  @Roles('admin', 'compliance')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Encrypt Temporal payloads (remote codec protocol), e.g. for a signal sent from the Web UI',
  })
  @ApiBody({ schema: PAYLOADS_SCHEMA })
  @ApiOkResponse({ schema: PAYLOADS_SCHEMA })
  @ApiErrors(400)
  encode(@Body() body: unknown) {
    return this.codec.encode(body);
  }
}
