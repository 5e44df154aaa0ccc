import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Upload,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ok, upload } from '../api/client';
import {
  CHANNELS,
  SELLER_KINDS,
  type CsvImportResult,
  type DirectoryPage,
  type DirectoryView,
  type SellerListQuery,
} from '../api/views';
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import { ConductHistory, mayReadConduct } from '../components/conduct-history';
import { PageTitle } from '../components/PageTitle';
import { StepButton } from '../components/steps';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

type Kind = 'sellers' | 'agencies';
type Channel = (typeof CHANNELS)[number];
const PAGE_SIZES = [10, 20, 50, 100]; // the API allows up to 100

/** The filters as the form holds them; in the URL they are strings. */
interface Filters {
  channel?: Channel;
  branchCode?: string;
  q?: string;
  unqualified?: boolean;
}
const EMPTY: Filters = { channel: undefined, branchCode: undefined, q: undefined, unqualified: undefined };

function UnqualifiedTag() {
  const { t } = useI18n();
  return <Tag color="orange">{t('sellers.unqualified')}</Tag>;
}

function ActiveTag({ active }: { active: boolean }) {
  const { t } = useI18n();
  return active ? <Tag color="green">{t('sellers.activeYes')}</Tag> : <Tag>{t('sellers.activeNo')}</Tag>;
}

/** One entry as its own GET shows it (the seller's ID number masked). */
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
        <Descriptions bordered size="small" column={1} styles={{ label: { width: 170 } }}>
          <Descriptions.Item label={t('sellers.code')}>{d.code}</Descriptions.Item>
          <Descriptions.Item label={t('sellers.name')}>{d.name}</Descriptions.Item>
          {d.kind && <Descriptions.Item label={t('sellers.kind')}>{label('sellerKind', d.kind)}</Descriptions.Item>}
          <Descriptions.Item label={`${t('case.channel')} / ${t('case.branch')}`}>
            {label('channel', d.channel)} / {d.branchCode}
          </Descriptions.Item>
          {d.agencyCode !== undefined && (
            <Descriptions.Item label={t('sellers.agency')}>{d.agencyCode ?? '—'}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('field.phone')}>{d.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.address')}>{d.address ?? '—'}</Descriptions.Item>
          {d.idNumber !== undefined && (
            <Descriptions.Item label={t('field.idNumber')}>
              {d.idNumber ? `${label('idType', d.idType)} ${d.idNumber}` : '—'}
            </Descriptions.Item>
          )}
          {kind === 'sellers' && (
            <Descriptions.Item label={t('sellers.qualifiedOn')}>
              {d.qualifiedOn ? d.qualifiedOn : <UnqualifiedTag />}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('sellers.active')}>
            <ActiveTag active={d.active} />
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
    <Card title={t(kind === 'sellers' ? 'sellers.importSellers' : 'sellers.importAgencies')} size="small">
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
        <p className="ant-upload-text">{t('sellers.drop')}</p>
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

function CreateSeller({ onDone }: { onDone: () => void }) {
  const { t, label } = useI18n();
  return (
    <StepButton<{
      code: string;
      name: string;
      kind: (typeof SELLER_KINDS)[number];
      channel: Channel;
      branchCode: string;
      qualifiedOn?: Dayjs;
      phone?: string;
    }>
      label={t('sellers.create')}
      run={(v) => {
        const body = { ...v, qualifiedOn: v.qualifiedOn ? v.qualifiedOn.format('YYYY-MM-DD') : undefined };
        return ok(api.POST('/api/sellers', { body }));
      }}
      onDone={onDone}
    >
      <Form.Item name="code" label={t('sellers.code')} rules={[{ required: true }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="name" label={t('sellers.name')} rules={[{ required: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="kind" label={t('sellers.kind')} rules={[{ required: true }]}>
        <Select options={SELLER_KINDS.map((k) => ({ value: k, label: label('sellerKind', k) }))} />
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
  );
}

/** The URL's parameters as filters; anything the API would refuse is left out. */
function filtersOf(params: URLSearchParams, kind: Kind): Filters {
  const channel = params.get('channel');
  return {
    channel: CHANNELS.find((c) => c === channel),
    branchCode: params.get('branchCode') || undefined,
    q: params.get('q') || undefined,
    unqualified: kind === 'sellers' && params.get('unqualified') === 'true' ? true : undefined,
  };
}

/**
 * The directory: sellers or agencies in the caller's scope, filtered and paged by the API, a row opening the entry
 * in a drawer. The kind, the filters and the page live in the URL, as on the cases list.
 */
export default function Sellers() {
  const { t, label } = useI18n();
  const me = useSession();
  const mayEdit = me.role === 'channel_manager' || me.role === 'admin';
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  // ?code= opens that entry's drawer (the links from penalties and reports); closing it drops the code.
  const [open, setOpenState] = useState<string | null>(() => params.get('code'));
  const setOpen = (code: string | null) => {
    setOpenState(code);
    if (code === null && params.has('code')) {
      const next = new URLSearchParams(params);
      next.delete('code');
      setParams(next, { replace: true });
    }
  };

  const kind: Kind = params.get('kind') === 'agencies' ? 'agencies' : 'sellers';
  const sellers = kind === 'sellers';
  const filters = filtersOf(params, kind);
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const pageSize = PAGE_SIZES.includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;

  // The form shows what the URL says, also after the back button.
  const listKey = [...params.entries()].filter(([k]) => k !== 'code').join('&');
  useEffect(() => form.setFieldsValue({ ...EMPTY, ...filters }), [listKey]);

  const list = useAsync(() => {
    const query: SellerListQuery = {
      channel: filters.channel,
      branchCode: filters.branchCode,
      q: filters.q,
      page,
      pageSize,
    };
    return sellers
      ? ok<DirectoryPage>(
          api.GET('/api/sellers', { params: { query: { ...query, unqualified: filters.unqualified } } }),
        )
      : ok<DirectoryPage>(api.GET('/api/agencies', { params: { query } }));
  }, [listKey]);

  /** The URL for a kind, its filters and a page (the first unless named). */
  const go = (next: { kind: Kind; filters: Filters; page?: number; pageSize?: number }) => {
    const p = new URLSearchParams();
    if (next.kind === 'agencies') p.set('kind', 'agencies');
    const { channel, branchCode, q, unqualified } = next.filters;
    if (channel) p.set('channel', channel);
    if (branchCode?.trim()) p.set('branchCode', branchCode.trim());
    if (q?.trim()) p.set('q', q.trim());
    if (next.kind === 'sellers' && unqualified) p.set('unqualified', 'true');
    if (next.page && next.page > 1) p.set('page', String(next.page));
    if (next.pageSize && next.pageSize !== 20) p.set('pageSize', String(next.pageSize));
    setParams(p);
  };

  const kindLabel = t(sellers ? 'sellers.seller' : 'sellers.agency');
  const sellerOnly = (column: TableColumnsType<DirectoryView>[number]) => (sellers ? [column] : []);
  const columns: TableColumnsType<DirectoryView> = [
    {
      title: t('sellers.code'),
      dataIndex: 'code',
      render: (code: string) => (
        // A button, so the keyboard opens the entry as a click on the row does.
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          aria-label={t('sellers.openEntry', { kind: kindLabel, code })}
          onClick={(e) => {
            e.stopPropagation();
            setOpen(code);
          }}
        >
          {code}
        </Button>
      ),
    },
    { title: t('sellers.name'), dataIndex: 'name' },
    ...sellerOnly({ title: t('sellers.kind'), key: 'kind', render: (_, r) => label('sellerKind', r.kind) }),
    {
      title: `${t('case.channel')} / ${t('case.branch')}`,
      key: 'scope',
      render: (_, r) => `${label('channel', r.channel)} / ${r.branchCode}`,
    },
    ...sellerOnly({ title: t('sellers.agency'), key: 'agency', render: (_, r) => r.agencyCode ?? '—' }),
    { title: t('field.phone'), key: 'phone', render: (_, r) => r.phone ?? '—' },
    ...sellerOnly({
      title: t('sellers.qualifiedOn'),
      key: 'qualifiedOn',
      render: (_, r) => (r.qualifiedOn ? r.qualifiedOn : <UnqualifiedTag />),
    }),
    { title: t('sellers.active'), key: 'active', render: (_, r) => <ActiveTag active={r.active} /> },
  ];

  return (
    <>
      <PageTitle title={t('sellers.title')} extra={mayEdit && <CreateSeller onDone={list.reload} />} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('sellers.filters')}>
          <Space orientation="vertical" size="small" style={{ width: '100%' }}>
            <Radio.Group
              aria-label={t('sellers.directory')}
              value={kind}
              onChange={(e) => {
                setOpen(null);
                go({ kind: e.target.value as Kind, filters, pageSize });
              }}
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'sellers', label: t('sellers.seller') },
                { value: 'agencies', label: t('sellers.agency') },
              ]}
            />
            <Form<Filters>
              form={form}
              layout="inline"
              initialValues={filters}
              onFinish={(v) => go({ kind, filters: v, pageSize })}
              style={{ rowGap: 8 }}
            >
              <Form.Item name="q" label={t('sellers.search')}>
                <Input allowClear placeholder={t('sellers.searchHint')} maxLength={100} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="channel" label={t('case.channel')}>
                <Select
                  allowClear
                  style={{ width: 130 }}
                  options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))}
                />
              </Form.Item>
              <Form.Item name="branchCode" label={t('case.branch')}>
                <Input allowClear maxLength={20} style={{ width: 110 }} />
              </Form.Item>
              {sellers && (
                <Form.Item name="unqualified" valuePropName="checked">
                  <Checkbox>{t('sellers.unqualifiedOnly')}</Checkbox>
                </Form.Item>
              )}
              <Form.Item>
                <Space>
                  <Button type="primary" htmlType="submit">
                    {t('common.search')}
                  </Button>
                  <Button onClick={() => go({ kind, filters: {}, pageSize })}>{t('common.reset')}</Button>
                </Space>
              </Form.Item>
            </Form>
          </Space>
        </Card>
        <Card size="small" title={t(sellers ? 'sellers.listSellers' : 'sellers.listAgencies')}>
          {list.error ? (
            <ApiErrorAlert error={list.error} onRetry={list.reload} />
          ) : (
            <Table<DirectoryView>
              rowKey="code"
              loading={list.loading}
              dataSource={list.data?.items ?? []}
              columns={columns}
              scroll={{ x: 960 }}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={t(sellers ? 'sellers.noneSellers' : 'sellers.noneAgencies')}
                  />
                ),
              }}
              onRow={(r) => ({ onClick: () => setOpen(r.code), style: { cursor: 'pointer' } })}
              pagination={{
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                pageSizeOptions: PAGE_SIZES,
                showSizeChanger: true,
                showTotal: (total) => t('sellers.total', { total }),
                onChange: (p, size) => go({ kind, filters, page: size === pageSize ? p : 1, pageSize: size }),
              }}
            />
          )}
        </Card>
        {mayEdit && <CsvImport kind={kind} />}
      </Space>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? t('sellers.detailTitle', { kind: kindLabel, code: open }) : ''}
        size="large"
        destroyOnHidden
      >
        {open && <Lookup kind={kind} code={open} />}
        {open && mayReadConduct(me.role) && <ConductHistory kind={sellers ? 'seller' : 'agency'} code={open} />}
      </Drawer>
    </>
  );
}
