import { ApiProperty } from '@nestjs/swagger';

/** No identity provider: the console offers the local demo users (GET /api/auth/local/users). */
export class LocalAuthConfigDto {
  @ApiProperty({ enum: ['local'] })
  mode!: 'local';
}

/** Sign-in through the identity provider: authorization code with PKCE, as a public client. */
export class OidcAuthConfigDto {
  @ApiProperty({ enum: ['oidc'] })
  mode!: 'oidc';

  @ApiProperty({
    example: 'https://sso.example.com/realms/verity',
    description: 'AUTH_ISSUER; its discovery document is at issuer/.well-known/openid-configuration',
  })
  issuer!: string;

  @ApiProperty({ example: 'verity-console', description: "AUTH_OIDC_CLIENT_ID: the console's public client id" })
  clientId!: string;

  @ApiProperty({ example: 'openid profile', description: 'AUTH_OIDC_SCOPE: the scopes to ask for' })
  scope!: string;
}

/** An identity provider verifies tokens, but the console is not registered with it: sign-in says what is missing. */
export class UnavailableAuthConfigDto {
  @ApiProperty({ enum: ['unavailable'] })
  mode!: 'unavailable';

  @ApiProperty({
    type: [String],
    example: ['AUTH_OIDC_CLIENT_ID'],
    description: 'the settings the server needs before the console can sign anyone in',
  })
  missing!: string[];
}

export type AuthConfigDto = LocalAuthConfigDto | OidcAuthConfigDto | UnavailableAuthConfigDto;
