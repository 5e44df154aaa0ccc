import type { VerityEnv } from '../../../../libs/config/src';
import type { AuthConfigDto } from './dto/auth-config.dto';

type AuthEnv = Pick<VerityEnv, 'AUTH_JWKS_URL' | 'AUTH_ISSUER' | 'AUTH_OIDC_CLIENT_ID' | 'AUTH_OIDC_SCOPE'>;

/** How the console signs people in, from the same settings that decide which tokens the API accepts. */
export function authConfigOf(env: AuthEnv): AuthConfigDto {
  // Without AUTH_JWKS_URL tokens are checked with the local secret (loadEnv requires one of the two).
  if (!env.AUTH_JWKS_URL) return { mode: 'local' };
  const missing = (['AUTH_ISSUER', 'AUTH_OIDC_CLIENT_ID'] as const).filter((k) => !env[k]);
  if (missing.length > 0) return { mode: 'unavailable', missing };
  return { mode: 'oidc', issuer: env.AUTH_ISSUER!, clientId: env.AUTH_OIDC_CLIENT_ID!, scope: env.AUTH_OIDC_SCOPE };
}
