// 考核 (/case-assessment): per community, street, department or grid (its grid workers): response, on-time,
// resolution and satisfaction rates, average handling time, reopen rate, weighted score and rank; the monthly
// trend; and the quarterly problem list.
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Row, Segmented, Space, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { use as useEcharts } from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { Chart, type EChartsOption } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { pct, type AssessmentRow, type TrendPoint } from './cases-api.ts';
import { ProblemList } from './problem-list.tsx';

// The shared chart component registers bars and pies; trends read better as lines.
useEcharts([LineChart]);

type By = 'community' | 'street' | 'department' | 'grid';

function rateCell(name: string, field: string, v: number | null) {
  const color = v === null ? undefined : v >= 90 ? '#389e0d' : v >= 75 ? '#d48806' : '#cf1322';
  return <span data-testid={`assess-${field}-${name}`} style={{ color }}>{pct(v)}</span>;
}

function Trend({ by, row }: { by: By; row: AssessmentRow | null }) {
  const t = useT();
  const q = { months: 12, by: row ? by : undefined, key: row?.key };
  const d = useQuery({ queryKey: ['case-trends', q], queryFn: () => api.get<TrendPoint[]>('/api/cases/assessment/trends', q) });
  const option: EChartsOption = useMemo(() => {
    const pts = d.data ?? [];
    const line = (name: string, k: keyof TrendPoint) => ({ name, type: 'line' as const, yAxisIndex: 1, smooth: true, connectNulls: true, data: pts.map((p) => p[k]) });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 44, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: pts.map((p) => p.month.slice(2)) },
      yAxis: [{ type: 'value', name: t('件', 'cases'), minInterval: 1 }, { type: 'value', name: '%', max: 100, min: 0 }],
      series: [
        { name: t('诉求量', 'Cases'), type: 'bar', data: pts.map((p) => p.total), itemStyle: { color: '#bae0ff' } },
        line(t('响应率', 'Response'), 'responseRate'), line(t('按时办结率', 'On time'), 'onTimeRate'),
        line(t('解决率', 'Resolution'), 'resolutionRate'), line(t('满意率', 'Satisfaction'), 'satisfactionRate'),
      ],
    };
  }, [d.data, t]);
  return (
    <Card size="small" title={t(`近 12 个月趋势${row ? `：${row.name}` : '（全部）'}`, `12-month trend${row ? `: ${row.name}` : ''}`)} data-testid="assess-trend">
      <ErrorAlert error={d.error} />
      <Chart option={option} height={300} testId="assess-trend-chart" />
    </Card>
  );
}

export function AssessmentPage() {
  const t = useT();
  const [by, setBy] = useState<By>('community');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const [picked, setPicked] = useState<AssessmentRow | null>(null);
  const q = { by, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const d = useQuery({ queryKey: ['case-assessment', q], queryFn: () => api.get<AssessmentRow[]>('/api/cases/assessment', q) });
  const rows = d.data ?? [];
  const rankOption: EChartsOption = useMemo(() => {
    const top = rows.filter((r) => r.score !== null).slice(0, 15).reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', data: top.map((r) => r.name), axisLabel: { width: 110, overflow: 'truncate' } },
      animationDuration: 300,
      series: [{ type: 'bar', data: top.map((r) => r.score), label: { show: true, position: 'right' }, itemStyle: { color: '#1677ff' } }],
    };
  }, [rows]);

  const unitLabel = { community: t('社区', 'Community'), street: t('街道', 'Street'), department: t('部门', 'Department'), grid: t('网格', 'Grid') }[by];
  const ranking = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<By> value={by} onChange={(v) => { setBy(v); setPicked(null); }} data-testid="assess-by" options={[
          { value: 'community', label: t('社区', 'Communities') }, { value: 'street', label: t('街道', 'Streets') },
          { value: 'department', label: t('部门', 'Departments') }, { value: 'grid', label: t('网格员', 'Grid workers') },
        ]} />
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
      </Space>
      <ErrorAlert error={d.error} />
      <Row gutter={[12, 12]}>
        <Col xs={24}>
          <DataTable<AssessmentRow>
            rowKey="key" loading={d.isLoading} dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="assess-table"
            onRow={(r) => ({ onClick: () => setPicked(r), style: { cursor: 'pointer', background: picked?.key === r.key ? '#e6f4ff' : undefined }, 'data-testid': `assess-row-${r.name}` } as HTMLAttributes<HTMLElement>)}
            locale={{ emptyText: t('所选期间没有工单', 'No cases in this period') }}
            columns={[
              { title: t('排名', 'Rank'), dataIndex: 'rank', width: 60, render: (v: number | null) => (v ? <Tag color={v <= 3 ? 'gold' : 'default'}>{v}</Tag> : '—') },
              { title: unitLabel, dataIndex: 'name', render: (v: string, r) => <div>{v}{r.parentName && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.parentName}</Typography.Text></div>}{r.workers.length > 0 && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.workers.join('、')}</Typography.Text></div>}</div> },
              { title: t('诉求数', 'Cases'), dataIndex: 'total', render: (v: number, r) => <span data-testid={`assess-total-${r.name}`}>{v}</span> },
              { title: t('响应率', 'Response'), dataIndex: 'responseRate', render: (v: number | null, r) => rateCell(r.name, 'response', v) },
              { title: t('按时办结率', 'On time'), dataIndex: 'onTimeRate', render: (v: number | null, r) => rateCell(r.name, 'ontime', v) },
              { title: t('解决率', 'Resolution'), dataIndex: 'resolutionRate', render: (v: number | null, r) => rateCell(r.name, 'resolution', v) },
              { title: t('满意率', 'Satisfaction'), dataIndex: 'satisfactionRate', render: (v: number | null, r) => rateCell(r.name, 'satisfaction', v) },
              { title: t('已评价', 'Rated'), dataIndex: 'rated', render: (v: number, r) => <span data-testid={`assess-rated-${r.name}`}>{v}</span> },
              { title: t('平均办理（工作小时）', 'Avg handling (working h)'), dataIndex: 'avgHandlingHours', render: (v: number | null) => v ?? '—' },
              { title: t('重办率', 'Reopen'), dataIndex: 'reopenRate', render: (v: number | null) => pct(v) },
              { title: t('在办超期', 'Overdue open'), dataIndex: 'overdueOpen', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
              { title: t('综合得分', 'Score'), dataIndex: 'score', render: (v: number | null, r) => <b data-testid={`assess-score-${r.name}`}>{v ?? '—'}</b> },
            ]}
          />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('综合得分排名', 'Score ranking')}><Chart option={rankOption} height={Math.max(200, Math.min(15, rows.length) * 26 + 24)} testId="assess-rank-chart" /></Card>
        </Col>
        <Col xs={24} lg={14}><Trend by={by} row={picked} /></Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t('响应率 = 按时签收 / 已交办；按时办结率 = 按时办结 / 已办结；解决率 = 居民认为已解决 / 已评价；满意率 = (满意 + 基本满意) / 已评价；点击一行查看其趋势。',
          'Response = signed on time / dispatched; on time = handled on time / handled; resolution = solved / rated; satisfaction = (satisfied + basically) / rated. Click a row for its trend.')}
      </Typography.Paragraph>
    </>
  );

  return (
    <div data-testid="assessment-page">
      <PageHeader title={t('考核评价', 'Assessment')} sub={t('接诉即办：响应率、解决率、满意率', 'Response, resolution and satisfaction')} />
      <Tabs items={[
        { key: 'rank', label: t('考核排名', 'Ranking'), children: ranking },
        { key: 'problems', label: <span data-testid="tab-problems">{t('季度问题清单', 'Quarterly problem list')}</span>, children: <ProblemList /> },
      ]} />
    </div>
  );
}
