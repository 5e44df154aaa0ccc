import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo } from '../../apps/api/src/demo/demo-seed';
import { loadEnv } from '../../libs/config/src';
import { ARTIFACTS, launchBrowser } from './browser';
import { startApi, startWorker, useOwnNamespace, useOwnTaskQueue } from './servers';

/** What a browser suite on the seeded demo branch works with, once the suite's beforeAll hooks have run. */
export interface SeededConsole {
  base: string;
  browser: Browser;
  page: Page;
}

/**
 * The hooks of a console browser suite on the seeded demo branch: the browser first (a missing browser or font fails
 * fast, before the stack starts), the API listening on a free port and serving the built console, a worker, the demo
 * seeded through the API in the suite's own Temporal namespace (the demo-seeding suites plant the same records), and
 * a zh-CN page at 1366×900; the page as each test ended is screenshotted into test/artifacts/ as
 * `<endOfTestPrefix>-<n>.png`; everything is stopped after the suite.
 */
export function useSeededConsole(
  namespace: Parameters<typeof useOwnNamespace>[0],
  endOfTestPrefix: string,
): SeededConsole {
  const stack = {} as SeededConsole;
  let context: BrowserContext | undefined;
  let app: Awaited<ReturnType<typeof startApi>> | undefined;
  let worker: { stop: () => Promise<void> } | undefined;
  let restoreNamespace: (() => void) | undefined;

  beforeAll(async () => {
    stack.browser = await launchBrowser();
    const queue = useOwnTaskQueue();
    restoreNamespace = useOwnNamespace(namespace);
    app = await startApi();
    await app.listen(0, '127.0.0.1');
    stack.base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    worker = await startWorker(queue);
    await seedDemo(stack.base, loadEnv());
    context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    // Every step is real work on a 2-core machine shared with other suites: wait for it, not for a fixed time.
    context.setDefaultTimeout(120_000);
    stack.page = await context.newPage();
  });

  let testNumber = 0;
  afterEach(async () => {
    testNumber += 1;
    await stack.page
      ?.screenshot({ path: path.join(ARTIFACTS, `${endOfTestPrefix}-${testNumber}.png`) })
      .catch(() => undefined);
  });

  afterAll(async () => {
    await context?.close();
    await stack.browser?.close();
    await worker?.stop();
    await app?.close();
    restoreNamespace?.();
  });
  return stack;
}
