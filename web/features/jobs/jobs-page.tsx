// 后台任务: imports, exports, verifications… with progress; refreshes itself while any job is queued or running.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Popconfirm, Select, Typography, message } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FINISHED, JobBar, JobStatusTag, type Job } from '../../components/job-progress.tsx';

export function JobsPage() {
  const t = useT();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['jobs', 'list', status, page],
    queryFn: () => api.get<{ items: Job[]; total: number }>('/api/jobs', { status, ...page }),
    placeholderData: (prev) => prev,
    refetchInterval: (q) => (q.state.data?.items.some((j) => !FINISHED.includes(j.status)) ? 2000 : false),
  });
  const cancel = async (id: string) => {
    try {
      await api.post(`/api/jobs/${id}/cancel`);
      void message.success(t('已取消', 'Cancelled'));
      await qc.invalidateQueries({ queryKey: ['jobs'] });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  const statuses = [
    ['queued', '排队中', 'Queued'], ['running', '运行中', 'Running'], ['succeeded', '已完成', 'Succeeded'],
    ['failed', '失败', 'Failed'], ['cancelled', '已取消', 'Cancelled'],
  ] as const;
  return (
    <div data-testid="jobs-page">
      <PageHeader
        title={t('后台任务', 'Jobs')}
        extra={<>
          <Select allowClear placeholder={t('按状态筛选', 'Filter by status')} style={{ width: 160 }} value={status}
            onChange={(v) => { setStatus(v); setPage((p) => ({ ...p, page: 1 })); }}
            options={statuses.map(([v, zh, en]) => ({ value: v, label: t(zh, en) }))} />
          <Button icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('refresh')}</Button>
        </>}
      />
      <ErrorAlert error={list.error} />
      <DataTable<Job>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        expandable={{ rowExpandable: (j) => j.result != null || !!j.error, expandedRowRender: (j) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{j.error ?? JSON.stringify(j.result, null, 2)}</pre> }}
        columns={[
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          { title: t('status'), dataIndex: 'status', render: (s: string) => <JobStatusTag status={s} t={t} /> },
          { title: t('进度', 'Progress'), key: 'progress', width: 220, render: (_, j) => <JobBar job={j} /> },
          { title: t('说明', 'Message'), dataIndex: 'message', render: (m: string | null, j) => m ?? (j.progressTotal ? `${j.progress}/${j.progressTotal}` : '—') },
          { title: t('尝试次数', 'Attempts'), dataIndex: 'attempts' },
          { title: t('创建时间', 'Created'), dataIndex: 'createdAt', render: fmtTime },
          { title: t('完成时间', 'Finished'), dataIndex: 'finishedAt', render: fmtTime },
          {
            title: t('actions'), key: 'a',
            render: (_, j) => j.status === 'queued' && (
              <Popconfirm title={t('取消这个排队中的任务？', 'Cancel this queued job?')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => cancel(j.id)}>
                <Button size="small" type="link" danger>{t('取消任务', 'Cancel job')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </div>
  );
}
