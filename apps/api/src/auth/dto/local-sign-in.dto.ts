import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { ROLES } from '../principal';
import type { Role } from '../principal';
import { DEMO_USERS } from '../../demo/demo-users';

const USERNAMES = DEMO_USERS.map((u) => u.username);

export class LocalSignInDto {
  @ApiProperty({
    example: 'zhangwei',
    enum: USERNAMES,
    description: 'one of the demo users listed by GET /api/auth/local/users',
  })
  @IsString()
  @IsIn(USERNAMES, { message: `username must be one of the demo users: ${USERNAMES.join(', ')}` })
  username!: string;
}

export class LocalUserDto {
  @ApiProperty({ example: 'zhangwei' })
  username!: string;

  @ApiProperty({ enum: ROLES, example: 'back_office' })
  role!: Role;

  @ApiProperty({ example: '渠道内勤 张伟', description: 'the role in Chinese, then the name' })
  displayName!: string;

  @ApiProperty({ type: [String], example: ['GZ01'], description: "'*' = every branch" })
  branches!: string[];

  @ApiProperty({ type: [String], example: ['agency'], description: "'*' = every channel" })
  channels!: string[];
}

export class LocalSignInResponseDto {
  @ApiProperty({ description: 'HS256 bearer token signed with the local secret' })
  token!: string;

  @ApiProperty({
    example: '2026-12-02T13:00:00.000Z',
    description: 'when the token expires (AUTH_MAX_TOKEN_AGE after issue)',
  })
  expiresAt!: string;

  @ApiProperty({ type: LocalUserDto })
  user!: LocalUserDto;
}
