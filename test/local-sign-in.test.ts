import type { INestApplication } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { ROLE_LABELS_ZH } from '../apps/api/src/demo/demo-users';
import { startApi } from './support';

/** Starts an API with some variables changed for its lifetime (they are read when the app is built). */
async function withEnv<T>(vars: Record<string, string>, body: (app: INestApplication) => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  const app = await startApi();
  try {
    return await body(app);
  } finally {
    await app.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('local sign-in (no identity provider configured)', () => {
  let app: INestApplication;
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists the demo users by role, labelled in Chinese, without a token', async () => {
    const res = await api().get('/api/auth/local/users').expect(200);
    expect(res.body).toContainEqual({
      username: 'zhangwei',
      role: 'back_office',
      displayName: '渠道内勤 张伟',
      branches: ['GZ01'],
      channels: ['agency'],
    });
    const labels = res.body.map((u: { displayName: string }) => u.displayName.split(' ')[0]);
    for (const label of [
      '渠道内勤',
      '业务团队负责人',
      '客户服务',
      '分公司合规',
      '渠道管理',
      '综合办公室',
      '审计',
      '系统管理员',
    ])
      expect(labels).toContain(label);
    for (const u of res.body)
      expect(u.displayName.startsWith(ROLE_LABELS_ZH[u.role as keyof typeof ROLE_LABELS_ZH])).toBe(true);
  });

  it('signs a demo user in with the local secret, for AUTH_MAX_TOKEN_AGE, and the token works', async () => {
    const res = await api().post('/api/auth/local/sign-in').send({ username: 'chenjing' }).expect(200);
    expect(res.body.user).toEqual({
      username: 'chenjing',
      role: 'compliance',
      displayName: '分公司合规 陈静',
      branches: ['GZ01'],
      channels: ['*'],
    });
    const claims = jwt.verify(res.body.token, process.env.AUTH_JWT_SECRET!, {
      algorithms: ['HS256'],
    }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'chenjing', role: 'compliance', branches: ['GZ01'], channels: ['*'] });
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
    expect(res.body.expiresAt).toBe(new Date(claims.exp! * 1000).toISOString());
    await api().get('/api/me/tasks').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    await api().get('/api/staff').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    // A back-office clerk's token carries that role only.
    const clerk = await api().post('/api/auth/local/sign-in').send({ username: 'zhangwei' }).expect(200);
    await api().get('/api/staff').set('Authorization', `Bearer ${clerk.body.token}`).expect(403);
  });

  it('refuses an unknown user or a missing name, naming the field', async () => {
    for (const body of [{ username: 'mallory' }, {}, { username: 7 }]) {
      const res = await api().post('/api/auth/local/sign-in').send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('username');
    }
  });

  it('respects a shorter AUTH_MAX_TOKEN_AGE', async () => {
    await withEnv({ AUTH_MAX_TOKEN_AGE: '45m' }, async (short) => {
      const res = await request(short.getHttpServer())
        .post('/api/auth/local/sign-in')
        .send({ username: 'liuyang' })
        .expect(200);
      const claims = jwt.decode(res.body.token) as jwt.JwtPayload;
      expect(claims.exp! - claims.iat!).toBe(45 * 60);
    });
  });

  it('is documented in the OpenAPI schema', async () => {
    const doc = (await api().get('/api/docs-json').expect(200)).body;
    expect(doc.paths['/api/auth/local/users'].get.security ?? []).toEqual([]);
    expect(doc.paths['/api/auth/local/sign-in'].post.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/LocalSignInResponseDto',
    );
  });

  it('does not exist when an identity provider is configured', async () => {
    // A JWKS address nobody answers: the API never calls it unless a token comes.
    await withEnv(
      { AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json', AUTH_ISSUER: 'https://idp.example' },
      async (idp) => {
        const server = request(idp.getHttpServer());
        await server.get('/api/auth/local/users').expect(404);
        await server.post('/api/auth/local/sign-in').send({ username: 'zhangwei' }).expect(404);
        const doc = (await server.get('/api/docs-json').expect(200)).body;
        expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/auth/local'))).toEqual([]);
      },
    );
  });
});
