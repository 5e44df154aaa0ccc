import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { previousQuarterOf } from '../apps/api/src/demo/demo-sanctions';
import { localDateOf } from '../libs/domain/src/calendar/working-calendar';
import { bearer } from './support';
import { animationsSettled, button, choose, screenshotAndAudit, signInAs } from './support/browser';
import { useSeededConsole } from './support/seeded-console';

/**
 * The penalties and reports pages in a real browser against the real stack, on the seeded demo branch (its own
 * Temporal namespace): the general office generates, previews, downloads, files and corrects a quarterly report;
 * channel management decides the demo's penalty proposal and finds it in the seller's conduct history. Every new
 * page is screenshotted into test/artifacts/ and checked by axe-core, the reports page also on a tablet.
 */
describe('penalties and quarterly reports in a browser, on the seeded demo branch', () => {
  let browser: Browser;
  let page: Page;
  let base: string;
  /** The report the general office generates in the browser. */
  let reportId: string;

  const office = () => bearer('general_office', { user: 'huangxiuying', branches: ['GZ01'] });
  const manager = () => bearer('channel_manager', { user: 'yangmin', branches: ['GZ01'] });

  async function audit(name: string): Promise<void> {
    const violations = await screenshotAndAudit(page, `reports-suite-${name}`);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function api<T>(url: string, auth: string): Promise<T> {
    const res = await fetch(`${base}/api${url}`, { headers: { Authorization: auth } });
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Clicks a download button and returns the bytes the browser saved. */
  async function downloaded(trigger: Locator): Promise<Buffer> {
    const [file] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
    return readFileSync((await file.path())!);
  }

  /** The quarter before the demo's report (the seed made last quarter's): one nobody has generated yet. */
  const today = localDateOf(new Date().toISOString());
  const seeded = previousQuarterOf(today);
  const quarter = previousQuarterOf(
    `${seeded.slice(0, 4)}-${String(Number(seeded.slice(5)) * 3 - 2).padStart(2, '0')}-01`,
  );

  const stack = useSeededConsole('console-reports', 'reports-suite-end-of-test');
  beforeAll(() => {
    ({ browser, page, base } = stack);
  });

  it('lets the general office generate a report, preview it, download both formats (the same bytes twice) and file it', async () => {
    await signInAs(page, base, '黄秀英');
    await page.goto(`${base}/reports`);
    await page.getByRole('heading', { name: '季度报告' }).waitFor();
    // The demo's own report, last quarter's, is listed unfiled.
    const seededRow = page.getByRole('row').filter({ hasText: seeded });
    await seededRow.getByText('未报送').waitFor();
    await audit('reports');

    await page.getByRole('button', { name: '生成报告' }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, '季度', quarter);
    await dialog.getByRole('button', button('提交')).click();
    await page.waitForURL((u) => u.searchParams.has('id'));
    reportId = new URL(page.url()).searchParams.get('id')!;
    const preview = page.locator('.ant-card').filter({ hasText: `预览：${quarter} GZ01 第 1 版` });
    for (const section of ['一、提供虚假客户信息的销售人员', '四、处罚情况', '六、案件情况（按渠道与分公司）'])
      await preview.getByRole('heading', { name: section }).waitFor();
    const stored = await api<{ contentSha256: string; generatedBy: string; filedAt: string | null }>(
      `/reports/${reportId}`,
      office(),
    );
    expect(stored).toMatchObject({ generatedBy: 'huangxiuying', filedAt: null });
    await preview.getByText(stored.contentSha256).waitFor();
    await audit('report-preview');

    const xlsx = await downloaded(preview.getByRole('button', { name: '下载 Excel' }));
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await downloaded(preview.getByRole('button', { name: '下载 Excel' }))).equals(xlsx)).toBe(true);
    const pdf = await downloaded(preview.getByRole('button', { name: '下载 PDF' }));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await downloaded(preview.getByRole('button', { name: '下载 PDF' }))).equals(pdf)).toBe(true);

    await preview.getByRole('button', { name: '登记报送' }).click();
    await page.getByRole('dialog').getByRole('button', button('提交')).click();
    await preview.getByText(/报送 国家金融监督管理总局广东监管局/).waitFor();
    await expect(preview.getByRole('button', { name: '登记报送' }).count()).resolves.toBe(0);
    const filed = await api<{ filedAt: string | null; filedBy: string | null; filedTo: string | null }>(
      `/reports/${reportId}`,
      office(),
    );
    expect(filed).toMatchObject({ filedBy: 'huangxiuying', filedTo: expect.stringContaining('广东省保险行业协会') });
    expect(filed.filedAt).not.toBeNull();
  });

  it('corrects the filed report with a new version naming the one it replaces', async () => {
    expect(reportId).toBeDefined();
    await signInAs(page, base, '黄秀英');
    await page.goto(`${base}/reports?id=${reportId}`);
    const first = page.locator('.ant-card').filter({ hasText: `预览：${quarter} GZ01 第 1 版` });
    await first.getByRole('button', { name: '更正（生成新版本）' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('更正说明').fill('补录本季度一条处罚记录。');
    await dialog.getByRole('button', button('提交')).click();
    const second = page.locator('.ant-card').filter({ hasText: `预览：${quarter} GZ01 第 2 版` });
    await second.getByText('更正第 1 版').first().waitFor();
    await second.getByText('补录本季度一条处罚记录。').waitFor();
    const correctedId = new URL(page.url()).searchParams.get('id')!;
    expect(correctedId).not.toBe(reportId);
    const corrected = await api<{ version: number; replacesId: string }>(`/reports/${correctedId}`, office());
    expect(corrected).toMatchObject({ version: 2, replacesId: reportId });
    // The first version is kept, marked corrected, and can no longer be corrected itself.
    const row = page.getByRole('row').filter({ hasText: quarter }).filter({ hasText: '已被更正' });
    await row.waitFor();
  });

  it('lets channel management decide the demo proposal and shows the penalty in the seller conduct history', async () => {
    const proposals = await api<{ items: Array<{ proposalId: string; caseId: string; subjectCode: string }> }>(
      '/penalty-proposals?open=true',
      manager(),
    );
    expect(proposals.items).toHaveLength(1);
    const [proposal] = proposals.items;
    await signInAs(page, base, '杨敏');
    await page.goto(`${base}/penalties`);
    await page.getByRole('heading', { name: '处罚与移送' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: proposal.subjectCode });
    await row.waitFor();
    await audit('penalties-proposals');

    await row.getByRole('button', { name: '记录处罚决定' }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, '处罚类型', '扣减佣金');
    await dialog.getByLabel('金额（元）').fill('2000');
    await dialog.getByLabel('处罚理由').fill('代填客户联系方式，经调查确认，扣减当季佣金。');
    await dialog.getByRole('button', button('提交')).click();
    await row.waitFor({ state: 'detached' });
    const decided = await api<{ items: Array<Record<string, unknown>> }>(
      `/penalties?subjectKind=seller&subjectCode=${proposal.subjectCode}`,
      manager(),
    );
    expect(decided.items).toEqual([
      expect.objectContaining({
        kind: 'commission_deduction',
        amount: 2000,
        proposalId: proposal.proposalId,
        caseIds: [proposal.caseId],
        decidedBy: 'yangmin',
      }),
    ]);

    await page.getByRole('tab', { name: '处罚决定' }).click();
    const penalty = page.getByRole('row').filter({ hasText: proposal.subjectCode }).filter({ hasText: '扣减佣金' });
    await penalty.getByText('¥2,000.00').waitFor();
    await audit('penalties-decided');
    for (const [tab, name] of [
      ['代理机构事件', 'penalties-incidents'],
      ['合规委员会移送', 'penalties-referrals'],
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel').locator('.ant-table').waitFor();
      await audit(name);
    }
    // The demo's incident is listed, with its bank.
    await page.getByRole('tab', { name: '代理机构事件' }).click();
    await page.getByRole('row').filter({ hasText: '拒绝提供真实客户信息' }).waitFor();

    // From the penalty to the seller: the directory drawer, with the conduct history below the entry.
    await page.getByRole('tab', { name: '处罚决定' }).click();
    await penalty.getByRole('link', { name: proposal.subjectCode }).click();
    await page.waitForURL((u) => u.pathname === '/sellers' && u.searchParams.get('code') === proposal.subjectCode);
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('heading', { name: '行为记录' }).waitFor();
    await drawer.getByText('处罚（1）').waitFor();
    await drawer.getByRole('row').filter({ hasText: '扣减佣金' }).getByText('¥2,000.00').waitFor();
    await drawer.getByRole('row').filter({ hasText: '被认定责任人' }).waitFor();
    await drawer.getByText('待决定的处罚建议（0）').waitFor();
    await animationsSettled(page); // the drawer has slid in
    await audit('seller-conduct');
  });

  it('lets compliance record an agency incident, refer the seller to the committee and record its decision', async () => {
    const compliance = bearer('compliance', { user: 'chenjing', branches: ['GZ01'] });
    const [proposal] = (
      await api<{ items: Array<{ caseId: string; subjectCode: string }> }>('/penalty-proposals', compliance)
    ).items;
    expect(proposal).toBeDefined();
    await signInAs(page, base, '陈静');
    await page.goto(`${base}/penalties?tab=incidents`);
    await page.getByRole('button', { name: '记录代理机构事件' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('代理机构代码').fill('AG-MINGYA');
    await choose(dialog, '事件类型', '提供虚假客户信息');
    await dialog.getByLabel('情况说明').fill('该机构报送的客户地址与核实结果不符。');
    await dialog.getByLabel('关联案件').fill(proposal.caseId);
    await dialog.getByLabel('关联案件').press('Enter');
    await dialog.getByRole('button', button('提交')).click();
    await page.getByRole('row').filter({ hasText: 'AG-MINGYA' }).filter({ hasText: '提供虚假客户信息' }).waitFor();

    await page.getByRole('tab', { name: '合规委员会移送' }).click();
    await page.getByRole('button', { name: '移送合规委员会' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('对象代码').fill(proposal.subjectCode);
    await dialog.getByLabel('批评整改意见').fill('代填客户联系方式，责令整改并全辖通报。');
    await dialog.getByRole('button', button('提交')).click();
    const referral = page.getByRole('row').filter({ hasText: proposal.subjectCode });
    await referral.getByText('待委员会决定').waitFor();
    await referral.getByRole('button', { name: '记录委员会决定' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('委员会决定').fill('同意整改意见，取消其年度评优资格。');
    await dialog.getByRole('button', button('提交')).click();
    await referral.getByText('已决定').waitFor();
    await audit('penalties-referrals-compliance');

    const referrals = await api<{ items: Array<Record<string, unknown>> }>(
      `/referrals?subjectCode=${proposal.subjectCode}`,
      compliance,
    );
    expect(referrals.items).toEqual([
      expect.objectContaining({ status: 'DECIDED', referredBy: 'chenjing', decidedBy: 'chenjing' }),
    ]);
    const incidents = await api<{ items: Array<Record<string, unknown>> }>(
      '/agency-incidents?agencyCode=AG-MINGYA',
      compliance,
    );
    expect(incidents.items).toEqual([
      expect.objectContaining({ kind: 'provided_false_data', caseIds: [proposal.caseId], recordedBy: 'chenjing' }),
    ]);
  });

  it('is readable on a tablet: the reports page and its preview, and the penalties page, without sideways scrolling', async () => {
    expect(reportId).toBeDefined();
    const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'zh-CN' });
    tablet.setDefaultTimeout(120_000);
    const main = page;
    try {
      page = await tablet.newPage();
      await signInAs(page, base, '黄秀英');
      for (const [name, pathname, heading] of [
        ['tablet-report-preview', `/reports?id=${reportId}`, '一、提供虚假客户信息的销售人员'],
        ['tablet-penalties', '/penalties?tab=penalties', '处罚与移送'],
      ]) {
        await page.goto(`${base}${pathname}`);
        await page.getByRole('heading', { name: heading }).first().waitFor();
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
  it('lets the auditor search the audit trail for what the general office did, and verify its hash chain', async () => {
    expect(reportId).toBeDefined();
    await signInAs(page, base, '周杰');
    await page.goto(`${base}/audit`);
    await page.getByRole('heading', { name: '审计' }).waitFor();
    await page.getByLabel('操作人').fill('huangxiuying');
    await page.getByRole('button', button('查询')).click();
    // The report generated in the first test, by its id, among the general office's entries.
    await page.getByRole('row').filter({ hasText: reportId }).first().waitFor();
    const rows = await page.getByRole('row').filter({ hasText: 'huangxiuying' }).count();
    expect(rows).toBeGreaterThan(0);
    await page.getByRole('button', button('校验哈希链')).click();
    await page.getByRole('status').filter({ hasText: '哈希链完整' }).waitFor();
    await audit('audit-trail');
    const searched = await api<{ items: Array<{ actorId: string; action: string }> }>(
      '/audit?action=audit.verify&actorId=zhoujie',
      bearer('auditor', { user: 'zhoujie' }),
    );
    expect(searched.items.length).toBeGreaterThanOrEqual(1);
  });

  it('lets a back-office clerk ask to read a confidential policy on 调阅申请, and customer service approve it', async () => {
    const compliance = bearer('compliance', { user: 'chenjing', branches: ['GZ01'] });
    const cases = await api<{ items: Array<{ policyNumbers: string[] }> }>('/cases?channel=agency', compliance);
    const policyNumber = cases.items[0].policyNumbers[0];
    const marked = await fetch(`${base}/api/policies/${policyNumber}/confidentiality`, {
      method: 'PUT',
      headers: { Authorization: compliance, 'Content-Type': 'application/json' },
      body: JSON.stringify({ level: 'confidential', reason: '演示：知名客户' }),
    });
    expect(marked.status).toBe(200);

    await signInAs(page, base, '张伟');
    await page.goto(`${base}/access`);
    await page.getByRole('heading', { name: '调阅申请' }).waitFor();
    await page.getByRole('button', { name: '新建调阅申请' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('保单号 / 证据编号').fill(policyNumber);
    await dialog.getByLabel('用途').fill('核查案件');
    await dialog.getByLabel('理由').fill('需要核对投保人的联系电话');
    await dialog.getByRole('button', button('提交')).click();
    const row = page.getByRole('row').filter({ hasText: policyNumber });
    await row.getByText('待审批').waitFor();
    await row.getByText('机密').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await animationsSettled(page); // the dialog has faded out
    await audit('access-requests');

    await signInAs(page, base, '刘洋');
    await page.goto(`${base}/access`);
    const pending = page.getByRole('row').filter({ hasText: policyNumber });
    await pending.getByRole('button', button('批准')).click();
    await pending.getByText('已批准').waitFor();
    await pending.getByText(/有效至/).waitFor();
    await audit('access-approved');
    const policy = await fetch(`${base}/api/policies/${policyNumber}`, {
      headers: { Authorization: bearer('back_office', { user: 'zhangwei', branches: ['GZ01'], channels: ['agency'] }) },
    });
    expect(policy.status).toBe(200);
  });

  it('lets compliance place and lift a legal hold on 留存与销毁, and read the destruction log', async () => {
    const compliance = bearer('compliance', { user: 'chenjing', branches: ['GZ01'] });
    const cases = await api<{ items: Array<{ policyNumbers: string[] }> }>('/cases', compliance);
    const policyNumber = cases.items[0].policyNumbers[0];
    await signInAs(page, base, '陈静');
    await page.goto(`${base}/retention`);
    await page.getByRole('heading', { name: '留存与销毁' }).waitFor();
    await page.getByRole('button', { name: '新增法律保全' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('保单号').fill(policyNumber);
    await dialog.getByLabel('保全理由').fill('监管调查，暂停销毁');
    await dialog.getByRole('button', button('提交')).click();
    const row = page.getByRole('row').filter({ hasText: policyNumber });
    await row.getByText('保全中').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await animationsSettled(page); // the dialog has faded out
    await audit('retention-holds');
    await row.getByRole('button', button('解除保全')).click();
    await row.getByText('已解除').waitFor();
    await page.getByRole('tab', { name: '销毁记录' }).click();
    await page.getByText('没有销毁记录').waitFor();
    await audit('retention-log');
    const holds = await api<{ items: Array<{ policyNumber: string; liftedBy: string | null }> }>(
      '/legal-holds',
      compliance,
    );
    expect(holds.items).toEqual([expect.objectContaining({ policyNumber, liftedBy: 'chenjing' })]);
  });
});
