import { Progress, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';

/** The conduct answers (complaints, re-check campaigns and their tasks) under the names the pages use. */
type Schemas = components['schemas'];
export type Complaint = Schemas['ComplaintDto'];
export type ComplaintPage = Schemas['ComplaintPageDto'];
export type Attachment = Schemas['AttachmentDto'];
export type Campaign = Schemas['CampaignDto'];
export type CampaignPage = Schemas['CampaignPageDto'];
export type CampaignDetail = Schemas['CampaignDetailDto'];
export type RecheckTask = Schemas['RecheckTaskDto'];
export type RecheckTaskPage = Schemas['RecheckTaskPageDto'];

export const COMPLAINT_KINDS = ['mis_selling', 'other'] as const;
export const COMPLAINT_SOURCES = ['phone', 'counter', 'letter', 'online', 'regulator'] as const;
export const COMPLAINT_STATUSES = ['PENDING', 'VERIFIED', 'UNFOUNDED'] as const;
export const SUBJECT_KINDS = ['seller', 'agency'] as const;
export const CAMPAIGN_STATUSES = ['RUNNING', 'COMPLETED'] as const;
export const RECHECK_OUTCOMES = ['CONFIRMED', 'CORRECTED', 'FALSE_DATA'] as const;
/** The customer data a re-check confirms or corrects (the four; the API takes any Art. 2 field). */
export const RECHECK_FIELDS = ['phone', 'bankAccount', 'address', 'idNumber'] as const;

const OUTCOME_COLOR: Record<string, string> = {
  VERIFIED: 'red',
  UNFOUNDED: 'default',
  PENDING: 'gold',
  CONFIRMED: 'green',
  CORRECTED: 'blue',
  FALSE_DATA: 'red',
};

export function ComplaintStatusTag({ outcome }: { outcome: string | null }) {
  const { label } = useI18n();
  const status = outcome ?? 'PENDING';
  return <Tag color={OUTCOME_COLOR[status]}>{label('complaintStatus', status)}</Tag>;
}

export function CampaignStatusTag({ status }: { status: string }) {
  const { label } = useI18n();
  return <Tag color={status === 'RUNNING' ? 'processing' : 'green'}>{label('campaignStatus', status)}</Tag>;
}

export function RecheckOutcomeTag({ task }: { task: Pick<RecheckTask, 'state' | 'outcome'> }) {
  const { label } = useI18n();
  if (!task.outcome) return <Tag color="gold">{label('recheckState', task.state)}</Tag>;
  return <Tag color={OUTCOME_COLOR[task.outcome]}>{label('recheckOutcome', task.outcome)}</Tag>;
}

/** A re-check task's reminder and escalation, as tags. */
export function RecheckFlags({ task }: { task: Pick<RecheckTask, 'reminded' | 'escalated'> }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      {task.escalated && <Tag color="red">{t('recheck.escalated')}</Tag>}
      {task.reminded && !task.escalated && <Tag color="orange">{t('recheck.reminded')}</Tag>}
    </Space>
  );
}

/** "销售人员 GZI002": who a complaint or campaign is about. */
export function subjectText(label: (p: string, c: string) => string, kind: string, code: string): string {
  return `${label('subjectKind', kind)} ${code}`;
}

/** Done of total, as a bar with its words, and the overdue count when there is one. */
export function CampaignProgress({ tasks, block }: { tasks: Campaign['tasks']; block?: boolean }) {
  const { t } = useI18n();
  const done = tasks.total - tasks.open;
  const text = t('campaign.progressText', { done, total: tasks.total });
  return (
    <Space orientation="vertical" size={0} style={block ? { width: '100%' } : { minWidth: 150 }}>
      <Progress
        percent={tasks.total === 0 ? 0 : Math.round((done / tasks.total) * 100)}
        size="small"
        showInfo={false}
        aria-label={text}
      />
      <Space size={4} wrap>
        <Typography.Text>{text}</Typography.Text>
        {tasks.overdue > 0 && <Tag color="volcano">{t('campaign.overdue', { n: tasks.overdue })}</Tag>}
      </Space>
    </Space>
  );
}

export function CampaignLink({ id, children }: { id: string; children: string }) {
  return <Link to={`/campaigns?id=${encodeURIComponent(id)}`}>{children}</Link>;
}

/** The seller or agency code a campaign id names (`campaign-seller-GZI002-<uuid>`), for a short link text. */
export function campaignSubject(campaignId: string): string {
  const m = /^campaign-(?:seller|agency)-(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(
    campaignId,
  );
  return m ? m[1] : campaignId;
}
