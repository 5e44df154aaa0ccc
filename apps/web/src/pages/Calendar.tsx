import { Alert, Card, Col, Form, Input, InputNumber, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { CalendarYear } from '../api/views';
import { AsyncView, useAsync } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { StepButton } from '../components/steps';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { isWorkingDay, overridesOf, sh } from '../time';

const WEEK_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WEEK_EN = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

function Month({ year, month, data }: { year: number; month: number; data: CalendarYear }) {
  const { lang, t } = useI18n();
  const overrides = overridesOf([data]);
  const first = dayjs(`${year}-${String(month + 1).padStart(2, '0')}-01`);
  const lead = (first.day() + 6) % 7;
  const cells: Array<dayjs.Dayjs | null> = [
    ...Array(lead).fill(null),
    ...Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day')),
  ];
  const names = new Map(data.days.map((d) => [d.date, d]));
  return (
    <table className="mini-month" aria-label={first.format(lang === 'en' ? 'MMMM YYYY' : 'YYYY年M月')}>
      <caption>{first.format(lang === 'en' ? 'MMMM' : 'M月')}</caption>
      <thead>
        <tr>
          {(lang === 'en' ? WEEK_EN : WEEK_ZH).map((w) => (
            <th key={w} scope="col">
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: Math.ceil(cells.length / 7) }, (_, r) => (
          <tr key={r}>
            {cells.slice(r * 7, r * 7 + 7).map((d, i) => {
              if (!d) return <td key={i} />;
              const key = d.format('YYYY-MM-DD');
              const o = names.get(key);
              const working = isWorkingDay(d, overrides);
              const cls =
                o?.kind === 'holiday' ? 'holiday' : o?.kind === 'workday' ? 'makeup' : working ? 'work' : 'rest';
              const title = o
                ? `${key} ${o.kind === 'holiday' ? t('cal.holiday') : t('cal.workday')}${o.name ? ` · ${o.name}` : ''}`
                : key;
              return (
                <td key={i} className={cls} title={title}>
                  {d.date()}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Calendar() {
  const { t } = useI18n();
  const me = useSession();
  const [year, setYear] = useState(sh(new Date()).year());
  const cal = useAsync(() => ok<CalendarYear>(api.GET('/api/calendar/{year}', { params: { path: { year } } })), [year]);
  return (
    <>
      <PageTitle
        title={t('cal.title')}
        extra={
          <>
            <label htmlFor="cal-year">{t('cal.year')}</label>
            <InputNumber id="cal-year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
            {me.role === 'admin' && (
              <StepButton<{ lines: string }>
                label={t('cal.load')}
                width={640}
                run={async ({ lines }) => {
                  const days = lines
                    .split(/\r?\n/)
                    .map((l) => l.trim())
                    .filter(Boolean)
                    .map((l) => {
                      const [date, kind, ...name] = l.split(',').map((x) => x.trim());
                      return { date, kind: kind as 'holiday' | 'workday', name: name.join(',') || undefined };
                    });
                  return ok(api.PUT('/api/calendar/{year}', { params: { path: { year } }, body: { days } }));
                }}
                onDone={cal.reload}
              >
                <Form.Item
                  name="lines"
                  label={`${t('cal.year')} ${year}`}
                  extra={t('cal.loadHint')}
                  rules={[{ required: true }]}
                >
                  <Input.TextArea rows={10} spellCheck={false} />
                </Form.Item>
              </StepButton>
            )}
          </>
        }
      />
      <AsyncView state={cal}>
        {(data) => (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {data.status === 'provisional' ? (
              <Alert type="warning" showIcon title={`${year}：${t('cal.provisional')}`} />
            ) : (
              <Alert
                type={data.status === 'official' ? 'success' : 'info'}
                showIcon
                title={`${year}：${data.status === 'official' ? t('cal.official') : t('cal.unknown')}`}
              />
            )}
            <Card>
              <Space wrap style={{ marginBottom: 8 }}>
                <Tag className="legend holiday">{t('cal.holiday')}</Tag>
                <Tag className="legend makeup">{t('cal.workday')}</Tag>
              </Space>
              <Row gutter={[16, 16]}>
                {Array.from({ length: 12 }, (_, m) => (
                  <Col key={m} xs={12} md={8} xl={6}>
                    <Month year={year} month={m} data={data} />
                  </Col>
                ))}
              </Row>
            </Card>
            <Card>
              <Table
                rowKey="date"
                size="small"
                dataSource={data.days}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t('cal.date'), dataIndex: 'date' },
                  {
                    title: t('cal.kind'),
                    dataIndex: 'kind',
                    render: (k: string) => (
                      <Tag color={k === 'holiday' ? 'red' : 'blue'}>
                        {k === 'holiday' ? t('cal.holiday') : t('cal.workday')}
                      </Tag>
                    ),
                  },
                  { title: t('cal.name'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
                  {
                    title: t('cal.source'),
                    dataIndex: 'source',
                    render: (s: string) => <Typography.Text type="secondary">{s}</Typography.Text>,
                  },
                ]}
              />
            </Card>
          </Space>
        )}
      </AsyncView>
    </>
  );
}
