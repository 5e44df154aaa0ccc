import { App, Button, Card, Checkbox, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ok } from '../api/client';
import { DETECTION_RULES, type DetectionRunView, type FindingListRow } from '../api/views';
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import { StateTag } from '../components/case-bits';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime } from '../time';

const STATUS_COLOR = { RUNNING: 'processing', COMPLETED: 'green', FAILED: 'red' } as const;

export default function Detection() {
  const { t, label } = useI18n();
  const me = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const runs = useAsync(() => ok<DetectionRunView[]>(api.GET('/api/detection/runs')), []);
  const [full, setFull] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const selected = params.get('run');
  const mayStart = me.role === 'customer_service' || me.role === 'admin';

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const r = await ok<{ id?: string; runId?: string }>(api.POST('/api/detection/runs', { body: { full } }));
      message.success(t('detect.started', { id: r.id ?? r.runId ?? '' }));
      runs.reload();
    } catch (e) {
      setStartError(e);
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <PageTitle
        title={t('detect.title')}
        extra={
          <>
            <Button onClick={runs.reload}>{t('common.refresh')}</Button>
            {mayStart && (
              <>
                <Checkbox checked={full} onChange={(e) => setFull(e.target.checked)}>
                  {t('detect.full')}
                </Checkbox>
                <Button type="primary" loading={starting} onClick={start}>
                  {t('detect.start')}
                </Button>
              </>
            )}
          </>
        }
      />
      {startError !== null && <ApiErrorAlert error={startError} />}
      <Card style={{ marginBottom: 16 }}>
        <AsyncView state={runs}>
          {(list) => (
            <Table<DetectionRunView>
              rowKey="id"
              size="small"
              dataSource={[...list].sort((a, b) => b.startedAt.localeCompare(a.startedAt))}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 900 }}
              rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
              locale={{ emptyText: t('common.empty') }}
              columns={[
                { title: t('detect.startedAt'), dataIndex: 'startedAt', render: (d: string) => fmtDateTime(d) },
                { title: t('detect.businessDate'), dataIndex: 'businessDate' },
                {
                  title: t('detect.status'),
                  dataIndex: 'status',
                  render: (s: DetectionRunView['status']) => (
                    <Tag color={STATUS_COLOR[s]}>{t(`detect.status.${s}`)}</Tag>
                  ),
                },
                {
                  title: t('detect.trigger'),
                  dataIndex: 'trigger',
                  render: (x: DetectionRunView['trigger'], r) =>
                    `${t(`detect.trigger.${x}`)}${r.full ? ' · full' : ''}`,
                },
                {
                  title: t('detect.published'),
                  dataIndex: 'published',
                  render: (p: boolean) => (p ? t('common.yes') : t('common.no')),
                },
                {
                  title: t('detect.counts'),
                  dataIndex: 'counts',
                  render: (c: DetectionRunView['counts']) => (
                    <Space size={4} wrap>
                      {Object.entries(c).map(([rule, n]) => (
                        <Tag key={rule}>
                          {label('rule', rule)} {n?.findings ?? 0}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
                { title: t('detect.casesOpened'), dataIndex: 'casesOpened' },
                {
                  title: t('detect.duration'),
                  dataIndex: 'durationMs',
                  render: (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`),
                },
                {
                  title: '',
                  key: 'open',
                  render: (_, r) => (
                    <Button size="small" onClick={() => setParams({ run: r.id })}>
                      {t('detect.findings')}
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </AsyncView>
      </Card>
      {selected && <Findings runId={selected} />}
    </>
  );
}

function Findings({ runId }: { runId: string }) {
  const { t, label } = useI18n();
  const [rule, setRule] = useState<string | undefined>();
  const [after, setAfter] = useState<string[]>(['']);
  const page = useAsync(
    () =>
      ok<FindingListRow[]>(
        api.GET('/api/detection/runs/{id}/findings', {
          params: {
            path: { id: runId },
            query: {
              rule: rule as FindingListRow['rule'] | undefined,
              after: after[after.length - 1] || undefined,
              pageSize: 100,
            },
          },
        }),
      ),
    [runId, rule, after.join('|')],
  );
  return (
    <Card
      title={`${t('detect.findings')} · ${runId.slice(0, 8)}`}
      extra={
        <Select
          allowClear
          placeholder={t('case.rule')}
          aria-label={t('case.rule')}
          style={{ width: 200 }}
          value={rule}
          onChange={(v) => {
            setRule(v);
            setAfter(['']);
          }}
          options={DETECTION_RULES.map((r) => ({ value: r, label: label('rule', r) }))}
        />
      }
    >
      <AsyncView state={page}>
        {(rows) => (
          <>
            <Table<FindingListRow>
              rowKey="findingKey"
              size="small"
              dataSource={rows}
              pagination={false}
              scroll={{ x: 900 }}
              locale={{ emptyText: t('common.empty') }}
              columns={[
                { title: t('case.rule'), dataIndex: 'rule', render: (x: string) => label('rule', x) },
                { title: '', dataIndex: 'change', render: (x: 'new' | 'grown') => t(`detect.change.${x}`) },
                {
                  title: t('case.customers'),
                  key: 'customers',
                  render: (_, r) =>
                    r.withheld ? <Tag color="gold">{t('access.withheld')}</Tag> : r.customers.join('；'),
                },
                { title: t('case.policies'), dataIndex: 'policyNumbers', render: (p: string[]) => p.join(', ') },
                {
                  title: `${t('case.channel')} / ${t('case.branch')}`,
                  key: 'scope',
                  render: (_, r) => `${label('channel', r.channel)} / ${r.branchCode}`,
                },
                {
                  title: t('case.id'),
                  dataIndex: 'caseId',
                  render: (id: string | null) =>
                    id ? <Link to={`/cases/${encodeURIComponent(id)}`}>{t('common.view')}</Link> : '—',
                },
                {
                  title: t('case.state'),
                  dataIndex: 'caseState',
                  render: (s: FindingListRow['caseState']) => <StateTag state={s} />,
                },
              ]}
            />
            <Space style={{ marginTop: 8 }}>
              <Button disabled={after.length <= 1} onClick={() => setAfter((a) => a.slice(0, -1))}>
                ‹
              </Button>
              <Button
                disabled={rows.length < 100}
                onClick={() => setAfter((a) => [...a, rows[rows.length - 1].findingKey])}
              >
                ›
              </Button>
            </Space>
          </>
        )}
      </AsyncView>
    </Card>
  );
}
