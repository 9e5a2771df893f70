// 网格力量 (/grid/workload): households per grid worker against the norm (setting grid.households_per_worker, 300 by
// default); grids over the norm or without a worker are flagged. A grid worker sees their own grid first.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Grid, List, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useCurrentUser } from '../../app/auth.tsx';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtNumber } from '../../lib/format.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import type { GridWorkload } from './grid-api.ts';

function LoadBar({ g }: { g: GridWorkload }) {
  const per = g.householdsPerWorker;
  if (per === null) return <Tag color="red">{g.households > 0 ? '无网格员' : '—'}</Tag>;
  return <Progress percent={Math.round((per / g.norm) * 100)} size="small" status={g.overNorm ? 'exception' : 'normal'} format={() => `${per}/${g.norm}`} style={{ minWidth: 140 }} />;
}

export function WorkloadPage() {
  const t = useT();
  const me = useCurrentUser();
  const phone = !Grid.useBreakpoint().md;
  const d = useQuery({ queryKey: ['grid-workload'], queryFn: () => api.get<GridWorkload[]>('/api/grid/workload') });
  const rows = d.data ?? [];
  const mine = rows.find((g) => g.workers.some((w) => w.id === me.user.id));
  const over = rows.filter((g) => g.overNorm).length;
  return (
    <div data-testid="workload-page">
      <PageHeader title={t('网格力量', 'Grid workload')} sub={t(`每名网格员服务户数标准：${rows[0]?.norm ?? 300} 户`, `Norm: ${rows[0]?.norm ?? 300} households per grid worker`)} />
      <ErrorAlert error={d.error} />
      {mine && (
        <Card size="small" title={t(`我的网格：${mine.gridName}`, `My grid: ${mine.gridName}`)} style={{ marginBottom: 12 }} data-testid="workload-mine">
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}><Statistic title={t('户数', 'Households')} value={mine.households} /></Col>
            <Col xs={12} md={6}><Statistic title={t('人数', 'Persons')} value={mine.persons} /></Col>
            <Col xs={12} md={6}><Statistic title={t('在办工单', 'Open cases')} value={mine.openCases} /></Col>
            <Col xs={12} md={6}><Statistic title={t('近 30 天巡查/走访', 'Patrols/visits, 30 days')} value={`${mine.patrolsLast30Days} / ${mine.visitsLast30Days}`} /></Col>
            <Col xs={24}><Typography.Text>{t('人均服务户数与标准', 'Households per worker vs the norm')}</Typography.Text><LoadBar g={mine} /></Col>
          </Row>
        </Card>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag>{t(`网格 ${rows.length} 个`, `${rows.length} grids`)}</Tag>
        <Tag color={over ? 'red' : 'green'}>{t(`超标或无人负责 ${over} 个`, `${over} over the norm or unstaffed`)}</Tag>
      </Space>
      {phone ? (
        <List size="small" loading={d.isLoading} dataSource={rows} renderItem={(g) => (
          <List.Item style={{ display: 'block' }}>
            <Space style={{ justifyContent: 'space-between', width: '100%' }}><b>{g.communityName} {g.gridName}</b><span>{fmtNumber(g.households)}{t(' 户', ' hh')}</span></Space>
            <div><Typography.Text type="secondary">{g.workers.map((w) => w.name).join('、') || t('无网格员', 'No worker')}</Typography.Text></div>
            <LoadBar g={g} />
          </List.Item>
        )} />
      ) : (
        <DataTable<GridWorkload> rowKey="gridId" loading={d.isLoading} dataSource={rows} pagination={{ pageSize: 30, hideOnSinglePage: true }}
          columns={[
            { title: t('社区', 'Community'), dataIndex: 'communityName' },
            { title: t('网格', 'Grid'), dataIndex: 'gridName' },
            { title: t('网格员', 'Grid workers'), dataIndex: 'workers', render: (w: GridWorkload['workers']) => w.map((x) => x.name).join('、') || <Tag color="red">{t('无', 'None')}</Tag> },
            { title: t('户数', 'Households'), dataIndex: 'households', render: fmtNumber },
            { title: t('人数', 'Persons'), dataIndex: 'persons', render: fmtNumber },
            { title: t('人均户数/标准', 'Per worker / norm'), key: 'load', render: (_: unknown, g) => <LoadBar g={g} /> },
            { title: t('在办工单', 'Open cases'), dataIndex: 'openCases' },
            { title: t('近 30 天巡查', 'Patrols (30 d)'), dataIndex: 'patrolsLast30Days' },
            { title: t('近 30 天走访', 'Visits (30 d)'), dataIndex: 'visitsLast30Days' },
          ]} />
      )}
    </div>
  );
}
