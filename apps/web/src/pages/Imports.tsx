import { InboxOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Progress, Row, Space, Statistic, Table, Tag, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, download, ok, upload } from '../api/client';
import type { ImportReportLine, ImportView } from '../api/views';
import { ApiErrorAlert, AsyncView, useAsync } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { fmtDateTime } from '../time';

function contentTypeOf(name: string): string {
  return /\.(nd)?jsonl?$/i.test(name) ? 'application/x-ndjson' : 'text/csv';
}

export default function Imports() {
  const { t } = useI18n();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [lookup, setLookup] = useState('');
  const id = params.get('id');
  const mayUpload = me.role === 'intake' || me.role === 'admin';

  const send = async (file: File) => {
    setError(null);
    setProgress(0);
    try {
      const view = await upload<ImportView>(
        `/api/policies/import?fileName=${encodeURIComponent(file.name)}`,
        file,
        setProgress,
        contentTypeOf(file.name),
      );
      setParams({ id: view.id });
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <>
      <PageTitle title={t('import.title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {mayUpload && (
          <Card>
            <Upload.Dragger
              accept=".csv,.ndjson,.jsonl,text/csv"
              multiple={false}
              showUploadList={false}
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
            {progress !== null && <Progress percent={progress} status="active" aria-label={t('import.uploading')} />}
            {error !== null && <ApiErrorAlert error={error} />}
          </Card>
        )}
        <Card size="small">
          <Space.Compact style={{ maxWidth: 520, width: '100%' }}>
            <Input
              aria-label={t('import.lookup')}
              placeholder={t('import.lookup')}
              value={lookup}
              onChange={(e) => setLookup(e.target.value)}
            />
            <Button onClick={() => lookup.trim() && setParams({ id: lookup.trim() })}>{t('common.search')}</Button>
          </Space.Compact>
        </Card>
        {id && <ImportProgress id={id} />}
      </Space>
    </>
  );
}

function ImportProgress({ id }: { id: string }) {
  const { t } = useI18n();
  const view = useAsync(() => ok<ImportView>(api.GET('/api/imports/{id}', { params: { path: { id } } })), [id]);
  const done = view.data !== undefined && view.data.finishedAt !== null;
  // Poll while the workflow runs.
  useEffect(() => {
    if (!view.data || done) return;
    const timer = setTimeout(view.reload, 1000);
    return () => clearTimeout(timer);
  }, [view.data, done, view.reload]);
  return (
    <AsyncView state={view}>
      {(v) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card
            title={`${v.fileName ?? v.id} · ${fmtDateTime(v.createdAt)}`}
            extra={<Tag color={v.status === 'FAILED' ? 'red' : done ? 'green' : 'processing'}>{v.status}</Tag>}
          >
            <Progress
              percent={v.totalRows ? Math.round((v.rowsRead / v.totalRows) * 100) : done ? 100 : 0}
              aria-label={t('import.progress')}
            />
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Statistic title={t('import.read')} value={v.rowsRead} suffix={`/ ${v.totalRows}`} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('import.accepted')} value={v.accepted} styles={{ content: { color: '#389e0d' } }} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('import.refused')} value={v.refused} styles={{ content: { color: '#d46b08' } }} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('import.bad')} value={v.bad} styles={{ content: { color: '#cf1322' } }} />
              </Col>
            </Row>
            {v.error && <ApiErrorAlert error={new Error(v.error)} />}
          </Card>
          {done && v.refused + v.bad > 0 && <Report id={v.id} />}
        </Space>
      )}
    </AsyncView>
  );
}

function Report({ id }: { id: string }) {
  const { t } = useI18n();
  const lines = useAsync(
    () =>
      ok<ImportReportLine[]>(
        api.GET('/api/imports/{id}/report', { params: { path: { id }, query: { format: 'json' } } }),
      ),
    [id],
  );
  return (
    <Card
      title={t('import.report')}
      extra={
        <Button onClick={() => download(`/api/imports/${id}/report?format=csv`, `import-${id}-report.csv`)}>
          {t('import.reportCsv')}
        </Button>
      }
    >
      <AsyncView state={lines}>
        {(rows) => (
          <Table<ImportReportLine>
            rowKey={(r, i) => `${r.line}:${r.field}:${i}`}
            size="small"
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 720 }}
            columns={[
              { title: t('import.line'), dataIndex: 'line', width: 70 },
              {
                title: t('import.kind'),
                dataIndex: 'kind',
                render: (k: string) => (
                  <Tag color={k === 'bad' ? 'red' : 'orange'}>
                    {k === 'bad' ? t('import.bad') : t('import.refused')}
                  </Tag>
                ),
              },
              { title: t('import.policyNumber'), dataIndex: 'policyNumber', render: (p: string | null) => p ?? '—' },
              { title: t('import.field'), dataIndex: 'field', render: (f: string) => <code>{f}</code> },
              { title: t('import.code'), dataIndex: 'code' },
              { title: t('import.message'), dataIndex: 'message' },
            ]}
          />
        )}
      </AsyncView>
    </Card>
  );
}
