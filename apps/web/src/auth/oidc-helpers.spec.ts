import { describe, expect, it } from '@jest/globals';
import {
  authorizationUrl,
  base64url,
  checkDiscovery,
  codeFromCallback,
  discoveryUrl,
  idTokenProblem,
  jwtClaims,
  OidcError,
  randomToken,
  s256Challenge,
  safeNext,
  sessionFromTokens,
  type SessionContext,
} from './oidc-helpers';

/** An unsigned JWT with these claims (nothing here checks signatures). */
const jwt = (claims: object) =>
  `${base64url(new TextEncoder().encode('{"alg":"RS256"}'))}.${base64url(new TextEncoder().encode(JSON.stringify(claims)))}.c2ln`;

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof OidcError) return err.code;
    throw err;
  }
  return 'no error';
};

describe('PKCE', () => {
  // RFC 7636 appendix B: the 32 octets, their base64url (the verifier) and its S256 challenge.
  const OCTETS = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91,
    88, 5, 88, 83, 132, 141, 121,
  ];

  it('derives the verifier and S256 challenge of RFC 7636 appendix B', async () => {
    expect(base64url(new Uint8Array(OCTETS))).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    await expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes 43-character base64url verifiers, a new one each time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
  });
});

describe('discovery and the authorization request', () => {
  const doc = {
    issuer: 'https://sso.example/realms/v',
    authorization_endpoint: 'https://sso.example/auth',
    token_endpoint: 'https://sso.example/token',
    code_challenge_methods_supported: ['plain', 'S256'],
  };

  it('reads the document of exactly the configured issuer', () => {
    expect(discoveryUrl('https://sso.example/realms/v/')).toBe(
      'https://sso.example/realms/v/.well-known/openid-configuration',
    );
    expect(checkDiscovery(doc, doc.issuer)).toEqual({ ...doc, code_challenge_methods_supported: undefined });
    expect(codeOf(() => checkDiscovery(doc, 'https://sso.example'))).toBe('issuerMismatch');
    expect(codeOf(() => checkDiscovery({ ...doc, token_endpoint: undefined }, doc.issuer))).toBe('discovery');
    expect(codeOf(() => checkDiscovery({ ...doc, code_challenge_methods_supported: ['plain'] }, doc.issuer))).toBe(
      'noS256',
    );
  });

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

describe('the callback', () => {
  const expected = { state: 's1', issuer: 'https://sso.example' };
  const q = (s: string) => new URLSearchParams(s);

  it('gives the code only for the state this tab sent', () => {
    expect(codeFromCallback(q('code=abc&state=s1'), expected)).toBe('abc');
    expect(codeFromCallback(q('code=abc&state=s1&iss=https%3A%2F%2Fsso.example'), expected)).toBe('abc');
    expect(codeOf(() => codeFromCallback(q('code=abc&state=forged'), expected))).toBe('stateMismatch');
    expect(codeOf(() => codeFromCallback(q('code=abc'), expected))).toBe('stateMismatch');
    expect(codeOf(() => codeFromCallback(q('code=abc&state=s1&iss=https%3A%2F%2Fevil.example'), expected))).toBe(
      'issuerMismatch',
    );
    expect(codeOf(() => codeFromCallback(q('state=s1'), expected))).toBe('noCode');
  });

  it("words the identity provider's refusal", () => {
    expect(() => codeFromCallback(q('error=access_denied&error_description=no+thanks&state=s1'), expected)).toThrow(
      'idpError: access_denied: no thanks',
    );
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

describe('the session from the token answer', () => {
  const now = 1_800_000_000;
  const ctx: SessionContext = {
    issuer: 'https://sso.example',
    clientId: 'verity-console',
    nonce: 'n1',
    now,
    endSessionEndpoint: 'https://sso.example/logout',
    postLogoutRedirectUri: 'https://verity.example/login',
  };
  const idClaims = {
    iss: ctx.issuer,
    aud: 'verity-console',
    sub: 'u-1',
    nonce: 'n1',
    exp: now + 300,
    name: '渠道内勤 张伟',
  };
  const accessClaims = {
    iss: ctx.issuer,
    aud: 'verity-api',
    sub: 'zhangwei',
    role: 'back_office',
    branches: ['GZ01'],
    channels: ['agency'],
    exp: now + 600,
  };
  const answer = (id: object = idClaims, access: object = accessClaims) => ({
    access_token: jwt(access),
    id_token: jwt(id),
    token_type: 'Bearer',
    expires_in: 600,
  });

  it("keeps the access token for the API, with its subject and role, and the ID token's name", () => {
    const body = answer();
    const s = sessionFromTokens(body, ctx);
    expect(s).toEqual({
      token: body.access_token,
      expiresAt: new Date((now + 600) * 1000).toISOString(),
      username: 'zhangwei',
      role: 'back_office',
      displayName: '渠道内勤 张伟',
      signOutUrl: expect.stringMatching(/^https:\/\/sso\.example\/logout\?/),
    });
    const out = new URL(s.signOutUrl!);
    expect(out.searchParams.get('id_token_hint')).toBe(body.id_token);
    expect(out.searchParams.get('post_logout_redirect_uri')).toBe('https://verity.example/login');
    expect(sessionFromTokens(body, { ...ctx, endSessionEndpoint: undefined }).signOutUrl).toBeUndefined();
    expect(jwtClaims(body.id_token)?.name).toBe('渠道内勤 张伟');
  });

  it('refuses an ID token that is not for this client, this sign-in or now', () => {
    const check = (claims: object) => idTokenProblem(claims as Record<string, unknown>, ctx);
    expect(check(idClaims)).toBeNull();
    expect(check({ ...idClaims, iss: 'https://evil.example' })).toBe('iss');
    expect(check({ ...idClaims, aud: 'other-client' })).toBe('aud');
    expect(check({ ...idClaims, aud: ['verity-console', 'other'] })).toBe('azp');
    expect(check({ ...idClaims, aud: ['verity-console', 'other'], azp: 'verity-console' })).toBeNull();
    expect(check({ ...idClaims, exp: now - 61 })).toBe('exp');
    expect(check({ ...idClaims, nonce: 'replayed' })).toBe('nonce');
    expect(idTokenProblem(jwtClaims('not.a-jwt'), ctx)).toBe('not a JWT');
    expect(codeOf(() => sessionFromTokens(answer({ ...idClaims, nonce: 'replayed' }), ctx))).toBe('idToken');
  });

  it('refuses an access token without a Verity role, and an answer without both tokens', () => {
    expect(codeOf(() => sessionFromTokens(answer(idClaims, { ...accessClaims, role: undefined }), ctx))).toBe('noRole');
    expect(codeOf(() => sessionFromTokens(answer(idClaims, { ...accessClaims, role: 'root' }), ctx))).toBe('noRole');
    expect(codeOf(() => sessionFromTokens({ ...answer(), access_token: 'opaque' }, ctx))).toBe('noRole');
    expect(codeOf(() => sessionFromTokens({ ...answer(), id_token: undefined }, ctx))).toBe('token');
    expect(codeOf(() => sessionFromTokens({ ...answer(), token_type: 'DPoP' }, ctx))).toBe('token');
  });
});
