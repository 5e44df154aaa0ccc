import { InboxOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useState, type ReactElement } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ok, upload } from '../api/client';
import { runStep, type StepBodies } from '../api/cases';
import {
  CHANNELS,
  CORRECTION_FIELDS,
  EVIDENCE_TYPES,
  type CaseDetail as Detail,
  type CaseView,
  type EvidenceRow,
  type EvidenceType,
  type EvidenceVerification,
  type StaffMember,
  type StoredParty,
  type StoredPolicy,
  type TimelineEntry,
} from '../api/views';
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import { CaseFlags, Deadline, StateTag } from '../components/case-bits';
import { PageTitle } from '../components/PageTitle';
import { ApproveReject, FourEyes, StepButton } from '../components/steps';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime, sh } from '../time';
import { ConfidentialityTag } from '../components/ConfidentialityTag';

export default function CaseDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const detail = useAsync(() => ok<Detail>(api.GET('/api/cases/{id}', { params: { path: { id } } })), [id]);
  return (
    <>
      <PageTitle
        title={`${t('menu.cases')} ${id}`}
        extra={
          <>
            <Link to="/cases">{t('common.back')}</Link>
            <Button onClick={detail.reload}>{t('common.refresh')}</Button>
          </>
        }
      />
      <AsyncView state={detail}>{(d) => <CaseBody d={d} reload={detail.reload} />}</AsyncView>
    </>
  );
}

function CaseBody({ d, reload }: { d: Detail; reload: () => void }) {
  const { t, label } = useI18n();
  const c = d.view;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={{ span: 24, order: 2 }} xl={{ span: 16, order: 1 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card
            title={t('case.finding')}
            extra={
              <Space>
                <StateTag state={c.state} />
                <CaseFlags c={c} />
              </Space>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('case.rule')}>{label('rule', c.rule)}</Descriptions.Item>
              <Descriptions.Item label={`${t('case.channel')} / ${t('case.branch')}`}>
                {label('channel', c.channel)} / {c.branchCode}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.assignee')}>{c.assigneeId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.investigators')}>{c.investigators.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.seller')}>{c.sellerCode ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.openedAt')}>{fmtDateTime(c.openedAt)}</Descriptions.Item>
              {c.outcome && (
                <Descriptions.Item label={t('step.outcome')}>{label('outcome', c.outcome)}</Descriptions.Item>
              )}
              {c.lastRejection && (
                <Descriptions.Item label={t('case.lastRejection')} span={2}>
                  {c.lastRejection}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
              {t('case.why')}
            </Typography.Title>
            <Typography.Paragraph>
              {t('case.whyText', {
                rule: label('rule', c.rule),
                count: c.customerIds.length,
                hash: c.findingKey.slice(0, 16),
                policy: c.raisedBy,
              })}
            </Typography.Paragraph>
            {c.submission && (
              <Descriptions size="small" column={1} bordered title={t('case.summary')}>
                <Descriptions.Item label={t('step.outcome')}>
                  {label('outcome', c.submission.outcome)}
                </Descriptions.Item>
                <Descriptions.Item label={t('case.submittedBy')}>{c.submission.submittedBy}</Descriptions.Item>
                <Descriptions.Item label={t('case.summary')}>{c.submission.summary}</Descriptions.Item>
              </Descriptions>
            )}
          </Card>
          <Parties c={c} />
          <Corrections c={c} />
          <Evidence c={c} rows={d.evidence} reload={reload} />
          <Events entries={d.timeline} />
        </Space>
      </Col>
      <Col xs={{ span: 24, order: 1 }} xl={{ span: 8, order: 2 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Actions c={c} reload={reload} />
          <Deadlines c={c} />
        </Space>
      </Col>
    </Row>
  );
}

function PartyRows({ who, p }: { who: string; p: StoredParty | null }) {
  const { t } = useI18n();
  if (!p) return null;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} title={who} bordered style={{ marginBottom: 8 }}>
      <Descriptions.Item label={t('field.name')}>{p.name ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.idNumber')}>{p.idNumber ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.birthDate')}>{p.birthDate ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.phone')}>{p.phones.join('、') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.address')} span={2}>
        {p.address ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('step.customerId')}>{p.customerId ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}

/** Every policy of the case and its parties, as the API masks them for the signed-in role. */
function Parties({ c }: { c: CaseView }) {
  const { t, label } = useI18n();
  const policies = useAsync(
    () =>
      Promise.all(
        c.policyNumbers.map((n) =>
          ok<StoredPolicy>(api.GET('/api/policies/{policyNumber}', { params: { path: { policyNumber: n } } })).catch(
            (e: unknown) => ({ n, e }),
          ),
        ),
      ),
    [c.policyNumbers.join(',')],
  );
  return (
    <Card title={t('case.parties')}>
      <AsyncView state={policies} empty={(p) => p.length === 0}>
        {(list) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {list.map((p) =>
              'e' in p ? (
                <div key={p.n}>
                  <Typography.Text strong>{p.n}</Typography.Text>
                  <ApiErrorAlert error={p.e} />
                </div>
              ) : (
                <Card
                  key={p.policyNumber}
                  type="inner"
                  size="small"
                  title={
                    <Space wrap>
                      <span>{p.policyNumber}</span>
                      {p.policyNumber === c.raisedBy && <Tag color="purple">{t('case.raisedBy')}</Tag>}
                      <ConfidentialityTag level={p.confidentiality} />
                      <Tag>
                        {label('channel', p.channel)} / {p.branchCode}
                      </Tag>
                    </Space>
                  }
                >
                  <PartyRows who={t('case.policyholder')} p={p.policyholder} />
                  <PartyRows who={t('case.insured')} p={p.insured} />
                  {p.payment && (
                    <Descriptions size="small" column={1} bordered>
                      <Descriptions.Item label={t('case.payment')}>
                        {p.payment.bankAccount ?? '—'}（{p.payment.accountHolderName ?? '—'}）
                      </Descriptions.Item>
                    </Descriptions>
                  )}
                </Card>
              ),
            )}
          </Space>
        )}
      </AsyncView>
    </Card>
  );
}

const DEADLINE_KEYS = [
  'distributionDueAt',
  'reminderAt',
  'investigationDueAt',
  'revisitDeadlineAt',
  'coolingOffEndsAt',
] as const;

function Deadlines({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const items = DEADLINE_KEYS.map((k) => ({ k, at: c.deadlines[k] }))
    .filter((x): x is { k: (typeof DEADLINE_KEYS)[number]; at: string } => x.at !== null)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Card title={t('case.deadlines')}>
      {items.length === 0 ? (
        <Empty description={t('common.empty')} />
      ) : (
        <Timeline
          items={items.map(({ k, at }) => {
            const past = Date.parse(at) < Date.now();
            return {
              color: past ? (c.state === 'CLOSED' ? 'gray' : 'red') : k === 'coolingOffEndsAt' ? 'orange' : 'blue',
              content: (
                <div>
                  <strong>{t(`deadline.${k}` as MessageKey)}</strong>
                  {k === 'coolingOffEndsAt' && c.deadlines.coolingOffPolicy && (
                    <Typography.Text type="secondary">（{c.deadlines.coolingOffPolicy}）</Typography.Text>
                  )}
                  <div>{c.state === 'CLOSED' ? fmtDateTime(at) : <Deadline due={at} />}</div>
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}

function Events({ entries }: { entries: TimelineEntry[] }) {
  const { t, label } = useI18n();
  return (
    <Card title={t('case.events')}>
      <Table<TimelineEntry>
        rowKey="seq"
        size="small"
        dataSource={[...entries].reverse()}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 600 }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 50 },
          { title: t('event.at'), dataIndex: 'at', render: (a: string) => fmtDateTime(a), width: 150 },
          {
            title: t('event.type'),
            dataIndex: 'type',
            render: (x: string) => <Tag title={x}>{label('event', x)}</Tag>,
          },
          { title: t('event.actor'), dataIndex: 'actorId' },
          {
            title: t('event.detail'),
            dataIndex: 'detail',
            render: (d: Record<string, unknown>) => (
              <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {Object.entries(d)
                  .filter(([k]) => k !== 'deadlines')
                  .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
                  .join('; ')}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}

function Corrections({ c }: { c: CaseView }) {
  const { t, label } = useI18n();
  const list = c.submission?.corrections ?? [];
  if (!c.submission) return null;
  return (
    <Card title={t('case.corrections')}>
      <Table
        rowKey={(r) => `${r.customerId}:${r.field}`}
        size="small"
        dataSource={list}
        pagination={false}
        locale={{ emptyText: c.submission.policyCancelled ? t('step.policyCancelled') : t('common.empty') }}
        columns={[
          { title: t('step.customerId'), dataIndex: 'customerId' },
          { title: t('step.field'), dataIndex: 'field', render: (f: string) => label('field', f) },
          { title: t('step.oldValue'), dataIndex: 'oldValue' },
          { title: t('step.newValue'), dataIndex: 'newValue' },
        ]}
      />
    </Card>
  );
}

function VerifyButton({ caseId, eid }: { caseId: string; eid: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<{ v?: EvidenceVerification; e?: unknown; busy?: boolean }>({});
  const check = async () => {
    setState({ busy: true });
    try {
      setState({
        v: await ok<EvidenceVerification>(
          api.GET('/api/cases/{id}/evidence/{eid}/verify', { params: { path: { id: caseId, eid } } }),
        ),
      });
    } catch (e) {
      setState({ e });
    }
  };
  const v = state.v;
  return (
    <Space orientation="vertical" size={4}>
      <Button size="small" icon={<SafetyCertificateOutlined />} loading={state.busy} onClick={check}>
        {t('evidence.verify')}
      </Button>
      {v && (
        <Space size={4} wrap role="status">
          <Tag color={v.fileIntact ? 'green' : 'red'}>
            {v.fileIntact ? t('evidence.intact') : t('evidence.tampered')}
          </Tag>
          {v.signed ? (
            <Tag color={v.signatureValid ? 'green' : 'red'}>
              {v.signatureValid ? t('evidence.sigValid', { signer: v.signedBy ?? '' }) : t('evidence.sigInvalid')}
            </Tag>
          ) : (
            <Tag>{t('evidence.unsigned')}</Tag>
          )}
        </Space>
      )}
      {state.e !== undefined && <ApiErrorAlert error={state.e} />}
    </Space>
  );
}

function Evidence({ c, rows, reload }: { c: CaseView; rows: EvidenceRow[]; reload: () => void }) {
  const { t, label } = useI18n();
  const me = useSession();
  const { message } = App.useApp();
  const [type, setType] = useState<EvidenceType>('customer_confirmation');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mayAttach =
    c.state === 'INVESTIGATING' &&
    ['back_office', 'customer_service', 'team_leader'].includes(me.role) &&
    (c.assigneeId === me.username || me.role === 'customer_service');
  const send = async (file: File) => {
    setError(null);
    setProgress(0);
    const body = new FormData();
    body.append('type', type);
    body.append('file', file, file.name);
    try {
      await upload(`/api/cases/${encodeURIComponent(c.caseId)}/evidence`, body, setProgress);
      message.success(t('evidence.uploaded', { name: file.name }));
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Card title={t('case.evidence')}>
      <Table<EvidenceRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('evidence.type'), dataIndex: 'type', render: (x: string) => label('evidence', x) },
          {
            title: t('evidence.file'),
            dataIndex: 'fileName',
            render: (n: string | null, r) => (
              <Space size={4}>
                <span title={r.sha256}>{n ?? r.id}</span>
                <ConfidentialityTag level={r.confidentiality} />
              </Space>
            ),
          },
          { title: t('evidence.uploadedBy'), dataIndex: 'uploadedBy' },
          { title: t('evidence.at'), dataIndex: 'uploadedAt', render: (a: string) => fmtDateTime(a) },
          { title: '', key: 'verify', render: (_, r) => <VerifyButton caseId={c.caseId} eid={r.id} /> },
        ]}
      />
      {mayAttach && (
        <div style={{ marginTop: 16 }}>
          <Form layout="vertical">
            <Form.Item label={t('evidence.type')} htmlFor="evidence-type">
              <Select
                id="evidence-type"
                value={type}
                onChange={setType}
                style={{ maxWidth: 320 }}
                options={EVIDENCE_TYPES.map((x) => ({ value: x, label: label('evidence', x) }))}
              />
            </Form.Item>
          </Form>
          <Upload.Dragger
            multiple={false}
            showUploadList={false}
            disabled={progress !== null}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
            aria-label={t('evidence.upload')}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('evidence.upload')}</p>
            <p className="ant-upload-hint">{t('evidence.uploadHint')}</p>
          </Upload.Dragger>
          {progress !== null && <Progress percent={progress} aria-label={t('import.uploading')} />}
          {error !== null && <ApiErrorAlert error={error} />}
        </div>
      )}
    </Card>
  );
}

/** The evidence each outcome needs (the workflow's rule), shown before submitting. */
function missingEvidence(c: CaseView, outcome: string | undefined): string[] {
  const has = (x: string) => c.evidence.some((e) => e.type === x);
  const missing: string[] = [];
  if (
    !c.evidence.some(
      (e) => e.type === 'investigation_report' && e.signedBy !== null && c.investigators.includes(e.signedBy),
    )
  )
    missing.push('investigation_report');
  if ((outcome === 'CLEARED' || outcome === 'CORRECTED') && !has('customer_confirmation'))
    missing.push('customer_confirmation');
  if (outcome === 'FALSE_INFO_CONFIRMED' && !has('seller_statement') && !has('institution_statement'))
    missing.push('seller_statement');
  return missing;
}

function SubmitFields({ c }: { c: CaseView }) {
  const { t, label } = useI18n();
  const outcome = Form.useWatch('outcome') as string | undefined;
  const missing = missingEvidence(c, outcome);
  return (
    <>
      <Form.Item name="outcome" label={t('step.outcome')} rules={[{ required: true }]}>
        <Select
          options={(['CLEARED', 'CORRECTED', 'FALSE_INFO_CONFIRMED'] as const).map((o) => ({
            value: o,
            label: label('outcome', o),
          }))}
        />
      </Form.Item>
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={missing.map((m) => label('evidence', m)).join('、')}
        />
      )}
      <Form.Item name="summary" label={t('step.summary')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      {outcome === 'FALSE_INFO_CONFIRMED' && (
        <Form.Item name="policyCancelled" valuePropName="checked">
          <Checkbox>{t('step.policyCancelled')}</Checkbox>
        </Form.Item>
      )}
      {outcome !== 'CLEARED' && outcome !== undefined && (
        <Form.List name="corrections">
          {(fields, { add, remove }) => (
            <fieldset style={{ border: '1px solid #f0f0f0', padding: 12, marginBottom: 12 }}>
              <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px' }}>{t('case.corrections')}</legend>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col xs={24} sm={6}>
                    <Form.Item name={[f.name, 'customerId']} label={t('step.customerId')} rules={[{ required: true }]}>
                      <Select options={c.customerIds.map((id) => ({ value: id, label: id }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={6}>
                    <Form.Item name={[f.name, 'field']} label={t('step.field')} rules={[{ required: true }]}>
                      <Select options={CORRECTION_FIELDS.map((x) => ({ value: x, label: label('field', x) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={5}>
                    <Form.Item name={[f.name, 'oldValue']} label={t('step.oldValue')} rules={[{ required: true }]}>
                      <Input maxLength={300} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={5}>
                    <Form.Item name={[f.name, 'newValue']} label={t('step.newValue')} rules={[{ required: true }]}>
                      <Input maxLength={300} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={2}>
                    <Button type="link" danger onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                      {t('step.remove')}
                    </Button>
                  </Col>
                </Row>
              ))}
              <Button onClick={() => add({ customerId: c.customerIds[0] })}>{t('step.addCorrection')}</Button>
            </fieldset>
          )}
        </Form.List>
      )}
      <Row gutter={8}>
        <Col xs={24} sm={12}>
          <Form.Item name="responsibleSellerCode" label={t('step.responsibleSeller')}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="responsibleAgencyCode" label={t('step.responsibleAgency')}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** Back-office staff a team leader or compliance may give the case to (staff directory; free text when unreadable). */
function AssigneeField() {
  const { t } = useI18n();
  const staff = useAsync(() => ok<StaffMember[]>(api.GET('/api/staff')).catch(() => [] as StaffMember[]), []);
  const options = (staff.data ?? [])
    .filter((s) => s.active && s.role === 'back_office')
    .map((s) => ({ value: s.userId, label: `${s.name ?? s.userId}（${s.userId} · ${s.branchCode}）` }));
  return (
    <Form.Item name="assigneeId" label={t('step.assigneeId')} rules={[{ required: true, whitespace: true }]}>
      {options.length > 0 ? <Select showSearch options={options} loading={staff.loading} /> : <Input maxLength={100} />}
    </Form.Item>
  );
}

/** Only the steps the signed-in person may take now (the workflow checks scope and the rest again). */
function Actions({ c, reload }: { c: CaseView; reload: () => void }) {
  const { t, label } = useI18n();
  const me = useSession();
  const role = me.role;
  const mine = c.assigneeId === me.username;
  const run =
    <K extends keyof StepBodies>(step: K) =>
    (body: StepBodies[K]) =>
      runStep(c.caseId, step, body);
  const buttons: ReactElement[] = [];
  const reason = [{ required: true, whitespace: true }];

  if (role === 'customer_service' && c.state === 'OPEN') {
    buttons.push(
      <StepButton<StepBodies['distribute']>
        key="distribute"
        primary
        label={t('step.distribute')}
        run={run('distribute')}
        onDone={reload}
      >
        <Form.Item name="channel" label={t('case.channel')} extra={t('step.channelDefault')}>
          <Select allowClear options={CHANNELS.map((x) => ({ value: x, label: label('channel', x) }))} />
        </Form.Item>
        <Form.Item name="branchCode" label={t('case.branch')} extra={t('step.branchDefault')}>
          <Input maxLength={20} />
        </Form.Item>
      </StepButton>,
    );
  }
  if (role === 'team_leader' && c.state === 'DISTRIBUTED') {
    buttons.push(
      <StepButton<StepBodies['assign']>
        key="assign"
        primary
        label={t('step.assign')}
        run={run('assign')}
        onDone={reload}
      >
        <AssigneeField />
      </StepButton>,
    );
  }
  if (role === 'back_office' && c.state === 'DISTRIBUTED') {
    buttons.push(
      <StepButton
        key="claim"
        primary
        label={t('step.claim')}
        run={() => runStep(c.caseId, 'claim', {})}
        onDone={reload}
      />,
    );
  }
  if (c.state === 'INVESTIGATING' && mine && (role === 'back_office' || role === 'customer_service')) {
    buttons.push(
      <StepButton<StepBodies['submit']>
        key="submit"
        primary
        width={820}
        label={t('step.submit')}
        run={run('submit')}
        onDone={reload}
      >
        <SubmitFields c={c} />
      </StepButton>,
    );
  }
  if (role === 'back_office' && c.state === 'INVESTIGATING' && mine && !c.assistRequested) {
    buttons.push(
      <StepButton<StepBodies['requestAssist']>
        key="ra"
        label={t('step.requestAssist')}
        run={run('requestAssist')}
        onDone={reload}
        initialValues={{ kind: 'phone_revisit' }}
      >
        <Form.Item name="kind" label={t('step.kind')} rules={[{ required: true }]}>
          <Select
            options={(['phone_revisit', 'meeting'] as const).map((k) => ({ value: k, label: t(`step.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('step.note')} rules={reason}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </StepButton>,
    );
  }
  if (role === 'customer_service' && c.state === 'INVESTIGATING' && c.assistRequested) {
    buttons.push(
      <StepButton<StepBodies['recordAssist']>
        key="rec"
        primary
        label={t('step.recordAssist')}
        run={run('recordAssist')}
        onDone={reload}
      >
        <Form.Item name="result" label={t('step.result')} rules={reason}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </StepButton>,
    );
  }
  if (role === 'customer_service' && (c.state === 'DISTRIBUTED' || c.state === 'INVESTIGATING') && !mine) {
    buttons.push(
      <StepButton<StepBodies['takeOver']> key="to" label={t('step.takeOver')} run={run('takeOver')} onDone={reload}>
        <Form.Item name="reason" label={t('step.reason')} rules={reason}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </StepButton>,
    );
  }
  if ((role === 'team_leader' || role === 'compliance') && c.state === 'INVESTIGATING') {
    buttons.push(
      <StepButton<StepBodies['reassign']> key="re" label={t('step.reassign')} run={run('reassign')} onDone={reload}>
        <AssigneeField />
        <Form.Item name="reason" label={t('step.reason')} rules={reason}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </StepButton>,
    );
  }
  const approval = role === 'compliance' && c.state === 'PENDING_APPROVAL';
  return (
    <Card title={t('case.actions')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {approval && <FourEyes c={c} />}
        {approval && (
          <ApproveReject
            c={c}
            run={(step, body) =>
              step === 'approve'
                ? runStep(c.caseId, 'approve', body)
                : runStep(c.caseId, 'reject', body as StepBodies['reject'])
            }
            onDone={reload}
          />
        )}
        {buttons.length > 0 && <Space wrap>{buttons}</Space>}
        {!approval && buttons.length === 0 && <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>}
        {c.state !== 'CLOSED' && c.dueAt && (
          <Typography.Text type="secondary">
            {t('case.due')}：{sh(c.dueAt).format('YYYY-MM-DD HH:mm')}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
