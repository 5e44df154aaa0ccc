import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, Radio, Row, Select, Table } from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { StoredParty, StoredPolicy } from '../api/views';
import { ApiErrorAlert, AsyncView, useAsync } from './async';
import { Deadline } from './case-bits';
import {
  campaignSubject,
  CampaignLink,
  RECHECK_FIELDS,
  RECHECK_OUTCOMES,
  RecheckFlags,
  type RecheckTask,
  type RecheckTaskPage,
} from './conduct-bits';
import { StepButton } from './steps';
import { useI18n } from '../i18n';

type Field = (typeof RECHECK_FIELDS)[number];
interface CompleteValues {
  outcome: (typeof RECHECK_OUTCOMES)[number];
  corrections?: Array<{ customerId: string; field: Field; oldValue: string; newValue: string }>;
  revisitMade?: boolean;
  revisitResult?: string;
  note?: string;
}
const PAGE_SIZE = 50;

/** The parties of the policy with their customer ids (the corrections name one). */
function partiesOf(p: StoredPolicy): Array<{ role: 'case.policyholder' | 'case.insured'; party: StoredParty }> {
  return [
    { role: 'case.policyholder' as const, party: p.policyholder },
    ...(p.insured && p.insured.customerId !== p.policyholder.customerId
      ? [{ role: 'case.insured' as const, party: p.insured }]
      : []),
  ].filter((x) => x.party.customerId !== null);
}

/** What the record holds for this customer and field: the value found wrong starts as it. */
function recorded(p: StoredPolicy, customerId: string | undefined, field: Field | undefined): string | undefined {
  const party = partiesOf(p).find((x) => x.party.customerId === customerId)?.party;
  if (!party || !field) return undefined;
  if (field === 'phone') return party.phones[0];
  if (field === 'address') return party.address ?? undefined;
  if (field === 'idNumber') return party.idNumber ?? undefined;
  return customerId === p.policyholder.customerId ? (p.payment?.bankAccount ?? undefined) : undefined;
}

function PolicyRecord({ p }: { p: StoredPolicy }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered title={t('recheck.record')}>
      {partiesOf(p).map(({ role, party }) => (
        <Descriptions.Item key={role} label={`${t(role)} ${party.customerId}`} span={2}>
          <div>
            {party.name ?? '—'} · {t('field.idNumber')} {party.idNumber ?? '—'}
          </div>
          <div>
            {t('field.phone')} {party.phones.join('、') || '—'} · {t('field.address')} {party.address ?? '—'}
          </div>
        </Descriptions.Item>
      ))}
      {p.payment && (
        <Descriptions.Item label={t('field.bankAccount')} span={2}>
          {p.payment.bankAccount ?? '—'}（{p.payment.accountHolderName ?? '—'}）
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function CompleteFields({ p }: { p: StoredPolicy }) {
  const { t, label } = useI18n();
  const form = Form.useFormInstance<CompleteValues>();
  const outcome = Form.useWatch('outcome', form);
  const revisitMade = Form.useWatch('revisitMade', form);
  const customers = partiesOf(p).map(({ role, party }) => ({
    value: party.customerId!,
    label: `${t(role)} ${party.name ?? ''}（${party.customerId}）`,
  }));
  const prefill = (row: number) => {
    const c = form.getFieldValue(['corrections', row]) as { customerId?: string; field?: Field } | undefined;
    form.setFieldValue(['corrections', row, 'oldValue'], recorded(p, c?.customerId, c?.field));
  };
  return (
    <>
      <PolicyRecord p={p} />
      <Form.Item name="outcome" label={t('recheck.outcome')} rules={[{ required: true }]} style={{ marginTop: 16 }}>
        <Radio.Group options={RECHECK_OUTCOMES.map((o) => ({ value: o, label: label('recheckOutcome', o) }))} />
      </Form.Item>
      {outcome === 'FALSE_DATA' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('recheck.falseDataHint')} />
      )}
      {outcome !== undefined && outcome !== 'CONFIRMED' && (
        <Form.List name="corrections">
          {(fields, { add, remove }) => (
            <fieldset style={{ border: '1px solid #f0f0f0', padding: 12, marginBottom: 12 }}>
              <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px' }}>
                {t(outcome === 'FALSE_DATA' ? 'recheck.correctionsFound' : 'case.corrections')}
              </legend>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col xs={24} sm={7}>
                    <Form.Item name={[f.name, 'customerId']} label={t('step.customerId')} rules={[{ required: true }]}>
                      <Select options={customers} onChange={() => prefill(f.name)} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={5}>
                    <Form.Item name={[f.name, 'field']} label={t('step.field')} rules={[{ required: true }]}>
                      <Select
                        options={RECHECK_FIELDS.map((x) => ({ value: x, label: label('field', x) }))}
                        onChange={() => prefill(f.name)}
                      />
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
              <Button onClick={() => add({ customerId: customers[0]?.value })}>{t('step.addCorrection')}</Button>
            </fieldset>
          )}
        </Form.List>
      )}
      <Form.Item name="revisitMade" valuePropName="checked">
        <Checkbox>{t('recheck.revisitMade')}</Checkbox>
      </Form.Item>
      {revisitMade && (
        <Form.Item
          name="revisitResult"
          label={t('recheck.revisitResult')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('recheck.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

/** The policy's record first (the form offers its customers and their values), then the form. */
function CompleteForm({ policyNumber }: { policyNumber: string }) {
  const policy = useAsync(
    () => ok<StoredPolicy>(api.GET('/api/policies/{policyNumber}', { params: { path: { policyNumber } } })),
    [policyNumber],
  );
  return <AsyncView state={policy}>{(p) => <CompleteFields p={p} />}</AsyncView>;
}

function complete(task: RecheckTask, v: CompleteValues) {
  const corrections = v.outcome === 'CONFIRMED' ? undefined : v.corrections?.length ? v.corrections : undefined;
  return ok<RecheckTask>(
    api.POST('/api/recheck-tasks/{id}/complete', {
      params: { path: { id: task.taskId } },
      body: {
        outcome: v.outcome,
        revisitMade: v.revisitMade === true,
        revisitResult: v.revisitMade ? v.revisitResult : undefined,
        corrections,
        note: v.note?.trim() ? v.note : undefined,
      },
    }),
  );
}

/**
 * The signed-in customer-service person's open re-checks (R6): one policy each, soonest due first, each recorded
 * in a dialog: the data confirmed, corrected or found false, and the revisit call.
 */
export function RecheckTasks() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const tasks = useAsync(
    () =>
      ok<RecheckTaskPage>(
        api.GET('/api/recheck-tasks', { params: { query: { mine: true, page, pageSize: PAGE_SIZE } } }),
      ),
    [page],
  );
  return (
    <Card
      title={t('recheck.title')}
      style={{ marginTop: 16 }}
      extra={<Button onClick={tasks.reload}>{t('common.refresh')}</Button>}
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('recheck.hint')} />
      {tasks.error ? (
        <ApiErrorAlert error={tasks.error} onRetry={tasks.reload} />
      ) : (
        <Table<RecheckTask>
          rowKey="taskId"
          loading={tasks.loading}
          dataSource={tasks.data?.items ?? []}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('recheck.none') }}
          rowClassName={(r) => (Date.parse(r.dueAt) < Date.now() ? 'row-overdue' : '')}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: tasks.data?.total ?? 0,
            hideOnSinglePage: true,
            showTotal: (total) => t('recheck.total', { total }),
            onChange: setPage,
          }}
          columns={[
            { title: t('recheck.policy'), dataIndex: 'policyNumber' },
            {
              title: t('recheck.campaign'),
              dataIndex: 'campaignId',
              render: (id: string) => <CampaignLink id={id}>{campaignSubject(id)}</CampaignLink>,
            },
            { title: t('tasks.due'), dataIndex: 'dueAt', render: (d: string) => <Deadline due={d} /> },
            {
              title: '',
              key: 'flags',
              render: (_, r) => <RecheckFlags task={r} />,
            },
            {
              title: t('common.actions'),
              key: 'complete',
              render: (_, r) => (
                <StepButton<CompleteValues>
                  label={t('recheck.complete')}
                  title={t('recheck.completeTitle', { policy: r.policyNumber })}
                  primary
                  width={860}
                  initialValues={{ outcome: 'CONFIRMED', revisitMade: false }}
                  run={(v) => complete(r, v)}
                  onDone={tasks.reload}
                >
                  <CompleteForm policyNumber={r.policyNumber} />
                </StepButton>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
