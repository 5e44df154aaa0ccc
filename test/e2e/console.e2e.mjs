// DRAFT — browser end-to-end run of the web console against a real stack (issue 9, "Show it"). It needs what the
// API does not have yet: the demo branch (seeded cases), GET /api/auth/local/users and POST /api/auth/local/sign-in.
//   VERITY_URL=http://127.0.0.1:3000 node test/e2e/console.e2e.mjs
// Drives Debian's chromium headless through playwright-core; screenshots go to test/artifacts/ (ignored by git);
// axe-core checks every page for serious or critical violations. Exits 1 on the first failed step.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'test/artifacts');
const BASE = process.env.VERITY_URL ?? 'http://127.0.0.1:3000';
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

function preflight() {
  if (!CHROMIUM) throw new Error('no chromium: install it (apt-get install chromium) or set CHROMIUM_PATH');
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  } catch {
    /* fontconfig missing */
  }
  if (!fonts.trim())
    throw new Error(
      'no CJK font: Chinese would render as boxes (apt-get install fonts-wqy-microhei or fonts-noto-cjk)',
    );
}

const failures = [];
const report = [];

async function check(page, name) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  report.push(`${name}: ${bad.length} serious/critical`);
  if (bad.length) failures.push(`${name}: axe ${bad.map((v) => v.id).join(', ')}`);
}

async function signIn(page, roleLabel) {
  await page.evaluate(() => sessionStorage.clear()).catch(() => {});
  await page.goto(`${BASE}/login`);
  await page
    .getByRole('button', { name: new RegExp(roleLabel) })
    .first()
    .click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function main() {
  preflight();
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await ctx.newPage();

    await page.goto(`${BASE}/login`);
    await page.getByText('渠道内勤').first().waitFor();
    await check(page, 'login');

    // A back-office user claims a case, uploads a customer confirmation and a signed report, submits.
    await signIn(page, '渠道内勤');
    await check(page, 'tasks');
    await page
      .getByRole('link', { name: /^case-/ })
      .first()
      .click();
    await page.getByRole('button', { name: '认领' }).click();
    await page.getByRole('button', { name: '提交调查结果' }).waitFor();
    const caseUrl = page.url();
    for (const [type, file] of [
      ['客户确认书', 'confirmation.pdf'],
      ['调查报告（签名）', 'report.pdf'],
    ]) {
      await page.getByLabel('证据类型').click();
      await page.getByTitle(type).click();
      const tmp = path.join(OUT, file);
      writeFileSync(tmp, `%PDF-1.4 ${file}`);
      await page.locator('input[type=file]').setInputFiles(tmp);
      await page.getByText(file).waitFor();
    }
    await page.getByRole('button', { name: '校验签名' }).last().click();
    await page.getByText(/签名有效/).waitFor();
    await check(page, 'case');
    await page.getByRole('button', { name: '提交调查结果' }).click();
    await page.getByLabel('调查结果').click();
    await page.getByTitle('核实无误').click();
    await page.getByLabel('调查结论').fill('客户电话核实无误');
    await page.getByRole('button', { name: '提 交' }).click();
    await page.getByText('待审批').first().waitFor();

    // A compliance user approves; the case shows closed (and counted on the dashboard).
    await signIn(page, '分公司合规');
    await page.goto(`${BASE}/approvals`);
    await check(page, 'approvals');
    await page.goto(caseUrl);
    await page.getByRole('button', { name: '审批通过' }).click();
    await page.getByRole('button', { name: '提 交' }).click();
    await page.getByText('已结案').first().waitFor();
    await page.goto(`${BASE}/dashboard`);
    await page.getByText('调查时效达标率').waitFor();
    await check(page, 'dashboard');

    // The demo's overdue case shows as escalated.
    await page.goto(`${BASE}/cases?escalated=true`);
    await page.getByText('已升级').first().waitFor();
    await check(page, 'cases');

    // An approver who investigated sees approve disabled with the reason (the demo's case waiting for approval
    // was investigated by a compliance user — the seed must plant it).
    await page.goto(`${BASE}/cases?state=PENDING_APPROVAL`);
    await page
      .getByRole('link', { name: /^case-/ })
      .first()
      .click();
    const approve = page.getByRole('button', { name: '审批通过' });
    if (!(await approve.isDisabled())) failures.push('approve is enabled for an investigator');
    await page.getByText(/您参与了本案调查/).waitFor();

    for (const p of ['detection', 'imports', 'calendar', 'sellers']) {
      await page.goto(`${BASE}/${p}`);
      await check(page, p);
    }
    await signIn(page, '客户服务');
    await page.goto(`${BASE}/distribution`);
    await check(page, 'distribution');
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
  } finally {
    await browser.close();
  }
  console.log(report.join('\n'));
  console.log(failures.length ? `FAILED:\n  ${failures.join('\n  ')}` : 'console e2e: passed');
  process.exit(failures.length ? 1 : 0);
}

main();
