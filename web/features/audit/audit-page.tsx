// 审计日志: filter, export with the same filters, and check the hash chain (at once, or as a background job).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Space, Typography, message } from 'antd';
import { DownloadOutlined, SafetyOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import type { auditItem, verifyResult } from '../../../contracts/platform.ts';
import { api, download, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { JobProgress } from '../../components/job-progress.tsx';
import { useCan } from '../../app/auth.tsx';

type Item = z.infer<typeof auditItem>;
type Verify = z.infer<typeof verifyResult>;
type Filters = { actor?: string; action?: string; entityType?: string; entityId?: string; from?: string; to?: string };
type FormValues = Omit<Filters, 'from' | 'to'> & { range?: [Dayjs, Dayjs] | null };

function VerifyOutcome({ r }: { r: Verify }) {
  const t = useT();
  return r.ok
    ? <Alert type="success" showIcon data-testid="audit-verify-result" title={t(`哈希链完整：已校验 ${r.checked} 条记录，未发现篡改或删除`, `Chain intact: ${r.checked} rows checked, nothing changed or deleted`)} />
    : <Alert type="error" showIcon data-testid="audit-verify-result"
        title={t(`哈希链已断裂：第 ${r.firstBadId} 条记录被修改或其前的记录被删除`, `Chain broken at row ${r.firstBadId}: it was changed or a row before it was deleted`)}
        description={r.reason ?? undefined} />;
}

export function AuditPage() {
  const t = useT();
  const can = useCan();
  const [form] = Form.useForm<FormValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const list = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => api.get<{ items: Item[]; total: number }>('/api/audit', { ...filters, ...page }),
    placeholderData: (prev) => prev,
  });

  const apply = (v: FormValues) => {
    const { range, ...rest } = v;
    setFilters({ ...rest, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') });
    setPage((p) => ({ ...p, page: 1 }));
  };
  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.post<Verify>('/api/audit/verify'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setVerifying(false);
    }
  };
  const runJob = async () => {
    try {
      setJobId((await api.post<{ jobId: string }>('/api/audit/verify-job')).jobId);
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await download('/api/audit/export.xlsx', filters);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="audit-page">
      <PageHeader
        title={t('审计日志', 'Audit log')}
        sub={t('所有写操作和敏感信息查看都有记录，记录之间以哈希链相连，改动或删除都能被发现', 'Every write and reveal, hash-chained so changes and deletions show')}
        extra={<>
          <Button icon={<SafetyOutlined />} loading={verifying} onClick={runVerify} data-testid="audit-verify">{t('校验哈希链', 'Verify chain')}</Button>
          <Button icon={<ScheduleOutlined />} onClick={runJob} data-testid="audit-verify-job">{t('后台校验', 'Verify in background')}</Button>
          {can('audit.export') && <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="audit-export">{t('导出 Excel', 'Export Excel')}</Button>}
        </>}
      />
      {verify && <div style={{ marginBottom: 12 }}><VerifyOutcome r={verify} /></div>}
      {jobId && (
        <Card size="small" style={{ marginBottom: 12 }} title={t('后台校验任务', 'Background verification')}>
          <JobProgress jobId={jobId} />
        </Card>
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 8 }}>
          <Form.Item name="actor"><Input allowClear placeholder={t('操作人', 'Actor')} style={{ width: 140 }} /></Form.Item>
          <Form.Item name="action"><Input allowClear placeholder={t('操作，如 region.create', 'Action, e.g. region.create')} style={{ width: 190 }} /></Form.Item>
          <Form.Item name="entityType"><Input allowClear placeholder={t('对象类型，如 user', 'Entity type, e.g. user')} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="entityId"><Input allowClear placeholder={t('对象编号', 'Entity id')} style={{ width: 140 }} /></Form.Item>
          <Form.Item name="range"><DatePicker.RangePicker /></Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('search')}</Button>
            <Button onClick={() => { form.resetFields(); apply({}); }}>{t('reset')}</Button>
          </Space>
        </Form>
      </Card>
      <ErrorAlert error={list.error} />
      <DataTable<Item>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, showSizeChanger: true, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        expandable={{ expandedRowRender: (r) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.detail, null, 2)}</pre> }}
        columns={[
          { title: '#', dataIndex: 'id' },
          { title: t('time'), dataIndex: 'at', render: fmtTime },
          { title: t('操作人', 'Actor'), dataIndex: 'actorLabel' },
          { title: t('操作', 'Action'), dataIndex: 'action', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
          { title: t('对象类型', 'Entity'), dataIndex: 'entityType' },
          { title: t('对象编号', 'Entity id'), dataIndex: 'entityId', render: (v: string | null) => v ?? '—' },
          { title: 'IP', dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          {
            title: t('详情', 'Detail'), dataIndex: 'detail',
            render: (d: unknown) => <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280, display: 'inline-block' }}>{d ? JSON.stringify(d) : ''}</Typography.Text>,
          },
        ]}
      />
    </div>
  );
}
