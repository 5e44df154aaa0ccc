import type { INestApplication } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../apps/api/src/bootstrap';
import { bearer } from './support';

/** Starts an API with some variables changed for its lifetime (they are read when the app is built). */
async function withEnv<T>(
  vars: Record<string, string>,
  body: (app: INestApplication) => Promise<T>,
  logger: ConsoleLogger | false = false,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  let app: INestApplication | undefined;
  try {
    app = await createApp({ logger });
    await app.init();
    return await body(app);
  } finally {
    await app?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A logger that keeps every line it would have printed. */
class KeepingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  protected override printMessages(messages: unknown[], context?: string, logLevel?: string): void {
    this.lines.push(
      `${logLevel} ${context} ${messages.map((m) => (m instanceof Error ? m.stack : String(m))).join(' ')}`,
    );
  }
}

describe('hardening of the HTTP surface', () => {
  it('sends security headers on the API, the console and the docs', async () => {
    await withEnv({}, async (app) => {
      for (const url of ['/api/health', '/', '/api/docs']) {
        const res = await request(app.getHttpServer()).get(url);
        expect({ url, nosniff: res.headers['x-content-type-options'] }).toEqual({ url, nosniff: 'nosniff' });
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      }
    });
  });

  it("lets the console reach the identity provider's origin, and nothing else, from the page", async () => {
    await withEnv({ AUTH_ISSUER: 'https://sso.example.cn/realms/verity' }, async (app) => {
      const res = await request(app.getHttpServer()).get('/').expect(200);
      const connect = String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('connect-src'));
      expect(connect).toBe("connect-src 'self' https://sso.example.cn");
    });
  });

  it('answers cross-origin requests only for the configured origins', async () => {
    await withEnv({ CORS_ORIGINS: 'https://console.example.cn,https://ops.example.cn' }, async (app) => {
      const allowed = await request(app.getHttpServer())
        .options('/api/cases')
        .set('Origin', 'https://ops.example.cn')
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://ops.example.cn');
      expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');

      const other = await request(app.getHttpServer()).get('/api/health').set('Origin', 'https://evil.example.com');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
    // Without the setting no origin is allowed: the console is served from the API's own origin.
    await withEnv({}, async (app) => {
      const res = await request(app.getHttpServer()).get('/api/health').set('Origin', 'https://console.example.cn');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('refuses CORS_ORIGINS that are not origins, naming the setting', async () => {
    await expect(withEnv({ CORS_ORIGINS: 'console.example.cn' }, async () => undefined)).rejects.toThrow(
      /CORS_ORIGINS/,
    );
  });

  it('limits sign-in attempts per client address, with Retry-After, and other addresses go on', async () => {
    await withEnv({ SIGN_IN_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' }, async (app) => {
      const signIn = (ip: string) =>
        request(app.getHttpServer())
          .post('/api/auth/local/sign-in')
          .set('X-Forwarded-For', ip)
          .send({ username: 'zhangwei' });
      for (let i = 0; i < 3; i += 1) await signIn('203.0.113.7').expect(200);
      const refused = await signIn('203.0.113.7').expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await signIn('203.0.113.8').expect(200);
      // Other endpoints are not limited by sign-in's budget.
      await request(app.getHttpServer()).get('/api/health').set('X-Forwarded-For', '203.0.113.7').expect(200);
    });
    // Without a trusted proxy in front, X-Forwarded-For is the client's own word: it must not buy more attempts.
    await withEnv({ SIGN_IN_RATE_LIMIT: '3' }, async (app) => {
      const signIn = (ip: string) =>
        request(app.getHttpServer())
          .post('/api/auth/local/sign-in')
          .set('X-Forwarded-For', ip)
          .send({ username: 'zhangwei' });
      for (let i = 0; i < 3; i += 1) await signIn(`198.51.100.${i}`).expect(200);
      await signIn('198.51.100.99').expect(429);
    });
  });

  it('never answers with a stack trace and never logs a secret', async () => {
    const logger = new KeepingLogger({ json: false });
    const secrets = [process.env.VERITY_DATA_KEY!, process.env.AUTH_JWT_SECRET!];
    await withEnv(
      {},
      async (app) => {
        const server = app.getHttpServer();
        const answers = [
          await request(server).get('/api/cases/not-a-uuid').set('Authorization', bearer('compliance')),
          await request(server).get('/api/cases').set('Authorization', 'Bearer not.a.token'),
          await request(server)
            .post('/api/policies')
            .set('Authorization', bearer('intake'))
            .set('Content-Type', 'application/json')
            .send('{"policyNumber":'),
          await request(server).post('/api/auth/local/sign-in').send({ username: 'nobody' }),
        ];
        for (const res of answers) {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
          expect(res.text).not.toMatch(/node_modules|\/apps\/api\//);
        }
      },
      logger,
    );
    expect(logger.lines.length).toBeGreaterThan(0); // the boot was logged, so the check below looked at something
    for (const line of logger.lines) for (const secret of secrets) expect(line).not.toContain(secret);
    const password = new URL(process.env.DATABASE_URL!).password;
    if (password) for (const line of logger.lines) expect(line).not.toContain(password);
  });
});
