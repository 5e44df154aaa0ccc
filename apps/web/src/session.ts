/** The signed-in person, kept in sessionStorage (gone when the tab closes; never in localStorage). */
import type { Role } from './api/local-auth';

export interface Session {
  token: string;
  expiresAt: string | null;
  username: string;
  role: Role;
  displayName: string;
  /** The identity provider's end-session address for this sign-in, when it has one (OIDC sign-in only). */
  signOutUrl?: string;
}

const KEY = 'verity.session';

export function getSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** A token pasted by hand (`npm run token`): its role and subject read from the payload (the API verifies it). */
export function sessionFromToken(token: string): Session | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
      sub?: string;
      role?: Role;
      exp?: number;
    };
    if (!payload.role || !payload.sub) return null;
    return {
      token,
      expiresAt: payload.exp ? new Date(payload.exp * 1000).toISOString() : null,
      username: payload.sub,
      role: payload.role,
      displayName: payload.sub,
    };
  } catch {
    return null;
  }
}
