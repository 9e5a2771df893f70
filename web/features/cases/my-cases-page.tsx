// 我的反映 (/my/cases): a resident's own reports, newest first, each opening its progress page.
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RATINGS, STATUS, lbl, type CaseItem, type Paged } from './cases-api.ts';

export function useMyCases(pageSize = 50) {
  return useQuery({ queryKey: ['my-cases', pageSize], queryFn: () => api.get<Paged<CaseItem>>('/api/my/cases', { pageSize }) });
}

export function MyCaseList({ items, compact }: { items: CaseItem[]; compact?: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <List
      dataSource={items}
      locale={{ emptyText: <Empty description={t('还没有反映过问题', 'No reports yet')} /> }}
      renderItem={(c, i) => (
        <List.Item data-testid={`my-case-${i}`} onClick={() => navigate(`/my/cases/${c.id}`)} style={{ cursor: 'pointer', paddingInline: compact ? 0 : 4 }}
          extra={<RightOutlined style={{ color: '#bbb' }} />}>
          <List.Item.Meta
            title={<Space wrap size={4}><span>{c.title}</span></Space>}
            description={(
              <Space wrap size={4}>
                <Tag color={STATUS[c.status].color} data-testid={`my-case-status-${i}`}>{lbl(STATUS[c.status])}</Tag>
                {c.rating && <Tag color={RATINGS[c.rating].color}>{lbl(RATINGS[c.rating])}</Tag>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(c.createdAt)}</Typography.Text>
              </Space>
            )}
          />
        </List.Item>
      )}
    />
  );
}

export function MyCasesPage() {
  const t = useT();
  const navigate = useNavigate();
  const mine = useMyCases();
  const waiting = (mine.data?.items ?? []).filter((c) => c.status === 'replied').length;
  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="my-cases-page">
      <PageHeader title={t('我的反映', 'My reports')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/my/cases/new')} data-testid="my-cases-new">{t('我要反映', 'Report a problem')}</Button>} />
      {waiting > 0 && <Typography.Paragraph type="warning">{t(`有 ${waiting} 件已答复，请查看并评价`, `${waiting} replied: please read and rate`)}</Typography.Paragraph>}
      <Card size="small">
        <ErrorAlert error={mine.error} />
        <MyCaseList items={mine.data?.items ?? []} />
      </Card>
    </div>
  );
}

/** The resident page's card (/me): the latest few and the way in. */
export function MyCasesCard() {
  const t = useT();
  const navigate = useNavigate();
  const mine = useMyCases(3);
  return (
    <div data-testid="my-cases-card">
      <ErrorAlert error={mine.error} />
      <MyCaseList items={mine.data?.items ?? []} compact />
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/my/cases/new')} data-testid="card-report">{t('我要反映', 'Report a problem')}</Button>
        <Button onClick={() => navigate('/my/cases')}>{t('全部', 'All')}{mine.data ? `（${mine.data.total}）` : ''}</Button>
      </Space>
    </div>
  );
}
