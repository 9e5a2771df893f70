// 统计报表: cross-tabs over the population base (age band × gender per community, special groups per grid, …).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Select, Space, message } from 'antd';
import { api, download, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import type { Crosstab, ReportPreset } from './ledgers-api.ts';

export function ReportsPage() {
  const t = useT();
  const presets = useQuery({ queryKey: ['report-presets'], queryFn: () => api.get<ReportPreset[]>('/api/reports') });
  const [q, setQ] = useState<{ rows: string; cols: string; regionId?: number }>({ rows: 'community', cols: 'ageBand,gender' });
  const data = useQuery({ queryKey: ['crosstab', q], queryFn: () => api.get<Crosstab>('/api/reports/crosstab', q) });
  const d = data.data;
  return (
    <div data-testid="reports-page">
      <PageHeader title={d?.title ?? t('统计报表', 'Reports')} sub={d?.regionName} extra={
        <Button onClick={() => download('/api/reports/crosstab/export.xlsx', q).catch((e) => message.error(errorMessage(e)))}>{t('导出 Excel', 'Export')}</Button>} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 300 }} placeholder={t('选择报表', 'Report')} onChange={(code) => { const p = presets.data?.find((x) => x.code === code); if (p) setQ((x) => ({ ...x, rows: p.rows, cols: p.cols.join(',') })); }}
          options={(presets.data ?? []).map((p) => ({ value: p.code, label: p.name }))} />
        <div style={{ width: 240 }}><RegionPicker allowClear onChange={(v) => setQ((x) => ({ ...x, regionId: v ?? undefined }))} /></div>
      </Space>
      <ErrorAlert error={data.error} />
      <DataTable
        rowKey="key" loading={data.isFetching} pagination={false}
        dataSource={d ? [...d.rows, { key: '__total', label: t('合计', 'Total'), cells: d.totals, total: d.grandTotal }] : []}
        columns={[
          { title: d?.rowHeader, dataIndex: 'label', fixed: 'left' },
          ...(d?.columns ?? []).map((c) => ({ title: c.label, key: c.key, render: (_: unknown, r: { cells: Record<string, number> }) => r.cells[c.key] ?? 0 })),
          { title: t('合计', 'Total'), dataIndex: 'total' },
        ]}
      />
    </div>
  );
}
