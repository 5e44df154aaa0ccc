/**
 * The parts of the console's OpenID Connect sign-in that are ours: the words for a failure, where `next` may go,
 * the authorization request, and the session built from the tokens. The protocol itself (discovery, PKCE, the
 * callback's and the token answer's checks) is oauth4webapi's, in oidc.ts. No storage, no navigation, no network.
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

function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A JWT's claims, not verified (the API verifies the access token it is given); null when it is not a JWT. */
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

/**
 * Our words for a failure of the OpenID Connect library (oauth4webapi), by the step it happened in. Read by duck
 * typing (its `code`, `status`, `error`) so that this file stays free of the library and unit-testable under Node.
 */
export function oidcErrorOf(step: 'discovery' | 'callback' | 'token', err: unknown): OidcError {
  if (err instanceof OidcError) return err;
  const e = (err ?? {}) as {
    code?: unknown;
    message?: unknown;
    status?: unknown;
    error?: unknown;
    error_description?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const said = [e.error, e.error_description].filter((v) => typeof v === 'string').join(': ');
  switch (e.code) {
    case 'OAUTH_AUTHORIZATION_RESPONSE_ERROR':
      return new OidcError('idpError', said || message);
    case 'OAUTH_RESPONSE_BODY_ERROR':
      return new OidcError(
        step === 'discovery' ? 'discovery' : 'token',
        `HTTP ${String(e.status)}${said ? ` ${said}` : ''}`,
      );
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED': // the discovery document names another issuer
      return new OidcError('issuerMismatch', message);
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return new OidcError('idToken', message);
  }
  if (step === 'callback') return new OidcError(/"iss"/.test(message) ? 'issuerMismatch' : 'stateMismatch', message);
  return new OidcError(step, message);
}

export interface SessionContext {
  /** Seconds since the epoch. */
  now: number;
  clientId: string;
  endSessionEndpoint?: string;
  postLogoutRedirectUri: string;
}

/** What the session is built from: the token endpoint's answer, its ID token already validated by the library. */
export interface SignedIn {
  accessToken: string;
  idToken: string;
  idClaims: Record<string, unknown>;
  expiresIn?: number;
}

/**
 * The session. The API is given the ACCESS token: it is issued for the API (aud = AUTH_AUDIENCE) and carries the
 * role, branches and channels; the ID token is for the console only (aud = client id) and gives the name shown.
 */
export function sessionFromTokens(t: SignedIn, c: SessionContext): Session {
  const access = jwtClaims(t.accessToken);
  const role = access?.role;
  if (!access || typeof access.sub !== 'string' || !access.sub || !isRole(role)) throw new OidcError('noRole');
  const exp = typeof access.exp === 'number' ? access.exp : t.expiresIn !== undefined ? c.now + t.expiresIn : null;
  const name = [t.idClaims.name, t.idClaims.preferred_username, access.sub].find(
    (v) => typeof v === 'string' && v,
  ) as string;
  return {
    token: t.accessToken,
    expiresAt: exp === null ? null : new Date(exp * 1000).toISOString(),
    // The access token's subject: the API's user id, which case assignees and investigators are compared with.
    username: access.sub,
    role,
    displayName: name,
    signOutUrl: c.endSessionEndpoint ? endSessionUrl(c.endSessionEndpoint, t.idToken, c) : undefined,
  };
}

function endSessionUrl(endpoint: string, idToken: string, c: SessionContext): string {
  const url = new URL(endpoint);
  url.searchParams.set('client_id', c.clientId);
  url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('post_logout_redirect_uri', c.postLogoutRedirectUri);
  return url.toString();
}
