// One ledger: rows on screen for a region and period, masked unless revealed; Excel/PDF exports with the standard
// header and footer; snapshots (monthly archive) and their history.
import { useState } from 'react';
import { useParams, Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, List, Modal, Space, Switch, Table, Typography, message } from 'antd';
import { api, download, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { JobProgress } from '../../components/job-progress.tsx';
import type { LedgerDetail, LedgerRows, Snapshot, SnapshotRows } from './ledgers-api.ts';

export function LedgerViewPage() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const { id } = useParams();
  const [regionId, setRegionId] = useState<number | undefined>();
  const [period, setPeriod] = useState('');
  const [reveal, setReveal] = useState(false);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [reviewedBy, setReviewedBy] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [exportJob, setExportJob] = useState<string | null>(null);
  const [exportFile, setExportFile] = useState<string | null>(null);
  const [openSnap, setOpenSnap] = useState<Snapshot | null>(null);
  const def = useQuery({ queryKey: ['ledger', id], queryFn: () => api.get<LedgerDetail>(`/api/ledgers/${id}`) });
  const q = { regionId, period: period || undefined, reveal: reveal || undefined };
  const rows = useQuery({ queryKey: ['ledger-rows', id, q, page], queryFn: () => api.get<LedgerRows>(`/api/ledgers/${id}/rows`, { ...q, ...page }), placeholderData: (p) => p });
  const snaps = useQuery({ queryKey: ['ledger-snaps', id], queryFn: () => api.get<Snapshot[]>(`/api/ledgers/${id}/snapshots`) });
  const snapRows = useQuery({ queryKey: ['snap-rows', openSnap?.id], enabled: !!openSnap, queryFn: () => api.get<SnapshotRows>(`/api/ledger-snapshots/${openSnap!.id}/rows`, { pageSize: 200 }) });
  const exportQ = { ...q, reviewedBy: reviewedBy || undefined };
  const snapshot = async () => {
    try {
      const r = await api.post<{ jobId: string }>(`/api/ledgers/${id}/snapshots`, { regionId });
      setJobId(r.jobId);
    } catch (e) { void message.error(errorMessage(e)); }
  };
  return (
    <div data-testid="ledger-view">
      <PageHeader
        title={def.data?.name ?? t('台账', 'Ledger')}
        sub={def.data && `${def.data.department} · ${def.data.sourceLabel} · ${t('版本', 'v')}${def.data.version}`}
        extra={<Link to="/ledgers"><Button>{t('返回', 'Back')}</Button></Link>}
      />
      <ErrorAlert error={def.error ?? rows.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ width: 240 }}><RegionPicker allowClear placeholder={t('社区（默认本辖区）', 'Community')} onChange={(v) => setRegionId(v ?? undefined)} /></div>
        <Input style={{ width: 140 }} placeholder={t('期间 2026-11', 'Period')} value={period} onChange={(e) => setPeriod(e.target.value)} />
        {can('person.reveal') && <Space><Switch checked={reveal} onChange={setReveal} data-testid="ledger-reveal" />{t('显示完整信息（留痕）', 'Reveal (audited)')}</Space>}
        {can('ledger.export') && <>
          <Input style={{ width: 140 }} placeholder={t('审核人', 'Reviewed by')} value={reviewedBy} onChange={(e) => setReviewedBy(e.target.value)} />
          <Button onClick={() => download(`/api/ledgers/${id}/export.xlsx`, exportQ).catch((e) => message.error(errorMessage(e)))} data-testid="ledger-export-xlsx">{t('导出 Excel', 'Excel')}</Button>
          <Button onClick={() => download(`/api/ledgers/${id}/export.pdf`, exportQ).catch((e) => message.error(errorMessage(e)))} data-testid="ledger-export-pdf">PDF</Button>
          <Button onClick={() => api.post<{ jobId: string }>(`/api/ledgers/${id}/export-job`, { regionId, period: period || undefined, reviewedBy: reviewedBy || undefined }).then((r) => { setExportFile(null); setExportJob(r.jobId); }).catch((e) => message.error(errorMessage(e)))}>{t('后台导出', 'Export in background')}</Button>
          <Button onClick={snapshot} data-testid="ledger-snapshot">{t('归档', 'Snapshot')}</Button>
        </>}
      </Space>
      {exportJob && <div style={{ marginBottom: 12 }}><JobProgress jobId={exportJob} onDone={(j) => setExportFile((j.result as { fileId?: string } | null)?.fileId ?? null)} />
        {exportFile && <a href={`/api/files/${exportFile}`} target="_blank" rel="noreferrer">{t('下载导出文件', 'Download the export')}</a>}</div>}
      {jobId && <div style={{ marginBottom: 12 }}><JobProgress jobId={jobId} onDone={() => { void qc.invalidateQueries({ queryKey: ['ledger-snaps', id] }); }} /></div>}
      {rows.data && <Typography.Paragraph type="secondary">{t('社区', 'Community')}：{rows.data.regionName}　{t('期间', 'Period')}：{rows.data.period}　{t('共', 'Total')} {rows.data.total} {t('条', 'rows')}
        {rows.data.groups.length > 0 && <>　{rows.data.groups.map((g) => `${g.key.join('/')} ${g.count}`).join('，')}</>}</Typography.Paragraph>}
      <DataTable
        rowKey={(_, i) => String(i)} loading={rows.isFetching} dataSource={rows.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: rows.data?.total, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={(rows.data?.columns ?? []).map((c) => ({ title: c.label, dataIndex: c.key, key: c.key, render: (v: unknown) => (v === null || v === undefined ? '' : String(v)) }))}
      />
      <Card size="small" title={t('归档（历史）', 'Snapshots')} style={{ marginTop: 16 }}>
        <List size="small" dataSource={snaps.data ?? []} locale={{ emptyText: t('暂无归档', 'None yet') }} renderItem={(s) => (
          <List.Item actions={[<a key="v" onClick={() => setOpenSnap(s)}>{t('查看', 'View')}</a>, <a key="x" onClick={() => download(`/api/ledger-snapshots/${s.id}/export.xlsx`).catch((e) => message.error(errorMessage(e)))}>Excel</a>]}>
            {s.asOf} · {s.communityName} · {s.rowCount} {t('条', 'rows')}
          </List.Item>
        )} />
      </Card>
      <Modal open={!!openSnap} width={1000} footer={null} onCancel={() => setOpenSnap(null)} title={openSnap && `${openSnap.title}（${openSnap.asOf} ${t('归档', 'archive')}）· ${openSnap.communityName}`}>
        <Table size="small" rowKey={(_, i) => String(i)} scroll={{ x: 'max-content' }} dataSource={snapRows.data?.items as Record<string, unknown>[] | undefined}
          columns={(snapRows.data?.columns ?? []).map((c) => ({ title: c.label, dataIndex: c.key, key: c.key, render: (v: unknown) => (v === null || v === undefined ? '' : String(v)) }))} />
      </Modal>
    </div>
  );
}
