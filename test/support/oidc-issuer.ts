import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import type { Role } from '../../libs/contracts/src/roles';

/**
 * A small OpenID provider on loopback for the console's sign-in tests: discovery, /authorize that signs the
 * configured user in at once and redirects back with a code, /token that checks the code, client, redirect URI and
 * PKCE verifier (S256) before issuing RS256 tokens, /jwks for the API's verifier, and /logout. Every token request
 * is recorded with the reason it was refused, so a test can tell which check stopped it.
 */

export interface IssuedUser {
  sub: string;
  name: string;
  role: Role;
  branches: string[];
  channels: string[];
}

export interface TokenRequestRecord {
  ok: boolean;
  /** Why it was refused (the error_description the console is given). */
  reason?: string;
}

export interface TestIssuer {
  /** The issuer identifier (AUTH_ISSUER): http://127.0.0.1:port */
  url: string;
  jwksUrl: string;
  /** Redirect URIs registered for the client; add the console's once its port is known. */
  redirectUris: Set<string>;
  /** Post-logout redirect URIs registered for the client. */
  logoutRedirectUris: Set<string>;
  user: IssuedUser;
  authorizeRequests: URLSearchParams[];
  tokenRequests: TokenRequestRecord[];
  logouts: URLSearchParams[];
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  scope: string;
  user: IssuedUser;
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export async function startOidcIssuer(opts: {
  clientId: string;
  audience: string;
  user: IssuedUser;
}): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  const grants = new Map<string, Grant>();
  let url = '';

  const issuer: TestIssuer = {
    url: '',
    jwksUrl: '',
    redirectUris: new Set(),
    logoutRedirectUris: new Set(),
    user: opts.user,
    authorizeRequests: [],
    tokenRequests: [],
    logouts: [],
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser keeps connections alive
      }),
  };

  const sign = (claims: object, audience: string) =>
    jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: kid, issuer: url, audience, expiresIn: '10m' });

  function authorize(q: URLSearchParams, res: http.ServerResponse): void {
    issuer.authorizeRequests.push(q);
    const redirectUri = q.get('redirect_uri') ?? '';
    // An unknown client or redirect URI is never redirected to (RFC 6749 §4.1.2.1).
    if (q.get('client_id') !== opts.clientId || !issuer.redirectUris.has(redirectUri)) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('unknown client_id or redirect_uri');
      return;
    }
    const back = new URL(redirectUri);
    back.searchParams.set('state', q.get('state') ?? '');
    back.searchParams.set('iss', url);
    const scope = q.get('scope') ?? '';
    if (q.get('response_type') !== 'code' || !scope.split(' ').includes('openid')) {
      back.searchParams.set('error', 'invalid_request');
    } else if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      back.searchParams.set('error', 'invalid_request');
      back.searchParams.set('error_description', 'PKCE with S256 is required');
    } else {
      const code = randomBytes(16).toString('base64url');
      grants.set(code, {
        clientId: opts.clientId,
        redirectUri,
        challenge: q.get('code_challenge')!,
        nonce: q.get('nonce') ?? '',
        scope,
        user: issuer.user,
      });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { Location: back.toString() }).end();
  }

  function token(form: URLSearchParams, res: http.ServerResponse): void {
    const refuse = (status: number, error: string, reason: string) => {
      issuer.tokenRequests.push({ ok: false, reason });
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ error, error_description: reason }));
    };
    if (form.get('grant_type') !== 'authorization_code') return refuse(400, 'unsupported_grant_type', 'grant_type');
    const code = form.get('code') ?? '';
    const grant = grants.get(code);
    grants.delete(code); // one use, whatever happens next
    if (!grant) return refuse(400, 'invalid_grant', 'unknown or used code');
    if (form.get('client_id') !== grant.clientId) return refuse(401, 'invalid_client', 'client_id differs');
    if (form.get('redirect_uri') !== grant.redirectUri) return refuse(400, 'invalid_grant', 'redirect_uri differs');
    if (s256(form.get('code_verifier') ?? '') !== grant.challenge) {
      return refuse(400, 'invalid_grant', 'PKCE verifier does not match the challenge');
    }
    const { sub, name, role, branches, channels } = grant.user;
    issuer.tokenRequests.push({ ok: true });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(
      JSON.stringify({
        token_type: 'Bearer',
        expires_in: 600,
        scope: grant.scope,
        access_token: sign({ sub, role, branches, channels, scope: grant.scope }, opts.audience),
        id_token: sign({ sub, name, preferred_username: sub, nonce: grant.nonce }, grant.clientId),
      }),
    );
  }

  function logout(q: URLSearchParams, res: http.ServerResponse): void {
    issuer.logouts.push(q);
    const back = q.get('post_logout_redirect_uri');
    if (back && issuer.logoutRedirectUris.has(back)) res.writeHead(302, { Location: back }).end();
    else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('signed out');
  }

  const server = http.createServer((req, res) => {
    // The console calls discovery and the token endpoint from its own origin.
    res.setHeader('Access-Control-Allow-Origin', '*');
    const u = new URL(req.url ?? '/', url);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type',
      });
      res.end();
      return;
    }
    const json = (body: object) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && u.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        jwks_uri: `${url}/jwks`,
        end_session_endpoint: `${url}/logout`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
      });
    }
    if (req.method === 'GET' && u.pathname === '/jwks') return json({ keys: [jwk] });
    if (req.method === 'GET' && u.pathname === '/authorize') return authorize(u.searchParams, res);
    if (req.method === 'GET' && u.pathname === '/logout') return logout(u.searchParams, res);
    if (req.method === 'POST' && u.pathname === '/token') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => token(new URLSearchParams(body), res));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer.url = url;
  issuer.jwksUrl = `${url}/jwks`;
  return issuer;
}
