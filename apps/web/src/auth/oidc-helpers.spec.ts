import { describe, expect, it } from '@jest/globals';
import {
  authorizationUrl,
  jwtClaims,
  OidcError,
  oidcErrorOf,
  safeNext,
  sessionFromTokens,
  type SessionContext,
} from './oidc-helpers';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** An unsigned JWT with these claims (nothing here checks signatures). */
const jwt = (claims: object) =>
  `${base64url(new TextEncoder().encode('{"alg":"RS256"}'))}.${base64url(new TextEncoder().encode(JSON.stringify(claims)))}.c2ln`;

describe('the authorization request', () => {
  it('asks for a code with the S256 challenge, state and nonce', () => {
    const url = new URL(
      authorizationUrl('https://sso.example/auth?kc_idp_hint=x', {
        clientId: 'verity-console',
        redirectUri: 'https://verity.example/auth/callback',
        scope: 'openid profile',
        state: 's1',
        nonce: 'n1',
        challenge: 'c1',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      kc_idp_hint: 'x',
      response_type: 'code',
      client_id: 'verity-console',
      redirect_uri: 'https://verity.example/auth/callback',
      scope: 'openid profile',
      state: 's1',
      nonce: 'n1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
    });
  });
});

describe("the library's failures, in our words", () => {
  // Shaped as oauth4webapi throws them (its classes are read by their fields, not imported).
  const failure = (code: string, extra: object = {}) => Object.assign(new Error(`failed: ${code}`), { code }, extra);

  it('names the step and what the identity provider said', () => {
    expect(
      oidcErrorOf(
        'callback',
        failure('OAUTH_AUTHORIZATION_RESPONSE_ERROR', { error: 'access_denied', error_description: 'no thanks' }),
      ).message,
    ).toBe('idpError: access_denied: no thanks');
    expect(
      oidcErrorOf('token', failure('OAUTH_RESPONSE_BODY_ERROR', { status: 400, error: 'invalid_grant' })).message,
    ).toBe('token: HTTP 400 invalid_grant');
    expect(oidcErrorOf('discovery', failure('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED')).code).toBe('issuerMismatch');
    expect(oidcErrorOf('token', failure('OAUTH_JWT_CLAIM_COMPARISON_FAILED')).code).toBe('idToken');
    expect(oidcErrorOf('token', failure('OAUTH_JWT_TIMESTAMP_CHECK_FAILED')).code).toBe('idToken');
    expect(oidcErrorOf('callback', new Error('unexpected "iss" (issuer) response parameter value')).code).toBe(
      'issuerMismatch',
    );
    expect(oidcErrorOf('callback', failure('OAUTH_INVALID_RESPONSE')).code).toBe('stateMismatch');
    expect(oidcErrorOf('discovery', new TypeError('Failed to fetch')).message).toBe('discovery: Failed to fetch');
    const ours = new OidcError('noRole');
    expect(oidcErrorOf('token', ours)).toBe(ours);
  });

  it('keeps next inside the console', () => {
    expect(safeNext('/cases/C-1?tab=evidence')).toBe('/cases/C-1?tab=evidence');
    for (const bad of [
      null,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/login?x',
      '/auth/callback',
    ])
      expect(safeNext(bad)).toBeNull();
  });
});

describe('the session from the tokens', () => {
  const now = 1_800_000_000;
  const ctx: SessionContext = {
    now,
    clientId: 'verity-console',
    endSessionEndpoint: 'https://sso.example/logout',
    postLogoutRedirectUri: 'https://verity.example/login',
  };
  const idClaims = {
    iss: 'https://sso.example',
    aud: 'verity-console',
    sub: 'u-1',
    nonce: 'n1',
    exp: now + 300,
    name: '渠道内勤 张伟',
  };
  const accessClaims = {
    iss: 'https://sso.example',
    aud: 'verity-api',
    sub: 'zhangwei',
    role: 'back_office',
    branches: ['GZ01'],
    channels: ['agency'],
    exp: now + 600,
  };
  const signedIn = (access: object = accessClaims) => ({
    accessToken: jwt(access),
    idToken: jwt(idClaims),
    idClaims,
    expiresIn: 600,
  });
  const codeOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      if (err instanceof OidcError) return err.code;
      throw err;
    }
    return 'no error';
  };

  it("keeps the access token for the API, with its subject and role, and the ID token's name", () => {
    const t = signedIn();
    const s = sessionFromTokens(t, ctx);
    expect(s).toEqual({
      token: t.accessToken,
      expiresAt: new Date((now + 600) * 1000).toISOString(),
      username: 'zhangwei',
      role: 'back_office',
      displayName: '渠道内勤 张伟',
      signOutUrl: expect.stringMatching(/^https:\/\/sso\.example\/logout\?/),
    });
    const out = new URL(s.signOutUrl!);
    expect(out.searchParams.get('id_token_hint')).toBe(t.idToken);
    expect(out.searchParams.get('post_logout_redirect_uri')).toBe('https://verity.example/login');
    expect(sessionFromTokens(t, { ...ctx, endSessionEndpoint: undefined }).signOutUrl).toBeUndefined();
    expect(jwtClaims(t.idToken)?.name).toBe('渠道内勤 张伟');
    const { exp: _exp, ...noExp } = accessClaims;
    expect(sessionFromTokens(signedIn(noExp), ctx).expiresAt).toBe(new Date((now + 600) * 1000).toISOString());
  });

  it('refuses an access token without a Verity role', () => {
    expect(codeOf(() => sessionFromTokens(signedIn({ ...accessClaims, role: undefined }), ctx))).toBe('noRole');
    expect(codeOf(() => sessionFromTokens(signedIn({ ...accessClaims, role: 'root' }), ctx))).toBe('noRole');
    expect(codeOf(() => sessionFromTokens({ ...signedIn(), accessToken: 'opaque' }, ctx))).toBe('noRole');
  });
});
