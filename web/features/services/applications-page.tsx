// 办件管理: the window's and the back office's list; intake; the detail with the actions the current step allows.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Button, Descriptions, Drawer, Input, Rate, Select, Space, Steps, Tag, Timeline, message } from 'antd';
import { api, errorMessage } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { IntakeDrawer } from './intake-drawer.tsx';
import { STATUS, type Application, type ApplicationDetail, type Paged } from './services-api.ts';

function Detail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const t = useT();
  const can = useCan();
  const [note, setNote] = useState('');
  const [score, setScore] = useState(0);
  const d = useQuery({ queryKey: ['application', id], queryFn: () => api.get<ApplicationDetail>(`/api/applications/${id}`) });
  const act = async (path: string, body?: unknown) => {
    try {
      await api.post(`/api/applications/${id}/${path}`, body);
      setNote('');
      await d.refetch();
      onChanged();
    } catch (e) { void message.error(errorMessage(e)); }
  };
  if (!d.data) return <ErrorAlert error={d.error} />;
  const a = d.data;
  const cur = a.steps.find((s) => s.status === 'active' || s.status === 'received');
  const window = can('application.intake');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="application-detail">
      <Descriptions size="small" column={1} items={[
        { key: 'no', label: t('编号', 'No.'), children: a.no },
        { key: 'i', label: t('事项', 'Service'), children: a.itemName },
        { key: 'p', label: t('申请人', 'Applicant'), children: a.applicantName },
        { key: 's', label: t('状态', 'Status'), children: <Tag color={STATUS[a.status].color} data-testid="application-status">{STATUS[a.status].zh}</Tag> },
        { key: 'd', label: t('预计办结', 'Due'), children: <>{a.dueDate ?? '—'} {a.overdue && <Tag color="red">{t('超期', 'Overdue')}</Tag>}</> },
        { key: 'm', label: t('待补材料', 'Missing'), children: a.missing.join('、') || '—' },
        ...(a.rating ? [{ key: 'r', label: t('评价', 'Rating'), children: <><Rate disabled value={a.rating.score} /> {a.rating.reason} {a.rating.followupStatus === 'open' && <Tag color="red">{t('待回访', 'Follow-up')}</Tag>}</> }] : []),
      ]} />
      <Steps direction="vertical" size="small" items={a.steps.map((s) => ({ title: `${s.name}${s.departmentName ? `（${s.departmentName}）` : ''}`, description: `${s.status}${s.dueDate ? ` · ${t('期限', 'due')} ${s.dueDate}` : ''}${s.note ? ` · ${s.note}` : ''}`, status: s.status === 'done' ? 'finish' : s.status === 'returned' ? 'error' : 'process' }))} />
      <Input.TextArea rows={2} placeholder={t('意见、原因或说明', 'Note or reason')} value={note} onChange={(e) => setNote(e.target.value)} />
      <Space wrap>
        <Button href={`/api/applications/${id}/receipt.pdf`} target="_blank">{t('回执', 'Receipt')}</Button>
        {window && a.missing.length > 0 && <Button href={`/api/applications/${id}/notice.pdf`} target="_blank">{t('一次性告知书', 'One-time notice')}</Button>}
        {window && ['submitted', 'incomplete'].includes(a.status) && <Button type="primary" onClick={() => act('accept')} data-testid="act-accept">{t('受理', 'Accept')}</Button>}
        {window && cur?.kind === 'window' && <><Button type="primary" onClick={() => act('window-step', { outcome: 'pass', note })}>{t(`${cur.name}通过`, 'Pass')}</Button><Button danger onClick={() => act('window-step', { outcome: 'reject', note })}>{t('不予办理', 'Reject')}</Button></>}
        {can('application.process') && cur && cur.kind !== 'window' && cur.status === 'active' && <Button type="primary" onClick={() => act('receive')}>{t('签收', 'Receive')}</Button>}
        {can('application.process') && cur && cur.kind !== 'window' && cur.status === 'received' && <><Button type="primary" onClick={() => act('decide', { outcome: 'pass', note })}>{t('审核通过', 'Approve')}</Button><Button danger onClick={() => act('decide', { outcome: 'reject', note })}>{t('不予通过', 'Reject')}</Button></>}
        {can('application.process') && cur && cur.kind !== 'window' && <Button onClick={() => act('return', { reason: note })}>{t('退回窗口', 'Return')}</Button>}
        {window && a.status === 'returned' && <Button type="primary" onClick={() => act('resubmit', { note })}>{t('补正后重新提交', 'Resubmit')}</Button>}
        {window && a.status === 'ready' && <Button type="primary" onClick={() => act('collect')}>{t('领取', 'Collected')}</Button>}
        {window && a.status === 'collected' && <Button onClick={() => act('archive')}>{t('归档', 'Archive')}</Button>}
        {window && ['submitted', 'incomplete', 'in_progress', 'returned'].includes(a.status) && <Button danger onClick={() => act('cancel', { reason: note })}>{t('撤回', 'Cancel')}</Button>}
      </Space>
      {window && ['ready', 'collected', 'archived'].includes(a.status) && !a.rating && (
        <Space><Rate value={score} onChange={setScore} tooltips={['非常不满意', '不满意', '基本满意', '满意', '非常满意']} /><Button disabled={!score} onClick={() => act('rating', { score, reason: note })}>{t('提交评价', 'Rate')}</Button></Space>
      )}
      {window && a.rating?.followupStatus === 'open' && <Button onClick={() => act('followup', { reason: note })}>{t('记录回访', 'Record follow-up')}</Button>}
      <Timeline items={a.events.map((e) => ({ children: `${fmtTime(e.at)} ${e.title}${e.note ? `：${e.note}` : ''}` }))} />
    </Space>
  );
}

export function ApplicationsPage() {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [intake, setIntake] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['applications', status, q, page], queryFn: () => api.get<Paged<Application>>('/api/applications', { status, q, ...page }), placeholderData: (p) => p });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['applications'] });
  return (
    <div data-testid="applications-page">
      <PageHeader title={t('办件管理', 'Applications')} extra={<>
        <Link to="/applications/items"><Button>{t('服务事项清单', 'Service catalogue')}</Button></Link>
        {can('application.intake') && <Button type="primary" onClick={() => setIntake(true)} data-testid="intake-open">{t('窗口受理', 'Window intake')}</Button>}
      </>} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('申请人或编号', 'Applicant or number')} onSearch={setQ} style={{ width: 200 }} />
        <Select allowClear placeholder={t('状态', 'Status')} style={{ width: 160 }} onChange={setStatus}
          options={Object.entries(STATUS).map(([v, s]) => ({ value: v, label: lang === 'zh-CN' ? s.zh : s.en }))} />
      </Space>
      <ErrorAlert error={list.error} />
      <DataTable<Application>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        onRow={(a) => ({ onClick: () => setOpen(a.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('编号', 'No.'), dataIndex: 'no' },
          { title: t('事项', 'Service'), dataIndex: 'itemName' },
          { title: t('申请人', 'Applicant'), dataIndex: 'applicantName' },
          { title: t('渠道', 'Channel'), dataIndex: 'channel', render: (c: string) => (c === 'online' ? t('网上', 'Online') : t('窗口', 'Window')) },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (s: Application['status'], a) => <><Tag color={STATUS[s].color}>{lang === 'zh-CN' ? STATUS[s].zh : STATUS[s].en}</Tag>{a.overdue && <Tag color="red">{t('超期', 'Overdue')}</Tag>}</> },
          { title: t('当前环节', 'Step'), dataIndex: 'currentStep' },
          { title: t('预计办结', 'Due'), dataIndex: 'dueDate' },
          { title: t('申请时间', 'Created'), dataIndex: 'createdAt', render: fmtTime },
        ]}
      />
      <IntakeDrawer open={intake} onClose={() => setIntake(false)} onDone={refresh} />
      <Drawer open={!!open} onClose={() => setOpen(null)} size="large" title={t('办件详情', 'Application')}>{open && <Detail id={open} onChanged={refresh} />}</Drawer>
    </div>
  );
}
