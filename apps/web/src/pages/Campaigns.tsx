import { Button, Card, Col, Descriptions, Form, Row, Select, Space, Statistic, Table } from 'antd';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ok } from '../api/client';
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import { Deadline } from '../components/case-bits';
import {
  CAMPAIGN_STATUSES,
  CampaignProgress,
  CampaignStatusTag,
  RecheckFlags,
  RecheckOutcomeTag,
  subjectText,
  type Campaign,
  type CampaignDetail,
  type CampaignPage,
  type RecheckTask,
} from '../components/conduct-bits';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../time';

type Status = (typeof CAMPAIGN_STATUSES)[number];
const PAGE_SIZE = 20;

interface Counts {
  confirmed: number;
  corrected: number;
  falseData: number;
  casesOpened: number;
}

/** The recorded result of a finished campaign; while it runs, the same counts over its tasks done so far. */
function countsOf(c: Campaign, tasks?: RecheckTask[]): Counts | null {
  if (c.result) return c.result;
  if (!tasks) return null;
  const n = (o: string) => tasks.filter((x) => x.outcome === o).length;
  return {
    confirmed: n('CONFIRMED'),
    corrected: n('CORRECTED'),
    falseData: n('FALSE_DATA'),
    casesOpened: tasks.filter((x) => x.caseId !== null).length,
  };
}

function TaskTable({ tasks }: { tasks: RecheckTask[] }) {
  const { t, label } = useI18n();
  return (
    <Table<RecheckTask>
      rowKey="taskId"
      size="small"
      dataSource={tasks}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('common.empty') }}
      columns={[
        { title: t('recheck.policy'), dataIndex: 'policyNumber' },
        {
          title: `${t('case.channel')} / ${t('case.branch')}`,
          key: 'scope',
          render: (_, r) => `${label('channel', r.channel)} / ${r.branchCode}`,
        },
        { title: t('recheck.outcome'), key: 'outcome', render: (_, r) => <RecheckOutcomeTag task={r} /> },
        {
          title: t('recheck.due'),
          dataIndex: 'dueAt',
          render: (d: string, r) => (r.state === 'OPEN' ? <Deadline due={d} /> : fmtDateTime(d)),
        },
        {
          title: '',
          key: 'flags',
          render: (_, r) => <RecheckFlags task={r} />,
        },
        { title: t('recheck.doneBy'), dataIndex: 'doneBy', render: (d: string | null) => d ?? '—' },
        { title: t('recheck.doneAt'), dataIndex: 'doneAt', render: (d: string | null) => fmtDateTime(d) },
        {
          title: t('recheck.case'),
          dataIndex: 'caseId',
          render: (id: string | null) => (id ? <Link to={`/cases/${encodeURIComponent(id)}`}>{id}</Link> : '—'),
        },
      ]}
    />
  );
}

function CampaignView({ id }: { id: string }) {
  const { t, label } = useI18n();
  const detail = useAsync(() => ok<CampaignDetail>(api.GET('/api/campaigns/{id}', { params: { path: { id } } })), [id]);
  return (
    <>
      <PageTitle
        title={
          detail.data
            ? t('campaign.detailTitle', {
                kind: label('subjectKind', detail.data.subjectKind),
                code: detail.data.subjectCode,
              })
            : t('campaign.title')
        }
        extra={
          <>
            <Link to="/campaigns">{t('campaign.back')}</Link>
            <Button onClick={detail.reload}>{t('common.refresh')}</Button>
          </>
        }
      />
      <AsyncView state={detail}>
        {(c) => {
          const counts = countsOf(c, c.taskList)!;
          const done = c.tasks.total - c.tasks.open;
          return (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card title={t('campaign.progress')} extra={<CampaignStatusTag status={c.status} />}>
                <Row gutter={[16, 16]}>
                  <Col span={24}>
                    <CampaignProgress tasks={c.tasks} block />
                  </Col>
                  {(
                    [
                      ['recheckState.DONE', done],
                      ['recheckState.OPEN', c.tasks.open],
                      ['campaign.confirmed', counts.confirmed],
                      ['campaign.corrections', counts.corrected],
                      ['campaign.falseData', counts.falseData],
                      ['campaign.casesOpened', counts.casesOpened],
                    ] as const
                  ).map(([key, value]) => (
                    <Col key={key} xs={12} sm={8} lg={4}>
                      <Statistic title={t(key)} value={value} />
                    </Col>
                  ))}
                </Row>
              </Card>
              <Card title={t('campaign.subject')}>
                <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                  <Descriptions.Item label={t('campaign.subject')}>
                    {subjectText(label, c.subjectKind, c.subjectCode)}
                  </Descriptions.Item>
                  <Descriptions.Item label={`${t('case.channel')} / ${t('case.branch')}`}>
                    {label('channel', c.channel)} / {c.branchCode}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('campaign.window')}>
                    {c.windowStart} ~ {c.windowEnd}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('campaign.status')}>
                    <CampaignStatusTag status={c.status} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('campaign.startedAt')}>{fmtDateTime(c.startedAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('campaign.finishedAt')}>
                    {c.finishedAt ? fmtDateTime(c.finishedAt) : t('campaign.resultPending')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('campaign.complaints')} span={2}>
                    <Space wrap>
                      {c.complaintIds.map((cid) => (
                        <Link key={cid} to={`/complaints?id=${encodeURIComponent(cid)}`}>
                          {cid.slice(0, 8)}
                        </Link>
                      ))}
                    </Space>
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              <Card title={t('campaign.tasks')}>
                <TaskTable tasks={c.taskList} />
              </Card>
            </Space>
          );
        }}
      </AsyncView>
    </>
  );
}

/** Campaigns in the caller's scope, newest first, with their progress; the running ones' counts from their tasks. */
function CampaignList() {
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<{ status?: Status }>();
  const status = CAMPAIGN_STATUSES.find((s) => s === params.get('status'));
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);

  useEffect(() => form.setFieldsValue({ status }), [status]);

  const list = useAsync(
    () => ok<CampaignPage>(api.GET('/api/campaigns', { params: { query: { status, page, pageSize: PAGE_SIZE } } })),
    [status, page],
  );
  // A running campaign's corrections and cases are counted over its tasks (its result is recorded at the end).
  const running = useAsync(
    () =>
      Promise.all(
        (list.data?.items ?? [])
          .filter((c) => !c.result)
          .map((c) =>
            ok<CampaignDetail>(api.GET('/api/campaigns/{id}', { params: { path: { id: c.campaignId } } })).then(
              (d) => [c.campaignId, d.taskList] as const,
              () => [c.campaignId, undefined] as const,
            ),
          ),
      ).then((pairs) => new Map(pairs)),
    [list.data],
  );
  const count = (c: Campaign, key: keyof Counts) => countsOf(c, running.data?.get(c.campaignId))?.[key] ?? '—';

  const go = (next: { status?: Status; page?: number }) => {
    const p = new URLSearchParams();
    if (next.status) p.set('status', next.status);
    if (next.page && next.page > 1) p.set('page', String(next.page));
    setParams(p);
  };

  return (
    <>
      <PageTitle title={t('campaign.title')} extra={<Button onClick={list.reload}>{t('common.refresh')}</Button>} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('complaint.filters')}>
          <Form form={form} layout="inline" initialValues={{ status }} onFinish={(v) => go({ status: v.status })}>
            <Form.Item name="status" label={t('campaign.status')}>
              <Select
                allowClear
                style={{ width: 130 }}
                options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: label('campaignStatus', s) }))}
              />
            </Form.Item>
            <Form.Item>
              <Space>
                <Button type="primary" htmlType="submit">
                  {t('common.search')}
                </Button>
                <Button onClick={() => go({})}>{t('common.reset')}</Button>
              </Space>
            </Form.Item>
          </Form>
        </Card>
        <Card size="small">
          {list.error ? (
            <ApiErrorAlert error={list.error} onRetry={list.reload} />
          ) : (
            <Table<Campaign>
              rowKey="campaignId"
              loading={list.loading}
              dataSource={list.data?.items ?? []}
              scroll={{ x: 1000 }}
              locale={{ emptyText: t('campaign.none') }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: list.data?.total ?? 0,
                hideOnSinglePage: true,
                showTotal: (total) => t('campaign.total', { total }),
                onChange: (p) => go({ status, page: p }),
              }}
              columns={[
                {
                  title: t('campaign.subject'),
                  key: 'subject',
                  render: (_, c) => (
                    <Link
                      to={`/campaigns?id=${encodeURIComponent(c.campaignId)}`}
                      aria-label={t('campaign.open', { code: c.subjectCode })}
                    >
                      {subjectText(label, c.subjectKind, c.subjectCode)}
                    </Link>
                  ),
                },
                {
                  title: `${t('case.channel')} / ${t('case.branch')}`,
                  key: 'scope',
                  render: (_, c) => `${label('channel', c.channel)} / ${c.branchCode}`,
                },
                {
                  title: t('campaign.status'),
                  dataIndex: 'status',
                  render: (s: string) => <CampaignStatusTag status={s} />,
                },
                {
                  title: t('campaign.progress'),
                  key: 'progress',
                  render: (_, c) => <CampaignProgress tasks={c.tasks} />,
                },
                { title: t('campaign.corrections'), key: 'corrected', render: (_, c) => count(c, 'corrected') },
                { title: t('campaign.falseData'), key: 'falseData', render: (_, c) => count(c, 'falseData') },
                { title: t('campaign.casesOpened'), key: 'cases', render: (_, c) => count(c, 'casesOpened') },
                { title: t('campaign.window'), key: 'window', render: (_, c) => `${c.windowStart} ~ ${c.windowEnd}` },
                { title: t('campaign.startedAt'), dataIndex: 'startedAt', render: (d: string) => fmtDateTime(d) },
              ]}
            />
          )}
        </Card>
      </Space>
    </>
  );
}

/** 复核: the campaigns, or one of them with its tasks (`?id=`), so a campaign can be linked and bookmarked. */
export default function Campaigns() {
  const [params] = useSearchParams();
  const id = params.get('id');
  return id ? <CampaignView id={id} /> : <CampaignList />;
}
