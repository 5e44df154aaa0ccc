import { Controller, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import jwt from 'jsonwebtoken';
import { loadEnv } from '../../../../libs/config/src';
import { Public, Roles } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import type { Principal } from './principal';
import { TokenVerifier } from './token-verifier';

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789';

/** Routes as Nest would see them: the guard reads their real @Public and @Roles metadata. */
@Controller('things')
class ThingsController {
  @Public()
  health(): void {}

  @Roles('intake', 'back_office')
  create(): void {}

  list(): void {}
}

@Controller('reports')
@Roles('auditor')
class ReportsController {
  read(): void {}

  @Roles('compliance')
  sign(): void {}
}

interface FakeRequest {
  headers: Record<string, string | undefined>;
  principal?: Principal;
}

function context(controller: new () => object, handler: () => void, req: FakeRequest): ExecutionContextHost {
  const ctx = new ExecutionContextHost([req, {}, () => undefined], controller, handler);
  ctx.setType('http');
  return ctx;
}

function token(claims: Record<string, unknown>, opts: jwt.SignOptions = {}, secret = SECRET): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: '1h', subject: 'user-1', ...opts });
}

describe('AuthGuard', () => {
  const env = loadEnv({
    DATABASE_URL: 'postgres://unused',
    VERITY_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    AUTH_JWT_SECRET: SECRET,
    EVIDENCE_SIGNING_KEY: 'unused by the guard',
  });
  const guard = new AuthGuard(new Reflector(), new TokenVerifier(env));
  const things = ThingsController.prototype;
  const reports = ReportsController.prototype;
  const withToken = (t: string): FakeRequest => ({ headers: { authorization: `Bearer ${t}` } });

  it('lets a @Public route through without a token', async () => {
    const req: FakeRequest = { headers: {} };
    await expect(guard.canActivate(context(ThingsController, things.health, req))).resolves.toBe(true);
    expect(req.principal).toBeUndefined();
  });

  it('answers 401 without an Authorization header, or with one that is not a bearer token', async () => {
    await expect(guard.canActivate(context(ThingsController, things.create, { headers: {} }))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(context(ThingsController, things.create, { headers: { authorization: 'Basic dXNlcjpwdw==' } }))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(context(ThingsController, things.create, { headers: { authorization: 'Bearer ' } }))).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('answers 401 for a token that does not verify', async () => {
    const bad = [
      'not-a-token',
      token({ role: 'intake' }, {}, 'another-secret-that-is-long-enough-0123456789'),
      token({ role: 'intake' }, { expiresIn: -10 }),
      token({ role: 'wizard' }),
      jwt.sign({ role: 'intake' }, SECRET, { algorithm: 'HS256', expiresIn: '1h' }), // no subject
    ];
    for (const t of bad) {
      const err: unknown = await guard.canActivate(context(ThingsController, things.create, withToken(t))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnauthorizedException);
      expect((err as UnauthorizedException).getStatus()).toBe(401);
      expect((err as UnauthorizedException).message).toMatch(/^invalid token: /);
    }
  });

  it('accepts an allowed role and puts the principal on the request', async () => {
    const req = withToken(token({ role: 'intake', branches: ['GZ01', 7], channels: ['agency'] }, { subject: 'clerk-1' }));
    await expect(guard.canActivate(context(ThingsController, things.create, req))).resolves.toBe(true);
    expect(req.principal).toEqual({ userId: 'clerk-1', role: 'intake', branches: ['GZ01'], channels: ['agency'] });
  });

  it('accepts the scheme name in any case', async () => {
    const req: FakeRequest = { headers: { authorization: `bearer ${token({ role: 'back_office' })}` } };
    await expect(guard.canActivate(context(ThingsController, things.create, req))).resolves.toBe(true);
  });

  it('answers 403 to a role the route does not allow', async () => {
    const err: unknown = await guard.canActivate(context(ThingsController, things.create, withToken(token({ role: 'auditor' })))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenException);
    expect((err as ForbiddenException).message).toBe('role auditor may not do this; allowed: intake, back_office');
  });

  it('allows only admin on a route without @Roles', async () => {
    await expect(guard.canActivate(context(ThingsController, things.list, withToken(token({ role: 'admin' }))))).resolves.toBe(true);
    await expect(guard.canActivate(context(ThingsController, things.list, withToken(token({ role: 'compliance' }))))).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('uses the class @Roles unless the route names its own', async () => {
    await expect(guard.canActivate(context(ReportsController, reports.read, withToken(token({ role: 'auditor' }))))).resolves.toBe(true);
    await expect(guard.canActivate(context(ReportsController, reports.read, withToken(token({ role: 'admin' }))))).rejects.toBeInstanceOf(ForbiddenException);
    await expect(guard.canActivate(context(ReportsController, reports.sign, withToken(token({ role: 'compliance' }))))).resolves.toBe(true);
    await expect(guard.canActivate(context(ReportsController, reports.sign, withToken(token({ role: 'auditor' }))))).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('lets an unexpected verifier failure through rather than calling it a bad token', async () => {
    const broken = new TokenVerifier(env);
    jest.spyOn(broken, 'verify').mockRejectedValue(new Error('JWKS endpoint unreachable'));
    const g = new AuthGuard(new Reflector(), broken);
    await expect(g.canActivate(context(ThingsController, things.create, withToken('anything')))).rejects.toThrow('JWKS endpoint unreachable');
  });
});
