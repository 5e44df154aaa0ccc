import { Alert, Card, Empty, Form, Input, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { ApiErrorAlert, useAsync } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { StepButton } from '../components/steps';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime } from '../time';

type Hold = components['schemas']['LegalHoldDto'];
type Destruction = components['schemas']['DestructionLogEntryDto'];
interface Paged<T> {
  items: T[];
  total: number;
}

const PAGE_SIZE = 20;

function Holds() {
  const { t } = useI18n();
  const { role } = useSession();
  const [page, setPage] = useState(1);
  const holds = useAsync(
    () => ok<Paged<Hold>>(api.GET('/api/legal-holds', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    [page],
  );
  const columns: TableColumnsType<Hold> = [
    { title: t('retention.policyNumber'), dataIndex: 'policyNumber', width: 170 },
    { title: t('retention.reason'), dataIndex: 'reason' },
    { title: t('retention.placedBy'), dataIndex: 'placedBy', width: 130 },
    { title: t('retention.placedAt'), dataIndex: 'placedAt', width: 170, render: fmtDateTime },
    {
      title: t('retention.status'),
      key: 'status',
      width: 200,
      render: (_: unknown, h: Hold) =>
        h.liftedAt ? (
          <span>
            <Tag>{t('retention.lifted')}</Tag>
            {fmtDateTime(h.liftedAt)}
          </span>
        ) : (
          <Tag color="blue">{t('retention.active')}</Tag>
        ),
    },
    {
      key: 'actions',
      width: 120,
      render: (_: unknown, h: Hold) =>
        !h.liftedAt && role === 'compliance' ? (
          <StepButton<Record<string, never>>
            label={t('retention.lift')}
            run={() => ok(api.POST('/api/legal-holds/{id}/lift', { params: { path: { id: h.id } } }))}
            onDone={holds.reload}
          />
        ) : null,
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {role === 'compliance' && (
        <StepButton<{ policyNumber: string; reason: string }>
          label={t('retention.place')}
          primary
          width={520}
          run={(v) => ok(api.POST('/api/legal-holds', { body: v }))}
          onDone={holds.reload}
        >
          <Form.Item
            name="policyNumber"
            label={t('retention.policyNumber')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="reason" label={t('retention.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </StepButton>
      )}
      {holds.error ? (
        <ApiErrorAlert error={holds.error} onRetry={holds.reload} />
      ) : (
        <Table<Hold>
          rowKey="id"
          size="small"
          loading={holds.loading}
          dataSource={holds.data?.items ?? []}
          columns={columns}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('retention.noneHolds')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: holds.data?.total ?? 0,
            hideOnSinglePage: true,
            showTotal: (total) => t('retention.total', { total }),
            onChange: setPage,
          }}
        />
      )}
    </Space>
  );
}

function DestructionLog() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const log = useAsync(
    () => ok<Paged<Destruction>>(api.GET('/api/destruction-log', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    [page],
  );
  const columns: TableColumnsType<Destruction> = [
    { title: t('retention.destroyedAt'), dataIndex: 'destroyedAt', width: 170, render: fmtDateTime },
    {
      title: t('retention.rule'),
      dataIndex: 'rule',
      width: 190,
      render: (r: Destruction['rule']) => t(`retention.rule.${r}` as MessageKey),
    },
    {
      title: t('retention.record'),
      key: 'record',
      render: (_: unknown, d: Destruction) => `${d.recordKind} ${d.recordRef}`,
    },
    { title: t('retention.rows'), dataIndex: 'rows', width: 100 },
    { title: t('retention.run'), dataIndex: 'runId', width: 220 },
  ];
  if (log.error) return <ApiErrorAlert error={log.error} onRetry={log.reload} />;
  return (
    <Table<Destruction>
      rowKey="id"
      size="small"
      loading={log.loading}
      dataSource={log.data?.items ?? []}
      columns={columns}
      scroll={{ x: 900 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('retention.noneLog')} /> }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: log.data?.total ?? 0,
        hideOnSinglePage: true,
        showTotal: (total) => t('retention.total', { total }),
        onChange: setPage,
      }}
    />
  );
}

/** 留存与销毁: legal holds (compliance places and lifts them) and what the daily retention run destroyed. */
export default function Retention() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('menu.retention')} />
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon message={t('retention.intro')} />
          <Tabs
            items={[
              { key: 'holds', label: t('retention.tab.holds'), children: <Holds /> },
              { key: 'log', label: t('retention.tab.log'), children: <DestructionLog /> },
            ]}
          />
        </Space>
      </Card>
    </>
  );
}
