/**
 * The pure parts of the console's OpenID Connect sign-in (authorization code with PKCE, RFC 6749 / 7636, OpenID
 * Connect Core 1.0): no storage, no navigation, no network, so each is unit-tested.
 */
import type { Role } from '../api/local-auth';
import type { Session } from '../session';

// Every role once: the keys are checked against the Role type.
const ROLE_SET: Record<Role, true> = {
  intake: true,
  back_office: true,
  team_leader: true,
  customer_service: true,
  compliance: true,
  channel_manager: true,
  general_office: true,
  auditor: true,
  admin: true,
};
const isRole = (v: unknown): v is Role => typeof v === 'string' && Object.hasOwn(ROLE_SET, v);

/** Why a sign-in failed; the page words each code in both languages, `detail` is what the server or token said. */
export type OidcErrorCode =
  | 'discovery'
  | 'issuerMismatch'
  | 'noS256'
  | 'noPending'
  | 'stateMismatch'
  | 'idpError'
  | 'noCode'
  | 'token'
  | 'idToken'
  | 'noRole';

export class OidcError extends Error {
  constructor(
    readonly code: OidcErrorCode,
    readonly detail = '',
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** 32 random bytes in base64url (43 characters): a PKCE code verifier (RFC 7636 §4.1), a state or a nonce. */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge: base64url(SHA-256(ASCII(verifier))), RFC 7636 §4.2. */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** A JWT's claims, not verified (the API verifies the tokens it is given); null when it is not a JWT. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    // UTF-8, not atob's Latin-1: display names are often Chinese.
    const claims: unknown = JSON.parse(new TextDecoder().decode(fromBase64url(parts[1])));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Where an internal `next` may send the browser after sign-in: a path of this console, never another site. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login') || next.startsWith('/auth/')) return null;
  return next;
}

/** The parts of the issuer's discovery document the sign-in uses. */
export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

function isUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    return ['https:', 'http:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/** The discovery document, checked: it must name exactly the configured issuer (OpenID Discovery §4.3) and allow S256. */
export function checkDiscovery(doc: unknown, issuer: string): Discovery {
  const d = (doc ?? {}) as Record<string, unknown>;
  if (d.issuer !== issuer) throw new OidcError('issuerMismatch', `${String(d.issuer)} ≠ ${issuer}`);
  if (!isUrl(d.authorization_endpoint) || !isUrl(d.token_endpoint)) {
    throw new OidcError('discovery', 'authorization_endpoint or token_endpoint missing');
  }
  const methods = d.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) throw new OidcError('noS256');
  return {
    issuer,
    authorization_endpoint: d.authorization_endpoint,
    token_endpoint: d.token_endpoint,
    end_session_endpoint: isUrl(d.end_session_endpoint) ? d.end_session_endpoint : undefined,
  };
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  nonce: string;
  challenge: string;
}

export function authorizationUrl(endpoint: string, r: AuthorizationRequest): string {
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: r.clientId,
    redirect_uri: r.redirectUri,
    scope: r.scope,
    state: r.state,
    nonce: r.nonce,
    code_challenge: r.challenge,
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** The authorization code from the callback's query, once its state (and issuer, RFC 9207) are those we sent. */
export function codeFromCallback(params: URLSearchParams, expected: { state: string; issuer: string }): string {
  // State first: an answer to a request this tab did not make is refused whatever it says.
  if (params.get('state') !== expected.state) throw new OidcError('stateMismatch');
  const iss = params.get('iss');
  if (iss !== null && iss !== expected.issuer) throw new OidcError('issuerMismatch', `${iss} ≠ ${expected.issuer}`);
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    throw new OidcError('idpError', description ? `${error}: ${description}` : error);
  }
  const code = params.get('code');
  if (!code) throw new OidcError('noCode');
  return code;
}

/** Which check of the ID token failed (OpenID Connect Core §3.1.3.7), or null when it is ours and current. */
export function idTokenProblem(
  claims: Record<string, unknown> | null,
  expected: { issuer: string; clientId: string; nonce: string; now: number },
): string | null {
  if (!claims) return 'not a JWT';
  if (claims.iss !== expected.issuer) return 'iss';
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(expected.clientId)) return 'aud';
  if (aud.length > 1 && claims.azp !== expected.clientId) return 'azp';
  // A minute of leeway for clocks that disagree.
  if (typeof claims.exp !== 'number' || claims.exp + 60 <= expected.now) return 'exp';
  if (claims.nonce !== expected.nonce) return 'nonce';
  return null;
}

export interface TokenResponse {
  access_token?: unknown;
  id_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
}

export interface SessionContext {
  issuer: string;
  clientId: string;
  nonce: string;
  /** Seconds since the epoch. */
  now: number;
  endSessionEndpoint?: string;
  postLogoutRedirectUri: string;
}

/**
 * The session from the token endpoint's answer. The API is given the ACCESS token: it is issued for the API
 * (aud = AUTH_AUDIENCE) and carries the role, branches and channels; the ID token is for the console only
 * (aud = client id), checked here, and gives the name shown. Neither signature is checked here: the tokens came
 * straight from the token endpoint over TLS (Core §3.1.3.7), and the API verifies the access token on every call.
 */
export function sessionFromTokens(body: TokenResponse, c: SessionContext): Session {
  if (typeof body.access_token !== 'string' || typeof body.id_token !== 'string') {
    throw new OidcError('token', 'no access_token or id_token in the answer');
  }
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    throw new OidcError('token', `token_type ${String(body.token_type)} is not Bearer`);
  }
  const id = jwtClaims(body.id_token);
  const problem = idTokenProblem(id, c);
  if (problem) throw new OidcError('idToken', problem);
  const access = jwtClaims(body.access_token);
  const role = access?.role;
  if (!access || typeof access.sub !== 'string' || !access.sub || !isRole(role)) throw new OidcError('noRole');
  const exp =
    typeof access.exp === 'number' ? access.exp : typeof body.expires_in === 'number' ? c.now + body.expires_in : null;
  const name = [id!.name, id!.preferred_username, access.sub].find((v) => typeof v === 'string' && v) as string;
  return {
    token: body.access_token,
    expiresAt: exp === null ? null : new Date(exp * 1000).toISOString(),
    // The access token's subject: the API's user id, which case assignees and investigators are compared with.
    username: access.sub,
    role,
    displayName: name,
    signOutUrl: c.endSessionEndpoint ? endSessionUrl(c.endSessionEndpoint, body.id_token, c) : undefined,
  };
}

function endSessionUrl(endpoint: string, idToken: string, c: SessionContext): string {
  const url = new URL(endpoint);
  url.searchParams.set('client_id', c.clientId);
  url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('post_logout_redirect_uri', c.postLogoutRedirectUri);
  return url.toString();
}
