import { addCalendarDays } from '../../../../libs/domain/src/calendar/working-calendar';
import type { DemoSeedContext } from './demo-seed';

/** The seller whose two verified mis-selling complaints start the demo's re-check campaign (few policies: few tasks). */
export const DEMO_CAMPAIGN_SELLER = 'GZI002';
/** The seller with a complaint registered and not yet verified. */
export const DEMO_PENDING_SELLER = 'GZA003';

interface Complaint {
  id: string;
}
interface CampaignPage {
  items: Array<{ campaignId: string; tasks: { total: number } }>;
}

/** A minimal valid PDF: attachments are checked by their magic bytes. */
const pdf = (title: string): Blob =>
  new Blob([`%PDF-1.4\n% ${title}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`], { type: 'application/pdf' });

/**
 * The demo's complaints: two mis-selling complaints against one seller, registered by customer service (刘洋) with a
 * call record attached and verified by compliance (陈静), so a re-check campaign starts and its tasks wait in
 * customer service's 我的任务; and one more complaint registered and not yet verified. No case is touched.
 */
export async function seedConduct(context: DemoSeedContext): Promise<void> {
  const { call, get, post, until, today, data, log } = context;
  const policiesOf = (seller: string) =>
    data.applications.filter((a) => a.sellerCode === seller).map((a) => a.policyNumber);
  const campaignPolicies = policiesOf(DEMO_CAMPAIGN_SELLER);

  const register = async (seller: string, policyNumber: string, daysAgo: number, summary: string) => {
    const complaint = await post<Complaint>('/complaints', 'liuyang', {
      sellerCode: seller,
      policyNumber,
      kind: 'mis_selling',
      receivedDate: addCalendarDays(today, -daysAgo),
      channel: daysAgo > 30 ? 'phone' : 'counter',
      summary,
    });
    const form = new FormData();
    form.append('file', pdf(`complaint ${policyNumber}`), `投诉记录-${policyNumber}.pdf`);
    await call('POST', `/complaints/${complaint.id}/attachments`, 'liuyang', form);
    return complaint;
  };

  const first = await register(
    DEMO_CAMPAIGN_SELLER,
    campaignPolicies[0],
    40,
    '客户来电称：销售人员介绍产品时承诺“保本高收益”，未说明现金价值与退保损失。',
  );
  const second = await register(
    DEMO_CAMPAIGN_SELLER,
    campaignPolicies[1],
    12,
    '客户到柜面投诉：投保时被告知可随时全额退保，投保单上的联系电话并非本人号码。',
  );
  for (const c of [first, second])
    await post(`/complaints/${c.id}/verify`, 'chenjing', {
      outcome: 'VERIFIED',
      reason: '调取录音录像与投保资料核实，销售误导属实。',
    });
  await register(
    DEMO_PENDING_SELLER,
    policiesOf(DEMO_PENDING_SELLER)[0],
    2,
    '客户来信称：销售人员未告知犹豫期，代为填写了部分投保信息。',
  );

  const campaign = await until(
    'the re-check campaign and its tasks',
    () => get<CampaignPage>(`/campaigns?subjectKind=seller&subjectCode=${DEMO_CAMPAIGN_SELLER}`, 'chenjing'),
    (p) => p.items.length === 1 && p.items[0].tasks.total === campaignPolicies.length,
  );
  log(
    `complaints: 3 (2 verified); re-check campaign ${campaign.items[0].campaignId}: ${campaignPolicies.length} tasks`,
  );
}
