/**
 * Sign-in at the identity provider (authorization code with PKCE, as a public client), on oauth4webapi: discovery,
 * the redirect there, and at /auth/callback the code exchanged for tokens and the ID token checked (iss, aud, azp,
 * exp, nonce). What must survive the round trip (the server's metadata, verifier, state, nonce, where to go next)
 * waits in sessionStorage, readable by this tab only, and is used once.
 */
import * as oauth from 'oauth4webapi';
import type { OidcAuthConfig } from '../api/auth-config';
import { clearSession, getSession, type Session } from '../session';
import { authorizationUrl, OidcError, oidcErrorOf, sessionFromTokens } from './oidc-helpers';

const PENDING = 'verity.oidc.pending';

interface Pending {
  server: oauth.AuthorizationServer;
  clientId: string;
  redirectUri: string;
  state: string;
  nonce: string;
  verifier: string;
  next: string | null;
}

export const callbackUri = (): string => `${location.origin}/auth/callback`;

/** Plain http only for an issuer on this machine (the API refuses any other http issuer at start). */
const httpOptions = (issuer: string) => ({ [oauth.allowInsecureRequests]: new URL(issuer).protocol === 'http:' });

/** Calls the library, giving a failure our words for the step it happened in. */
async function step<T>(name: 'discovery' | 'callback' | 'token', run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw oidcErrorOf(name, err);
  }
}

/** Reads the issuer's discovery document, remembers this attempt, and leaves for the authorization endpoint. */
export async function startSignIn(config: OidcAuthConfig, next: string | null): Promise<void> {
  const issuer = new URL(config.issuer);
  const server = await step('discovery', async () =>
    oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, httpOptions(config.issuer))),
  );
  if (!server.authorization_endpoint || !server.token_endpoint) {
    throw new OidcError('discovery', 'authorization_endpoint or token_endpoint missing');
  }
  const methods = server.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) throw new OidcError('noS256');
  const pending: Pending = {
    server,
    clientId: config.clientId,
    redirectUri: callbackUri(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    verifier: oauth.generateRandomCodeVerifier(),
    next,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  location.assign(
    authorizationUrl(server.authorization_endpoint, {
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      scope: config.scope,
      state: pending.state,
      nonce: pending.nonce,
      challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
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
  const { server, clientId } = pending;
  const client: oauth.Client = { client_id: clientId };
  const answer = new URLSearchParams(search);
  // State first, in our words: an answer to a request this tab did not make is refused whatever else it says.
  if (answer.get('state') !== pending.state) throw new OidcError('stateMismatch');
  const params = await step('callback', () => oauth.validateAuthResponse(server, client, answer, pending.state));
  const tokens = await step('token', async () =>
    oauth.processAuthorizationCodeResponse(
      server,
      client,
      await oauth.authorizationCodeGrantRequest(
        server,
        client,
        oauth.None(),
        params,
        pending.redirectUri,
        pending.verifier,
        httpOptions(server.issuer),
      ),
      { expectedNonce: pending.nonce, requireIdToken: true },
    ),
  );
  const session = sessionFromTokens(
    {
      accessToken: tokens.access_token,
      idToken: tokens.id_token!,
      idClaims: oauth.getValidatedIdTokenClaims(tokens) as unknown as Record<string, unknown>,
      expiresIn: tokens.expires_in,
    },
    {
      now: Math.floor(Date.now() / 1000),
      clientId,
      endSessionEndpoint: server.end_session_endpoint,
      postLogoutRedirectUri: `${location.origin}/login`,
    },
  );
  return { session, next: pending.next };
}

/** Ends the session here; answers the identity provider's end-session address to go to, if this sign-in has one. */
export function signOut(): string | null {
  const url = getSession()?.signOutUrl ?? null;
  clearSession();
  return url;
}
