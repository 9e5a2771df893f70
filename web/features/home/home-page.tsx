// 首页: real figures from GET /api/dashboard/summary, always within the caller's (switched) scope.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Grid, Row, Skeleton, Statistic } from 'antd';
import { ApartmentOutlined, BlockOutlined, ClusterOutlined, HomeOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { dashboardSummary } from '../../../contracts/platform.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtNumber } from '../../lib/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Chart, type EChartsOption } from '../../components/chart.tsx';
import { useCurrentUser } from '../../app/auth.tsx';

type Summary = z.infer<typeof dashboardSummary>;

export function HomePage() {
  const t = useT();
  const me = useCurrentUser();
  const screens = Grid.useBreakpoint();
  const { data, error, isLoading } = useQuery({ queryKey: ['dashboard', 'summary'], queryFn: () => api.get<Summary>('/api/dashboard/summary') });

  // Count only levels strictly below the user's scope: a community always has 0 streets and is 1 community.
  const RANK = { district: 0, street: 1, community: 2, grid: 3 } as const;
  const below = (l: 'street' | 'community' | 'grid') => RANK[l] > (RANK[me.scope.level as keyof typeof RANK] ?? 0);
  const cards = data ? [
    ...(below('street') ? [{ key: 'streets', label: t('街道', 'Streets'), value: data.regions.streets, icon: <ApartmentOutlined />, color: '#1677ff' }] : []),
    ...(below('community') ? [{ key: 'communities', label: t('社区', 'Communities'), value: data.regions.communities, icon: <ClusterOutlined />, color: '#13c2c2' }] : []),
    ...(below('grid') ? [{ key: 'grids', label: t('网格', 'Grids'), value: data.regions.grids, icon: <BlockOutlined />, color: '#52c41a' }] : []),
    { key: 'users', label: t('账号', 'Users'), value: data.users, icon: <UserOutlined />, color: '#722ed1' },
    { key: 'persons', label: t('实有人口', 'Persons'), value: data.persons, icon: <TeamOutlined />, color: '#fa8c16' },
    { key: 'households', label: t('户', 'Households'), value: data.households, icon: <HomeOutlined />, color: '#eb2f96' },
  ] : [];

  const byCommunity: EChartsOption | null = data?.byCommunity.length ? {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('人员', 'Persons'), t('户', 'Households')], top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: data.byCommunity.map((c) => c.name), axisLabel: { interval: 0, rotate: screens.md ? 0 : 40 } },
    yAxis: { type: 'value' },
    series: [
      { name: t('人员', 'Persons'), type: 'bar', barMaxWidth: 40, data: data.byCommunity.map((c) => c.persons), itemStyle: { color: '#1677ff' } },
      { name: t('户', 'Households'), type: 'bar', barMaxWidth: 40, data: data.byCommunity.map((c) => c.households), itemStyle: { color: '#13c2c2' } },
    ],
  } : null;

  const groups = (data?.groups ?? []).filter((g) => g.count > 0);
  const groupChart: EChartsOption | null = groups.length ? {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, bottom: 8, top: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: groups.map((g) => g.name).reverse() },
    series: [{ type: 'bar', barMaxWidth: 18, data: groups.map((g) => g.count).reverse(), itemStyle: { color: '#fa8c16' }, label: { show: true, position: 'right' } }],
  } : null;

  return (
    <div data-testid="home-page">
      <PageHeader title={t('首页', 'Home')} sub={t(`管辖范围：${me.scope.name}`, `Scope: ${me.scope.name}`)} />
      <ErrorAlert error={error} />
      {isLoading ? <Skeleton active /> : (
        <>
          <Row gutter={[12, 12]}>
            {cards.map((c) => (
              <Col key={c.key} xs={12} sm={8} xl={{ flex: '1 1 0' }}>
                <Card size="small" data-testid={`stat-${c.key}`}>
                  <Statistic title={<span>{c.icon} {c.label}</span>} value={c.value} formatter={(v) => fmtNumber(Number(v))} styles={{ content: { color: c.color } }} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('各社区人员与户数', 'Persons and households by community')}>
                {byCommunity ? <Chart option={byCommunity} testId="chart-by-community" height={screens.md ? 320 : 260} /> : <Empty description={t('当前范围内只有一个网格，按社区统计不适用', 'Not applicable within a single grid')} />}
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('特殊群体', 'Special groups')}>
                {groupChart ? <Chart option={groupChart} testId="chart-groups" height={Math.max(200, groups.length * 26)} /> : <Empty />}
              </Card>
            </Col>
          </Row>
          {data && data.byCommunity.length > 0 && (
            <Card size="small" title={t('社区明细', 'Communities')} style={{ marginTop: 12 }}>
              <DataTable
                rowKey="id"
                pagination={false}
                dataSource={data.byCommunity}
                columns={[
                  { title: t('community'), dataIndex: 'name' },
                  { title: t('street'), dataIndex: 'street' },
                  { title: t('grid'), dataIndex: 'grids', align: 'right' },
                  { title: t('户', 'Households'), dataIndex: 'households', align: 'right', render: fmtNumber },
                  { title: t('人员', 'Persons'), dataIndex: 'persons', align: 'right', render: fmtNumber },
                ]}
              />
            </Card>
          )}
        </>
      )}
    </div>
  );
}
