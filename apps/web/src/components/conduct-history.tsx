import { Collapse, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../api/client';
import type {
  AgencyIncident,
  Campaign,
  Complaint,
  ConductHistory as History,
  Penalty,
  PenaltyProposal,
  Referral,
  SubjectCase,
} from '../api/sanctions';
import type { Role } from '../api/local-auth';
import { useI18n, type MessageKey } from '../i18n';
import { fmtDate } from '../time';
import { AsyncView, useAsync } from './async';
import { StateTag } from './case-bits';
import { Amount, CaseLinks, cols } from './sanction-bits';

/** The roles GET /api/sellers/{code}/conduct answers (CONDUCT_READERS in apps/api/src/conduct/conduct-roles.ts). */
const READERS: readonly Role[] = ['customer_service', 'compliance', 'channel_manager', 'general_office', 'auditor'];

export function mayReadConduct(role: Role): boolean {
  return READERS.includes(role);
}

function Part<T extends object>({
  rows,
  rowKey,
  columns,
}: {
  rows: T[];
  rowKey: keyof T & string;
  columns: TableColumnsType<T>;
}) {
  const { t } = useI18n();
  return (
    <Table<T>
      size="small"
      rowKey={rowKey}
      dataSource={rows}
      columns={columns}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.none')} /> }}
    />
  );
}

/**
 * A seller's or agency's conduct history (R6, R7): complaints, the cases it sold or was named in, re-check
 * campaigns, penalties and open proposals, referrals and (agencies) incidents; each part folds open, counted.
 */
export function ConductHistory({ kind, code }: { kind: 'seller' | 'agency'; code: string }) {
  const { t, label } = useI18n();
  const history = useAsync(
    () =>
      ok<History>(
        kind === 'seller'
          ? api.GET('/api/sellers/{code}/conduct', { params: { path: { code } } })
          : api.GET('/api/agencies/{code}/conduct', { params: { path: { code } } }),
      ),
    [kind, code],
  );
  const complaints: TableColumnsType<Complaint> = [
    { title: t('history.received'), dataIndex: 'receivedDate' },
    { title: t('history.policy'), dataIndex: 'policyNumber' },
    {
      title: t('history.complaintKind'),
      dataIndex: 'kind',
      render: (k: string) => label('hist.complaintKind', k),
    },
    {
      title: t('history.complaintOutcome'),
      dataIndex: 'outcome',
      render: (o: string | null) =>
        o ? (
          <Tag color={o === 'VERIFIED' ? 'red' : 'default'}>{label('hist.complaintOutcome', o)}</Tag>
        ) : (
          <Tag>{t('history.pending')}</Tag>
        ),
    },
    { title: t('penalties.reason'), dataIndex: 'summary', ellipsis: true },
  ];
  const cases: TableColumnsType<SubjectCase> = [
    { title: t('case.id'), dataIndex: 'caseId', render: (id: string) => <CaseLinks ids={[id]} /> },
    cols.coded(t('case.rule'), 'rule', (c) => label('rule', c)),
    { title: t('case.state'), dataIndex: 'state', render: (s: SubjectCase['state']) => <StateTag state={s} /> },
    { title: t('history.outcome'), dataIndex: 'outcome', render: (o: string | null) => label('outcome', o) },
    {
      title: t('history.role'),
      key: 'role',
      render: (_, c) => (
        <Space size={4} wrap>
          {c.soldBy && <Tag>{t('history.soldBy')}</Tag>}
          {c.named && <Tag color="red">{t('history.named')}</Tag>}
        </Space>
      ),
    },
    { title: t('case.openedAt'), dataIndex: 'openedAt', render: (d: string) => fmtDate(d) },
  ];
  const campaigns: TableColumnsType<Campaign> = [
    {
      title: t('history.window'),
      key: 'window',
      render: (_, c) => `${c.windowStart} — ${c.windowEnd}`,
    },
    {
      title: t('reports.col.status'),
      dataIndex: 'status',
      render: (s: string) => (
        <Tag color={s === 'COMPLETED' ? 'green' : 'processing'}>{label('hist.campaignStatus', s)}</Tag>
      ),
    },
    {
      title: t('history.progress'),
      key: 'progress',
      render: (_, c) => t('history.tasksOpen', { total: c.tasks.total, open: c.tasks.open }),
    },
    {
      title: t('reports.col.result'),
      key: 'result',
      render: (_, c) => (c.result ? t('reports.campaignResult', { ...c.result }) : '—'),
    },
  ];
  const penalties: TableColumnsType<Penalty> = [
    cols.coded(t('penalties.kind'), 'kind', (c) => label('penaltyKind', c)),
    { title: t('penalties.amount'), dataIndex: 'amount', render: (a: number | null) => <Amount value={a} /> },
    { title: t('penalties.period'), dataIndex: 'assessmentPeriod' },
    { title: t('penalties.reason'), dataIndex: 'reason', ellipsis: true },
    cols.cases(t('penalties.caseIds')),
    cols.at(t('penalties.decidedAt'), 'decidedAt'),
  ];
  const proposals: TableColumnsType<PenaltyProposal> = [
    { title: t('penalties.case'), dataIndex: 'caseId', render: (id: string) => <CaseLinks ids={[id]} /> },
    cols.at(t('penalties.proposedAt'), 'createdAt'),
  ];
  const referrals: TableColumnsType<Referral> = [
    { title: t('referrals.opinion'), dataIndex: 'opinion', ellipsis: true },
    cols.coded(t('referrals.status'), 'status', (c) => label('referralStatus', c)),
    cols.text(t('referrals.decision'), 'decision'),
    cols.at(t('referrals.referredAt'), 'referredAt'),
  ];
  const incidents: TableColumnsType<AgencyIncident> = [
    cols.coded(t('incidents.kind'), 'kind', (c) => label('incidentKind', c)),
    { title: t('incidents.description'), dataIndex: 'description', ellipsis: true },
    cols.cases(t('penalties.caseIds')),
    cols.at(t('incidents.recordedAt'), 'recordedAt'),
  ];

  return (
    <section aria-labelledby="conduct-history-title" style={{ marginTop: 24 }}>
      <Typography.Title level={2} id="conduct-history-title" style={{ fontSize: 18 }}>
        {t('history.title')}
      </Typography.Title>
      <AsyncView state={history}>
        {(h) => {
          const openProposals = h.proposals.filter((p) => p.penaltyId === null);
          const parts: Array<[string, MessageKey, number, ReactNode]> = [
            [
              'complaints',
              'history.complaints',
              h.complaints.length,
              <Part rows={h.complaints} rowKey="id" columns={complaints} />,
            ],
            ['cases', 'history.cases', h.cases.length, <Part rows={h.cases} rowKey="caseId" columns={cases} />],
            [
              'campaigns',
              'history.campaigns',
              h.campaigns.length,
              <Part rows={h.campaigns} rowKey="campaignId" columns={campaigns} />,
            ],
            [
              'penalties',
              'history.penalties',
              h.penalties.length,
              <Part rows={h.penalties} rowKey="penaltyId" columns={penalties} />,
            ],
            [
              'proposals',
              'history.proposals',
              openProposals.length,
              <Part rows={openProposals} rowKey="proposalId" columns={proposals} />,
            ],
            [
              'referrals',
              'history.referrals',
              h.referrals.length,
              <Part rows={h.referrals} rowKey="referralId" columns={referrals} />,
            ],
            ...(kind === 'agency'
              ? [
                  [
                    'incidents',
                    'history.incidents',
                    h.incidents.length,
                    <Part rows={h.incidents} rowKey="incidentId" columns={incidents} />,
                  ] as [string, MessageKey, number, ReactNode],
                ]
              : []),
          ];
          return (
            <>
              {h.penalties.length > 0 && (
                <Typography.Paragraph>
                  <Link to={`/penalties?tab=penalties&subjectKind=${kind}&subjectCode=${encodeURIComponent(code)}`}>
                    {t('menu.penalties')}
                  </Link>
                </Typography.Paragraph>
              )}
              <Collapse
                size="small"
                // The parts with something in them open; the empty ones say "0" folded.
                defaultActiveKey={parts.filter(([, , n]) => n > 0).map(([key]) => key)}
                items={parts.map(([key, title, n, body]) => ({
                  key,
                  label: t(title, { n }),
                  children: body,
                }))}
              />
            </>
          );
        }}
      </AsyncView>
    </section>
  );
}
