import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ok } from '../api/client';
import {
  INCIDENT_KINDS,
  PENALTY_KINDS,
  SUBJECT_KINDS,
  type AgencyIncident,
  type IncidentKind,
  type Page,
  type Penalty,
  type PenaltyKind,
  type PenaltyProposal,
  type Referral,
  type SubjectKind,
} from '../api/sanctions';
import { ApiErrorAlert, useAsync, type Async } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { Amount, CaseLinks, quarterOf, SubjectLink, cols } from '../components/sanction-bits';
import { StepButton } from '../components/steps';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime } from '../time';

type Tab = 'proposals' | 'penalties' | 'incidents' | 'referrals';
const TABS: Tab[] = ['proposals', 'penalties', 'incidents', 'referrals'];
const PAGE_SIZE = 20;

interface PenaltyForm {
  subjectKind?: SubjectKind;
  subjectCode?: string;
  kind: PenaltyKind;
  amount?: number | null;
  assessmentPeriod: string;
  reason: string;
  caseIds?: string[];
  campaignId?: string;
}

/** A list of the API's, a page at a time, in a table (its error in words, with a retry). */
function Paged<T extends object>({
  state,
  rowKey,
  columns,
  none,
  page,
  onPage,
}: {
  state: Async<{ items: T[]; total: number }>;
  rowKey: keyof T & string;
  columns: TableColumnsType<T>;
  none: string;
  page: number;
  onPage: (p: number) => void;
}) {
  const { t } = useI18n();
  if (state.error) return <ApiErrorAlert error={state.error} onRetry={state.reload} />;
  return (
    <Table<T>
      rowKey={rowKey}
      size="small"
      loading={state.loading}
      dataSource={state.data?.items ?? []}
      columns={columns}
      scroll={{ x: 900 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={none} /> }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: state.data?.total ?? 0,
        hideOnSinglePage: true,
        showTotal: (total) => t('penalties.total', { total }),
        onChange: onPage,
      }}
    />
  );
}

/** Case ids typed in (Enter after each): the API says which one it does not know. */
function CaseIdsField({ required }: { required?: boolean }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="caseIds"
      label={t('penalties.caseIds')}
      extra={t('penalties.caseIdsHint')}
      rules={required ? [{ required: true, type: 'array', min: 1 }] : []}
    >
      <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ', '，']} maxCount={50} />
    </Form.Item>
  );
}

function SubjectFields() {
  const { t, label } = useI18n();
  return (
    <>
      <Form.Item name="subjectKind" label={t('penalties.subjectKind')} rules={[{ required: true }]}>
        <Select options={SUBJECT_KINDS.map((k) => ({ value: k, label: label('subjectKind', k) }))} />
      </Form.Item>
      <Form.Item name="subjectCode" label={t('penalties.subjectCode')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={40} />
      </Form.Item>
    </>
  );
}

/** The decision's fields: kind, the amount where one applies, the assessment period, the reason, what is behind it. */
function PenaltyFields({ caseIds = true }: { caseIds?: boolean }) {
  const { t, label } = useI18n();
  return (
    <>
      <Form.Item name="kind" label={t('penalties.kind')} rules={[{ required: true }]}>
        <Select options={PENALTY_KINDS.map((k) => ({ value: k, label: label('penaltyKind', k) }))} />
      </Form.Item>
      <Form.Item noStyle dependencies={['kind']}>
        {({ getFieldValue }) => (
          <Form.Item
            name="amount"
            label={t('penalties.amount')}
            extra={t('penalties.amountHint')}
            rules={[{ required: getFieldValue('kind') === 'commission_deduction' }]}
          >
            <InputNumber min={0} max={999_999_999_999.99} precision={2} style={{ width: 200 }} />
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item
        name="assessmentPeriod"
        label={t('penalties.period')}
        extra={t('penalties.periodHint')}
        rules={[{ required: true, pattern: /^\d{4}(Q[1-4])?$/, message: t('penalties.periodHint') }]}
      >
        <Input maxLength={6} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="reason" label={t('penalties.reason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      {caseIds && <CaseIdsField />}
      <Form.Item name="campaignId" label={t('penalties.campaignId')}>
        <Input maxLength={200} />
      </Form.Item>
    </>
  );
}

/** The body POST /api/penalties takes, from the form (a proposal names its subject and case). */
function decision(v: PenaltyForm, proposal?: PenaltyProposal) {
  const kind = proposal?.subjectKind ?? v.subjectKind;
  const code = (proposal?.subjectCode ?? v.subjectCode ?? '').trim();
  return {
    ...(kind === 'agency' ? { agencyCode: code } : { sellerCode: code }),
    kind: v.kind,
    amount: v.amount ?? undefined,
    assessmentPeriod: v.assessmentPeriod.trim(),
    reason: v.reason,
    caseIds: v.caseIds?.length ? v.caseIds.map((c) => c.trim()).filter(Boolean) : undefined,
    campaignId: v.campaignId?.trim() || undefined,
    proposalId: proposal?.proposalId,
  };
}

function DecideButton({ proposal, onDone }: { proposal: PenaltyProposal; onDone: () => void }) {
  const { t, label } = useI18n();
  return (
    <StepButton<PenaltyForm>
      label={t('penalties.decide')}
      title={t('penalties.decideFor', {
        subject: `${label('subjectKind', proposal.subjectKind)} ${proposal.subjectCode}`,
      })}
      primary
      initialValues={{ assessmentPeriod: quarterOf() }}
      run={(v) => ok(api.POST('/api/penalties', { body: decision(v, proposal) }))}
      onDone={onDone}
    >
      <Alert style={{ marginBottom: 16 }} type="info" showIcon title={`${t('penalties.case')}：${proposal.caseId}`} />
      <PenaltyFields />
    </StepButton>
  );
}

function Proposals({ mayDecide, onDecided }: { mayDecide: boolean; onDecided: () => void }) {
  const { t, label } = useI18n();
  const [page, setPage] = useState(1);
  const list = useAsync(
    () =>
      ok<Page<PenaltyProposal>>(
        api.GET('/api/penalty-proposals', { params: { query: { open: true, page, pageSize: PAGE_SIZE } } }),
      ),
    [page],
  );
  const columns: TableColumnsType<PenaltyProposal> = [
    {
      title: t('penalties.subject'),
      key: 'subject',
      render: (_, p) => <SubjectLink kind={p.subjectKind} code={p.subjectCode} />,
    },
    { title: t('penalties.case'), dataIndex: 'caseId', render: (id: string) => <CaseLinks ids={[id]} /> },
    {
      title: `${t('case.channel')} / ${t('case.branch')}`,
      key: 'scope',
      render: (_, p) => `${label('channel', p.channel)} / ${p.branchCode}`,
    },
    cols.at(t('penalties.proposedAt'), 'createdAt'),
    ...(mayDecide
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, p: PenaltyProposal) => (
              <DecideButton
                proposal={p}
                onDone={() => {
                  list.reload();
                  onDecided();
                }}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('penalties.proposalsHint')}
      </Typography.Paragraph>
      <Paged
        state={list}
        rowKey="proposalId"
        columns={columns}
        none={t('penalties.noProposals')}
        page={page}
        onPage={setPage}
      />
    </Space>
  );
}

interface PenaltyFilters {
  subjectKind?: SubjectKind;
  subjectCode?: string;
  kind?: PenaltyKind;
  assessmentPeriod?: string;
}

function Penalties({ mayDecide, tick }: { mayDecide: boolean; tick: number }) {
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<PenaltyFilters>();
  const [page, setPage] = useState(1);
  const filters: PenaltyFilters = {
    subjectKind: SUBJECT_KINDS.find((k) => k === params.get('subjectKind')),
    subjectCode: params.get('subjectCode') || undefined,
    kind: PENALTY_KINDS.find((k) => k === params.get('kind')),
    assessmentPeriod: params.get('assessmentPeriod') || undefined,
  };
  const list = useAsync(
    () =>
      ok<Page<Penalty>>(api.GET('/api/penalties', { params: { query: { ...filters, page, pageSize: PAGE_SIZE } } })),
    [params.toString(), page, tick],
  );
  const apply = (v: PenaltyFilters) => {
    const next = new URLSearchParams({ tab: 'penalties' });
    for (const [k, val] of Object.entries(v)) if (typeof val === 'string' && val.trim()) next.set(k, val.trim());
    setPage(1);
    setParams(next);
  };
  const columns: TableColumnsType<Penalty> = [
    {
      title: t('penalties.subject'),
      key: 'subject',
      render: (_, p) => <SubjectLink kind={p.subjectKind} code={p.subjectCode} />,
    },
    cols.coded(t('penalties.kind'), 'kind', (c) => label('penaltyKind', c)),
    { title: t('penalties.amount'), dataIndex: 'amount', render: (a: number | null) => <Amount value={a} /> },
    { title: t('penalties.period'), dataIndex: 'assessmentPeriod' },
    { title: t('penalties.reason'), dataIndex: 'reason', ellipsis: true },
    cols.cases(t('penalties.caseIds')),
    { title: t('penalties.decidedBy'), dataIndex: 'decidedBy' },
    cols.at(t('penalties.decidedAt'), 'decidedAt'),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form<PenaltyFilters>
        form={form}
        layout="inline"
        initialValues={filters}
        onFinish={apply}
        style={{ rowGap: 8 }}
        aria-label={t('case.filters')}
      >
        <Form.Item name="subjectKind" label={t('penalties.subjectKind')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={SUBJECT_KINDS.map((k) => ({ value: k, label: label('subjectKind', k) }))}
          />
        </Form.Item>
        <Form.Item name="subjectCode" label={t('penalties.subjectFilter')}>
          <Input allowClear maxLength={40} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="kind" label={t('penalties.kind')}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={PENALTY_KINDS.map((k) => ({ value: k, label: label('penaltyKind', k) }))}
          />
        </Form.Item>
        <Form.Item name="assessmentPeriod" label={t('penalties.period')}>
          <Input allowClear maxLength={6} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({ subjectKind: undefined, subjectCode: undefined, kind: undefined });
                form.setFieldValue('assessmentPeriod', undefined);
                apply({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {mayDecide && (
        <StepButton<PenaltyForm>
          label={t('penalties.record')}
          initialValues={{ subjectKind: 'seller', assessmentPeriod: quarterOf() }}
          run={(v) => ok(api.POST('/api/penalties', { body: decision(v) }))}
          onDone={list.reload}
        >
          <SubjectFields />
          <PenaltyFields />
        </StepButton>
      )}
      <Paged
        state={list}
        rowKey="penaltyId"
        columns={columns}
        none={t('penalties.noPenalties')}
        page={page}
        onPage={setPage}
      />
    </Space>
  );
}

function Incidents({ mayRecord }: { mayRecord: boolean }) {
  const { t, label } = useI18n();
  const [page, setPage] = useState(1);
  const list = useAsync(
    () =>
      ok<Page<AgencyIncident>>(api.GET('/api/agency-incidents', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    [page],
  );
  const columns: TableColumnsType<AgencyIncident> = [
    {
      title: t('sellers.agency'),
      dataIndex: 'agencyCode',
      render: (code: string) => <SubjectLink kind="agency" code={code} />,
    },
    cols.coded(t('incidents.kind'), 'kind', (c) => label('incidentKind', c)),
    { title: t('incidents.description'), dataIndex: 'description', ellipsis: true },
    cols.cases(t('penalties.caseIds')),
    { title: t('incidents.recordedBy'), dataIndex: 'recordedBy' },
    cols.at(t('incidents.recordedAt'), 'recordedAt'),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {mayRecord && (
        <StepButton<{ agencyCode: string; kind: IncidentKind; description: string; caseIds: string[] }>
          label={t('incidents.record')}
          run={(v) =>
            ok(
              api.POST('/api/agency-incidents', {
                body: { ...v, agencyCode: v.agencyCode.trim(), caseIds: v.caseIds.map((c) => c.trim()) },
              }),
            )
          }
          onDone={list.reload}
        >
          <Form.Item name="agencyCode" label={t('incidents.agencyCode')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="kind" label={t('incidents.kind')} rules={[{ required: true }]}>
            <Select options={INCIDENT_KINDS.map((k) => ({ value: k, label: label('incidentKind', k) }))} />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('incidents.description')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <CaseIdsField required />
        </StepButton>
      )}
      <Paged
        state={list}
        rowKey="incidentId"
        columns={columns}
        none={t('penalties.noIncidents')}
        page={page}
        onPage={setPage}
      />
    </Space>
  );
}

function Referrals({ mayRefer }: { mayRefer: boolean }) {
  const { t, label } = useI18n();
  const [page, setPage] = useState(1);
  const list = useAsync(
    () => ok<Page<Referral>>(api.GET('/api/referrals', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    [page],
  );
  const columns: TableColumnsType<Referral> = [
    {
      title: t('penalties.subject'),
      key: 'subject',
      render: (_, r) => <SubjectLink kind={r.subjectKind} code={r.subjectCode} />,
    },
    { title: t('referrals.opinion'), dataIndex: 'opinion', ellipsis: true },
    cols.cases(t('penalties.caseIds')),
    {
      title: t('referrals.status'),
      dataIndex: 'status',
      render: (s: Referral['status']) => (
        <Tag color={s === 'DECIDED' ? 'green' : 'gold'}>{label('referralStatus', s)}</Tag>
      ),
    },
    cols.at(t('referrals.referredAt'), 'referredAt'),
    {
      title: t('referrals.decision'),
      key: 'decision',
      render: (_, r) =>
        r.decision ? (
          <Space orientation="vertical" size={0}>
            <span>{r.decision}</span>
            <Typography.Text type="secondary">
              {r.decidedBy} · {fmtDateTime(r.decidedAt)}
            </Typography.Text>
          </Space>
        ) : mayRefer ? (
          <StepButton<{ decision: string }>
            label={t('referrals.decide')}
            run={(v) =>
              ok(api.POST('/api/referrals/{id}/decision', { params: { path: { id: r.referralId } }, body: v }))
            }
            onDone={list.reload}
          >
            <Form.Item name="decision" label={t('referrals.decision')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={4} maxLength={8000} />
            </Form.Item>
          </StepButton>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {mayRefer && (
        <StepButton<{ subjectKind: SubjectKind; subjectCode: string; opinion: string; caseIds?: string[] }>
          label={t('referrals.create')}
          initialValues={{ subjectKind: 'seller' }}
          run={({ subjectKind, subjectCode, ...v }) =>
            ok(
              api.POST('/api/referrals', {
                body: {
                  ...(subjectKind === 'agency'
                    ? { agencyCode: subjectCode.trim() }
                    : { sellerCode: subjectCode.trim() }),
                  opinion: v.opinion,
                  caseIds: v.caseIds?.length ? v.caseIds : undefined,
                },
              }),
            )
          }
          onDone={list.reload}
        >
          <SubjectFields />
          <Form.Item name="opinion" label={t('referrals.opinion')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={5} maxLength={8000} />
          </Form.Item>
          <CaseIdsField />
        </StepButton>
      )}
      <Paged
        state={list}
        rowKey="referralId"
        columns={columns}
        none={t('penalties.noReferrals')}
        page={page}
        onPage={setPage}
      />
    </Space>
  );
}

/**
 * Penalties (R7): the proposals cases closed FALSE_INFO_CONFIRMED make and channel management's decisions on them,
 * the penalties decided (filtered per seller), agency incidents and referrals to the compliance committee; the tab
 * and the penalty filters live in the URL.
 */
export default function PenaltiesPage() {
  const { t } = useI18n();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  // A decision on a proposal shows at once in the penalties tab.
  const [decided, setDecided] = useState(0);
  const tab: Tab = TABS.find((k) => k === params.get('tab')) ?? 'proposals';
  const manager = me.role === 'channel_manager';
  const compliance = me.role === 'compliance';
  const body: Record<Tab, ReactNode> = {
    proposals: <Proposals mayDecide={manager} onDecided={() => setDecided((n) => n + 1)} />,
    penalties: <Penalties mayDecide={manager} tick={decided} />,
    incidents: <Incidents mayRecord={manager || compliance} />,
    referrals: <Referrals mayRefer={compliance} />,
  };
  return (
    <>
      <PageTitle title={t('penalties.title')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(new URLSearchParams({ tab: k }))}
          items={TABS.map((k) => ({
            key: k,
            label: t(`penalties.tab.${k}` as MessageKey),
            children: body[k],
          }))}
          destroyOnHidden
        />
      </Card>
    </>
  );
}
