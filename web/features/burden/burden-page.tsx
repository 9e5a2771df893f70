// 减负台账: communities log what departments impose; streets and districts see the account per department and
// per community and month, as charts and tables, and export the evidence workbook.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Tabs, Tag, message } from 'antd';
import type { z } from 'zod';
import type { burdenEntry, burdenSummary } from '../../../contracts/burden.ts';
import { BURDEN_KIND_ZH } from '../../../contracts/burden.ts';
import { api, applyFieldErrors, download, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { Chart } from '../../components/chart.tsx';

type Entry = z.infer<typeof burdenEntry>;
type Summary = z.infer<typeof burdenSummary>;
type Dept = { id: string; name: string };

function LogForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const depts = useQuery({ queryKey: ['burden-departments'], queryFn: () => api.get<Dept[]>('/api/burden/departments') });
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await api.post('/api/burden/entries', { ...v, date: v.date.format('YYYY-MM-DD'), departmentId: v.departmentId || undefined, departmentName: v.departmentName || undefined });
      await qc.invalidateQueries({ queryKey: ['burden'] });
      onClose();
    } catch (e) {
      applyFieldErrors(form, e);
      setError(e);
    }
  };
  return (
    <Modal open title={t('登记负担事项', 'Log an imposition')} onCancel={onClose} onOk={submit}>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'inspection', hours: 1 }}>
        <Form.Item name="departmentId" label={t('部门', 'Department')}><Select allowClear options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))} /></Form.Item>
        <Form.Item name="departmentName" label={t('或填写部门名称', 'Or name it')}><Input /></Form.Item>
        <Form.Item name="kind" label={t('类别', 'Kind')}><Select options={Object.entries(BURDEN_KIND_ZH).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Form.Item name="title" label={t('事由', 'What')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
        <Form.Item name="date" label={t('日期', 'Date')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="hours" label={t('耗时（小时）', 'Hours')}><InputNumber min={0} step={0.5} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="note" label={t('备注', 'Note')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

function EntriesTab() {
  const t = useT();
  const qc = useQueryClient();
  const [logging, setLogging] = useState(false);
  const list = useQuery({ queryKey: ['burden', 'entries'], queryFn: () => api.get<{ items: Entry[]; total: number }>('/api/burden/entries', { pageSize: 100 }) });
  return (
    <>
      <Button type="primary" onClick={() => setLogging(true)} style={{ marginBottom: 12 }} data-testid="burden-new">{t('登记', 'Log')}</Button>
      <ErrorAlert error={list.error} />
      <DataTable<Entry> rowKey="id" dataSource={list.data?.items} pagination={false} columns={[
        { title: t('日期', 'Date'), dataIndex: 'date' },
        { title: t('社区', 'Community'), dataIndex: 'communityName' },
        { title: t('部门', 'Department'), dataIndex: 'departmentName' },
        { title: t('类别', 'Kind'), dataIndex: 'kind', render: (k: keyof typeof BURDEN_KIND_ZH) => <Tag>{BURDEN_KIND_ZH[k]}</Tag> },
        { title: t('事由', 'What'), dataIndex: 'title' },
        { title: t('耗时（小时）', 'Hours'), dataIndex: 'hours' },
        { title: t('操作', 'Actions'), key: 'a', render: (_, e) => <a onClick={() => api.del(`/api/burden/entries/${e.id}`).then(() => qc.invalidateQueries({ queryKey: ['burden'] })).catch((x) => message.error(errorMessage(x)))}>{t('删除', 'Delete')}</a> },
      ]} />
      {logging && <LogForm onClose={() => setLogging(false)} />}
    </>
  );
}

function SummaryTab() {
  const t = useT();
  const [q, setQ] = useState<{ regionId?: number; from?: string; to?: string }>({});
  const s = useQuery({ queryKey: ['burden', 'summary', q], queryFn: () => api.get<Summary>('/api/burden/summary', q) });
  const d = s.data?.departments ?? [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ width: 260 }}><RegionPicker allowClear onChange={(regionId) => setQ((x) => ({ ...x, regionId: regionId ?? undefined }))} /></div>
        <DatePicker.RangePicker onChange={(v) => setQ((x) => ({ ...x, from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') }))} />
        <Button onClick={() => download('/api/burden/export.xlsx', q).catch((e) => message.error(errorMessage(e)))} data-testid="burden-export">{t('导出 Excel（报区）', 'Export')}</Button>
      </Space>
      <ErrorAlert error={s.error} />
      {s.data && (
        <Card size="small" title={`${s.data.regionName} ${s.data.from} ~ ${s.data.to}`} style={{ marginBottom: 12 }}>
          <Chart height={300} option={{
            tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 120 },
            yAxis: { type: 'category', data: d.map((x) => x.departmentName) }, xAxis: { type: 'value' },
            series: [
              { name: t('申请下派事项', 'Requested'), type: 'bar', stack: 'a', data: d.map((x) => x.tasksRequested) },
              { name: t('检查考核', 'Inspections'), type: 'bar', stack: 'a', data: d.map((x) => x.inspection + x.assessment) },
              { name: t('会议', 'Meetings'), type: 'bar', stack: 'a', data: d.map((x) => x.meeting) },
              { name: t('报表', 'Reports'), type: 'bar', stack: 'a', data: d.map((x) => x.report) },
            ],
          }} />
        </Card>
      )}
      <DataTable rowKey={(r) => r.departmentId ?? r.departmentName} dataSource={d} pagination={false} columns={[
        { title: t('部门', 'Department'), dataIndex: 'departmentName' },
        { title: t('申请', 'Requested'), dataIndex: 'tasksRequested' }, { title: t('准入', 'Approved'), dataIndex: 'tasksApproved' },
        { title: t('不予准入', 'Refused'), dataIndex: 'tasksRefused' }, { title: t('预估工时', 'Hours'), dataIndex: 'estimatedHours' },
        { title: t('已拨经费', 'Funds sent'), dataIndex: 'fundsSent' }, { title: t('应随事转经费', 'Funds owed'), dataIndex: 'fundsOwed' },
        { title: t('检查', 'Inspections'), dataIndex: 'inspection' }, { title: t('考核', 'Assessments'), dataIndex: 'assessment' },
        { title: t('会议', 'Meetings'), dataIndex: 'meeting' }, { title: t('报表', 'Reports'), dataIndex: 'report' }, { title: t('挂牌', 'Signboards'), dataIndex: 'signboard' },
      ]} />
      <DataTable style={{ marginTop: 16 }} rowKey={(r) => `${r.communityId}-${r.month}`} dataSource={s.data?.communities} pagination={false} columns={[
        { title: t('社区', 'Community'), dataIndex: 'communityName' }, { title: t('月份', 'Month'), dataIndex: 'month' },
        { title: t('下达任务', 'Tasks'), dataIndex: 'tasks' }, { title: t('任务工时', 'Task hours'), dataIndex: 'estimatedHours' },
        { title: t('检查', 'Inspections'), dataIndex: 'inspection' }, { title: t('会议', 'Meetings'), dataIndex: 'meeting' },
        { title: t('报表', 'Reports'), dataIndex: 'report' }, { title: t('登记耗时', 'Logged hours'), dataIndex: 'loggedHours' },
      ]} />
    </>
  );
}

export function BurdenPage() {
  const t = useT();
  const can = useCan();
  const items = [
    ...(can('burden.read') ? [{ key: 'summary', label: t('负担统计', 'Account'), children: <SummaryTab /> }] : []),
    ...(can('burden.log') ? [{ key: 'entries', label: t('负担登记', 'Log'), children: <EntriesTab /> }] : []),
  ];
  return (
    <div data-testid="burden-page">
      <PageHeader title={t('减负台账', 'Burden account')} sub={t('各部门向社区下派的任务、检查考核、会议、报表、挂牌', 'What departments impose on communities')} />
      <Tabs items={items} destroyOnHidden />
    </div>
  );
}
