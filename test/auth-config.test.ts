import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from './support';

/** Starts an API with some variables changed for its lifetime (they are read when the app is built). */
async function withEnv<T>(vars: Record<string, string>, body: (app: INestApplication) => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    const app = await startApi();
    try {
      return await body(app);
    } finally {
      await app.close();
    }
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

// A JWKS address nobody answers: the API never calls it unless a token comes.
const IDP = { AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json', AUTH_ISSUER: 'https://sso.example/realms/v' };

describe('GET /api/auth/config: how the console signs in', () => {
  it('is local without an identity provider, answered without a token', async () => {
    await withEnv({}, async (app) => {
      const res = await request(app.getHttpServer()).get('/api/auth/config').expect(200);
      expect(res.body).toEqual({ mode: 'local' });
    });
  });

  it("gives the issuer, the console's public client id and the scopes when an identity provider is configured", async () => {
    await withEnv(
      { ...IDP, AUTH_OIDC_CLIENT_ID: 'verity-console', AUTH_OIDC_SCOPE: 'openid profile verity' },
      async (app) => {
        const api = request(app.getHttpServer());
        const res = await api.get('/api/auth/config').expect(200);
        expect(res.body).toEqual({
          mode: 'oidc',
          issuer: 'https://sso.example/realms/v',
          clientId: 'verity-console',
          scope: 'openid profile verity',
        });
        // Public even with a bad token: the sign-in page asks it before anyone has a good one.
        await api.get('/api/auth/config').set('Authorization', 'Bearer not-a-token').expect(200);
        await api.get('/api/auth/local/users').expect(404);
      },
    );
  });

  it('names the missing client id when tokens come from an identity provider the console is not registered with', async () => {
    await withEnv(IDP, async (app) => {
      const res = await request(app.getHttpServer()).get('/api/auth/config').expect(200);
      expect(res.body).toEqual({ mode: 'unavailable', missing: ['AUTH_OIDC_CLIENT_ID'] });
    });
  });

  it('is documented as public, with one schema per mode', async () => {
    await withEnv({}, async (app) => {
      const doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body;
      const op = doc.paths['/api/auth/config'].get;
      expect(op.security ?? []).toEqual([]);
      expect(Object.keys(op.responses)).toEqual(['200']);
      expect(op.responses['200'].content['application/json'].schema.oneOf).toEqual([
        { $ref: '#/components/schemas/LocalAuthConfigDto' },
        { $ref: '#/components/schemas/OidcAuthConfigDto' },
        { $ref: '#/components/schemas/UnavailableAuthConfigDto' },
      ]);
      expect(doc.components.schemas.OidcAuthConfigDto.required).toEqual(['mode', 'issuer', 'clientId', 'scope']);
    });
  });
});
