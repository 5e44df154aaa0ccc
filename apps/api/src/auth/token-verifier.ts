import { Injectable } from '@nestjs/common';
import jwt, { JwtHeader, JwtPayload, SigningKeyCallback } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { durationSeconds, VerityEnv } from '../../../../libs/config/src';
import { Principal, ROLES, Role } from './principal';

export class InvalidTokenError extends Error {}

/**
 * Verifies bearer tokens: HS256 with the local secret (development, `npm run token`), or RS/ES tokens against
 * the configured issuer's JWKS in production. Claims: sub, role, branches[], channels[], and always exp and iat:
 * a token that never expires, or whose lifetime (exp - iat) exceeds AUTH_MAX_TOKEN_AGE, is refused.
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks: JwksClient | null;
  private readonly maxAgeSeconds: number;

  constructor(private readonly env: VerityEnv) {
    this.jwks = env.AUTH_JWKS_URL ? new JwksClient({ jwksUri: env.AUTH_JWKS_URL, cache: true, rateLimit: true }) : null;
    this.maxAgeSeconds = durationSeconds(env.AUTH_MAX_TOKEN_AGE);
  }

  async verify(token: string): Promise<Principal> {
    const payload = await new Promise<JwtPayload>((resolve, reject) => {
      const key = this.jwks
        ? (header: JwtHeader, cb: SigningKeyCallback) =>
            this.jwks!.getSigningKey(header.kid, (err, k) => cb(err, k?.getPublicKey()))
        : this.env.AUTH_JWT_SECRET!;
      jwt.verify(
        token,
        key,
        {
          algorithms: this.jwks ? ['RS256', 'ES256'] : ['HS256'],
          issuer: this.env.AUTH_ISSUER,
          audience: this.env.AUTH_AUDIENCE,
        },
        (err, decoded) =>
          err || !decoded || typeof decoded === 'string'
            ? reject(new InvalidTokenError(err?.message ?? 'bad token'))
            : resolve(decoded),
      );
    });
    this.checkLifetime(payload);
    return toPrincipal(payload);
  }

  /** jsonwebtoken checks exp only when present; a stolen token without one would work for ever. */
  private checkLifetime(payload: JwtPayload): void {
    if (typeof payload.exp !== 'number') throw new InvalidTokenError('token has no expiry (exp)');
    // Without iat the token's age is unknown, so no maximum age could be enforced: refused.
    if (typeof payload.iat !== 'number') throw new InvalidTokenError('token has no issue time (iat)');
    // An unexpired token within this lifetime is also younger than it: one check bounds both.
    if (payload.exp - payload.iat > this.maxAgeSeconds) {
      throw new InvalidTokenError(`token lifetime exceeds the maximum of ${this.env.AUTH_MAX_TOKEN_AGE}`);
    }
  }
}

function toPrincipal(payload: JwtPayload): Principal {
  const role = payload.role as string;
  if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('token has no subject');
  if (!ROLES.includes(role as Role)) throw new InvalidTokenError('token has no known role');
  return {
    userId: payload.sub,
    role: role as Role,
    branches: stringList(payload.branches),
    channels: stringList(payload.channels),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
