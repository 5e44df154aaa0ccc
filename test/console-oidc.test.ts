import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApi } from './support';
import { launchBrowser, screenshotAndAudit } from './support/browser';
import { startOidcIssuer, type TestIssuer } from './support/oidc-issuer';

/**
 * Production sign-in in a real browser: the API configured with an identity provider (a small one on loopback,
 * test/support/oidc-issuer.ts), serving the built console (dist/web; `npm run build` first). The console discovers
 * the issuer, sends the browser there with a PKCE challenge, exchanges the code at /auth/callback and calls the
 * API with the access token. Tampering with the state or the verifier on the way ends the sign-in with no session.
 */

const CLIENT_ID = 'verity-console';
const AUDIENCE = 'verity-api';
const VARS = ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_OIDC_CLIENT_ID'] as const;

/** The browser's sessionStorage, typed without the DOM library (the tests compile for node). */
type InPage = { sessionStorage: { getItem(key: string): string | null; clear(): void } };

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describe('the console signs in through the identity provider', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));

  const session = async (): Promise<{ token: string; username: string; displayName: string } | null> => {
    const raw = await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('verity.session'));
    return raw ? JSON.parse(raw) : null;
  };
  const signInButton = () => page.getByRole('button', { name: '通过统一身份认证登录' });

  /** A fresh tab state on the sign-in page, signed out. */
  async function signedOut(path = '/login'): Promise<void> {
    await page.goto(`${base}/login`);
    await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.clear());
    await page.goto(`${base}${path}`);
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    issuer = await startOidcIssuer({
      clientId: CLIENT_ID,
      audience: AUDIENCE,
      user: { sub: 'zhangwei', name: '张伟', role: 'back_office', branches: ['GZ01'], channels: ['agency'] },
    });
    // startApi reads the environment when it builds the app; restored in afterAll.
    Object.assign(process.env, {
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_ISSUER: issuer.url,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_OIDC_CLIENT_ID: CLIENT_ID,
    });
    app = await startApi();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    issuer.redirectUris.add(`${base}/auth/callback`);
    issuer.logoutRedirectUris.add(`${base}/login`);
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await issuer?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('offers one sign-in button, in Chinese and in English, and no demo users', async () => {
    await signedOut();
    await signInButton().waitFor();
    await expect(page.getByRole('button', { name: /以此身份登录/ }).count()).resolves.toBe(0);
    expect(await screenshotAndAudit(page, 'login-oidc')).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign in with single sign-on' }).waitFor();
    await page.getByRole('button', { name: /^中\s*文$/ }).click(); // antd spaces two CJK characters
    await signInButton().waitFor();
  });

  it('signs a back-office clerk in with PKCE and lands on 我的任务, calling the API with the access token', async () => {
    await signedOut();
    const before = issuer.tokenRequests.length;
    await signInButton().click();
    await page.waitForURL(`${base}/tasks`);
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    await page.getByText('张伟（渠道内勤）').waitFor();

    const authorize = issuer.authorizeRequests.at(-1)!;
    expect(Object.fromEntries(authorize)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${base}/auth/callback`,
      scope: 'openid profile',
      code_challenge_method: 'S256',
    });
    expect(authorize.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issuer.tokenRequests.slice(before)).toEqual([{ ok: true }]);

    // The access token (for the API, with the role), not the ID token (for the console), named by the ID token.
    const s = (await session())!;
    expect(claimsOf(s.token)).toMatchObject({ aud: AUDIENCE, sub: 'zhangwei', role: 'back_office', iss: issuer.url });
    expect(s).toMatchObject({ username: 'zhangwei', displayName: '张伟' });
    const tasks = await fetch(`${base}/api/me/tasks`, { headers: { Authorization: `Bearer ${s.token}` } });
    expect(tasks.status).toBe(200);
    // The API's verifier checks the issuer's signature: the same token with a raised role is refused.
    const [head, , sig] = s.token.split('.');
    const raised = Buffer.from(JSON.stringify({ ...claimsOf(s.token), role: 'admin' })).toString('base64url');
    const forged = await fetch(`${base}/api/staff`, { headers: { Authorization: `Bearer ${head}.${raised}.${sig}` } });
    expect(forged.status).toBe(401);
  });

  it('returns to the page that asked for sign-in', async () => {
    await signedOut('/cases?state=OPEN');
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/cases?state=OPEN');
    await signInButton().click();
    await page.waitForURL(`${base}/cases?state=OPEN`);
  });

  it('refuses an answer whose state was changed on the way, without asking for a token', async () => {
    await signedOut();
    const before = issuer.tokenRequests.length;
    // The issuer's redirect, rewritten in flight: a code delivered with a state this tab did not send.
    await page.route(`${issuer.url}/authorize?**`, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      const back = new URL(answer.headers().location);
      back.searchParams.set('state', 'forged-state');
      await route.fulfill({ status: 302, headers: { Location: back.toString() } });
    });
    try {
      await signInButton().click();
      await page.waitForURL((u) => u.pathname === '/auth/callback');
      await page.getByText('登录回调与本页发起的请求不符（state 不一致），已拒绝').waitFor();
    } finally {
      await page.unroute(`${issuer.url}/authorize?**`);
    }
    expect(issuer.tokenRequests.length).toBe(before);
    await expect(session()).resolves.toBeNull();
    // The attempt is spent: reloading the callback does not retry it.
    await page.reload();
    await page.getByText(/没有进行中的登录/).waitFor();
    await page.getByRole('link', { name: '重新登录' }).click();
    await signInButton().waitFor();
  });

  it('is refused by the token endpoint when the PKCE verifier is not the one the challenge was made from', async () => {
    await signedOut();
    const before = issuer.tokenRequests.length;
    await page.route(`${issuer.url}/token`, async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      form.set('code_verifier', `${form.get('code_verifier')!.slice(0, -1)}x`);
      await route.continue({ postData: form.toString() });
    });
    try {
      await signInButton().click();
      await page.getByText(/换取令牌失败：HTTP 400 invalid_grant/).waitFor();
    } finally {
      await page.unroute(`${issuer.url}/token`);
    }
    expect(issuer.tokenRequests.slice(before)).toEqual([
      { ok: false, reason: 'PKCE verifier does not match the challenge' },
    ]);
    await expect(session()).resolves.toBeNull();
  });

  it("signs out through the issuer's end-session endpoint, back to the sign-in page", async () => {
    await signedOut();
    await signInButton().click();
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    const before = issuer.logouts.length;
    await page.getByRole('button', { name: /^退\s*出$/ }).click();
    await page.waitForURL(`${base}/login`);
    await signInButton().waitFor();
    const logout = issuer.logouts[before];
    expect(logout.get('client_id')).toBe(CLIENT_ID);
    expect(logout.get('post_logout_redirect_uri')).toBe(`${base}/login`);
    expect(claimsOf(logout.get('id_token_hint')!)).toMatchObject({ aud: CLIENT_ID, sub: 'zhangwei' });
    await expect(session()).resolves.toBeNull();
  });
});
