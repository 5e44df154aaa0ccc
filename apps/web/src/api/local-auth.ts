/**
 * Local sign-in (development and the demo branch only; absent when an identity provider is configured).
 * Not in the OpenAPI document (they exist only without an identity provider), so typed by hand:
 *   GET  /api/auth/local/users                → LocalUser[]
 *   POST /api/auth/local/sign-in {"username"} → LocalSignIn
 */
import { ApiError, toApiError } from './client';

export type Role =
  | 'intake'
  | 'back_office'
  | 'team_leader'
  | 'customer_service'
  | 'compliance'
  | 'channel_manager'
  | 'general_office'
  | 'auditor'
  | 'admin';

export interface LocalUser {
  username: string;
  role: Role;
  /** The role in Chinese, then the person's name, e.g. 渠道内勤 张伟. */
  displayName: string;
  /** Branch codes the token covers ('*': all). */
  branches: string[];
  /** Channels the token covers ('*': all). */
  channels: string[];
}

export interface LocalSignIn {
  token: string;
  /** ISO 8601 instant. */
  expiresAt: string;
  user: LocalUser;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, body);
  return body as T;
}

export function listLocalUsers(): Promise<LocalUser[]> {
  return call<LocalUser[]>('/api/auth/local/users');
}

export function localSignIn(username: string): Promise<LocalSignIn> {
  return call<LocalSignIn>('/api/auth/local/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username }),
  });
}
