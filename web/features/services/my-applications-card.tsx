// The resident page's card: how many applications are under way, and the way to apply online.
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { STATUS, type Application, type Paged } from './services-api.ts';

export function MyApplicationsCard() {
  const t = useT();
  const mine = useQuery({ queryKey: ['my-applications'], queryFn: () => api.get<Paged<Application>>('/api/my/applications') });
  const latest = mine.data?.items[0];
  return (
    <Space direction="vertical" data-testid="resident-applications-card">
      <Typography.Text>{t(`共 ${mine.data?.total ?? 0} 件`, `${mine.data?.total ?? 0} in total`)}</Typography.Text>
      {latest && <Typography.Text>{latest.itemName} <Tag color={STATUS[latest.status].color}>{STATUS[latest.status].zh}</Tag></Typography.Text>}
      <Space><Link to="/my/applications"><Button type="primary" size="small">{t('网上办事', 'Apply online')}</Button></Link><Link to="/services">{t('办事指南', 'Service guide')}</Link></Space>
    </Space>
  );
}
