import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, download, ok, upload } from '../api/client';
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import {
  campaignSubject,
  CampaignLink,
  COMPLAINT_KINDS,
  COMPLAINT_SOURCES,
  COMPLAINT_STATUSES,
  ComplaintStatusTag,
  SUBJECT_KINDS,
  subjectText,
  type Attachment,
  type Complaint,
  type ComplaintPage,
} from '../components/conduct-bits';
import { PageTitle } from '../components/PageTitle';
import { StepButton } from '../components/steps';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime, sh } from '../time';

type Status = (typeof COMPLAINT_STATUSES)[number];
type Kind = (typeof COMPLAINT_KINDS)[number];
type SubjectKind = (typeof SUBJECT_KINDS)[number];

interface Filters {
  status?: Status;
  kind?: Kind;
  subjectKind?: SubjectKind;
  subjectCode?: string;
}
const EMPTY: Filters = { status: undefined, kind: undefined, subjectKind: undefined, subjectCode: undefined };
const PAGE_SIZES = [10, 20, 50, 100];
const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

/** The URL's parameters as filters; anything the API would refuse is left out. */
function filtersOf(params: URLSearchParams): Filters {
  const pick = <T extends string>(list: readonly T[], v: string | null) => list.find((x) => x === v);
  return {
    status: pick(COMPLAINT_STATUSES, params.get('status')),
    kind: pick(COMPLAINT_KINDS, params.get('kind')),
    subjectKind: pick(SUBJECT_KINDS, params.get('subjectKind')),
    subjectCode: params.get('subjectCode') || undefined,
  };
}

/** Shanghai's today as the date picker holds it (the API refuses a received date after the branch's today). */
function branchToday(): Dayjs {
  return dayjs(sh(new Date()).format('YYYY-MM-DD'));
}

const uploadAttachment = (complaintId: string, file: File, onProgress: (p: number) => void = () => {}) => {
  const body = new FormData();
  body.append('file', file, file.name);
  return upload<Attachment>(`/api/complaints/${encodeURIComponent(complaintId)}/attachments`, body, onProgress);
};

interface RegisterValues {
  subjectKind: SubjectKind;
  subjectCode: string;
  policyNumber: string;
  kind: Kind;
  receivedDate: Dayjs;
  channel: (typeof COMPLAINT_SOURCES)[number];
  summary: string;
  files?: UploadFile[];
}

/** Customer service registers a complaint; its attachments are uploaded right after, as its evidence. */
function RegisterComplaint({ onDone }: { onDone: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const run = async (v: RegisterValues) => {
    const created = await ok<Complaint>(
      api.POST('/api/complaints', {
        body: {
          ...(v.subjectKind === 'agency' ? { agencyCode: v.subjectCode.trim() } : { sellerCode: v.subjectCode.trim() }),
          policyNumber: v.policyNumber.trim(),
          kind: v.kind,
          receivedDate: v.receivedDate.format('YYYY-MM-DD'),
          channel: v.channel,
          summary: v.summary,
        },
      }),
    );
    // The complaint exists now: a failed upload is said, not thrown (a second submit would register it twice);
    // the attachment can be added again from the complaint's drawer.
    for (const f of v.files ?? []) {
      if (!f.originFileObj) continue;
      await uploadAttachment(created.id, f.originFileObj).catch(() =>
        message.error(t('complaint.attachFailed', { name: f.name })),
      );
    }
  };
  return (
    <StepButton<RegisterValues>
      label={t('complaint.register')}
      primary
      width={720}
      run={run}
      onDone={onDone}
      initialValues={{ subjectKind: 'seller', receivedDate: branchToday(), files: [] }}
    >
      <Form.Item name="subjectKind" label={t('complaint.subjectKind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={SUBJECT_KINDS.map((k) => ({ value: k, label: label('subjectKind', k) }))}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['subjectKind']}>
        {({ getFieldValue }) => (
          <Form.Item
            name="subjectCode"
            label={t(getFieldValue('subjectKind') === 'agency' ? 'complaint.agencyCode' : 'complaint.sellerCode')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={40} />
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item name="policyNumber" label={t('complaint.policyNumber')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item
        name="kind"
        label={t('complaint.kind')}
        rules={[{ required: true }]}
        extra={t('complaint.countsToward')}
      >
        <Radio.Group options={COMPLAINT_KINDS.map((k) => ({ value: k, label: label('complaintKind', k) }))} />
      </Form.Item>
      <Form.Item name="receivedDate" label={t('complaint.receivedDate')} rules={[{ required: true }]}>
        <DatePicker disabledDate={(d) => d.isAfter(branchToday(), 'day')} />
      </Form.Item>
      <Form.Item name="channel" label={t('complaint.channel')} rules={[{ required: true }]}>
        <Radio.Group options={COMPLAINT_SOURCES.map((k) => ({ value: k, label: label('complaintSource', k) }))} />
      </Form.Item>
      <Form.Item name="summary" label={t('complaint.summary')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
      <Form.Item
        name="files"
        label={t('complaint.attachments')}
        extra={t('complaint.attachmentsHint')}
        valuePropName="fileList"
        getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
      >
        <Upload beforeUpload={() => false} multiple accept={EVIDENCE_ACCEPT}>
          <Button icon={<UploadOutlined />}>{t('complaint.attach')}</Button>
        </Upload>
      </Form.Item>
    </StepButton>
  );
}

function Attachments({ c, reload }: { c: Complaint; reload: () => void }) {
  const { t } = useI18n();
  const me = useSession();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mayAttach = c.outcome === null && (me.role === 'customer_service' || me.role === 'compliance');
  const send = async (file: File) => {
    setError(null);
    setProgress(0);
    try {
      await uploadAttachment(c.id, file, setProgress);
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Card size="small" title={t('complaint.attachments')}>
      <Table<Attachment>
        rowKey="id"
        size="small"
        dataSource={c.attachments}
        pagination={false}
        scroll={{ x: 560 }}
        locale={{ emptyText: t('complaint.noAttachments') }}
        columns={[
          {
            title: t('complaint.file'),
            dataIndex: 'fileName',
            render: (n: string | null, a) => <span title={a.sha256}>{n ?? a.id}</span>,
          },
          { title: t('complaint.size'), dataIndex: 'sizeBytes', render: (s: number) => `${Math.ceil(s / 1024)} KB` },
          { title: t('complaint.uploadedBy'), dataIndex: 'uploadedBy' },
          { title: t('evidence.at'), dataIndex: 'uploadedAt', render: (d: string) => fmtDateTime(d) },
          {
            title: '',
            key: 'download',
            render: (_, a) => (
              <Button
                size="small"
                icon={<DownloadOutlined />}
                aria-label={t('complaint.download', { name: a.fileName ?? a.id })}
                onClick={() =>
                  void download(
                    `/api/complaints/${encodeURIComponent(c.id)}/attachments/${encodeURIComponent(a.id)}`,
                    a.fileName ?? a.id,
                  ).catch((e: unknown) => setError(e))
                }
              >
                {t('common.download')}
              </Button>
            ),
          },
        ]}
      />
      {mayAttach && (
        <div style={{ marginTop: 12 }}>
          <Upload
            showUploadList={false}
            multiple={false}
            accept={EVIDENCE_ACCEPT}
            disabled={progress !== null}
            beforeUpload={(f) => {
              void send(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('complaint.attach')}</Button>
          </Upload>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            {t('complaint.attachmentsHint')}
          </Typography.Text>
        </div>
      )}
      {progress !== null && <Progress percent={progress} aria-label={t('import.uploading')} />}
      {error !== null && <ApiErrorAlert error={error} />}
    </Card>
  );
}

/** Four eyes shown, not only enforced: the registrant sees why the step is not theirs; the API says it again. */
function Verify({ c, onDone }: { c: Complaint; onDone: () => void }) {
  const { t, label } = useI18n();
  const me = useSession();
  if (c.outcome !== null || (me.role !== 'customer_service' && me.role !== 'compliance')) return null;
  const mine = c.registeredBy === me.username;
  const noEvidence = c.attachments.length === 0;
  return (
    <Card size="small" title={t('complaint.verifyTitle')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert
          type={mine ? 'warning' : 'info'}
          showIcon
          title={mine ? t('complaint.youRegistered', { who: me.username }) : t('complaint.mayVerify')}
          description={noEvidence ? t('complaint.needsEvidence') : undefined}
        />
        <StepButton<{ outcome: 'VERIFIED' | 'UNFOUNDED'; reason: string }>
          label={t('complaint.verify')}
          title={t('complaint.verifyTitle')}
          primary
          disabled={mine}
          disabledReason={mine ? t('complaint.youRegistered', { who: me.username }) : undefined}
          run={(body) =>
            ok<Complaint>(api.POST('/api/complaints/{id}/verify', { params: { path: { id: c.id } }, body }))
          }
          onDone={onDone}
        >
          <Form.Item
            name="outcome"
            label={t('complaint.outcome')}
            rules={[{ required: true }]}
            extra={noEvidence ? t('complaint.needsEvidence') : undefined}
          >
            <Radio.Group
              options={(['VERIFIED', 'UNFOUNDED'] as const).map((o) => ({
                value: o,
                label: label('complaintStatus', o),
              }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('complaint.outcomeReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </StepButton>
      </Space>
    </Card>
  );
}

function ComplaintDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, label } = useI18n();
  const detail = useAsync(() => ok<Complaint>(api.GET('/api/complaints/{id}', { params: { path: { id } } })), [id]);
  const changed = () => {
    detail.reload();
    onChanged();
  };
  return (
    <AsyncView state={detail}>
      {(c) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={1} styles={{ label: { width: 140 } }}>
            <Descriptions.Item label={t('complaint.status')}>
              <ComplaintStatusTag outcome={c.outcome} />
            </Descriptions.Item>
            <Descriptions.Item label={t('complaint.subject')}>
              {subjectText(label, c.subjectKind, c.subjectCode)}
            </Descriptions.Item>
            <Descriptions.Item label={t('complaint.policyNumber')}>{c.policyNumber}</Descriptions.Item>
            <Descriptions.Item label={`${t('case.channel')} / ${t('case.branch')}`}>
              {label('channel', c.salesChannel)} / {c.branchCode}
            </Descriptions.Item>
            <Descriptions.Item label={t('complaint.kind')}>{label('complaintKind', c.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('complaint.receivedDate')}>{c.receivedDate}</Descriptions.Item>
            <Descriptions.Item label={t('complaint.channel')}>{label('complaintSource', c.channel)}</Descriptions.Item>
            <Descriptions.Item label={t('complaint.summary')}>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.summary}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('complaint.registeredBy')}>
              {c.registeredBy}（{fmtDateTime(c.registeredAt)}）
            </Descriptions.Item>
            {c.outcome && (
              <>
                <Descriptions.Item label={t('complaint.verifiedBy')}>
                  {c.verifiedBy ?? '—'}（{fmtDateTime(c.verifiedAt)}）
                </Descriptions.Item>
                <Descriptions.Item label={t('complaint.outcomeReason')}>{c.outcomeReason ?? '—'}</Descriptions.Item>
              </>
            )}
            <Descriptions.Item label={t('complaint.campaign')}>
              {c.campaignId ? <CampaignLink id={c.campaignId}>{campaignSubject(c.campaignId)}</CampaignLink> : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Attachments c={c} reload={changed} />
          <Verify c={c} onDone={changed} />
        </Space>
      )}
    </AsyncView>
  );
}

/**
 * Complaints in the caller's scope, filtered and paged by the API; a row opens the complaint in a drawer (its
 * attachments, its outcome). Filters, page and the open complaint live in the URL.
 */
export default function Complaints() {
  const { t, label } = useI18n();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const filters = filtersOf(params);
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const pageSize = PAGE_SIZES.includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;
  const open = params.get('id');
  const listKey = JSON.stringify({ filters, page, pageSize });

  useEffect(() => form.setFieldsValue({ ...EMPTY, ...filters }), [listKey]);

  const list = useAsync(
    () =>
      ok<ComplaintPage>(
        api.GET('/api/complaints', {
          params: { query: { ...filters, subjectCode: filters.subjectCode?.trim() || undefined, page, pageSize } },
        }),
      ),
    [listKey],
  );

  const go = (next: { filters: Filters; page?: number; pageSize?: number; id?: string | null }) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next.filters)) if (typeof v === 'string' && v.trim()) p.set(k, v.trim());
    if (next.page && next.page > 1) p.set('page', String(next.page));
    if (next.pageSize && next.pageSize !== 20) p.set('pageSize', String(next.pageSize));
    if (next.id) p.set('id', next.id);
    setParams(p);
  };
  const openComplaint = (id: string | null) => go({ filters, page, pageSize, id });

  return (
    <>
      <PageTitle
        title={t('complaint.title')}
        extra={
          <>
            <Button onClick={list.reload}>{t('common.refresh')}</Button>
            {me.role === 'customer_service' && <RegisterComplaint onDone={list.reload} />}
          </>
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('complaint.filters')}>
          {/* Named: its fields' ids must not collide with the register dialog's (kind, subjectKind). */}
          <Form<Filters>
            form={form}
            name="complaint-filters"
            layout="inline"
            initialValues={filters}
            onFinish={(v) => go({ filters: v, pageSize })}
            style={{ rowGap: 8 }}
          >
            <Form.Item name="status" label={t('complaint.status')}>
              <Select
                allowClear
                style={{ width: 130 }}
                options={COMPLAINT_STATUSES.map((s) => ({ value: s, label: label('complaintStatus', s) }))}
              />
            </Form.Item>
            <Form.Item name="kind" label={t('complaint.kind')}>
              <Select
                allowClear
                style={{ width: 130 }}
                options={COMPLAINT_KINDS.map((k) => ({ value: k, label: label('complaintKind', k) }))}
              />
            </Form.Item>
            <Form.Item name="subjectKind" label={t('complaint.subjectKind')}>
              <Select
                allowClear
                style={{ width: 130 }}
                options={SUBJECT_KINDS.map((k) => ({ value: k, label: label('subjectKind', k) }))}
              />
            </Form.Item>
            <Form.Item name="subjectCode" label={t('complaint.subjectCode')}>
              <Input allowClear maxLength={40} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item>
              <Space>
                <Button type="primary" htmlType="submit">
                  {t('common.search')}
                </Button>
                <Button onClick={() => go({ filters: {}, pageSize })}>{t('common.reset')}</Button>
              </Space>
            </Form.Item>
          </Form>
        </Card>
        <Card size="small">
          {list.error ? (
            <ApiErrorAlert error={list.error} onRetry={list.reload} />
          ) : (
            <Table<Complaint>
              rowKey="id"
              loading={list.loading}
              dataSource={list.data?.items ?? []}
              scroll={{ x: 1000 }}
              locale={{ emptyText: t('complaint.none') }}
              onRow={(r) => ({ onClick: () => openComplaint(r.id), style: { cursor: 'pointer' } })}
              pagination={{
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                pageSizeOptions: PAGE_SIZES,
                showSizeChanger: true,
                showTotal: (total) => t('complaint.total', { total }),
                onChange: (p, size) => go({ filters, page: size === pageSize ? p : 1, pageSize: size }),
              }}
              columns={[
                {
                  title: t('complaint.policyNumber'),
                  dataIndex: 'policyNumber',
                  render: (n: string, r) => (
                    // A button, so the keyboard opens the complaint as a click on the row does.
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      aria-label={t('complaint.open', { policy: n })}
                      onClick={(e) => {
                        e.stopPropagation();
                        openComplaint(r.id);
                      }}
                    >
                      {n}
                    </Button>
                  ),
                },
                {
                  title: t('complaint.subject'),
                  key: 'subject',
                  render: (_, r) => subjectText(label, r.subjectKind, r.subjectCode),
                },
                {
                  title: t('complaint.kind'),
                  dataIndex: 'kind',
                  render: (k: string) => (
                    <Tag color={k === 'mis_selling' ? 'orange' : 'default'}>{label('complaintKind', k)}</Tag>
                  ),
                },
                { title: t('complaint.receivedDate'), dataIndex: 'receivedDate' },
                {
                  title: t('complaint.channel'),
                  dataIndex: 'channel',
                  render: (c: string) => label('complaintSource', c),
                },
                {
                  title: t('complaint.status'),
                  dataIndex: 'outcome',
                  render: (o: string | null) => <ComplaintStatusTag outcome={o} />,
                },
                { title: t('complaint.registeredBy'), dataIndex: 'registeredBy' },
                {
                  title: t('complaint.campaign'),
                  dataIndex: 'campaignId',
                  render: (id: string | null) =>
                    id ? (
                      <span onClick={(e) => e.stopPropagation()}>
                        <CampaignLink id={id}>{campaignSubject(id)}</CampaignLink>
                      </span>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          )}
        </Card>
      </Space>
      <Drawer
        open={open !== null}
        onClose={() => openComplaint(null)}
        title={t('complaint.detail')}
        size="large"
        destroyOnHidden
      >
        {open && <ComplaintDetail id={open} onChanged={list.reload} />}
      </Drawer>
    </>
  );
}
