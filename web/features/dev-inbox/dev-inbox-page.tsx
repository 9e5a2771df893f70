// 开发收件箱: what the default message sender "sent" (SMS login codes, notices) while no gateway is configured.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { notificationItem } from '../../../contracts/platform.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';

type Message = z.infer<typeof notificationItem>;

/** Six-digit codes stand out so a tester can read them at a glance. */
function Body({ text }: { text: string }) {
  const parts = text.split(/(\d{6})/);
  return <span>{parts.map((p, i) => (/^\d{6}$/.test(p) ? <Typography.Text key={i} strong code>{p}</Typography.Text> : p))}</span>;
}

export function DevInboxPage() {
  const t = useT();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['dev-inbox', page],
    queryFn: () => api.get<{ items: Message[]; total: number }>('/api/dev/inbox', page),
    refetchInterval: 5000,
  });
  return (
    <div data-testid="dev-inbox-page">
      <PageHeader title={t('开发收件箱', 'Dev inbox')} extra={<Button icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('refresh')}</Button>} />
      <Alert type="info" showIcon style={{ marginBottom: 12 }}
        title={t('未配置短信网关时，平台“发出”的短信和通知都在这里（也写入服务器日志）。正式环境接入网关后此页只用于排查。', 'Without an SMS gateway, every message the platform "sends" appears here and in the server log.')} />
      <ErrorAlert error={list.error} />
      <DataTable<Message>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('time'), dataIndex: 'createdAt', render: fmtTime },
          { title: t('渠道', 'Channel'), dataIndex: 'channel', render: (c: string) => <Tag>{c === 'sms' ? t('短信', 'SMS') : c}</Tag> },
          { title: t('接收人', 'Recipient'), dataIndex: 'recipient' },
          { title: t('主题', 'Subject'), dataIndex: 'subject', render: (s: string | null) => s ?? '—' },
          { title: t('内容', 'Body'), dataIndex: 'body', render: (b: string) => <Body text={b} /> },
        ]}
      />
    </div>
  );
}
