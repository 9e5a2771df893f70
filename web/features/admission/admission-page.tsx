// 社区事务准入: the public list, requests (departments file, streets review), tasks that reached a community, funds.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Descriptions, Input, Modal, Radio, Space, Statistic, Tabs, Tag, Typography, message } from 'antd';
import { api, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { useCan, useCurrentUser } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { KIND, STATUS, type AdmissionList, type AdmissionListDetail, type CommunityTask, type Funds, type Paged, type TaskRequest } from './admission-api.ts';
import { RequestForm } from './request-form.tsx';

function ListTab() {
  const t = useT();
  const lists = useQuery({ queryKey: ['admission-lists'], queryFn: () => api.get<AdmissionList[]>('/api/admission/lists') });
  const current = lists.data?.[0];
  const detail = useQuery({ queryKey: ['admission-list', current?.id], enabled: !!current, queryFn: () => api.get<AdmissionListDetail>(`/api/admission/lists/${current!.id}`) });
  return (
    <div data-testid="admission-list">
      <ErrorAlert error={lists.error ?? detail.error} />
      {current && <Typography.Paragraph type="secondary">{current.districtName} · {current.title} · {t('第', 'version ')}{current.version}{t(' 版', '')} · {t('生效', 'effective')} {current.effectiveFrom}</Typography.Paragraph>}
      <DataTable
        rowKey="id" loading={detail.isFetching} dataSource={detail.data?.items} pagination={false}
        columns={[
          { title: t('编号', 'Code'), dataIndex: 'code', width: 70 },
          { title: t('类别', 'Kind'), dataIndex: 'kind', render: (k: string) => <Tag color={KIND[k].color}>{KIND[k].zh}</Tag> },
          { title: t('事项', 'Item'), dataIndex: 'title' },
          { title: t('责任部门', 'Department'), dataIndex: 'department' },
          { title: t('须随任务拨付经费', 'Funds required'), dataIndex: 'fundsRequired', render: (v: boolean) => (v ? t('是', 'Yes') : '') },
          { title: t('须派出人员', 'Personnel required'), dataIndex: 'personnelRequired', render: (v: boolean) => (v ? t('是', 'Yes') : '') },
          { title: t('依据 / 说明', 'Basis / note'), key: 'b', render: (_, i) => [i.legalBasis, i.note].filter(Boolean).join('；') },
        ]}
      />
    </div>
  );
}

function ReviewModal({ req, onClose }: { req: TaskRequest; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [decision, setDecision] = useState<'approve' | 'refuse' | 'return'>('approve');
  const [reason, setReason] = useState('');
  const [explicit, setExplicit] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    try {
      await api.post(`/api/admission/requests/${req.id}/review`, { decision, reason: reason || undefined, explicitApproval: explicit || undefined });
      void message.success(t('已审核', 'Reviewed'));
      await qc.invalidateQueries({ queryKey: ['admission-requests'] });
      onClose();
    } catch (e) { setError(e); }
  };
  return (
    <Modal open title={`${t('审核', 'Review')} ${req.no}`} onCancel={onClose} onOk={submit} okButtonProps={{ id: 'review-ok' }} width={640}>
      <ErrorAlert error={error} />
      <Descriptions size="small" column={1} bordered items={[
        { key: 'd', label: t('部门', 'Department'), children: req.departmentName },
        { key: 't', label: t('事项', 'Task'), children: req.title },
        { key: 'i', label: t('清单事项', 'List item'), children: req.listItem ? `${req.listItem.code} ${req.listItem.title}` : <Tag color="orange">{t('清单外事项', 'Not on the list')}</Tag> },
        { key: 'c', label: t('下派社区', 'Communities'), children: req.targetCommunities.map((c) => c.name).join('、') },
        { key: 'w', label: t('工作量', 'Workload'), children: `${req.households} ${t('户', 'households')} · ${req.hours} ${t('工时', 'hours')} · ${req.periodStart} ~ ${req.periodEnd}` },
        { key: 'f', label: t('随事经费（每社区）', 'Funds per community'), children: `${req.fundsPerCommunity} 元` },
        { key: 'p', label: t('派出人员 / 下放权限', 'Personnel / authority'), children: `${req.personnel} ${t('人', '')} ${req.authority ?? ''}` },
        { key: 'due', label: t('审核期限', 'Review due'), children: <>{req.reviewDue} {req.overdue && <Tag color="red">{t('已超期', 'Overdue')}</Tag>}</> },
      ]} />
      <Radio.Group style={{ marginTop: 12 }} value={decision} onChange={(e) => setDecision(e.target.value)} data-testid="review-decision"
        options={[{ value: 'approve', label: t('准入', 'Approve') }, { value: 'refuse', label: t('不予准入', 'Refuse') }, { value: 'return', label: t('退回修改', 'Return') }]} />
      {req.needsExplicitApproval && decision === 'approve' && (
        <div style={{ marginTop: 8 }}><Checkbox checked={explicit} onChange={(e) => setExplicit(e.target.checked)} data-testid="review-explicit">{t('确认准入清单外事项', 'Confirm approving an item on no list')}</Checkbox></div>
      )}
      <Input.TextArea style={{ marginTop: 8 }} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="review-reason"
        placeholder={decision === 'approve' ? t('意见（可选）', 'Comment (optional)') : t('理由（必填）', 'Reason (required)')} />
    </Modal>
  );
}

function RequestsTab() {
  const t = useT();
  const can = useCan();
  const me = useCurrentUser();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [filing, setFiling] = useState(false);
  const [reviewing, setReviewing] = useState<TaskRequest | null>(null);
  const list = useQuery({ queryKey: ['admission-requests', page], queryFn: () => api.get<Paged<TaskRequest>>('/api/admission/requests', page), placeholderData: (p) => p });
  const isDept = !!me.user.departmentId;
  return (
    <div data-testid="admission-requests">
      {can('task.request') && isDept && <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setFiling(true)} data-testid="request-new">{t('提交准入申请', 'File a request')}</Button>}
      <ErrorAlert error={list.error} />
      <DataTable<TaskRequest>
        rowKey="id" loading={list.isFetching} dataSource={list.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        expandable={{ expandedRowRender: (r) => <Typography.Text>{r.description} {r.decisionReason && <><br />{t('理由：', 'Reason: ')}{r.decisionReason}</>}</Typography.Text> }}
        columns={[
          { title: t('编号', 'No.'), dataIndex: 'no' },
          { title: t('部门', 'Department'), dataIndex: 'departmentName' },
          { title: t('事项', 'Task'), dataIndex: 'title' },
          { title: t('清单', 'List'), key: 'i', render: (_, r) => (r.listItem ? <Tag color={KIND[r.listItem.kind].color}>{r.listItem.code}</Tag> : <Tag color="orange">{t('清单外', 'None')}</Tag>) },
          { title: t('社区', 'Communities'), key: 'c', render: (_, r) => r.targetCommunities.map((c) => c.name).join('、') },
          { title: t('经费/社区', 'Funds'), dataIndex: 'fundsPerCommunity' },
          { title: t('提交', 'Filed'), dataIndex: 'submittedAt', render: fmtTime },
          { title: t('审核期限', 'Due'), key: 'due', render: (_, r) => <>{r.reviewDue}{r.overdue && <Tag color="red" style={{ marginLeft: 4 }}>{t('超期', 'Overdue')}</Tag>}</> },
          { title: t('状态', 'Status'), key: 's', render: (_, r) => <Tag color={STATUS[r.status].color} data-testid={`request-status-${r.no}`}>{STATUS[r.status].zh}{r.autoDecided ? t('（自动）', ' (auto)') : ''}</Tag> },
          { title: t('操作', 'Actions'), key: 'a', render: (_, r) => (can('task.review') && !isDept && r.status === 'submitted' ? <a onClick={() => setReviewing(r)} data-testid={`request-review-${r.title}`}>{t('审核', 'Review')}</a> : null) },
        ]}
      />
      {filing && <RequestForm onClose={() => setFiling(false)} />}
      {reviewing && <ReviewModal req={reviewing} onClose={() => setReviewing(null)} />}
    </div>
  );
}

function TasksTab() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['admission-tasks'], queryFn: () => api.get<Paged<CommunityTask>>('/api/admission/tasks', { pageSize: 100 }) });
  const [reporting, setReporting] = useState<{ task: CommunityTask; reportId: string; label: string } | null>(null);
  const [content, setContent] = useState('');
  const submit = async () => {
    try {
      await api.post(`/api/admission/tasks/${reporting!.task.id}/reports/${reporting!.reportId}`, { content });
      setReporting(null);
      setContent('');
      await qc.invalidateQueries({ queryKey: ['admission-tasks'] });
    } catch (e) { void message.error(errorMessage(e)); }
  };
  return (
    <div data-testid="admission-tasks">
      <ErrorAlert error={list.error} />
      <DataTable<CommunityTask>
        rowKey="id" loading={list.isFetching} dataSource={list.data?.items} pagination={false}
        expandable={{ expandedRowRender: (task) => (
          <Space direction="vertical">
            {task.reports.map((r) => (
              <Space key={r.id}>
                <Typography.Text>{r.label}</Typography.Text>
                <Typography.Text type="secondary">{t('截止', 'due')} {r.dueDate}</Typography.Text>
                {r.submittedAt ? <Tag color="green">{t('已报送', 'Submitted')}</Tag> : r.overdue ? <Tag color="red">{t('逾期', 'Overdue')}</Tag> : <Tag>{t('待报送', 'Pending')}</Tag>}
                {!r.submittedAt && can('burden.log') && <a onClick={() => setReporting({ task, reportId: r.id, label: r.label })}>{t('报送', 'Submit')}</a>}
              </Space>
            ))}
          </Space>
        ) }}
        columns={[
          { title: t('任务', 'Task'), dataIndex: 'title', render: (v: string) => <span data-testid={`task-${v}`}>{v}</span> },
          { title: t('部门', 'Department'), dataIndex: 'departmentName' },
          { title: t('社区', 'Community'), dataIndex: 'communityName' },
          { title: t('期限', 'Deadline'), key: 'd', render: (_, r) => `${r.periodStart} ~ ${r.deadline}` },
          { title: t('随事经费（元）', 'Funds'), dataIndex: 'fundsCredited' },
          { title: t('人员', 'Personnel'), dataIndex: 'personnel' },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => (s === 'done' ? <Tag color="green">{t('已完成', 'Done')}</Tag> : <Tag color="blue">{t('进行中', 'Open')}</Tag>) },
        ]}
      />
      <Modal open={!!reporting} title={reporting?.label} onCancel={() => setReporting(null)} onOk={submit} okButtonProps={{ disabled: content.trim().length < 2 }}>
        <Input.TextArea rows={5} value={content} onChange={(e) => setContent(e.target.value)} placeholder={t('工作进展', 'Progress')} />
      </Modal>
    </div>
  );
}

function FundsTab() {
  const t = useT();
  const funds = useQuery({ queryKey: ['admission-funds'], queryFn: () => api.get<Funds>('/api/admission/funds', { pageSize: 100 }) });
  return (
    <div data-testid="admission-funds">
      <ErrorAlert error={funds.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        {funds.data?.balances.map((b) => (
          <Card size="small" key={b.communityId}><Statistic title={`${b.communityName} ${t('经费余额（元）', 'balance')}`} value={b.balance} precision={2} /></Card>
        ))}
      </Space>
      <DataTable
        rowKey="id" dataSource={funds.data?.items} pagination={false}
        columns={[
          { title: t('时间', 'Time'), dataIndex: 'at', render: fmtTime },
          { title: t('社区', 'Community'), dataIndex: 'communityName' },
          { title: t('来源部门', 'From'), dataIndex: 'departmentName' },
          { title: t('摘要', 'Memo'), dataIndex: 'memo' },
          { title: t('金额（元）', 'Amount'), key: 'a', render: (_, f) => <span data-testid="funds-amount">{f.kind === 'credit' ? '+' : '-'}{f.amount.toFixed(2)}</span> },
        ]}
      />
    </div>
  );
}

export function AdmissionPage() {
  const t = useT();
  const can = useCan();
  const me = useCurrentUser();
  const community = !me.user.departmentId && ['community', 'grid'].includes(me.scope.level);
  const items = [
    { key: 'list', label: t('准入清单', 'Admission list'), children: <ListTab /> },
    ...(community ? [] : [{ key: 'requests', label: t('准入申请', 'Requests'), children: <RequestsTab /> }]),
    { key: 'tasks', label: t('下派任务', 'Tasks'), children: <TasksTab /> },
    ...(can('task.read') ? [{ key: 'funds', label: t('经费账户', 'Funds'), children: <FundsTab /> }] : []),
  ];
  return (
    <div data-testid="admission-page">
      <PageHeader title={t('社区事务准入', 'Task admission')} sub={t('权随责走、费随事转：任务、经费、人员、权限同步下放', 'Authority follows duty, funding follows the task')} />
      <Tabs items={items} defaultActiveKey={community ? 'tasks' : 'requests'} destroyOnHidden />
    </div>
  );
}
