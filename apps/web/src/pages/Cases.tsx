import { Button, Card, DatePicker, Form, Input, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ok } from '../api/client';
import { CASE_STATES, CHANNELS, type CasePage, type CaseState, type CaseView } from '../api/views';
import { ApiErrorAlert, useAsync } from '../components/async';
import { CaseFlags, Deadline, StateTag } from '../components/case-bits';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n';
import { fmtDateTime, sh, ZONE } from '../time';

type Filters = {
  state?: CaseState;
  channel?: (typeof CHANNELS)[number];
  branch?: string;
  assignee?: string;
  escalated?: 'true' | 'false';
  breached?: 'true' | 'false';
  dueBefore?: string;
};

/** Filters live in the URL, so a filtered list can be bookmarked and the back button works. */
export default function Cases() {
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(params.entries());
  const page = Number(params.get('page') ?? 1);
  const [pageSize, setPageSize] = useState(20);
  const [form] = Form.useForm();

  const list = useAsync(() => {
    const query = {
      state: filters.state,
      channel: filters.channel,
      branch: filters.branch || undefined,
      assignee: filters.assignee || undefined,
      escalated: filters.escalated === undefined ? undefined : filters.escalated === 'true',
      breached: filters.breached === undefined ? undefined : filters.breached === 'true',
      dueBefore: filters.dueBefore,
      page,
      pageSize,
    };
    return ok<CasePage>(api.GET('/api/cases', { params: { query } }));
  }, [params.toString(), pageSize]);

  const apply = (v: Omit<Filters, 'dueBefore'> & { dueBefore?: Dayjs | null }) => {
    const next = new URLSearchParams();
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined || val === null || val === '') continue;
      // The end of the chosen day in Shanghai, as the ISO instant the API compares with.
      next.set(
        k,
        k === 'dueBefore'
          ? sh((val as Dayjs).format('YYYY-MM-DD') + 'T00:00:00+08:00')
              .add(1, 'day')
              .toISOString()
          : String(val),
      );
    }
    setParams(next);
  };
  const yesNo = [
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];

  return (
    <>
      <PageTitle title={t('menu.cases')} />
      <Card style={{ marginBottom: 16 }} title={t('case.filters')} size="small">
        <Form
          form={form}
          layout="inline"
          initialValues={{
            ...filters,
            dueBefore: filters.dueBefore ? sh(filters.dueBefore).subtract(1, 'day') : undefined,
          }}
          onFinish={apply}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="state" label={t('case.state')}>
            <Select
              allowClear
              style={{ width: 140 }}
              options={CASE_STATES.map((s) => ({ value: s, label: label('state', s) }))}
            />
          </Form.Item>
          <Form.Item name="channel" label={t('case.channel')}>
            <Select
              allowClear
              style={{ width: 130 }}
              options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))}
            />
          </Form.Item>
          <Form.Item name="branch" label={t('case.branch')}>
            <Input style={{ width: 100 }} maxLength={20} />
          </Form.Item>
          <Form.Item name="assignee" label={t('case.assignee')}>
            <Input style={{ width: 130 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="escalated" label={t('case.escalated')}>
            <Select allowClear style={{ width: 90 }} options={yesNo} />
          </Form.Item>
          <Form.Item name="breached" label={t('case.breached')}>
            <Select allowClear style={{ width: 90 }} options={yesNo} />
          </Form.Item>
          <Form.Item name="dueBefore" label={t('case.dueBefore')} tooltip={ZONE}>
            <DatePicker />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>{' '}
            <Button
              onClick={() => {
                form.resetFields();
                setParams(new URLSearchParams());
              }}
            >
              {t('common.reset')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        {list.error ? (
          <ApiErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<CaseView>
            rowKey="caseId"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 960 }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showTotal: (total) => t(list.data?.totalCapped ? 'case.totalCapped' : 'case.total', { total }),
              onChange: (p, size) => {
                setPageSize(size);
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                setParams(next);
              },
            }}
            columns={[
              {
                title: t('case.id'),
                dataIndex: 'caseId',
                render: (id: string) => <Link to={`/cases/${encodeURIComponent(id)}`}>{id}</Link>,
              },
              { title: t('case.state'), dataIndex: 'state', render: (s: CaseState) => <StateTag state={s} /> },
              { title: t('case.rule'), dataIndex: 'rule', render: (r: string) => label('rule', r) },
              {
                title: `${t('case.channel')} / ${t('case.branch')}`,
                key: 'scope',
                render: (_, c) => `${label('channel', c.channel)} / ${c.branchCode}`,
              },
              { title: t('case.assignee'), dataIndex: 'assigneeId', render: (a: string | null) => a ?? '—' },
              {
                title: t('case.due'),
                dataIndex: 'dueAt',
                render: (d: string | null, c) => (c.state === 'CLOSED' ? '—' : <Deadline due={d} />),
              },
              { title: '', key: 'flags', render: (_, c) => <CaseFlags c={c} /> },
              { title: t('case.openedAt'), dataIndex: 'openedAt', render: (d: string) => fmtDateTime(d) },
            ]}
          />
        )}
      </Card>
    </>
  );
}
