import { Button, Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { api, ok } from '../api/client';
import type { DashboardResponse, DashboardScopeRow } from '../api/dashboard';
import { AsyncView, useAsync } from '../components/async';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../time';

// Only what the two charts need, so this route's chunk stays small; ECharts loads with this page alone.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

function Chart({ option, label }: { option: echarts.EChartsCoreOption; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(ref.current!);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: 300 }} />;
}

export default function Dashboard() {
  const { t, label } = useI18n();
  const data = useAsync(() => ok<DashboardResponse>(api.GET('/api/dashboard')), []);
  return (
    <>
      <PageTitle title={t('dash.title')} extra={<Button onClick={data.reload}>{t('common.refresh')}</Button>} />
      <AsyncView state={data}>
        {(d) => {
          const sum = (k: keyof Omit<DashboardScopeRow, 'channel' | 'branchCode'>) =>
            d.byScope.reduce((n, r) => n + r[k], 0);
          const dates = [...new Set(d.findingsByRule.map((x) => x.date))].sort();
          const rules = [...new Set(d.findingsByRule.map((x) => x.rule))];
          const slaLabel = `${t('dash.sla')}: ${d.slaByWeek.map((w) => `${w.week} ${w.rate === null ? '—' : Math.round(w.rate * 100) + '%'}`).join(', ')}`;
          return (
            <Row gutter={[16, 16]}>
              {(['open', 'dueToday', 'overdue', 'escalated', 'coolingOffBreaches'] as const).map((k) => (
                <Col key={k} xs={12} md={8} xl={4}>
                  <Card>
                    <Statistic
                      title={t(k === 'coolingOffBreaches' ? 'dash.breached' : (`dash.${k}` as const))}
                      value={sum(k)}
                    />
                  </Card>
                </Col>
              ))}
              <Col xs={24}>
                <Card title={`${t('case.channel')} / ${t('case.branch')}`}>
                  <Table<DashboardScopeRow>
                    rowKey={(r) => `${r.channel}/${r.branchCode}`}
                    size="small"
                    dataSource={d.byScope}
                    pagination={false}
                    scroll={{ x: 640 }}
                    columns={[
                      { title: t('case.channel'), dataIndex: 'channel', render: (c: string) => label('channel', c) },
                      { title: t('case.branch'), dataIndex: 'branchCode' },
                      { title: t('dash.open'), dataIndex: 'open' },
                      { title: t('dash.dueToday'), dataIndex: 'dueToday' },
                      { title: t('dash.overdue'), dataIndex: 'overdue' },
                      { title: t('dash.escalated'), dataIndex: 'escalated' },
                      { title: t('dash.breached'), dataIndex: 'coolingOffBreaches' },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card title={t('dash.sla')}>
                  <Chart
                    label={slaLabel}
                    option={{
                      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
                      xAxis: { type: 'category', data: d.slaByWeek.map((w) => w.week) },
                      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
                      series: [
                        {
                          type: 'line',
                          name: t('dash.sla'),
                          data: d.slaByWeek.map((w) => (w.rate === null ? null : Math.round(w.rate * 1000) / 10)),
                          connectNulls: false,
                        },
                      ],
                    }}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card title={t('dash.listSize')}>
                  <Chart
                    label={t('dash.listSize')}
                    option={{
                      tooltip: { trigger: 'axis' },
                      legend: { type: 'scroll', bottom: 0 },
                      grid: { bottom: 48 },
                      xAxis: { type: 'category', data: dates },
                      yAxis: { type: 'value', minInterval: 1 },
                      series: rules.map((r) => ({
                        type: 'bar',
                        stack: 'list',
                        name: label('rule', r),
                        data: dates.map(
                          (day) => d.findingsByRule.find((x) => x.date === day && x.rule === r)?.count ?? 0,
                        ),
                      })),
                    }}
                  />
                </Card>
              </Col>
              <Col xs={24}>
                <Typography.Text type="secondary">
                  {t('dash.generatedAt', { at: fmtDateTime(d.generatedAt) })}
                </Typography.Text>
              </Col>
            </Row>
          );
        }}
      </AsyncView>
    </>
  );
}
