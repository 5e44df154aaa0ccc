import { Alert, Button, Card, Descriptions, Form, Input, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, ok } from '../api/client';
import type { components } from '../api/schema';
import { ApiErrorAlert } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n';

type Answer = components['schemas']['InquiryAnswerDto'];
type Body = components['schemas']['InquiryDto'];
type Party = components['schemas']['InquiryPartyDto'];

const ID_TYPES: Body['idType'][] = [
  'RESIDENT_ID',
  'PASSPORT',
  'HK_MACAU_TRAVEL_PERMIT',
  'TAIWAN_TRAVEL_PERMIT',
  'HMT_RESIDENCE_PERMIT',
  'FOREIGNER_PR_CARD_OLD',
  'FOREIGNER_PR_CARD_NEW',
];
const RELATIONS: Body['relation'][] = ['policyholder', 'insured', 'beneficiary'];
const CHANNELS: Body['channel'][] = ['counter', 'phone'];

type Outcome =
  { kind: 'granted'; answer: Answer } | { kind: 'refused' } | { kind: 'locked' } | { kind: 'error'; error: unknown };

/** 客户查询: customer service verifies the asker against the policy, then tells what that relation may hear. */
export default function Inquiry() {
  const { t } = useI18n();
  const [form] = Form.useForm<Body>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const submit = async (v: Body) => {
    setBusy(true);
    setOutcome(null);
    try {
      const answer = await ok<Answer>(
        api.POST('/api/inquiries', {
          body: { ...v, policyNumber: v.policyNumber.trim(), idNumber: v.idNumber.trim() },
        }),
      );
      setOutcome({ kind: 'granted', answer });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INQUIRY_REFUSED') setOutcome({ kind: 'refused' });
      else if (e instanceof ApiError && e.code === 'INQUIRY_LOCKED') setOutcome({ kind: 'locked' });
      else setOutcome({ kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  };
  const again = () => {
    form.resetFields();
    setOutcome(null);
  };

  return (
    <>
      <PageTitle title={t('menu.inquiry')} />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Typography.Paragraph type="secondary">{t('inquiry.intro')}</Typography.Paragraph>
          <Form<Body>
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{ idType: 'RESIDENT_ID', relation: 'policyholder', channel: 'counter' }}
            style={{ maxWidth: 560 }}
          >
            <Form.Item name="channel" label={t('inquiry.channel')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={CHANNELS.map((c) => ({ value: c, label: t(`inquiry.channel.${c}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="policyNumber"
              label={t('inquiry.policyNumber')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
            <Form.Item name="relation" label={t('inquiry.relation')} rules={[{ required: true }]}>
              <Radio.Group options={RELATIONS.map((r) => ({ value: r, label: t(`inquiry.relation.${r}`) }))} />
            </Form.Item>
            <Form.Item name="name" label={t('inquiry.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
            <Form.Item name="idType" label={t('inquiry.idType')} rules={[{ required: true }]}>
              <Select options={ID_TYPES.map((v) => ({ value: v, label: v }))} />
            </Form.Item>
            <Form.Item name="idNumber" label={t('inquiry.idNumber')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('inquiry.submit')}
              </Button>
              {outcome && <Button onClick={again}>{t('inquiry.newInquiry')}</Button>}
            </Space>
          </Form>
        </Card>
        {outcome?.kind === 'refused' && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={t('inquiry.refused')}
            description={t('inquiry.refusedHint')}
          />
        )}
        {outcome?.kind === 'locked' && (
          <Alert type="error" showIcon role="alert" title={t('inquiry.locked')} description={t('inquiry.lockedHint')} />
        )}
        {outcome?.kind === 'error' && <ApiErrorAlert error={outcome.error} />}
        {outcome?.kind === 'granted' && <GrantedAnswer a={outcome.answer} />}
      </Space>
    </>
  );
}

function GrantedAnswer({ a }: { a: Answer }) {
  const { t } = useI18n();
  const none = t('inquiry.notRecorded');
  const party = (p: Party) => [p.name ?? none, p.idType, p.idNumber].filter(Boolean).join(' · ');
  return (
    <Card title={t('inquiry.granted', { relation: t(`inquiry.relation.${a.relation}`) })}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={2} title={t('inquiry.section.policy')}>
          <Descriptions.Item label={t('inquiry.policyNumber')}>{a.policy.policyNumber}</Descriptions.Item>
          <Descriptions.Item label={t('inquiry.status')}>{a.policy.status}</Descriptions.Item>
          <Descriptions.Item label={t('inquiry.productCode')}>{a.policy.productCode}</Descriptions.Item>
          <Descriptions.Item label={t('inquiry.productCategory')}>{a.policy.productCategory}</Descriptions.Item>
          <Descriptions.Item label={t('inquiry.termMonths')}>{a.coverage.termMonths}</Descriptions.Item>
          <Descriptions.Item label={t('inquiry.applicationDate')}>{a.coverage.applicationDate}</Descriptions.Item>
        </Descriptions>
        {a.coolingOff && (
          <Descriptions size="small" bordered column={2} title={t('inquiry.section.coolingOff')}>
            <Descriptions.Item label={t('inquiry.receiptSignedDate')}>
              {a.coolingOff.receiptSignedDate ?? none}
            </Descriptions.Item>
            <Descriptions.Item label={t('inquiry.coolingOffDays')}>{a.coolingOff.coolingOffDays}</Descriptions.Item>
          </Descriptions>
        )}
        {(a.policyholder || a.insured) && (
          <Descriptions size="small" bordered column={1} title={t('inquiry.section.parties')}>
            {a.policyholder && (
              <Descriptions.Item label={t('inquiry.policyholder')}>{party(a.policyholder)}</Descriptions.Item>
            )}
            {a.insured && <Descriptions.Item label={t('inquiry.insured')}>{party(a.insured)}</Descriptions.Item>}
          </Descriptions>
        )}
        {a.beneficiaries && (
          <div>
            <Typography.Title level={5}>{t('inquiry.section.beneficiaries')}</Typography.Title>
            {a.beneficiaries.legalHeirs ? (
              <Typography.Text>{t('inquiry.legalHeirs')}</Typography.Text>
            ) : (
              <Table
                size="small"
                pagination={false}
                rowKey={(_, i) => String(i)}
                dataSource={a.beneficiaries.named}
                columns={[
                  { title: t('inquiry.name'), dataIndex: 'name' },
                  { title: t('inquiry.share'), dataIndex: 'share', render: (s: number) => `${s}%` },
                ]}
              />
            )}
          </div>
        )}
        {a.ownShare && (
          <Descriptions size="small" bordered column={2} title={t('inquiry.section.ownShare')}>
            <Descriptions.Item label={t('inquiry.name')}>{a.ownShare.name}</Descriptions.Item>
            <Descriptions.Item label={t('inquiry.share')}>{`${a.ownShare.share}%`}</Descriptions.Item>
          </Descriptions>
        )}
        {a.payment && (
          <Descriptions size="small" bordered column={2} title={t('inquiry.section.payment')}>
            <Descriptions.Item label={t('inquiry.premiumAccount')}>
              {a.payment.premiumAccountOnFile ? a.payment.bankAccount : t('inquiry.noAccount')}
            </Descriptions.Item>
            <Descriptions.Item label={t('inquiry.accountHolder')}>
              {a.payment.accountHolderName ?? none}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
