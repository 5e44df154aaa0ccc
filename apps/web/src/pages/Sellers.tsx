import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ok, upload } from '../api/client';
import { CHANNELS, type CsvImportResult, type DirectoryView } from '../api/views';
import type { components } from '../api/schema';

type CreateSeller = components['schemas']['CreateSellerDto'];
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { StepButton } from '../components/steps';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

type Kind = 'sellers' | 'agencies';
const KINDS = ['agent', 'bancassurance_manager', 'agency_staff'] as const;

function Lookup({ kind, code }: { kind: Kind; code: string }) {
  const { t, label } = useI18n();
  const entry = useAsync(
    () =>
      ok<DirectoryView>(
        kind === 'sellers'
          ? api.GET('/api/sellers/{code}', { params: { path: { code } } })
          : api.GET('/api/agencies/{code}', { params: { path: { code } } }),
      ),
    [kind, code],
  );
  return (
    <AsyncView state={entry}>
      {(d) => (
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('sellers.code')}>{d.code}</Descriptions.Item>
          <Descriptions.Item label={t('sellers.name')}>{d.name}</Descriptions.Item>
          {d.kind && <Descriptions.Item label={t('sellers.kind')}>{d.kind}</Descriptions.Item>}
          <Descriptions.Item label={`${t('case.channel')} / ${t('case.branch')}`}>
            {label('channel', d.channel)} / {d.branchCode}
          </Descriptions.Item>
          {d.agencyCode !== undefined && (
            <Descriptions.Item label={t('sellers.agency')}>{d.agencyCode ?? '—'}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('field.phone')}>{d.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.address')}>{d.address ?? '—'}</Descriptions.Item>
          {d.idNumber !== undefined && (
            <Descriptions.Item label={t('field.idNumber')}>{d.idNumber ?? '—'}</Descriptions.Item>
          )}
          {kind === 'sellers' && (
            <Descriptions.Item label={t('sellers.qualifiedOn')}>
              {d.qualifiedOn ? d.qualifiedOn : <Tag color="orange">—</Tag>}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('sellers.active')}>
            {d.active ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
        </Descriptions>
      )}
    </AsyncView>
  );
}

function CsvImport({ kind }: { kind: Kind }) {
  const { t } = useI18n();
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const send = async (f: File) => {
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      setResult(await upload<CsvImportResult>(`/api/${kind}/import`, f, setProgress, 'text/csv'));
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Card title={t('sellers.import')} size="small">
      <Upload.Dragger
        accept=".csv,text/csv"
        showUploadList={false}
        multiple={false}
        disabled={progress !== null}
        beforeUpload={(f) => {
          void send(f);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
      </Upload.Dragger>
      {progress !== null && <Progress percent={progress} aria-label={t('import.uploading')} />}
      {error !== null && <ApiErrorAlert error={error} />}
      {result && (
        <>
          <Alert
            style={{ margin: '8px 0' }}
            type={result.bad.length ? 'warning' : 'success'}
            showIcon
            title={t('sellers.imported', { rows: result.rows, accepted: result.accepted, bad: result.bad.length })}
          />
          {result.bad.length > 0 && (
            <Table
              rowKey="line"
              size="small"
              dataSource={result.bad}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('import.line'), dataIndex: 'line', width: 70 },
                { title: t('sellers.code'), dataIndex: 'code', render: (c: string | null) => c ?? '—' },
                {
                  title: t('import.message'),
                  dataIndex: 'errors',
                  render: (e: CsvImportResult['bad'][number]['errors']) =>
                    e.map((x) => `${x.field}: ${x.message}`).join('；'),
                },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}

export default function Sellers() {
  const { t, label } = useI18n();
  const me = useSession();
  const [kind, setKind] = useState<Kind>('sellers');
  const [code, setCode] = useState<string | null>(null);
  const mayEdit = me.role === 'channel_manager' || me.role === 'admin';
  return (
    <>
      <PageTitle
        title={t('sellers.title')}
        extra={
          mayEdit && (
            <StepButton<{
              code: string;
              name: string;
              kind: (typeof KINDS)[number];
              channel: (typeof CHANNELS)[number];
              branchCode: string;
              qualifiedOn?: Dayjs;
              phone?: string;
            }>
              label={t('sellers.create')}
              run={(v) => {
                // The request DTO's optional strings still come out of the document as objects and `active` as
                // required (its @ApiProperty lacks a type); the body is what the DTO validates.
                const body = { ...v, qualifiedOn: v.qualifiedOn ? v.qualifiedOn.format('YYYY-MM-DD') : undefined };
                return ok(api.POST('/api/sellers', { body: body as unknown as CreateSeller }));
              }}
              onDone={() => undefined}
            >
              <Form.Item name="code" label={t('sellers.code')} rules={[{ required: true }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="name" label={t('sellers.name')} rules={[{ required: true }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="kind" label={t('sellers.kind')} rules={[{ required: true }]}>
                <Select options={KINDS.map((k) => ({ value: k, label: k }))} />
              </Form.Item>
              <Form.Item name="channel" label={t('case.channel')} rules={[{ required: true }]}>
                <Select options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
              </Form.Item>
              <Form.Item name="branchCode" label={t('case.branch')} rules={[{ required: true }]}>
                <Input maxLength={20} />
              </Form.Item>
              <Form.Item name="phone" label={t('field.phone')}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="qualifiedOn" label={t('sellers.qualifiedOn')}>
                <DatePicker />
              </Form.Item>
            </StepButton>
          )
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Space wrap>
            <Radio.Group
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setCode(null);
              }}
              optionType="button"
              options={[
                { value: 'sellers', label: t('sellers.seller') },
                { value: 'agencies', label: t('sellers.agency') },
              ]}
            />
            <Input.Search
              aria-label={t('sellers.lookup')}
              placeholder={t('sellers.lookup')}
              enterButton={t('common.search')}
              style={{ width: 320 }}
              onSearch={(v) => setCode(v.trim() || null)}
            />
          </Space>
          <p style={{ color: '#595959', marginTop: 8 }}>{t('sellers.notListed')}</p>
          {code && <Lookup kind={kind} code={code} />}
        </Card>
        {mayEdit && <CsvImport kind={kind} />}
      </Space>
    </>
  );
}
