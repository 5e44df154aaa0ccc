import { App, Button, Card, Collapse, Empty, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { runStep } from '../api/cases';
import { api, download, ok } from '../api/client';
import type { DetectionRunView, FindingListRow } from '../api/views';
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import { Deadline, StateTag } from '../components/case-bits';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n';

/** The latest published run's list, every page of it (the API pages by findingKey). */
async function loadList(): Promise<{ run: DetectionRunView | null; rows: FindingListRow[] }> {
  const runs = await ok<DetectionRunView[]>(api.GET('/api/detection/runs'));
  const run =
    runs
      .filter((r) => r.published && r.status === 'COMPLETED')
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null;
  if (!run) return { run, rows: [] };
  const rows: FindingListRow[] = [];
  let after = '';
  for (let i = 0; i < 50; i++) {
    const page = await ok<FindingListRow[]>(
      api.GET('/api/detection/runs/{id}/findings', {
        params: { path: { id: run.id }, query: { after: after || undefined, pageSize: 1000 } },
      }),
    );
    rows.push(...page);
    if (page.length < 1000) break;
    after = page[page.length - 1].findingKey;
  }
  return { run, rows };
}

export default function Distribution() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const list = useAsync(loadList, []);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Array<{ caseId: string; error: unknown }>>([]);

  const groups = useMemo(() => {
    const m = new Map<string, FindingListRow[]>();
    for (const r of list.data?.rows ?? []) {
      const k = `${r.channel}\u0000${r.branchCode}`;
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [list.data]);

  const distribute = async (caseIds: string[]) => {
    setBusy(true);
    setErrors([]);
    const failed: Array<{ caseId: string; error: unknown }> = [];
    for (const id of caseIds) {
      try {
        await runStep(id, 'distribute', {});
      } catch (error) {
        failed.push({ caseId: id, error });
      }
    }
    setBusy(false);
    setErrors(failed);
    setSelected([]);
    message.info(t('dist.done', { ok: caseIds.length - failed.length, failed: failed.length }));
    list.reload();
  };

  const run = list.data?.run;
  const exportAs = (format: 'csv' | 'xlsx') =>
    run &&
    download(
      `/api/detection/runs/${run.id}/findings?format=${format}`,
      `suspicious-list-${run.businessDate}.${format}`,
    ).catch((e: unknown) => setErrors([{ caseId: '', error: e }]));

  return (
    <>
      <PageTitle
        title={t('dist.title')}
        extra={
          <>
            <Button onClick={list.reload}>{t('common.refresh')}</Button>
            <Button disabled={!run} onClick={() => exportAs('csv')}>
              {t('dist.exportCsv')}
            </Button>
            <Button disabled={!run} onClick={() => exportAs('xlsx')}>
              {t('dist.exportXlsx')}
            </Button>
            <Button type="primary" disabled={selected.length === 0} loading={busy} onClick={() => distribute(selected)}>
              {t('dist.distributeSelected')}（{selected.length}）
            </Button>
          </>
        }
      />
      {errors.map((e, i) => (
        <div key={i} style={{ marginBottom: 8 }}>
          {e.caseId && <Typography.Text strong>{e.caseId}</Typography.Text>}
          <ApiErrorAlert error={e.error} />
        </div>
      ))}
      <AsyncView state={list}>
        {({ run: r }) =>
          !r ? (
            <Card>
              <Empty description={t('dist.noRun')} />
            </Card>
          ) : (
            <Card title={t('dist.run', { date: r.businessDate, id: r.id.slice(0, 8) })}>
              {groups.length === 0 ? (
                <Empty description={t('common.empty')} />
              ) : (
                <Collapse
                  defaultActiveKey={groups.map(([k]) => k)}
                  items={groups.map(([k, rows]) => {
                    const open = rows.filter((x) => x.caseId && x.caseState === 'OPEN');
                    return {
                      key: k,
                      label: t('dist.group', {
                        channel: label('channel', rows[0].channel),
                        branch: rows[0].branchCode,
                        n: rows.length,
                      }),
                      // A button inside the header would nest one control in another (the header toggles the panel).
                      children: (
                        <>
                          <Button
                            size="small"
                            style={{ marginBottom: 8 }}
                            disabled={open.length === 0 || busy}
                            onClick={() => void distribute(open.map((x) => x.caseId!))}
                          >
                            {t('dist.distributeGroup', { n: open.length })}
                          </Button>
                          <Table<FindingListRow>
                            rowKey="findingKey"
                            size="small"
                            dataSource={rows}
                            pagination={{ pageSize: 50, hideOnSinglePage: true }}
                            rowSelection={{
                              selectedRowKeys: rows
                                .filter((x) => x.caseId && selected.includes(x.caseId))
                                .map((x) => x.findingKey),
                              getCheckboxProps: (x) => ({
                                disabled: !x.caseId || x.caseState !== 'OPEN',
                                'aria-label': x.findingKey,
                              }),
                              onChange: (_keys, picked) => {
                                const inGroup = new Set(rows.map((x) => x.caseId));
                                setSelected((s) => [
                                  ...s.filter((id) => !inGroup.has(id)),
                                  ...picked.map((x) => x.caseId!).filter(Boolean),
                                ]);
                              },
                            }}
                            columns={[
                              { title: t('case.rule'), dataIndex: 'rule', render: (x: string) => label('rule', x) },
                              {
                                title: '',
                                dataIndex: 'change',
                                render: (x: 'new' | 'grown') => (
                                  <Tag color={x === 'new' ? 'blue' : 'orange'}>{t(`detect.change.${x}`)}</Tag>
                                ),
                              },
                              {
                                title: t('case.customers'),
                                dataIndex: 'customers',
                                render: (c: string[]) => c.join('；'),
                              },
                              {
                                title: t('case.policies'),
                                dataIndex: 'policyNumbers',
                                render: (p: string[]) => p.join(', '),
                              },
                              {
                                title: t('case.seller'),
                                dataIndex: 'sellerCode',
                                render: (s: string | null) => s ?? '—',
                              },
                              {
                                title: t('case.id'),
                                dataIndex: 'caseId',
                                render: (id: string | null) =>
                                  id ? <Link to={`/cases/${encodeURIComponent(id)}`}>{id.slice(0, 18)}…</Link> : '—',
                              },
                              {
                                title: t('case.state'),
                                dataIndex: 'caseState',
                                render: (s: FindingListRow['caseState']) => <StateTag state={s} />,
                              },
                              {
                                title: t('deadline.revisitDeadlineAt'),
                                dataIndex: 'revisitDeadlineAt',
                                render: (d: string | null) => <Deadline due={d} />,
                              },
                            ]}
                          />
                        </>
                      ),
                    };
                  })}
                />
              )}
              <Space style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">{t('dist.selected', { n: selected.length })}</Typography.Text>
              </Space>
            </Card>
          )
        }
      </AsyncView>
    </>
  );
}
