import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bearer, eventually, residentId } from './support';
import {
  animationsSettled,
  ARTIFACTS,
  button,
  choose,
  screenshotAndAudit,
  signInAs as signInAsUser,
  submitDialog,
} from './support/browser';
import { useSeededConsole } from './support/seeded-console';

/**
 * The console in a real browser (Debian's chromium, headless) against the real stack: the API serving the built
 * console from dist/web, a worker, the Temporal dev server and PostgreSQL, with the demo branch seeded through the
 * API. Every page is screenshotted into test/artifacts/ and checked by axe-core (no serious or critical violation).
 */
describe('the console in a browser, on the seeded demo branch', () => {
  let browser: Browser;
  let page: Page;
  let base: string;
  const violations: Record<string, string[]> = {};
  /** The case the back-office test submits and the compliance test approves. */
  let sharedCaseId: string;

  /** Screenshot and accessibility check of the page as it is now; the violations are asserted per page. */
  async function audit(name: string): Promise<void> {
    violations[name] = await screenshotAndAudit(page, name);
    expect({ page: name, violations: violations[name] }).toEqual({ page: name, violations: [] });
  }

  const signInAs = (name: string) => signInAsUser(page, base, name);

  async function api<T>(method: string, url: string, auth: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: { Authorization: auth } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${base}/api${url}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  interface CaseRow {
    caseId: string;
    state: string;
    channel: string;
    escalated: boolean;
    assigneeId: string | null;
  }
  const compliance = () => bearer('compliance', { user: 'chenjing', branches: ['GZ01'] });
  const listCases = async (query: string) =>
    (await api<{ items: CaseRow[] }>('GET', `/cases?pageSize=100&${query}`, compliance())).items;

  const stack = useSeededConsole('console-browser', 'end-of-test');
  beforeAll(() => {
    ({ browser, page, base } = stack);
  });

  it('shows the local sign-in page with the demo users by role, in Chinese', async () => {
    await page.goto(`${base}/login`);
    for (const role of [
      '渠道内勤',
      '业务团队负责人',
      '客户服务',
      '分公司合规',
      '渠道管理',
      '综合办公室',
      '审计',
      '系统管理员',
    ])
      await page.getByText(role, { exact: true }).first().waitFor();
    await audit('login');
  });

  it('lets a back-office clerk claim a case, upload a confirmation and a signed report, and submit it', async () => {
    const [target] = await listCases('state=DISTRIBUTED&channel=agency');
    expect(target).toBeDefined();
    await signInAs('张伟');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    await audit('tasks');

    await page.getByRole('link', { name: target.caseId }).first().click();
    await page.getByRole('button', button('认领')).click();
    await page.getByRole('button', { name: '提交调查结果' }).waitFor();
    for (const [type, file] of [
      ['客户确认书', 'confirmation.pdf'],
      ['调查报告（签名）', 'report.pdf'],
    ]) {
      await choose(page, '证据类型', type);
      const upload = path.join(ARTIFACTS, file);
      writeFileSync(upload, `%PDF-1.4\n% ${file}\n%%EOF\n`);
      await page.locator('input[type=file]').setInputFiles(upload);
      await page.getByRole('row').filter({ hasText: file }).waitFor();
    }
    const reportRow = page.getByRole('row').filter({ hasText: 'report.pdf' });
    await reportRow.getByRole('button', { name: '校验签名' }).click();
    await reportRow.getByText(/签名有效（zhangwei）/).waitFor();
    await audit('case');

    await page.getByRole('button', { name: '提交调查结果' }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, '调查结果', '核实无误');
    await dialog.getByLabel('调查结论').fill('电话回访：共用号码为客户家人所有，客户已签字确认。');
    await submitDialog(page);
    await page.getByText('待审批').first().waitFor();
    await eventually(
      () => listCases('state=PENDING_APPROVAL'),
      (cases) => cases.some((c) => c.caseId === target.caseId),
      { what: `${target.caseId} pending approval` },
    );
    sharedCaseId = target.caseId;
  });

  it('lets compliance approve it from the approval queue, and the dashboard counts it closed', async () => {
    expect(sharedCaseId).toBeDefined();
    await signInAs('陈静');
    await page.goto(`${base}/dashboard`);
    const openCard = page.locator('.ant-statistic').filter({ hasText: '未结' });
    // The open count as the seed left it (its conduct and sanctions parts close and open cases too).
    const openBefore = (await listCases('')).filter((c) => c.state !== 'CLOSED').length;
    await openCard.getByText(String(openBefore), { exact: true }).waitFor();

    await page.goto(`${base}/approvals`);
    const card = page.locator('.ant-card').filter({ has: page.getByRole('link', { name: sharedCaseId }) });
    await card.waitFor();
    await audit('approvals');
    await card.getByRole('button', { name: '审批通过' }).click();
    await submitDialog(page);
    await card.waitFor({ state: 'detached' });

    await page.goto(`${base}/cases/${encodeURIComponent(sharedCaseId)}`);
    await page.getByText('已结案').first().waitFor();
    await page.goto(`${base}/dashboard`);
    await openCard.getByText(String(openBefore - 1), { exact: true }).waitFor();
    await page.getByText('调查时效达标率（按周）').first().waitFor();
    await audit('dashboard');
  });

  it('shows the overdue case as escalated', async () => {
    await signInAs('陈静');
    const [overdue] = await listCases('escalated=true');
    expect(overdue).toBeDefined();
    await page.goto(`${base}/cases?escalated=true`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: overdue.caseId }) });
    await row.getByText('已升级').first().waitFor();
    await audit('cases');
    await row.getByRole('link', { name: overdue.caseId }).click();
    await page.getByText('已升级').first().waitFor();
  });

  it('disables approve, with the reason, for an approver who took part in the investigation', async () => {
    await signInAs('陈静');
    // The demo's claimed agency case: compliance reassigns it to herself (she becomes an investigator), then
    // customer service takes it over, attaches the evidence and submits it.
    const claimed = (await listCases('state=INVESTIGATING&channel=agency')).find((c) => !c.escalated);
    expect(claimed).toBeDefined();
    const id = claimed!.caseId;
    const cs = bearer('customer_service', { user: 'liuyang', branches: ['GZ01'] });
    await api('POST', `/cases/${id}/reassign`, compliance(), { assigneeId: 'chenjing', reason: '合规亲自核查' });
    await api('POST', `/cases/${id}/take-over`, cs, { reason: '回访中发现问题，由客服接手' });
    for (const type of ['customer_confirmation', 'investigation_report']) {
      const form = new FormData();
      form.append('type', type);
      form.append('file', new Blob([`%PDF-1.4\n% ${type}\n%%EOF\n`], { type: 'application/pdf' }), `${type}.pdf`);
      await api('POST', `/cases/${id}/evidence`, cs, form);
    }
    await api('POST', `/cases/${id}/submit`, cs, { outcome: 'CLEARED', summary: '客户确认号码为本人所有。' });

    await signInAs('陈静');
    await page.goto(`${base}/cases/${encodeURIComponent(id)}`);
    await page.getByText(/您参与了本案调查/).waitFor();
    await expect(page.getByRole('button', { name: '审批通过' }).isDisabled()).resolves.toBe(true);
    await audit('four-eyes');

    // The approval queue says the same on the case's card: both steps disabled, the reason beside them.
    await page.goto(`${base}/approvals`);
    const card = page.locator('.ant-card').filter({ has: page.getByRole('link', { name: id }) });
    await card
      .getByText(/您参与了本案调查/)
      .first()
      .waitFor();
    await expect(card.getByRole('button', { name: '审批通过' }).isDisabled()).resolves.toBe(true);
    await expect(card.getByRole('button', { name: /退\s*回/ }).isDisabled()).resolves.toBe(true);
    await audit('approvals-four-eyes');
  });

  it('is readable on a tablet: no sideways scrolling, the menu folds away', async () => {
    const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'zh-CN' });
    tablet.setDefaultTimeout(120_000);
    const main = page;
    try {
      page = await tablet.newPage();
      await signInAs('张伟');
      const [one] = await listCases('channel=agency&state=INVESTIGATING');
      for (const [name, pathname] of [
        ['tablet-tasks', '/tasks'],
        ['tablet-cases', '/cases'],
        ['tablet-case', `/cases/${encodeURIComponent(one.caseId)}`],
      ]) {
        await page.goto(`${base}${pathname}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
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

  it('renders every other page without an accessibility violation', async () => {
    await signInAs('吴刚');
    for (const [pathname, heading] of [
      ['/detection', '检测运行'],
      ['/imports', '导入投保单'],
      ['/calendar', '工作日历'],
      ['/sellers', '销售人员与代理机构'],
    ]) {
      await page.goto(`${base}${pathname}`);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await audit(pathname.slice(1));
    }
    await signInAs('刘洋');
    await page.goto(`${base}/distribution`);
    await page.getByRole('heading', { name: '当日可疑清单分发' }).first().waitFor();
    await audit('distribution');
  });

  it('lists the directory for a channel manager, filters the unqualified, and opens a seller in a drawer', async () => {
    // A seller registered without the test date: the list tags them, the drawer shows their ID number masked.
    const manager = bearer('channel_manager', { user: 'yangmin', branches: ['GZ01'] });
    const newcomerId = residentId('1996-05-18', 'M', 31);
    await api('POST', '/sellers', manager, {
      code: 'GZA900',
      name: '赵新人',
      kind: 'agent',
      channel: 'agency',
      branchCode: 'GZ01',
      idType: 'RESIDENT_ID',
      idNumber: newcomerId,
    });
    await signInAs('杨敏');
    await page.goto(`${base}/sellers`);
    await page.getByRole('heading', { name: '销售人员与代理机构' }).waitFor();
    const row = (code: string) => page.getByRole('row').filter({ has: page.getByRole('button', { name: code }) });
    await row('GZA001').waitFor();
    await row('GZA900').getByText('未通过填单测试').waitFor();
    await page.getByRole('button', { name: '新增销售人员' }).waitFor();
    await audit('sellers-manager');

    await page.getByLabel('只看未通过填单测试的').check();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL((u) => u.searchParams.get('unqualified') === 'true');
    await row('GZA900').waitFor();
    await row('GZA001').waitFor({ state: 'detached' });

    await row('GZA900').getByText('赵新人').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(`${newcomerId.slice(0, 3)}***********${newcomerId.slice(-4)}`, { exact: false }).waitFor();
    await animationsSettled(page); // the drawer has slid in
    await audit('sellers-drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // The radio input itself is transparent over its label; the label is what a person clicks.
    await page.locator('.ant-radio-button-wrapper').filter({ hasText: '代理机构' }).click();
    await page.waitForURL((u) => u.searchParams.get('kind') === 'agencies');
    await row('AG-MINGYA').waitFor();
    await expect(page.getByLabel('只看未通过填单测试的').count()).resolves.toBe(0);
    await audit('agencies');
  });
});
