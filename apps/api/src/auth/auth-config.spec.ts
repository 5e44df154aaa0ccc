import 'reflect-metadata';
import { ConfigError, loadEnv } from '../../../../libs/config/src';
import { authConfigOf } from './auth-config';

const BASE = {
  DATABASE_URL: 'postgres://unused',
  VERITY_DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  EVIDENCE_SIGNING_KEY: 'unused',
};
const IDP = { AUTH_JWKS_URL: 'https://sso.example/jwks', AUTH_ISSUER: 'https://sso.example' };

describe('authConfigOf', () => {
  it('is local without an identity provider', () => {
    expect(authConfigOf(loadEnv({ ...BASE, AUTH_JWT_SECRET: 'x'.repeat(32) }))).toEqual({ mode: 'local' });
  });

  it("is the issuer, client id and default scopes when the console's client is configured", () => {
    expect(authConfigOf(loadEnv({ ...BASE, ...IDP, AUTH_OIDC_CLIENT_ID: 'verity-console' }))).toEqual({
      mode: 'oidc',
      issuer: 'https://sso.example',
      clientId: 'verity-console',
      scope: 'openid profile',
    });
    expect(
      authConfigOf(loadEnv({ ...BASE, ...IDP, AUTH_OIDC_CLIENT_ID: 'c', AUTH_OIDC_SCOPE: 'openid verity-api' })),
    ).toMatchObject({ scope: 'openid verity-api' });
  });

  it('names what is missing when tokens come from an identity provider the console is not registered with', () => {
    expect(authConfigOf(loadEnv({ ...BASE, ...IDP }))).toEqual({
      mode: 'unavailable',
      missing: ['AUTH_OIDC_CLIENT_ID'],
    });
    expect(authConfigOf(loadEnv({ ...BASE, AUTH_JWKS_URL: IDP.AUTH_JWKS_URL }))).toEqual({
      mode: 'unavailable',
      missing: ['AUTH_ISSUER', 'AUTH_OIDC_CLIENT_ID'],
    });
  });
});

describe('the console sign-in settings at start', () => {
  const fails = (vars: Record<string, string>) => {
    try {
      loadEnv({ ...BASE, AUTH_JWT_SECRET: 'x'.repeat(32), ...vars });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('loadEnv accepted it');
  };

  it('refuses a client id without the issuer it belongs to', () => {
    expect(fails({ AUTH_OIDC_CLIENT_ID: 'c' })).toMatch(/AUTH_OIDC_CLIENT_ID needs AUTH_JWKS_URL/);
    expect(fails({ AUTH_OIDC_CLIENT_ID: 'c', AUTH_JWKS_URL: IDP.AUTH_JWKS_URL })).toMatch(
      /AUTH_OIDC_CLIENT_ID needs AUTH_ISSUER/,
    );
  });

  it('refuses an issuer the browser could not discover safely', () => {
    for (const issuer of ['sso.example', 'http://sso.example', 'https://sso.example/?a=1', 'ftp://sso.example'])
      expect(fails({ ...IDP, AUTH_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: 'c' })).toMatch(/AUTH_ISSUER must be an https/);
    for (const issuer of ['http://127.0.0.1:8080', 'http://localhost:8080/realms/v', 'https://sso.example/realms/v'])
      expect(() => loadEnv({ ...BASE, ...IDP, AUTH_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: 'c' })).not.toThrow();
  });

  it('refuses a malformed client id or scope list, and scopes without openid', () => {
    expect(fails({ ...IDP, AUTH_OIDC_CLIENT_ID: 'two words' })).toMatch(/AUTH_OIDC_CLIENT_ID must be/);
    expect(fails({ ...IDP, AUTH_OIDC_CLIENT_ID: 'c', AUTH_OIDC_SCOPE: 'openid  profile' })).toMatch(
      /AUTH_OIDC_SCOPE must be scope tokens/,
    );
    expect(fails({ ...IDP, AUTH_OIDC_CLIENT_ID: 'c', AUTH_OIDC_SCOPE: 'profile email' })).toMatch(
      /AUTH_OIDC_SCOPE must include openid/,
    );
  });
});
