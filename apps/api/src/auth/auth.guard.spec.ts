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
  const envSource = {
    DATABASE_URL: 'postgres://unused',
    VERITY_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    AUTH_JWT_SECRET: SECRET,
    EVIDENCE_SIGNING_KEY: 'unused by the guard',
  };
  const env = loadEnv(envSource);
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
    await expect(guard.canActivate(context(ThingsController, things.create, { headers: {} }))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    await expect(
      guard.canActivate(context(ThingsController, things.create, { headers: { authorization: 'Basic dXNlcjpwdw==' } })),
    ).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(
      guard.canActivate(context(ThingsController, things.create, { headers: { authorization: 'Bearer ' } })),
    ).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('answers 401 for a token that does not verify', async () => {
    const bad = [
      'not-a-token',
      token({ role: 'intake' }, {}, 'another-secret-that-is-long-enough-0123456789'),
      token({ role: 'intake' }, { expiresIn: -10 }),
      token({ role: 'wizard' }),
      jwt.sign({ role: 'intake' }, SECRET, { algorithm: 'HS256', expiresIn: '1h' }), // no subject
      jwt.sign({ role: 'intake' }, SECRET, { algorithm: 'HS256', subject: 'user-1' }), // never expires
      token({ role: 'intake' }, { expiresIn: '13h' }), // lives longer than the default maximum of 12 h
    ];
    for (const t of bad) {
      const err: unknown = await guard
        .canActivate(context(ThingsController, things.create, withToken(t)))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnauthorizedException);
      expect((err as UnauthorizedException).getStatus()).toBe(401);
      expect((err as UnauthorizedException).message).toMatch(/^invalid token: /);
    }
  });

  it('names the missing expiry, the missing issue time and an excessive age in the 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, RegExp]> = [
      [jwt.sign({ role: 'intake' }, SECRET, { algorithm: 'HS256', subject: 'user-1' }), /no expiry \(exp\)/],
      [
        jwt.sign({ role: 'intake', exp: now + 60 }, SECRET, {
          algorithm: 'HS256',
          subject: 'user-1',
          noTimestamp: true,
        }),
        /no issue time \(iat\)/,
      ],
      [token({ role: 'intake' }, { expiresIn: '2d' }), /lifetime exceeds the maximum of 12h/],
    ];
    for (const [t, message] of cases) {
      const err: unknown = await guard
        .canActivate(context(ThingsController, things.create, withToken(t)))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnauthorizedException);
      expect((err as UnauthorizedException).message).toMatch(message);
    }
  });

  it('applies AUTH_MAX_TOKEN_AGE: a token within it passes, an older one is refused', async () => {
    const short = new AuthGuard(
      new Reflector(),
      new TokenVerifier(loadEnv({ ...envSource, AUTH_MAX_TOKEN_AGE: '30m' })),
    );
    await expect(
      short.canActivate(
        context(ThingsController, things.create, withToken(token({ role: 'intake' }, { expiresIn: '30m' }))),
      ),
    ).resolves.toBe(true);
    const err: unknown = await short
      .canActivate(context(ThingsController, things.create, withToken(token({ role: 'intake' }, { expiresIn: '31m' }))))
      .catch((e: unknown) => e);
    expect((err as UnauthorizedException).message).toBe('invalid token: token lifetime exceeds the maximum of 30m');
    // Issued 40 minutes ago with a minute left: too old all the same.
    const now = Math.floor(Date.now() / 1000);
    const old = jwt.sign({ role: 'intake', iat: now - 40 * 60, exp: now + 60 }, SECRET, {
      algorithm: 'HS256',
      subject: 'user-1',
    });
    const tooOld: unknown = await short
      .canActivate(context(ThingsController, things.create, withToken(old)))
      .catch((e: unknown) => e);
    expect((tooOld as UnauthorizedException).message).toBe('invalid token: token lifetime exceeds the maximum of 30m');
  });

  it('refuses a malformed AUTH_MAX_TOKEN_AGE at boot, naming it', () => {
    expect(() => loadEnv({ ...envSource, AUTH_MAX_TOKEN_AGE: 'twelve hours' })).toThrow(/AUTH_MAX_TOKEN_AGE/);
  });

  it('accepts an allowed role and puts the principal on the request', async () => {
    const req = withToken(
      token({ role: 'intake', branches: ['GZ01', 7], channels: ['agency'] }, { subject: 'clerk-1' }),
    );
    await expect(guard.canActivate(context(ThingsController, things.create, req))).resolves.toBe(true);
    expect(req.principal).toEqual({ userId: 'clerk-1', role: 'intake', branches: ['GZ01'], channels: ['agency'] });
  });

  it('accepts the scheme name in any case', async () => {
    const req: FakeRequest = { headers: { authorization: `bearer ${token({ role: 'back_office' })}` } };
    await expect(guard.canActivate(context(ThingsController, things.create, req))).resolves.toBe(true);
  });

  it('answers 403 to a role the route does not allow', async () => {
    const err: unknown = await guard
      .canActivate(context(ThingsController, things.create, withToken(token({ role: 'auditor' }))))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenException);
    expect((err as ForbiddenException).message).toBe('role auditor may not do this; allowed: intake, back_office');
  });

  it('allows only admin on a route without @Roles', async () => {
    await expect(
      guard.canActivate(context(ThingsController, things.list, withToken(token({ role: 'admin' })))),
    ).resolves.toBe(true);
    await expect(
      guard.canActivate(context(ThingsController, things.list, withToken(token({ role: 'compliance' })))),
    ).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('uses the class @Roles unless the route names its own', async () => {
    await expect(
      guard.canActivate(context(ReportsController, reports.read, withToken(token({ role: 'auditor' })))),
    ).resolves.toBe(true);
    await expect(
      guard.canActivate(context(ReportsController, reports.read, withToken(token({ role: 'admin' })))),
    ).rejects.toBeInstanceOf(ForbiddenException);
    await expect(
      guard.canActivate(context(ReportsController, reports.sign, withToken(token({ role: 'compliance' })))),
    ).resolves.toBe(true);
    await expect(
      guard.canActivate(context(ReportsController, reports.sign, withToken(token({ role: 'auditor' })))),
    ).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('lets an unexpected verifier failure through rather than calling it a bad token', async () => {
    const broken = new TokenVerifier(env);
    jest.spyOn(broken, 'verify').mockRejectedValue(new Error('JWKS endpoint unreachable'));
    const g = new AuthGuard(new Reflector(), broken);
    await expect(g.canActivate(context(ThingsController, things.create, withToken('anything')))).rejects.toThrow(
      'JWKS endpoint unreachable',
    );
  });
});
