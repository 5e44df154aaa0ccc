/**
 * Sign-in at the identity provider (authorization code with PKCE, as a public client): discovery, the redirect
 * there, and at /auth/callback the code exchanged for tokens. What must survive the round trip (verifier, state,
 * nonce, where to go next) waits in sessionStorage, readable by this tab only, and is used once.
 */
import type { OidcAuthConfig } from '../api/auth-config';
import { clearSession, getSession, type Session } from '../session';
import {
  authorizationUrl,
  checkDiscovery,
  codeFromCallback,
  discoveryUrl,
  OidcError,
  randomToken,
  s256Challenge,
  sessionFromTokens,
  type TokenResponse,
} from './oidc-helpers';

const PENDING = 'verity.oidc.pending';

interface Pending {
  issuer: string;
  clientId: string;
  redirectUri: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  state: string;
  nonce: string;
  verifier: string;
  next: string | null;
}

export const callbackUri = (): string => `${location.origin}/auth/callback`;

async function fetchJson(url: string, init: RequestInit, code: 'discovery' | 'token'): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    // A network error, or the identity provider not allowing this origin (CORS).
    throw new OidcError(code, `${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const b = (body ?? {}) as { error?: unknown; error_description?: unknown };
    const why = [b.error, b.error_description].filter((v) => typeof v === 'string').join(': ');
    throw new OidcError(code, `HTTP ${res.status}${why ? ` ${why}` : ''}`);
  }
  return body;
}

/** Reads the issuer's discovery document, remembers this attempt, and leaves for the authorization endpoint. */
export async function startSignIn(config: OidcAuthConfig, next: string | null): Promise<void> {
  const discovery = checkDiscovery(
    await fetchJson(discoveryUrl(config.issuer), { headers: { Accept: 'application/json' } }, 'discovery'),
    config.issuer,
  );
  const pending: Pending = {
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: callbackUri(),
    tokenEndpoint: discovery.token_endpoint,
    endSessionEndpoint: discovery.end_session_endpoint,
    state: randomToken(),
    nonce: randomToken(),
    verifier: randomToken(),
    next,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  location.assign(
    authorizationUrl(discovery.authorization_endpoint, {
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      scope: config.scope,
      state: pending.state,
      nonce: pending.nonce,
      challenge: await s256Challenge(pending.verifier),
    }),
  );
}

/** The attempt this callback answers, removed as it is read: a code is exchanged at most once. */
function takePending(): Pending {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  try {
    if (raw) return JSON.parse(raw) as Pending;
  } catch {
    /* unreadable: as if absent */
  }
  throw new OidcError('noPending');
}

/** At /auth/callback: checks the answer, exchanges the code with the verifier, and builds the session. */
export async function completeSignIn(search: string): Promise<{ session: Session; next: string | null }> {
  const pending = takePending();
  const code = codeFromCallback(new URLSearchParams(search), pending);
  const body = await fetchJson(
    pending.tokenEndpoint,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: pending.redirectUri,
        client_id: pending.clientId,
        code_verifier: pending.verifier,
      }),
    },
    'token',
  );
  const session = sessionFromTokens((body ?? {}) as TokenResponse, {
    issuer: pending.issuer,
    clientId: pending.clientId,
    nonce: pending.nonce,
    now: Math.floor(Date.now() / 1000),
    endSessionEndpoint: pending.endSessionEndpoint,
    postLogoutRedirectUri: `${location.origin}/login`,
  });
  return { session, next: pending.next };
}

/** Ends the session here; answers the identity provider's end-session address to go to, if this sign-in has one. */
export function signOut(): string | null {
  const url = getSession()?.signOutUrl ?? null;
  clearSession();
  return url;
}
