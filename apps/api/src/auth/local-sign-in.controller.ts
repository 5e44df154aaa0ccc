import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { RateLimited } from '../security/rate-limit';
import { Public } from './auth.decorators';
import { LocalSignInDto, LocalSignInResponseDto, LocalUserDto } from './dto/local-sign-in.dto';
import { LocalSignInService } from './local-sign-in.service';

/** Local-only sign-in: registered only when no identity provider (AUTH_JWKS_URL) is configured. */
@ApiTags('auth')
@Controller('auth/local')
export class LocalSignInController {
  constructor(private readonly signIn: LocalSignInService) {}

  @Public()
  @Get('users')
  @ApiOperation({ summary: 'Demo users by role (local sign-in only; absent when an identity provider is configured)' })
  @ApiOkResponse({ type: [LocalUserDto] })
  users(): LocalUserDto[] {
    return this.signIn.users();
  }

  @Public()
  @Post('sign-in')
  @HttpCode(HttpStatus.OK)
  @RateLimited('sign-in')
  @ApiOperation({
    summary:
      'Sign in as a demo user: a token signed with the local secret (absent when an identity provider is configured)',
  })
  @ApiOkResponse({ type: LocalSignInResponseDto })
  @ApiErrors(400)
  signInAs(@Body() dto: LocalSignInDto): LocalSignInResponseDto {
    return this.signIn.signIn(dto.username);
  }
}
