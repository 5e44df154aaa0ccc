import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { components, operations } from '../api/schema';
import { ApiErrorAlert, useAsync } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { useI18n, type MessageKey } from '../i18n';
import { fmtDateTime, sh } from '../time';

type Entry = components['schemas']['AuditEntryDto'];
type Verification = components['schemas']['ChainVerificationDto'];
type Query = NonNullable<operations['AuditController_search']['parameters']['query']>;

const PAGE_SIZE = 20;

const TEXT_FILTERS = ['actorId', 'action', 'entityType', 'entityId'] as const;

interface Filters {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** Days picked in Asia/Shanghai, as instants: the first day's start to the last day's end. */
function periodQuery(period: Filters['period']): { from?: string; to?: string } {
  const [from, to] = period ?? [];
  return {
    ...(from ? { from: sh(from.format('YYYY-MM-DD')).startOf('day').toISOString() } : {}),
    ...(to ? { to: sh(to.format('YYYY-MM-DD')).endOf('day').toISOString() } : {}),
  };
}

function trimmed(filters: Filters): Query {
  const q: Record<string, string> = {};
  for (const key of TEXT_FILTERS) {
    const v = filters[key]?.trim();
    if (v) q[key] = v;
  }
  return { ...q, ...periodQuery(filters.period) };
}

/** The chain's verification over the period searched (or the whole chain), in words. */
function VerifyChain({ period }: { period: Filters['period'] }) {
  const { t } = useI18n();
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setResult(await ok(api.GET('/api/audit/verify', { params: { query: periodQuery(period) } })));
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setRunning(false);
    }
  };
  const b = result?.firstBreak;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button onClick={run} loading={running}>
        {running ? t('audit.verifying') : t('audit.verify')}
      </Button>
      {error ? <ApiErrorAlert error={error} onRetry={run} /> : null}
      {result && result.ok ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message={t('audit.intact', { checked: result.checked, anchors: result.anchorsChecked })}
        />
      ) : null}
      {result && b ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={t('audit.broken', {
            seq: b.seq ?? '—',
            auditId: b.auditId ?? '—',
            kind: t(`audit.break.${b.kind}` as MessageKey),
          })}
        />
      ) : null}
    </Space>
  );
}

/** 审计: search the audit trail and verify its hash chain (auditors and compliance, every branch in scope). */
export default function AuditTrail() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const entries = useAsync(
    () =>
      ok<{ items: Entry[]; total: number }>(
        api.GET('/api/audit', { params: { query: { ...trimmed(filters), page, pageSize: PAGE_SIZE } } }),
      ),
    [filters, page],
  );
  const columns: TableColumnsType<Entry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: fmtDateTime },
    { title: t('audit.actorId'), dataIndex: 'actorId', width: 140 },
    { title: t('audit.role'), dataIndex: 'actorRole', width: 120 },
    { title: t('audit.action'), dataIndex: 'action', width: 180 },
    { title: t('audit.entityType'), dataIndex: 'entityType', width: 120 },
    { title: t('audit.entityId'), dataIndex: 'entityId', ellipsis: true },
    { title: t('audit.seq'), dataIndex: 'seq', width: 80, render: (s: number | null) => s ?? '—' },
    {
      title: t('audit.detail'),
      dataIndex: 'detail',
      ellipsis: true,
      render: (d: Entry['detail']) => (d ? <Typography.Text code>{JSON.stringify(d)}</Typography.Text> : '—'),
    },
  ];
  return (
    <>
      <PageTitle title={t('menu.audit')} />
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon message={t('audit.intro')} />
          <Form<Filters>
            layout="inline"
            onFinish={(v) => {
              setFilters(v);
              setPage(1);
            }}
          >
            {TEXT_FILTERS.map((key) => (
              <Form.Item key={key} name={key} label={t(`audit.${key}`)}>
                <Input allowClear maxLength={200} />
              </Form.Item>
            ))}
            <Form.Item name="period" label={t('audit.period')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit">
                {t('audit.search')}
              </Button>
            </Form.Item>
          </Form>
          <VerifyChain period={filters.period} />
          {entries.error ? (
            <ApiErrorAlert error={entries.error} onRetry={entries.reload} />
          ) : (
            <Table<Entry>
              rowKey="id"
              size="small"
              // Fixed layout, no sideways scrolling: long ids and details are cut with an ellipsis (title on hover).
              tableLayout="fixed"
              loading={entries.loading}
              dataSource={entries.data?.items ?? []}
              columns={columns}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.none')} /> }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: entries.data?.total ?? 0,
                hideOnSinglePage: true,
                showTotal: (total) => t('audit.total', { total }),
                onChange: setPage,
              }}
            />
          )}
        </Space>
      </Card>
    </>
  );
}
