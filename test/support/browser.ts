import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { pollUntil } from '../../scripts/lib/poll.cjs';
import { aptInstall } from './debian-packages';

/**
 * A real browser for the console's end-to-end suites: Debian's chromium, headless, driven by playwright-core.
 * Chinese renders only with a CJK font, so a missing browser or font is installed with apt-get when this machine
 * allows it (root, Debian); otherwise the suite fails saying what to install.
 */

export const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function findChromium(): string | undefined {
  return process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p));
}

function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false; // no fontconfig: no font either
  }
}

/** The browser's path, once chromium and a CJK font are present (installing what is missing). */
export function ensureBrowser(): string {
  const missing: string[] = [];
  if (!findChromium()) missing.push('chromium');
  if (!hasCjkFont()) missing.push('fonts-wqy-microhei');
  if (missing.length) {
    const why = aptInstall(missing, 'the browser tests');
    if (why)
      throw new Error(`the browser tests need ${missing.join(' and ')} (${why}): apt-get install ${missing.join(' ')}`);
  }
  const found = findChromium();
  if (!found) throw new Error('chromium is still missing: install it, or set CHROMIUM_PATH');
  if (!hasCjkFont()) throw new Error('no CJK font: Chinese would render as boxes (apt-get install fonts-wqy-microhei)');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = ensureBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** axe-core's serious and critical violations on the page as it is now, after a full-page screenshot of it. */
export async function screenshotAndAudit(page: Page, name: string): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A button's accessible name: antd spaces out a two-character Chinese label (认 领). */
export const button = (label: string) => ({ name: new RegExp(`^${[...label].join('\\s*')}$`) });

/**
 * Submits a step's dialog and waits until it closes. A refusal the dialog shows (a 409, a 504 from a step still
 * pending) fails the test with its own text, instead of a timeout on whatever the test waits for next.
 */
export async function submitDialog(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', button('提交')).click();
  const refusal = dialog.locator('.ant-alert-error');
  const refused = await Promise.race([
    dialog.waitFor({ state: 'hidden' }).then(
      () => null,
      () => null,
    ),
    refusal.waitFor().then(
      () => refusal.innerText(),
      () => null,
    ),
  ]);
  if (refused !== null) throw new Error(`the dialog refused the step: ${refused}`);
}

/**
 * Picks an option of the antd select with this label, until the select shows it: under load a click can land
 * while the list is still opening and choose nothing (seen once in CI: the submit dialog kept an empty outcome).
 */
export async function choose(scope: Page | Locator, label: string, value: string): Promise<void> {
  // The open list is a popup of the page's (the select itself also carries the chosen option's title).
  const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : (scope as Page);
  await pollUntil(
    async () => {
      await scope.getByLabel(label).click();
      await page
        .locator(`.ant-select-item-option[title="${value}"]`)
        .click({ timeout: 10_000 })
        .catch(() => undefined); // not chosen: the check below says so, and the next round tries again
      return scope.locator(`.ant-select-content[title="${value}"]`).count();
    },
    (shown) => shown > 0,
    { what: `${label} set to ${value}` },
  );
}

/** Signs in from the local sign-in page as the demo user with this Chinese name. */
export async function signInAs(page: Page, base: string, name: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.evaluate('sessionStorage.clear()'); // runs in the page, whose globals the test's types lack
  await page.goto(`${base}/login`);
  await page.getByRole('button', { name: new RegExp(`以此身份登录：.*${name}`) }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Waits until the page runs no animation (a drawer has slid in). Polled with page.evaluate, which the console's
 * content security policy allows, where page.waitForFunction evaluates its predicate with eval inside the page and
 * is refused by `script-src 'self'`.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await pollUntil(
    () => page.evaluate('document.getAnimations().length') as Promise<number>,
    (running: number) => running === 0,
    { what: 'animations to finish' },
  );
}
