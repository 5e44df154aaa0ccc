import { DynamicModule, Module } from '@nestjs/common';
import type { VerityEnv } from '../../../../libs/config/src';
import { LocalSignInController } from './local-sign-in.controller';
import { LocalSignInService } from './local-sign-in.service';

@Module({})
export class LocalSignInModule {
  /** The routes exist only without an identity provider: with AUTH_JWKS_URL set, they answer 404 and are not documented. */
  static forEnv(env: VerityEnv): DynamicModule {
    if (env.AUTH_JWKS_URL || !env.AUTH_JWT_SECRET) return { module: LocalSignInModule };
    return { module: LocalSignInModule, controllers: [LocalSignInController], providers: [LocalSignInService] };
  }
}
