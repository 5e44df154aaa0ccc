import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_CAMPAIGN_SELLER } from '../apps/api/src/demo/demo-conduct';
import { demoData } from '../apps/api/src/demo/demo-data';
import { localDateOf } from '../libs/domain/src/calendar/working-calendar';
import { bearer, eventually } from './support';
import { animationsSettled, ARTIFACTS, button, screenshotAndAudit, signInAs as signInAsUser } from './support/browser';
import { useSeededConsole } from './support/seeded-console';

/**
 * Complaints (投诉) and re-check campaigns (复核) in a real browser against the real stack, on the seeded demo
 * branch (which has a campaign of its own already): customer service registers two mis-selling complaints against
 * another seller, compliance verifies both, the campaign they start appears with its progress, and customer
 * service records one re-check from 我的任务 and sees the progress move. Every new page is screenshotted into
 * test/artifacts/ and checked by axe-core (no serious or critical violation), some at the tablet size too.
 */
describe('complaints and re-checks in the console, on the seeded demo branch', () => {
  let browser: Browser;
  let page: Page;
  let base: string;

  /** The seller the suite complains about: not the demo's, with the policies the demo data gives them. */
  const SELLER = 'GZI001';
  const policies = demoData(localDateOf(new Date().toISOString()))
    .applications.filter((a) => a.sellerCode === SELLER)
    .map((a) => a.policyNumber);
  /** The campaign the two complaints start, once it appears. */
  let campaignId: string;

  async function audit(name: string): Promise<void> {
    const violations = await screenshotAndAudit(page, name);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  /** Waits until the open drawer or dialog has slid in, so the screenshot and axe see it whole. */
  const settled = () => animationsSettled(page);

  const signInAs = (name: string) => signInAsUser(page, base, name);

  interface CampaignRow {
    campaignId: string;
    subjectCode: string;
    tasks: { total: number; open: number };
  }
  const campaignsOf = async (seller: string): Promise<CampaignRow[]> => {
    const res = await fetch(`${base}/api/campaigns?subjectKind=seller&subjectCode=${seller}`, {
      headers: { Authorization: bearer('compliance', { user: 'chenjing', branches: ['GZ01'] }) },
    });
    if (!res.ok) throw new Error(`GET /campaigns: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { items: CampaignRow[] }).items;
  };

  /** Reloads the page until `target` shows (the workflow writes in the background; the page reads on load). */
  async function reloadUntil(target: Locator, what: string): Promise<void> {
    await eventually(
      async () => {
        await page.reload();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        return target
          .first()
          .waitFor({ timeout: 2_000 })
          .then(() => true)
          .catch(() => false);
      },
      (shown) => shown,
      { what, timeoutMs: 120_000 },
    );
  }

  const stack = useSeededConsole('console-conduct', 'conduct-end-of-test');
  beforeAll(() => {
    ({ browser, page, base } = stack);
  });

  it('lets customer service register two mis-selling complaints, with attachments, and not verify its own', async () => {
    expect(policies.length).toBeGreaterThan(2);
    expect(await campaignsOf(SELLER)).toEqual([]);
    await signInAs('刘洋');
    await page.goto(`${base}/complaints`);
    await page.getByRole('heading', { name: '投诉' }).waitFor();
    // The demo's: two verified against its seller, one waiting.
    await page
      .getByRole('row')
      .filter({ hasText: DEMO_CAMPAIGN_SELLER })
      .getByText('属实', { exact: true })
      .first()
      .waitFor();
    await page.getByText('待核实', { exact: true }).first().waitFor();
    await audit('complaints');

    for (const [i, policyNumber] of policies.slice(0, 2).entries()) {
      await page.getByRole('button', { name: '登记投诉' }).click();
      const dialog = page.getByRole('dialog', { name: '登记投诉' });
      await dialog.getByLabel('销售人员代码').fill(SELLER);
      await dialog.getByLabel('保单号').fill(policyNumber);
      await dialog.getByText('销售误导', { exact: true }).click();
      await dialog.getByText(i === 0 ? '电话' : '网络', { exact: true }).click();
      await dialog.getByLabel('投诉内容').fill(`客户称销售人员夸大收益、未说明退保损失（第 ${i + 1} 起）。`);
      const file = path.join(ARTIFACTS, `complaint-${i + 1}.pdf`);
      writeFileSync(file, `%PDF-1.4\n% complaint ${i + 1}\n%%EOF\n`);
      await dialog.locator('input[type=file]').setInputFiles(file);
      await dialog.getByText(`complaint-${i + 1}.pdf`).waitFor();
      if (i === 0) {
        await settled();
        await audit('complaint-register');
      }
      await dialog.getByRole('button', button('提交')).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: `查看投诉 ${policyNumber}` }).waitFor();
    }

    // Four eyes, shown: the registrant's verify button is disabled, with the reason beside it.
    await page.getByRole('button', { name: `查看投诉 ${policies[0]}` }).click();
    const drawer = page.getByRole('dialog', { name: '投诉详情' });
    await drawer.getByText('complaint-1.pdf').waitFor();
    await drawer.getByText('此投诉由您（liuyang）登记，须由他人核实').first().waitFor();
    await expect(drawer.getByRole('button', button('核实')).isDisabled()).resolves.toBe(true);
    await settled();
    await audit('complaint-drawer');
  });

  it('lets compliance verify both; the second starts a re-check campaign', async () => {
    await signInAs('陈静');
    await page.goto(`${base}/complaints?subjectCode=${SELLER}&status=PENDING`);
    for (const policyNumber of policies.slice(0, 2)) {
      await page.getByRole('button', { name: `查看投诉 ${policyNumber}` }).click();
      const drawer = page.getByRole('dialog', { name: '投诉详情' });
      await drawer.getByRole('button', button('核实')).click();
      const dialog = page.getByRole('dialog', { name: '记录核实结论' });
      await dialog.getByText('属实', { exact: true }).click();
      await dialog.getByLabel('核实说明').fill('调取双录录像与通话录音，确认销售误导。');
      if (policyNumber === policies[0]) {
        await settled();
        await audit('complaint-verify');
      }
      await dialog.getByRole('button', button('提交')).click();
      await dialog.waitFor({ state: 'hidden' });
      await drawer.getByText('chenjing', { exact: false }).first().waitFor();
      if (policyNumber === policies[1]) await drawer.getByRole('link', { name: SELLER }).waitFor();
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
    }
    const [campaign] = await eventually(
      () => campaignsOf(SELLER),
      (list) => list.length === 1,
      { what: `the campaign of ${SELLER}`, timeoutMs: 120_000 },
    );
    campaignId = campaign.campaignId;
  });

  it('shows the campaign on 复核 with its progress, and its tasks', async () => {
    expect(campaignId).toBeDefined();
    await page.goto(`${base}/campaigns`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `查看复核 ${SELLER}` }) });
    await reloadUntil(row.getByText(`0/${policies.length} 已完成`), `the campaign's ${policies.length} tasks`);
    await row.getByText('进行中').waitFor();
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: `查看复核 ${DEMO_CAMPAIGN_SELLER}` }) })
      .waitFor();
    await audit('campaigns');

    await row.getByRole('link', { name: `查看复核 ${SELLER}` }).click();
    await page.getByRole('heading', { name: `复核 · 销售人员 ${SELLER}` }).waitFor();
    await page.getByRole('row').filter({ hasText: policies[0] }).getByText('待复核').waitFor();
    await audit('campaign');
  });

  it('lets customer service record a re-check from 我的任务, and the progress moves', async () => {
    expect(campaignId).toBeDefined();
    await signInAs('刘洋');
    await page.goto(`${base}/tasks`);
    const task = page.getByRole('row').filter({ hasText: policies[0] });
    await task.waitFor();
    await audit('tasks-recheck');

    await task.getByRole('button', { name: '记录复核' }).click();
    const dialog = page.getByRole('dialog', { name: `记录复核结果 · 保单 ${policies[0]}` });
    await dialog.getByText('客户资料（保单记录）').waitFor();
    await dialog.getByText('确认无误', { exact: true }).click();
    await dialog.getByLabel('已进行回访电话').check();
    await dialog.getByLabel('回访结果').fill('客户本人接听，确认电话、地址与账户均为本人真实信息。');
    await settled();
    await audit('recheck-dialog');
    await dialog.getByRole('button', button('提交')).click();
    await dialog.waitFor({ state: 'hidden' });
    await task.waitFor({ state: 'detached' });

    await page.goto(`${base}/campaigns?id=${encodeURIComponent(campaignId)}`);
    await page.getByText(`1/${policies.length} 已完成`).first().waitFor();
    const done = page.getByRole('row').filter({ hasText: policies[0] });
    await done.getByText('确认无误').waitFor();
    await done.getByText('liuyang').waitFor();
    const [campaign] = await campaignsOf(SELLER);
    expect(campaign.tasks).toMatchObject({ total: policies.length, open: policies.length - 1 });
  });

  it('is readable on a tablet: no sideways scrolling on the complaints, the campaign and the re-check tasks', async () => {
    expect(campaignId).toBeDefined();
    const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'zh-CN' });
    tablet.setDefaultTimeout(120_000);
    const main = page;
    try {
      page = await tablet.newPage();
      await signInAs('刘洋');
      for (const [name, pathname, ready] of [
        ['tablet-complaints', '/complaints', `查看投诉 ${policies[1]}`],
        ['tablet-campaign', `/campaigns?id=${encodeURIComponent(campaignId)}`, null],
        ['tablet-tasks-recheck', '/tasks', '记录复核'],
      ] as const) {
        await page.goto(`${base}${pathname}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        if (ready) await page.getByRole('button', { name: ready }).first().waitFor();
        else await page.getByText(`1/${policies.length} 已完成`).first().waitFor();
        const overflow = await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
        await audit(name);
      }
    } finally {
      page = main;
      await tablet.close();
    }
  });
});
