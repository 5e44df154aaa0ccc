import {
  Alert,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { ApiErrorAlert, useAsync } from '../components/async';
import { ConfidentialityTag } from '../components/ConfidentialityTag';
import { PageTitle } from '../components/PageTitle';
import { StepButton } from '../components/steps';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime } from '../time';

type AccessRequest = components['schemas']['AccessRequestDto'];
type Status = AccessRequest['status'];
type NewRequest = components['schemas']['CreateAccessRequestDto'];
interface LevelForm {
  objectKind: 'policy' | 'evidence';
  caseId?: string;
  objectId: string;
  level: 'normal' | 'confidential' | 'top_secret';
  reason: string;
}

const PAGE_SIZE = 20;
const STATUS_COLOR: Record<Status, string> = { pending: 'gold', approved: 'green', rejected: 'default' };

function KindField() {
  const { t } = useI18n();
  return (
    <Form.Item name="objectKind" label={t('access.objectKind')} rules={[{ required: true }]}>
      <Select options={(['policy', 'evidence'] as const).map((k) => ({ value: k, label: t(`access.kind.${k}`) }))} />
    </Form.Item>
  );
}

/** Anyone who reads policies or evidence asks for a confidential one, saying why and for how long. */
function NewRequestButton({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  return (
    <StepButton<NewRequest>
      label={t('access.new')}
      primary
      width={560}
      initialValues={{ objectKind: 'policy', days: 7 }}
      run={(v) => ok(api.POST('/api/access-requests', { body: v }))}
      onDone={onDone}
    >
      <KindField />
      <Form.Item name="objectId" label={t('access.objectId')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="purpose" label={t('access.purpose')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="reason" label={t('access.reason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="days" label={t('access.days')}>
        <InputNumber min={1} max={30} precision={0} />
      </Form.Item>
    </StepButton>
  );
}

/** Compliance marks a policy or an evidence file confidential (机密), top secret (绝密) or normal again. */
function SetLevelButton({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  return (
    <StepButton<LevelForm>
      label={t('access.setLevel')}
      width={560}
      initialValues={{ objectKind: 'policy', level: 'confidential' }}
      run={({ objectKind, caseId, objectId, level, reason }) =>
        objectKind === 'policy'
          ? ok(
              api.PUT('/api/policies/{policyNumber}/confidentiality', {
                params: { path: { policyNumber: objectId } },
                body: { level, reason },
              }),
            )
          : ok(
              api.PUT('/api/cases/{id}/evidence/{eid}/confidentiality', {
                params: { path: { id: caseId ?? '', eid: objectId } },
                body: { level, reason },
              }),
            )
      }
      onDone={onDone}
    >
      <KindField />
      <Form.Item noStyle shouldUpdate={(a: LevelForm, b: LevelForm) => a.objectKind !== b.objectKind}>
        {({ getFieldValue }) =>
          getFieldValue('objectKind') === 'evidence' ? (
            <Form.Item name="caseId" label={t('access.caseId')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name="objectId" label={t('access.objectId')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="level" label={t('access.level')} rules={[{ required: true }]}>
        <Select
          options={(['normal', 'confidential', 'top_secret'] as const).map((l) => ({
            value: l,
            label: t(`access.level.${l}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('access.levelReason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </StepButton>
  );
}

/** 调阅申请: the caller's requests and, for customer service and compliance, those on records in their scope. */
export default function AccessRequests() {
  const { t } = useI18n();
  const session = useSession();
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [page, setPage] = useState(1);
  const requests = useAsync(
    () =>
      ok<{ items: AccessRequest[]; total: number }>(
        api.GET('/api/access-requests', {
          params: { query: { page, pageSize: PAGE_SIZE, ...(status === 'all' ? {} : { status }) } },
        }),
      ),
    [status, page],
  );
  const approverRole = session.role === 'customer_service' || session.role === 'compliance';
  const mayDecide = (r: AccessRequest) => r.status === 'pending' && r.requestedBy !== session.username && approverRole;
  const mayApprove = (r: AccessRequest) =>
    mayDecide(r) && r.awaiting.includes(session.role as 'customer_service' | 'compliance');
  const columns: TableColumnsType<AccessRequest> = [
    {
      title: t('access.objectKind'),
      key: 'object',
      render: (_: unknown, r: AccessRequest) => (
        <Space size={4} wrap>
          <span>{t(`access.kind.${r.objectKind}`)}</span>
          <code>{r.objectId}</code>
          <ConfidentialityTag level={r.level} />
        </Space>
      ),
    },
    { title: t('access.requestedBy'), dataIndex: 'requestedBy', width: 130 },
    { title: t('access.purpose'), dataIndex: 'purpose', width: 160 },
    { title: t('access.reason'), dataIndex: 'reason' },
    { title: t('access.requestedAt'), dataIndex: 'requestedAt', width: 170, render: fmtDateTime },
    {
      title: t('access.status'),
      key: 'status',
      width: 190,
      render: (_: unknown, r: AccessRequest) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOR[r.status]}>{t(`access.status.${r.status}` as MessageKey)}</Tag>
          {r.status === 'approved' &&
            (r.inForce ? (
              <span>{t('access.inForceUntil', { until: fmtDateTime(r.validUntil) })}</span>
            ) : (
              <Tag>{t('access.expired')}</Tag>
            ))}
          {r.status === 'pending' && (
            <span>
              {t('access.awaiting', {
                who: r.awaiting.map((w) => t(`access.awaiting.${w}` as MessageKey)).join('、'),
              })}
            </span>
          )}
          {r.status === 'rejected' && <span title={r.rejectionReason ?? ''}>{r.rejectedBy}</span>}
        </Space>
      ),
    },
    {
      key: 'actions',
      width: 170,
      render: (_: unknown, r: AccessRequest) =>
        mayDecide(r) ? (
          <Space>
            {mayApprove(r) && (
              <StepButton<Record<string, never>>
                label={t('access.approve')}
                primary
                run={() => ok(api.POST('/api/access-requests/{id}/approve', { params: { path: { id: r.id } } }))}
                onDone={requests.reload}
              />
            )}
            <StepButton<{ reason: string }>
              label={t('access.reject')}
              danger
              run={(v) => ok(api.POST('/api/access-requests/{id}/reject', { params: { path: { id: r.id } }, body: v }))}
              onDone={requests.reload}
            >
              <Form.Item name="reason" label={t('access.rejectReason')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </StepButton>
          </Space>
        ) : null,
    },
  ];
  return (
    <>
      <PageTitle title={t('menu.access')} />
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon message={t('access.intro')} />
          <Space wrap>
            <NewRequestButton onDone={requests.reload} />
            {session.role === 'compliance' && <SetLevelButton onDone={requests.reload} />}
          </Space>
          <Segmented<Status | 'all'>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={(['all', 'pending', 'approved', 'rejected'] as const).map((s) => ({
              value: s,
              label: t(`access.status.${s}` as MessageKey),
            }))}
          />
          {requests.error ? (
            <ApiErrorAlert error={requests.error} onRetry={requests.reload} />
          ) : (
            <Table<AccessRequest>
              rowKey="id"
              size="small"
              loading={requests.loading}
              dataSource={requests.data?.items ?? []}
              columns={columns}
              scroll={{ x: 1000 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('access.none')} /> }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: requests.data?.total ?? 0,
                hideOnSinglePage: true,
                showTotal: (total) => t('access.total', { total }),
                onChange: setPage,
              }}
            />
          )}
        </Space>
      </Card>
    </>
  );
}
