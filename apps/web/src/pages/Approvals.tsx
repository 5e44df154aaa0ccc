import { Button, Card, Col, Descriptions, Empty, Row, Space } from 'antd';
import { Link } from 'react-router-dom';
import { runStep } from '../api/cases';
import { api, ok } from '../api/client';
import type { CasePage } from '../api/views';
import { AsyncView, useAsync } from '../components/async';
import { CaseFlags, Deadline } from '../components/case-bits';
import { PageTitle } from '../components/PageTitle';
import { ApproveReject, FourEyes } from '../components/steps';
import { useI18n } from '../i18n';

export default function Approvals() {
  const { t, label } = useI18n();
  const queue = useAsync(
    () => ok<CasePage>(api.GET('/api/cases', { params: { query: { state: 'PENDING_APPROVAL', pageSize: 100 } } })),
    [],
  );
  return (
    <>
      <PageTitle title={t('approvals.title')} extra={<Button onClick={queue.reload}>{t('common.refresh')}</Button>} />
      <AsyncView state={queue}>
        {(page) =>
          page.items.length === 0 ? (
            <Card>
              <Empty description={t('approvals.none')} />
            </Card>
          ) : (
            // Two equal columns from xl up, one below: a card's width never depends on its content.
            <Row gutter={[16, 16]}>
              {page.items.map((c) => (
                <Col key={c.caseId} xs={24} xl={12}>
                  <Card
                    style={{ height: '100%' }}
                    // A case id is long: it wraps rather than widening the card or hiding its end.
                    styles={{ title: { whiteSpace: 'normal', overflowWrap: 'anywhere' } }}
                    title={<Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link>}
                    extra={<CaseFlags c={c} />}
                  >
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      <Descriptions size="small" column={1} bordered styles={{ label: { width: 120 } }}>
                        <Descriptions.Item label={t('case.rule')}>{label('rule', c.rule)}</Descriptions.Item>
                        <Descriptions.Item label={`${t('case.channel')} / ${t('case.branch')}`}>
                          {label('channel', c.channel)} / {c.branchCode}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('step.outcome')}>
                          {label('outcome', c.submission?.outcome)}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('case.summary')}>{c.submission?.summary ?? '—'}</Descriptions.Item>
                        <Descriptions.Item label={t('case.corrections')}>
                          {c.submission?.corrections?.length ?? 0}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('case.due')}>
                          <Deadline due={c.dueAt} />
                        </Descriptions.Item>
                      </Descriptions>
                      <FourEyes c={c} />
                      <ApproveReject
                        c={c}
                        run={(step, body) =>
                          step === 'approve'
                            ? runStep(c.caseId, 'approve', body)
                            : runStep(c.caseId, 'reject', body as { reason: string })
                        }
                        onDone={queue.reload}
                      />
                    </Space>
                  </Card>
                </Col>
              ))}
            </Row>
          )
        }
      </AsyncView>
    </>
  );
}
