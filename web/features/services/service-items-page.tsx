// 服务事项清单 (admin): items with department, time limit, fee, channels; materials, conditions and steps are
// edited as JSON (the server validates them with the same schema and names the field at fault).
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag, message } from 'antd';
import { api, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { fee, type ServiceItem } from './services-api.ts';

type FormValues = Omit<ServiceItem, 'id' | 'departmentName' | 'materials' | 'steps' | 'conditions'> & { materials: string; steps: string; conditions: string; feeYuan: number };

export function ServiceItemsPage() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [editing, setEditing] = useState<ServiceItem | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useQuery({ queryKey: ['service-items', 'all'], queryFn: () => api.get<ServiceItem[]>('/api/service-items', { includeInactive: true }) });

  const open = (i: ServiceItem | 'new') => {
    setEditing(i);
    setError(null);
    form.resetFields();
    const base = i === 'new'
      ? { code: '', name: '', category: '', departmentCode: null, legalBasis: '', description: '', timeLimitDays: 5, feeCents: 0, feeNote: '', channels: ['window'], active: true, sort: 0, materials: [], conditions: {}, steps: [{ key: 'accept', name: '窗口受理', kind: 'window', limitDays: 1 }] }
      : i;
    form.setFieldsValue({ ...base, feeYuan: base.feeCents / 100, materials: JSON.stringify(base.materials, null, 2), steps: JSON.stringify(base.steps, null, 2), conditions: JSON.stringify(base.conditions, null, 2) } as FormValues);
  };
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const { feeYuan, ...rest } = v;
      const body = { ...rest, feeCents: Math.round((feeYuan ?? 0) * 100), materials: JSON.parse(v.materials), steps: JSON.parse(v.steps), conditions: JSON.parse(v.conditions || '{}') };
      if (editing === 'new') await api.post('/api/service-items', body);
      else await api.put(`/api/service-items/${(editing as ServiceItem).id}`, body);
      void message.success(t('已保存', 'Saved'));
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ['service-items'] });
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error(t(`JSON 格式有误：${e.message}`, `Bad JSON: ${e.message}`)) : e);
    }
  };
  const json = (label: string, name: 'materials' | 'steps' | 'conditions') => <Form.Item name={name} label={label}><Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} /></Form.Item>;

  return (
    <div data-testid="service-items-page">
      <PageHeader title={t('服务事项清单', 'Service catalogue')} extra={<>
        <Button href="/services" target="_blank">{t('公开办事指南', 'Public guide')}</Button>
        {can('service.catalog.write') && <Button type="primary" onClick={() => open('new')}>{t('新增事项', 'New item')}</Button>}
      </>} />
      <ErrorAlert error={list.error} />
      <DataTable<ServiceItem>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={false}
        columns={[
          { title: t('事项', 'Item'), dataIndex: 'name' },
          { title: t('类别', 'Category'), dataIndex: 'category' },
          { title: t('主办部门', 'Department'), dataIndex: 'departmentName' },
          { title: t('时限（工作日）', 'Working days'), dataIndex: 'timeLimitDays' },
          { title: t('收费', 'Fee'), dataIndex: 'feeCents', render: fee },
          { title: t('环节', 'Steps'), dataIndex: 'steps', render: (s: ServiceItem['steps']) => s.map((x) => <Tag key={x.key}>{x.name}</Tag>) },
          { title: t('启用', 'Active'), dataIndex: 'active', render: (a: boolean) => (a ? '✓' : '—') },
          ...(can('service.catalog.write') ? [{ title: t('操作', 'Actions'), key: 'a', render: (_: unknown, i: ServiceItem) => <a onClick={() => open(i)}>{t('修改', 'Edit')}</a> }] : []),
        ]}
      />
      <Modal open={!!editing} width={760} title={editing === 'new' ? t('新增事项', 'New item') : t('修改事项', 'Edit item')} onCancel={() => setEditing(null)} onOk={save} destroyOnHidden>
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical">
          <Space wrap>
            <Form.Item name="code" label={t('代码', 'Code')} rules={[{ required: true }]}><Input disabled={editing !== 'new'} style={{ width: 200 }} /></Form.Item>
            <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true }]}><Input style={{ width: 280 }} /></Form.Item>
            <Form.Item name="category" label={t('类别', 'Category')} rules={[{ required: true }]}><Input style={{ width: 140 }} /></Form.Item>
            <Form.Item name="departmentCode" label={t('主办部门代码', 'Department code')}><Input style={{ width: 120 }} /></Form.Item>
            <Form.Item name="timeLimitDays" label={t('承诺时限（工作日）', 'Working days')}><InputNumber min={0} max={365} /></Form.Item>
            <Form.Item name="feeYuan" label={t('收费（元）', 'Fee (yuan)')}><InputNumber min={0} step={0.01} /></Form.Item>
            <Form.Item name="channels" label={t('渠道', 'Channels')}><Select mode="multiple" style={{ width: 200 }} options={[{ value: 'window', label: t('窗口', 'Window') }, { value: 'online', label: t('网上', 'Online') }]} /></Form.Item>
            <Form.Item name="active" label={t('启用', 'Active')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
          <Form.Item name="feeNote" label={t('收费说明', 'Fee note')}><Input /></Form.Item>
          <Form.Item name="legalBasis" label={t('办理依据', 'Legal basis')}><Input.TextArea rows={2} /></Form.Item>
          {json(t('申请材料 [{ key, name, required, note, sampleFileId }]', 'Materials'), 'materials')}
          {json(t('办理环节 [{ key, name, kind: window|street|department, departmentCode, limitDays }]', 'Steps'), 'steps')}
          {json(t('申请条件 { tags, anyTags, minAge, maxAge, residency }', 'Conditions'), 'conditions')}
        </Form>
      </Modal>
    </div>
  );
}
