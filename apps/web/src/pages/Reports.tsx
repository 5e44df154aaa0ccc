import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, download, ok } from '../api/client';
import type { CaseFiguresRow, Page, ReportData, ReportDetail, ReportSummary } from '../api/sanctions';
import type { CaseOutcome } from '../api/views';
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { Amount, CaseLinks, previousQuarter, quarterOf, SubjectLink, cols } from '../components/sanction-bits';
import { StepButton } from '../components/steps';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime } from '../time';

const OUTCOMES: CaseOutcome[] = ['CLEARED', 'CORRECTED', 'FALSE_INFO_CONFIRMED'];
const PAGE_SIZE = 20;

/** The quarters that have ended, newest first (the API refuses one that has not). */
function endedQuarters(n: number): string[] {
  const out: string[] = [];
  for (let q = previousQuarter(quarterOf()); out.length < n; q = previousQuarter(q)) out.push(q);
  return out;
}

/** A download of the report rendered from its snapshot: the same bytes each time. */
function DownloadButton({ report, format }: { report: ReportSummary; format: 'xlsx' | 'pdf' }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = `report-${report.quarter}-${report.branchCode}-v${report.version}.${format}`;
  return (
    <>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        loading={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await download(`/api/reports/${encodeURIComponent(report.id)}?format=${format}`, name);
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        {t(format === 'xlsx' ? 'reports.xlsx' : 'reports.pdf')}
      </Button>
      {error !== null && <ApiErrorAlert error={error} />}
    </>
  );
}

function VersionCell({ r }: { r: ReportSummary }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      <span>{t('reports.versionOf', { version: r.version })}</span>
      {r.replacesId && r.version > 1 && <Tag color="blue">{t('reports.replaces', { version: r.version - 1 })}</Tag>}
      {r.replacedById && <Tag>{t('reports.replaced')}</Tag>}
    </Space>
  );
}

function FiledCell({ r }: { r: ReportSummary }) {
  const { t } = useI18n();
  return r.filedAt ? (
    <Space orientation="vertical" size={0}>
      <Tag color="green">{t('reports.filedTag')}</Tag>
      <Typography.Text type="secondary">
        {t('reports.filedInfo', { at: fmtDateTime(r.filedAt), to: r.filedTo ?? '—' })}
      </Typography.Text>
    </Space>
  ) : (
    <Tag color="orange">{t('reports.notFiled')}</Tag>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <Typography.Title level={3} style={{ fontSize: 16, margin: '16px 0 8px' }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

/** A section's table: small, scrolling sideways inside itself, "none" when empty. */
function SectionTable<T extends object>({
  rows,
  rowKey,
  columns,
}: {
  rows: T[];
  rowKey: string | ((r: T) => string);
  columns: TableColumnsType<T>;
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <Typography.Text type="secondary">{t('history.none')}</Typography.Text>;
  return (
    <Table<T>
      size="small"
      bordered
      rowKey={rowKey as string}
      dataSource={rows}
      columns={columns}
      pagination={rows.length > 50 ? { pageSize: 50 } : false}
      scroll={{ x: 'max-content' }}
    />
  );
}

const rate = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** The report's sections and figures as tables, from the stored snapshot (exactly what the files are made of). */
function Preview({ report }: { report: ReportDetail }) {
  const { t, label } = useI18n();
  const d: ReportData = report.data;
  const h = d.header;
  const caseColumns: TableColumnsType<CaseFiguresRow> = [
    {
      title: t('case.branch'),
      dataIndex: 'branchCode',
      render: (b: string) => (b === '*' ? t('reports.total') : b),
    },
    { title: t('case.channel'), dataIndex: 'channel', render: (c: string) => (c === '*' ? '' : label('channel', c)) },
    { title: t('reports.col.opened'), dataIndex: 'opened' },
    { title: t('reports.col.closed'), dataIndex: 'closed' },
    ...OUTCOMES.map((o) => ({
      title: label('outcome', o),
      key: o,
      render: (_: unknown, r: CaseFiguresRow) => r.closedByOutcome[o] ?? 0,
    })),
    { title: t('reports.col.escalated'), dataIndex: 'escalated' },
    { title: t('reports.col.sla'), dataIndex: 'slaRate', render: rate },
    { title: t('reports.col.breaches'), dataIndex: 'coolingOffBreaches' },
  ];
  return (
    <div>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} title={h.title}>
        <Descriptions.Item label={t('reports.quarter')}>{h.quarter}</Descriptions.Item>
        <Descriptions.Item label={t('reports.branch')}>{h.branchCode}</Descriptions.Item>
        <Descriptions.Item label={t('reports.period')}>
          {h.periodFirstDay} — {h.periodLastDay}
        </Descriptions.Item>
        <Descriptions.Item label={t('reports.version')}>
          <VersionCell r={report} />
        </Descriptions.Item>
        <Descriptions.Item label={t('reports.generatedBy')}>{h.generatedBy}</Descriptions.Item>
        <Descriptions.Item label={t('reports.generatedAt')}>{fmtDateTime(h.generatedAt)}</Descriptions.Item>
        {h.correctionNote && (
          <Descriptions.Item label={t('reports.correctionNote')} span={2}>
            {h.correctionNote}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('reports.hash')} span={2}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {report.contentSha256}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('reports.filed')} span={2}>
          <FiledCell r={report} />
        </Descriptions.Item>
      </Descriptions>

      <Section title={t('reports.s.sellers')}>
        <SectionTable
          rows={d.falseInfoSellers}
          rowKey="sellerCode"
          columns={[
            {
              title: t('reports.col.seller'),
              key: 'seller',
              render: (_, r) => <SubjectLink kind="seller" code={r.sellerCode} />,
            },
            cols.text(t('sellers.name'), 'sellerName'),
            cols.coded(t('case.channel'), 'channel', (c) => label('channel', c)),
            cols.text(t('sellers.agency'), 'agencyCode'),
            cols.cases(t('reports.col.cases')),
          ]}
        />
      </Section>
      <Section title={t('reports.s.agencies')}>
        <SectionTable
          rows={d.agencies}
          rowKey="agencyCode"
          columns={[
            {
              title: t('reports.col.agency'),
              key: 'agency',
              render: (_, r) => <SubjectLink kind="agency" code={r.agencyCode} />,
            },
            cols.text(t('sellers.name'), 'agencyName'),
            cols.coded(t('case.channel'), 'channel', (c) => label('channel', c)),
            { title: t('reports.col.refused'), dataIndex: 'refusedTrueData' },
            { title: t('reports.col.falsified'), dataIndex: 'providedFalseData' },
            {
              title: t('reports.col.cases'),
              key: 'cases',
              render: (_, r) => <CaseLinks ids={[...new Set([...r.falseInfoCaseIds, ...r.incidentCaseIds])]} />,
            },
          ]}
        />
      </Section>
      <Section title={t('reports.s.incidents')}>
        <SectionTable
          rows={d.agencyIncidents}
          rowKey="id"
          columns={[
            { title: t('reports.col.agency'), dataIndex: 'agencyCode' },
            cols.text(t('sellers.name'), 'agencyName'),
            cols.coded(t('incidents.kind'), 'kind', (c) => label('incidentKind', c)),
            { title: t('incidents.description'), dataIndex: 'description' },
            cols.cases(t('reports.col.cases')),
            cols.at(t('incidents.recordedAt'), 'recordedAt'),
          ]}
        />
      </Section>
      <Section title={t('reports.s.penalties')}>
        <SectionTable
          rows={d.penalties}
          rowKey="id"
          columns={[
            {
              title: t('penalties.subject'),
              key: 'subject',
              render: (_, r) => (
                <SubjectLink kind={r.subjectKind === 'agency' ? 'agency' : 'seller'} code={r.subjectCode} />
              ),
            },
            cols.text(t('sellers.name'), 'subjectName'),
            cols.coded(t('penalties.kind'), 'kind', (c) => label('penaltyKind', c)),
            { title: t('penalties.amount'), dataIndex: 'amount', render: (a: string | null) => <Amount value={a} /> },
            { title: t('penalties.period'), dataIndex: 'assessmentPeriod' },
            { title: t('penalties.reason'), dataIndex: 'reason' },
            cols.cases(t('reports.col.cases')),
            cols.at(t('penalties.decidedAt'), 'decidedAt'),
          ]}
        />
      </Section>
      <Section title={t('reports.s.referrals')}>
        <SectionTable
          rows={d.referrals}
          rowKey="id"
          columns={[
            {
              title: t('penalties.subject'),
              key: 'subject',
              render: (_, r) => `${label('subjectKind', r.subjectKind)} ${r.subjectCode}`,
            },
            { title: t('referrals.opinion'), dataIndex: 'opinion' },
            cols.coded(t('referrals.status'), 'status', (c) => label('referralStatus', c)),
            cols.text(t('referrals.decision'), 'decision'),
            cols.at(t('referrals.referredAt'), 'referredAt'),
          ]}
        />
      </Section>
      <Section title={t('reports.s.cases')}>
        <SectionTable
          rows={[...d.figures.cases, d.figures.casesTotal]}
          rowKey={(r) => `${r.branchCode}/${r.channel}`}
          columns={caseColumns}
        />
      </Section>
      <Section title={t('reports.s.findings')}>
        <SectionTable
          rows={d.figures.findingsByRule}
          rowKey={(r) => `${r.rule}/${r.channel}`}
          columns={[
            cols.coded(t('case.rule'), 'rule', (c) => label('rule', c)),
            cols.coded(t('case.channel'), 'channel', (c) => label('channel', c)),
            { title: t('reports.col.findings'), dataIndex: 'findings' },
          ]}
        />
      </Section>
      <Section title={t('reports.s.campaigns')}>
        <SectionTable
          rows={d.campaigns}
          rowKey="id"
          columns={[
            {
              title: t('penalties.subject'),
              key: 'subject',
              render: (_, r) => `${label('subjectKind', r.subjectKind)} ${r.subjectCode}`,
            },
            { title: t('reports.col.complaints'), dataIndex: 'complaints' },
            {
              title: t('reports.col.status'),
              dataIndex: 'status',
              render: (s: string) => label('hist.campaignStatus', s),
            },
            {
              title: t('reports.col.result'),
              dataIndex: 'result',
              render: (r: Record<string, unknown> | null) =>
                r
                  ? t('reports.campaignResult', Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])))
                  : '—',
            },
          ]}
        />
      </Section>
    </div>
  );
}

/**
 * The quarterly reports (Art. 22, 23): the list, generating one for an ended quarter, a preview of its stored
 * snapshot, both downloads, recording the filing and correcting it with a new version. The previewed report's id
 * lives in the URL.
 */
export default function Reports() {
  const { t } = useI18n();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const made = useRef<string | null>(null);
  const generator = me.role === 'general_office' || me.role === 'compliance';
  const office = me.role === 'general_office';
  const previewId = params.get('id');

  const list = useAsync(
    () => ok<Page<ReportSummary>>(api.GET('/api/reports', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    [page],
  );
  const preview = useAsync(
    () =>
      previewId
        ? ok<ReportDetail>(api.GET('/api/reports/{id}', { params: { path: { id: previewId } } }))
        : Promise.resolve(null),
    [previewId],
  );
  const show = (id: string | null) => setParams(id ? { id } : {});
  const afterChange = () => {
    list.reload();
    if (made.current) show(made.current);
    else preview.reload();
    made.current = null;
  };

  const columns: TableColumnsType<ReportSummary> = [
    { title: t('reports.quarter'), dataIndex: 'quarter' },
    { title: t('reports.branch'), dataIndex: 'branchCode' },
    { title: t('reports.version'), key: 'version', render: (_, r) => <VersionCell r={r} /> },
    {
      title: t('reports.hash'),
      dataIndex: 'contentSha256',
      render: (h: string) => (
        <Typography.Text code title={h}>
          {h.slice(0, 12)}…
        </Typography.Text>
      ),
    },
    {
      title: t('reports.generatedAt'),
      key: 'generated',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{fmtDateTime(r.generatedAt)}</span>
          <Typography.Text type="secondary">{r.generatedBy}</Typography.Text>
        </Space>
      ),
    },
    { title: t('reports.filed'), key: 'filed', render: (_, r) => <FiledCell r={r} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space wrap size={4}>
          <Button
            size="small"
            type={r.id === previewId ? 'primary' : 'default'}
            aria-label={`${t('reports.preview')} ${r.quarter} ${r.branchCode} ${t('reports.versionOf', { version: r.version })}`}
            onClick={() => show(r.id)}
          >
            {t('reports.preview')}
          </Button>
          <DownloadButton report={r} format="xlsx" />
          <DownloadButton report={r} format="pdf" />
        </Space>
      ),
    },
  ];

  const steps = (r: ReportSummary) => (
    <Space wrap>
      <DownloadButton report={r} format="xlsx" />
      <DownloadButton report={r} format="pdf" />
      {office && !r.filedAt && (
        <StepButton<{ filedAt: Dayjs; filedTo: string }>
          label={t('reports.markFiled')}
          primary
          initialValues={{ filedAt: dayjs(), filedTo: t('reports.filedToDefault') }}
          run={(v) =>
            ok(
              api.POST('/api/reports/{id}/filed', {
                params: { path: { id: r.id } },
                body: { filedAt: v.filedAt.toISOString(), filedTo: v.filedTo.trim() },
              }),
            )
          }
          onDone={afterChange}
        >
          <Form.Item name="filedAt" label={t('reports.filedAt')} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="filedTo" label={t('reports.filedTo')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </StepButton>
      )}
      {generator && !r.replacedById && (
        <StepButton<{ note: string }>
          label={t('reports.correct')}
          run={async (v) => {
            const next = await ok<ReportDetail>(
              api.POST('/api/reports/{id}/corrections', { params: { path: { id: r.id } }, body: v }),
            );
            made.current = next.id;
          }}
          onDone={afterChange}
        >
          <Form.Item
            name="note"
            label={t('reports.correctionNote')}
            extra={t('reports.correctionNoteHint')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </StepButton>
      )}
    </Space>
  );

  return (
    <>
      <PageTitle
        title={t('reports.title')}
        extra={
          generator && (
            <StepButton<{ quarter: string; branchCode?: string }>
              label={t('reports.generate')}
              primary
              initialValues={{ quarter: previousQuarter(quarterOf()) }}
              run={async (v) => {
                const r = await ok<ReportDetail>(
                  api.POST('/api/reports', {
                    body: { quarter: v.quarter, branchCode: v.branchCode?.trim() || undefined },
                  }),
                );
                made.current = r.id;
              }}
              onDone={afterChange}
            >
              <Form.Item
                name="quarter"
                label={t('reports.quarter')}
                extra={t('reports.quarterHint')}
                rules={[{ required: true }]}
              >
                <Select options={endedQuarters(8).map((q) => ({ value: q, label: q }))} />
              </Form.Item>
              <Form.Item name="branchCode" label={t('reports.branch')} extra={t('reports.branchHint')}>
                <Input maxLength={20} />
              </Form.Item>
            </StepButton>
          )
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" showIcon title={t('reports.hint')} />
        <Card size="small" title={t('reports.list')}>
          {list.error ? (
            <ApiErrorAlert error={list.error} onRetry={list.reload} />
          ) : (
            <Table<ReportSummary>
              rowKey="id"
              size="small"
              loading={list.loading}
              dataSource={list.data?.items ?? []}
              columns={columns}
              scroll={{ x: 1100 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.none')} /> }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: list.data?.total ?? 0,
                hideOnSinglePage: true,
                onChange: setPage,
              }}
            />
          )}
        </Card>
        {previewId && (
          <AsyncView state={preview}>
            {(r) =>
              r && (
                <Card
                  size="small"
                  title={t('reports.previewOf', { quarter: r.quarter, branch: r.branchCode, version: r.version })}
                  extra={
                    <Button size="small" onClick={() => show(null)}>
                      {t('reports.closePreview')}
                    </Button>
                  }
                >
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {steps(r)}
                    <Preview report={r} />
                  </Space>
                </Card>
              )
            }
          </AsyncView>
        )}
      </Space>
    </>
  );
}
