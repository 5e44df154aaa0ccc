import { applyDecorators, Global, HttpException, HttpStatus, Injectable, Module, UseGuards } from '@nestjs/common';
import type { DynamicModule, ExecutionContext } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import type { VerityEnv } from '../../../../libs/config/src';
import { ErrorResponseDto } from '../common/dto/error-response.dto';

/** The budgets, per client address (req.ip, which honours TRUST_PROXY) and per minute. */
const LIMITS = {
  'sign-in': (env: VerityEnv) => env.SIGN_IN_RATE_LIMIT,
  inquiry: (env: VerityEnv) => env.INQUIRY_RATE_LIMIT,
} as const;
export type RateLimitName = keyof typeof LIMITS;

/**
 * Counts in the process's memory: with several API replicas each counts its own, so a client gets at most
 * replicas × the budget (docs/decisions.md says why that is enough here).
 */
@Global()
@Module({})
export class RateLimitModule {
  static forEnv(env: VerityEnv): DynamicModule {
    const throttlers = (Object.keys(LIMITS) as RateLimitName[]).map((name) => ({
      name,
      ttl: 60_000,
      limit: LIMITS[name](env),
    }));
    return {
      module: RateLimitModule,
      imports: [ThrottlerModule.forRoot({ throttlers, setHeaders: false })],
      providers: [RateLimitGuard],
      exports: [ThrottlerModule, RateLimitGuard],
    };
  }
}

/** Answers 429 in the API's one error shape, with the standard Retry-After header. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.isBlocked ? detail.timeToBlockExpire : detail.timeToExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new HttpException(
      {
        code: 'TOO_MANY_REQUESTS',
        message: `too many attempts from this address; try again in ${seconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** The route counts against this budget (and no other). */
export function RateLimited(name: RateLimitName): MethodDecorator & ClassDecorator {
  const others = (Object.keys(LIMITS) as RateLimitName[]).filter((n) => n !== name);
  return applyDecorators(
    UseGuards(RateLimitGuard),
    SkipThrottle(Object.fromEntries(others.map((n) => [n, true]))),
    ApiResponse({
      status: 429,
      description: 'too many attempts from this address (Retry-After says when to retry)',
      type: ErrorResponseDto,
    }),
  );
}
