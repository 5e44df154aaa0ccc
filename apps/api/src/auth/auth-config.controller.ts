import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { VerityEnv } from '../../../../libs/config/src';
import { Public } from './auth.decorators';
import { authConfigOf } from './auth-config';
import type { AuthConfigDto } from './dto/auth-config.dto';
import { LocalAuthConfigDto, OidcAuthConfigDto, UnavailableAuthConfigDto } from './dto/auth-config.dto';

/** What the console's sign-in page needs before anyone has a token: public, and the same for every caller. */
@ApiTags('auth')
@Controller('auth/config')
@ApiExtraModels(LocalAuthConfigDto, OidcAuthConfigDto, UnavailableAuthConfigDto)
export class AuthConfigController {
  private readonly config: AuthConfigDto;

  constructor(env: VerityEnv) {
    this.config = authConfigOf(env);
  }

  @Public()
  @Get()
  @ApiOperation({
    summary:
      "How the console signs in: local demo users, or the identity provider's issuer, public client id and scopes",
  })
  @ApiOkResponse({
    schema: {
      oneOf: [LocalAuthConfigDto, OidcAuthConfigDto, UnavailableAuthConfigDto].map((m) => ({
        $ref: getSchemaPath(m),
      })),
    },
  })
  get(): AuthConfigDto {
    return this.config;
  }
}
