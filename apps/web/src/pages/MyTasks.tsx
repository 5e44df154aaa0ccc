import { Button, Card, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api, ok } from '../api/client';
import type { CasePage, Task } from '../api/views';
import { AsyncView, useAsync } from '../components/async';
import { Deadline, StateTag, TimeLeft } from '../components/case-bits';
import { useI18n, type MessageKey } from '../i18n';
import { PageTitle } from '../components/PageTitle';
import { RecheckTasks } from '../components/RecheckTasks';
import { useSession } from '../session-context';

const TASK_LABEL: Record<string, MessageKey> = {
  distribute: 'task.distribute',
  assign: 'task.assign',
  claim: 'task.claim',
  investigate: 'task.investigate',
  record_assist: 'task.assist',
  verify: 'task.approve',
  supervise_escalation: 'task.escalation',
};

export default function MyTasks() {
  const { t } = useI18n();
  const me = useSession();
  const tasks = useAsync(() => ok<Task[]>(api.GET('/api/me/tasks')), []);
  // Tasks carry no flags: the escalated cases in scope mark theirs (a failure only loses the mark).
  const escalated = useAsync(
    () =>
      ok<CasePage>(api.GET('/api/cases', { params: { query: { escalated: true, pageSize: 500 } } })).then(
        (p) => new Set(p.items.map((c) => c.caseId)),
        () => new Set<string>(),
      ),
    [tasks.data],
  );
  return (
    <>
      <PageTitle title={t('tasks.title')} extra={<Button onClick={tasks.reload}>{t('common.refresh')}</Button>} />
      <Card>
        <AsyncView state={tasks}>
          {(rows) => (
            <Table<Task>
              rowKey={(r) => `${r.caseId}:${r.task}`}
              dataSource={rows}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: 720 }}
              locale={{ emptyText: t('tasks.none') }}
              rowClassName={(r) => (r.dueAt && Date.parse(r.dueAt) < Date.now() ? 'row-overdue' : '')}
              columns={[
                {
                  title: t('case.id'),
                  dataIndex: 'caseId',
                  render: (id: string) => (
                    <>
                      <Link to={`/cases/${encodeURIComponent(id)}`}>{id}</Link>{' '}
                      {escalated.data?.has(id) && <Tag color="red">{t('flag.escalated')}</Tag>}
                    </>
                  ),
                },
                {
                  title: t('tasks.task'),
                  dataIndex: 'task',
                  render: (k: string) => (
                    <Tag color={k === 'supervise_escalation' ? 'red' : 'blue'}>
                      {TASK_LABEL[k] ? t(TASK_LABEL[k]) : k}
                    </Tag>
                  ),
                },
                { title: t('case.state'), dataIndex: 'state', render: (s: Task['state']) => <StateTag state={s} /> },
                { title: t('tasks.due'), dataIndex: 'dueAt', render: (d: string | null) => <Deadline due={d} /> },
                {
                  title: t('tasks.left'),
                  dataIndex: 'dueAt',
                  key: 'left',
                  render: (d: string | null) =>
                    d && Date.parse(d) < Date.now() ? (
                      <Tag color="volcano">{t('flag.overdue')}</Tag>
                    ) : (
                      <TimeLeft due={d} />
                    ),
                },
              ]}
            />
          )}
        </AsyncView>
      </Card>
      {/* Re-checks of complaint campaigns are customer service's alone (the API's "mine" is empty for others). */}
      {me.role === 'customer_service' && <RecheckTasks />}
    </>
  );
}
