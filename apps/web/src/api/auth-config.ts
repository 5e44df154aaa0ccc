/** GET /api/auth/config: how the sign-in page signs people in (public; typed from the generated schema). */
import { api, ok } from './client';
import type { components } from './schema';

type S = components['schemas'];
export type OidcAuthConfig = S['OidcAuthConfigDto'];
export type AuthConfig = S['LocalAuthConfigDto'] | OidcAuthConfig | S['UnavailableAuthConfigDto'];

export function loadAuthConfig(): Promise<AuthConfig> {
  return ok<AuthConfig>(api.GET('/api/auth/config'));
}
