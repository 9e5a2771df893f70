// 季度问题清单: open, overdue, unsatisfied and recurring problems of a quarter by owner and category, for the
// livelihood meeting; exported to xlsx by the server.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, InputNumber, Select, Space, Tag, Typography, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, download, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ASSIGNEE_TYPES, lbl, type ProblemRow } from './cases-api.ts';

function currentQuarter(): { year: number; quarter: number } {
  const now = new Date(Date.now() + 8 * 3600_000);
  return { year: now.getUTCFullYear(), quarter: Math.floor(now.getUTCMonth() / 3) + 1 };
}

export function ProblemList() {
  const t = useT();
  const [q, setQ] = useState(currentQuarter);
  const [busy, setBusy] = useState(false);
  const list = useQuery({ queryKey: ['problem-list', q], queryFn: () => api.get<ProblemRow[]>('/api/cases/problem-list', q) });
  const exportXlsx = async () => {
    setBusy(true);
    try {
      await download('/api/cases/problem-list.xlsx', q);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const n = (v: number, color: string) => (v > 0 ? <Typography.Text strong style={{ color }}>{v}</Typography.Text> : <Typography.Text type="secondary">0</Typography.Text>);
  return (
    <div data-testid="problem-list">
      <Space wrap style={{ marginBottom: 12 }}>
        <InputNumber min={2000} max={2100} value={q.year} onChange={(v) => v && setQ({ ...q, year: v })} suffix={t('年', '')} style={{ width: 110 }} />
        <Select value={q.quarter} onChange={(v) => setQ({ ...q, quarter: v })} style={{ width: 120 }}
          options={[1, 2, 3, 4].map((x) => ({ value: x, label: t(`第 ${x} 季度`, `Q${x}`) }))} data-testid="problem-quarter" />
        <Button icon={<DownloadOutlined />} loading={busy} onClick={exportXlsx} data-testid="problem-export">{t('导出 Excel', 'Export to Excel')}</Button>
      </Space>
      <ErrorAlert error={list.error} />
      <DataTable<ProblemRow>
        rowKey={(r) => `${r.ownerType}-${r.ownerName}-${r.categoryCode}`}
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('本季度没有未办结或反复发生的问题', 'No open or recurring problems this quarter') }}
        columns={[
          { title: t('责任单位', 'Owner'), dataIndex: 'ownerName', render: (v: string, r) => <Space size={4}><Tag>{lbl(ASSIGNEE_TYPES[r.ownerType as 'community'], r.ownerType)}</Tag>{v}</Space> },
          { title: t('问题分类', 'Category'), dataIndex: 'categoryName', render: (v: string, r) => `${r.categoryCode} ${v}` },
          { title: t('诉求数', 'Total'), dataIndex: 'total' },
          { title: t('未办结', 'Open'), dataIndex: 'open', render: (v: number) => n(v, '#1677ff') },
          { title: t('超期', 'Overdue'), dataIndex: 'overdue', render: (v: number) => n(v, '#ff4d4f') },
          { title: t('不满意', 'Unsatisfied'), dataIndex: 'unsatisfied', render: (v: number) => n(v, '#fa8c16') },
          { title: t('反复发生地点', 'Recurring places'), dataIndex: 'recurringPlaces', render: (v: number) => n(v, '#722ed1') },
          { title: t('典型问题', 'Examples'), dataIndex: 'examples', render: (v: string[]) => <Typography.Text style={{ maxWidth: 360, display: 'inline-block' }}>{v.join('；')}</Typography.Text> },
        ]}
      />
    </div>
  );
}
