import {
  Alert,
  Card,
  Empty,
  Form,
  Input,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { ApiErrorAlert, useAsync, type Async } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { StepButton } from '../components/steps';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime } from '../time';

type Loan = components['schemas']['LoanDto'];
type Incident = components['schemas']['IncidentDto'];
type LoanState = Loan['state'];
interface Paged<T> {
  items: T[];
  total: number;
}

const PAGE_SIZE = 20;
const STATE_COLOR: Record<LoanState, string> = { open: 'blue', overdue: 'red', returned: 'default' };

/** A page of an API list in a table, its error in words with a retry. */
function PagedTable<T extends { id: string }>({
  state,
  columns,
  none,
  page,
  onPage,
  highlight,
}: {
  state: Async<Paged<T>>;
  columns: TableColumnsType<T>;
  none: string;
  page: number;
  onPage: (p: number) => void;
  highlight?: (row: T) => boolean;
}) {
  const { t } = useI18n();
  if (state.error) return <ApiErrorAlert error={state.error} onRetry={state.reload} />;
  return (
    <Table<T>
      rowKey="id"
      size="small"
      loading={state.loading}
      dataSource={state.data?.items ?? []}
      columns={columns}
      onRow={(row) => (highlight?.(row) ? { style: { background: '#fff1f0' } } : {})}
      scroll={{ x: 900 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={none} /> }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: state.data?.total ?? 0,
        hideOnSinglePage: true,
        showTotal: (total) => t('loans.total', { total }),
        onChange: onPage,
      }}
    />
  );
}

/** 借阅: the caller's loans (and, for managers, compliance and audit, their scope's) with a return button. */
function LoanList() {
  const { t } = useI18n();
  const session = useSession();
  const [state, setState] = useState<LoanState | 'all'>('all');
  const [page, setPage] = useState(1);
  const loans = useAsync(
    () =>
      ok<Paged<Loan>>(
        api.GET('/api/loans', {
          params: { query: { page, pageSize: PAGE_SIZE, ...(state === 'all' ? {} : { state }) } },
        }),
      ),
    [state, page],
  );
  const mayReturn = (l: Loan) =>
    l.state !== 'returned' && (l.borrowerId === session.username || session.role === 'compliance');
  const columns: TableColumnsType<Loan> = [
    { title: t('loans.object'), dataIndex: 'objectLabel' },
    { title: t('loans.borrower'), dataIndex: 'borrowerId', width: 140 },
    { title: t('loans.purpose'), dataIndex: 'purpose', render: (p: string | null) => p ?? '—' },
    { title: t('loans.takenAt'), dataIndex: 'takenAt', width: 170, render: fmtDateTime },
    { title: t('loans.dueAt'), dataIndex: 'dueAt', width: 170, render: fmtDateTime },
    {
      title: t('loans.state'),
      dataIndex: 'state',
      width: 100,
      render: (s: LoanState) => <Tag color={STATE_COLOR[s]}>{t(`loans.state.${s}` as MessageKey)}</Tag>,
    },
    {
      key: 'actions',
      width: 120,
      render: (_: unknown, l: Loan) =>
        mayReturn(l) ? (
          <StepButton<{ note?: string }>
            label={t('loans.return')}
            run={(v) =>
              ok(api.POST('/api/loans/{id}/return', { params: { path: { id: l.id } }, body: v.note ? v : {} }))
            }
            onDone={loans.reload}
          >
            <Form.Item name="note" label={t('loans.returnNote')}>
              <Input maxLength={500} />
            </Form.Item>
          </StepButton>
        ) : (
          (l.returnedAt && fmtDateTime(l.returnedAt)) || null
        ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('loans.intro')} />
      <Segmented<LoanState | 'all'>
        value={state}
        onChange={(v) => {
          setState(v);
          setPage(1);
        }}
        options={(['all', 'open', 'overdue', 'returned'] as const).map((s) => ({
          value: s,
          label: t(`loans.state.${s}` as MessageKey),
        }))}
      />
      <PagedTable<Loan>
        state={loans}
        columns={columns}
        none={t('loans.none')}
        page={page}
        onPage={setPage}
        highlight={(l) => l.state === 'overdue'}
      />
    </Space>
  );
}

interface IncidentForm {
  description: string;
  policyNumbers?: string[];
  caseIds?: string[];
  evidenceIds?: string[];
}

function Tags({ name, label }: { name: keyof IncidentForm; label: MessageKey }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={t(label)}>
      <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ', '，']} maxCount={200} />
    </Form.Item>
  );
}

/** Anyone reports a suspected leak; the records named cannot be taken out until compliance lifts it. */
function ReportIncident({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  return (
    <StepButton<IncidentForm>
      label={t('incidents.report')}
      danger
      width={560}
      run={(v) => ok(api.POST('/api/incidents', { body: v }))}
      onDone={onDone}
    >
      <Form.Item name="description" label={t('incidents.description')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Alert type="warning" showIcon message={t('incidents.recordsHint')} style={{ marginBottom: 16 }} />
      <Tags name="policyNumbers" label="incidents.policyNumbers" />
      <Tags name="caseIds" label="incidents.caseIds" />
      <Tags name="evidenceIds" label="incidents.evidenceIds" />
    </StepButton>
  );
}

function IncidentList() {
  const { t } = useI18n();
  const session = useSession();
  const [page, setPage] = useState(1);
  const incidents = useAsync(
    () => ok<Paged<Incident>>(api.GET('/api/incidents', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    [page],
  );
  const columns: TableColumnsType<Incident> = [
    { title: t('incidents.reportedAt'), dataIndex: 'reportedAt', width: 170, render: fmtDateTime },
    { title: t('incidents.reportedBy'), dataIndex: 'reportedBy', width: 140 },
    { title: t('incidents.description'), dataIndex: 'description' },
    {
      title: t('incidents.records'),
      dataIndex: 'records',
      render: (rs: Incident['records']) => rs.map((r) => <Tag key={`${r.kind}:${r.ref}`}>{r.ref}</Tag>),
    },
    {
      title: t('incidents.status'),
      dataIndex: 'active',
      width: 160,
      render: (active: boolean, i: Incident) =>
        active ? (
          <Tag color="red">{t('incidents.active')}</Tag>
        ) : (
          <span title={i.liftReason ?? ''}>
            <Tag>{t('incidents.lifted')}</Tag>
            {fmtDateTime(i.liftedAt)}
          </span>
        ),
    },
    {
      key: 'actions',
      width: 120,
      render: (_: unknown, i: Incident) =>
        i.active && session.role === 'compliance' ? (
          <StepButton<{ reason: string }>
            label={t('incidents.lift')}
            run={(v) => ok(api.POST('/api/incidents/{id}/lift', { params: { path: { id: i.id } }, body: v }))}
            onDone={incidents.reload}
          >
            <Form.Item name="reason" label={t('incidents.liftReason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </StepButton>
        ) : null,
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ReportIncident onDone={incidents.reload} />
      <PagedTable<Incident>
        state={incidents}
        columns={columns}
        none={t('incidents.none')}
        page={page}
        onPage={setPage}
      />
    </Space>
  );
}

export default function Loans() {
  const { t } = useI18n();
  const { role } = useSession();
  const seesIncidents = role === 'compliance' || role === 'auditor';
  return (
    <>
      <PageTitle title={t('menu.loans')} />
      <Card>
        {seesIncidents ? (
          <Tabs
            items={[
              { key: 'loans', label: t('loans.tab.loans'), children: <LoanList /> },
              { key: 'incidents', label: t('loans.tab.incidents'), children: <IncidentList /> },
            ]}
          />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <LoanList />
            <ReportIncident onDone={() => undefined} />
          </Space>
        )}
      </Card>
    </>
  );
}
