// A background job's progress: polls GET /api/jobs/:id once a second until the job has finished.
import { useQuery } from '@tanstack/react-query';
import { Progress, Space, Tag, Typography } from 'antd';
import type { z } from 'zod';
import type { jobItem } from '../../contracts/platform.ts';
import { api } from '../lib/api.ts';
import { useT, type T } from '../lib/i18n.ts';

export type Job = z.infer<typeof jobItem>;

export const FINISHED = ['succeeded', 'failed', 'cancelled'];

export function jobPercent(j: Pick<Job, 'status' | 'progress' | 'progressTotal'>): number {
  if (j.status === 'succeeded') return 100;
  if (!j.progressTotal) return 0;
  return Math.min(100, Math.round((j.progress / j.progressTotal) * 100));
}

const STATUS: Record<string, { color: string; zh: string; en: string }> = {
  queued: { color: 'default', zh: '排队中', en: 'Queued' },
  running: { color: 'processing', zh: '运行中', en: 'Running' },
  succeeded: { color: 'success', zh: '已完成', en: 'Succeeded' },
  failed: { color: 'error', zh: '失败', en: 'Failed' },
  cancelled: { color: 'warning', zh: '已取消', en: 'Cancelled' },
};

export function JobStatusTag({ status, t }: { status: string; t: T }) {
  const s = STATUS[status] ?? { color: 'default', zh: status, en: status };
  return <Tag color={s.color}>{t(s.zh, s.en)}</Tag>;
}

export function JobBar({ job }: { job: Job }) {
  const status = job.status === 'failed' ? 'exception' : job.status === 'succeeded' ? 'success' : job.status === 'running' ? 'active' : 'normal';
  return <Progress percent={jobPercent(job)} status={status} size="small" />;
}

export function JobProgress({ jobId, onDone }: { jobId: string; onDone?: (job: Job) => void }) {
  const t = useT();
  const { data: job, error } = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: async () => {
      const j = await api.get<Job>(`/api/jobs/${jobId}`);
      if (FINISHED.includes(j.status)) onDone?.(j);
      return j;
    },
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.status) ? false : 1000),
  });
  if (error) return <Typography.Text type="danger">{(error as Error).message}</Typography.Text>;
  if (!job) return <Progress percent={0} size="small" />;
  return (
    <div data-testid="job-progress">
      <Space wrap>
        <JobStatusTag status={job.status} t={t} />
        {job.message && <Typography.Text type="secondary">{job.message}</Typography.Text>}
      </Space>
      <JobBar job={job} />
      {job.error && <Typography.Text type="danger">{job.error}</Typography.Text>}
    </div>
  );
}
