// 办件进度 (/progress/:code), public: what the receipt's QR code opens. Masked name only.
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Card, Descriptions, Result, Spin, Steps, Tag, Timeline } from 'antd';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import type { Progress } from './services-api.ts';

export function ProgressView({ p }: { p: Progress }) {
  const t = useT();
  return (
    <Card size="small" data-testid="progress">
      <Descriptions size="small" column={1} items={[
        { key: 'n', label: t('办件编号', 'Number'), children: p.no },
        { key: 'i', label: t('事项', 'Service'), children: p.itemName },
        { key: 'a', label: t('申请人', 'Applicant'), children: p.applicantName },
        { key: 's', label: t('状态', 'Status'), children: <Tag color="blue" data-testid="progress-status">{p.statusText}</Tag> },
        { key: 'd', label: t('预计办结', 'Due'), children: p.dueDate ?? '—' },
        ...(p.missing.length ? [{ key: 'm', label: t('待补材料', 'Missing'), children: p.missing.join('、') }] : []),
      ]} />
      <Steps direction="vertical" size="small" style={{ marginTop: 12 }} items={p.steps.map((s) => ({ title: s.name, description: s.completedOn ? `${s.status} ${s.completedOn}` : s.status, status: s.completedOn ? 'finish' : 'process' }))} />
      <Timeline style={{ marginTop: 12 }} items={p.events.map((e) => ({ children: `${fmtTime(e.at)} ${e.title}` }))} />
    </Card>
  );
}

export function ProgressPage() {
  const t = useT();
  const { code = '' } = useParams();
  const q = useQuery({ queryKey: ['progress', code], queryFn: () => api.get<Progress>(`/api/public/applications/${encodeURIComponent(code)}`) });
  if (q.isLoading) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (!q.data) return <Result status="404" title={t('未查到该办件', 'Application not found')} subTitle={(q.error as Error | null)?.message} />;
  return <div style={{ maxWidth: 560, margin: '0 auto', padding: 16 }}><ProgressView p={q.data} /></div>;
}
