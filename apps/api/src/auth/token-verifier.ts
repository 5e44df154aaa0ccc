import { Injectable } from '@nestjs/common';
import jwt, { JwtHeader, JwtPayload, SigningKeyCallback } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { VerityEnv } from '../../../../libs/config/src';
import { Principal, ROLES, Role } from './principal';

export class InvalidTokenError extends Error {}

/**
 * Verifies bearer tokens: HS256 with the local secret (development, `npm run token`), or RS/ES tokens against
 * the configured issuer's JWKS in production. Claims: sub, role, branches[], channels[].
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks: JwksClient | null;

  constructor(private readonly env: VerityEnv) {
    this.jwks = env.AUTH_JWKS_URL ? new JwksClient({ jwksUri: env.AUTH_JWKS_URL, cache: true, rateLimit: true }) : null;
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
        (err, decoded) => (err || !decoded || typeof decoded === 'string' ? reject(new InvalidTokenError(err?.message ?? 'bad token')) : resolve(decoded)),
      );
    });
    return toPrincipal(payload);
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
