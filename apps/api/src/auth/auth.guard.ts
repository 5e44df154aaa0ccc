import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { Principal, Role } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/** Global guard: a valid bearer token on every route but @Public ones, and a role the route allows. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('Authorization: Bearer <token> is required');
    try {
      req.principal = await this.verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw new UnauthorizedException(`invalid token: ${err.message}`);
      throw err;
    }

    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['admin'];
    if (!allowed.includes(req.principal.role)) {
      throw new ForbiddenException(`role ${req.principal.role} may not do this; allowed: ${allowed.join(', ')}`);
    }
    return true;
  }
}
