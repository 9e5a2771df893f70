// 电子台账: every ledger generated from the base data and the work records, with its department and source.
import { useQuery } from '@tanstack/react-query';
import { Button, Tag } from 'antd';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import type { LedgerItem } from './ledgers-api.ts';

export function LedgersPage() {
  const t = useT();
  const can = useCan();
  const list = useQuery({ queryKey: ['ledgers'], queryFn: () => api.get<LedgerItem[]>('/api/ledgers') });
  return (
    <div data-testid="ledgers-page">
      <PageHeader
        title={t('电子台账', 'Ledgers')}
        sub={t('台账由人口库和工作记录自动生成，不再手工填写', 'Generated from the shared data, never kept by hand')}
        extra={<>
          {can('report.read') && <Link to="/reports"><Button>{t('统计报表', 'Reports')}</Button></Link>}
          {can('ledger.write') && <Link to="/ledgers/new"><Button type="primary" data-testid="ledger-new">{t('新建台账', 'New ledger')}</Button></Link>}
        </>}
      />
      <ErrorAlert error={list.error} />
      <DataTable<LedgerItem>
        rowKey="id" loading={list.isFetching} dataSource={list.data} pagination={false}
        columns={[
          { title: t('台账', 'Ledger'), dataIndex: 'name', render: (v: string, l) => <Link to={`/ledgers/${l.id}`} data-testid={`ledger-${l.code}`}>{v}</Link> },
          { title: t('责任部门', 'Department'), dataIndex: 'department' },
          { title: t('数据来源', 'Source'), dataIndex: 'sourceLabel' },
          { title: t('说明', 'Note'), key: 'n', render: (_, l) => <>
            {l.builtin ? <Tag>{t('预置', 'Built-in')}</Tag> : <Tag color="blue">{t('自定义', 'Custom')}</Tag>}
            {l.sensitive && <Tag color="orange">{t('含敏感信息', 'Sensitive')}</Tag>}
            {!l.available && <Tag color="red">{t('来源模块未启用', 'Source unavailable')}</Tag>}
          </> },
          { title: t('版本', 'Version'), dataIndex: 'version' },
        ]}
      />
    </div>
  );
}
