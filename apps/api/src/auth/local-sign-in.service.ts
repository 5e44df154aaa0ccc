import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { durationSeconds, VerityEnv } from '../../../../libs/config/src';
import { DEMO_USERS, demoUser, DemoUser } from '../demo/demo-users';
import type { LocalSignInResponseDto, LocalUserDto } from './dto/local-sign-in.dto';

/**
 * Sign-in without an identity provider (local and demo use): a demo user's token signed with the local secret,
 * exactly as `npm run token` signs one, living AUTH_MAX_TOKEN_AGE.
 */
@Injectable()
export class LocalSignInService {
  constructor(private readonly env: VerityEnv) {}

  users(): LocalUserDto[] {
    return DEMO_USERS.map(view);
  }

  signIn(username: string): LocalSignInResponseDto {
    const user = demoUser(username);
    // The DTO already refuses unknown names; this keeps the service safe on its own.
    if (!user) throw new Error(`unknown demo user ${username}`);
    return { ...localToken(user, this.env), user: view(user) };
  }
}

/** A demo user's token: HS256 with the local secret, subject = username, living exactly AUTH_MAX_TOKEN_AGE. */
export function localToken(
  user: DemoUser,
  env: Pick<VerityEnv, 'AUTH_JWT_SECRET' | 'AUTH_MAX_TOKEN_AGE'>,
): { token: string; expiresAt: string } {
  if (!env.AUTH_JWT_SECRET) throw new Error('local tokens need AUTH_JWT_SECRET');
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + durationSeconds(env.AUTH_MAX_TOKEN_AGE);
  const token = jwt.sign(
    { role: user.role, branches: user.branches, channels: user.channels, iat, exp },
    env.AUTH_JWT_SECRET,
    {
      subject: user.username,
      algorithm: 'HS256',
    },
  );
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

function view(u: DemoUser): LocalUserDto {
  return {
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    branches: [...u.branches],
    channels: [...u.channels],
  };
}
