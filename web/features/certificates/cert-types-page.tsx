// 证明事项目录: the catalogue with its policy; admins edit a type (every save is a new version) and see the history.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, message } from 'antd';
import { api, applyFieldErrors, errorMessage } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { POLICY, type CertType } from './certificates-api.ts';

type FormValues = Omit<CertType, 'id' | 'versionId' | 'version' | 'createdAt' | 'evidence'> & { evidence: string };

export function CertTypesPage() {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [editing, setEditing] = useState<CertType | 'new' | null>(null);
  const [history, setHistory] = useState<CertType | null>(null);
  const list = useQuery({ queryKey: ['cert-types', 'all'], queryFn: () => api.get<CertType[]>('/api/cert-types', { includeInactive: true }) });
  const versions = useQuery({ queryKey: ['cert-type-versions', history?.id], queryFn: () => api.get<CertType[]>(`/api/cert-types/${history!.id}/versions`), enabled: !!history });
  const policyLabel = (p: CertType['policy']) => <Tag color={POLICY[p].color}>{lang === 'zh-CN' ? POLICY[p].zh : POLICY[p].en}</Tag>;

  const open = (c: CertType | 'new') => {
    setEditing(c);
    form.resetFields();
    if (c !== 'new') form.setFieldsValue({ ...c, evidence: c.evidence.join('\n'), changeNote: '' });
    else form.setFieldsValue({ policy: 'issue', active: true, validityDays: 90 } as Partial<FormValues>);
  };
  const save = async () => {
    const v = await form.validateFields();
    const body = { ...v, evidence: (v.evidence ?? '').split('\n').map((x) => x.trim()).filter(Boolean) };
    try {
      if (editing === 'new') await api.post('/api/cert-types', body);
      else await api.put(`/api/cert-types/${(editing as CertType).id}`, body);
      void message.success(t('已保存为新版本', 'Saved as a new version'));
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ['cert-types'] });
    } catch (e) {
      if (!applyFieldErrors(form, e)) void message.error(errorMessage(e));
    }
  };

  return (
    <div data-testid="cert-types-page">
      <PageHeader title={t('证明事项目录', 'Certificate catalogue')} extra={can('cert.catalog.write') && <Button type="primary" onClick={() => open('new')}>{t('新增证明事项', 'New type')}</Button>} />
      <ErrorAlert error={list.error} />
      <DataTable<CertType>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={false}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('政策', 'Policy'), dataIndex: 'policy', render: policyLabel },
          { title: t('负责部门 / 替代办法', 'Responsible / instead'), key: 'r', render: (_, c) => (c.policy === 'not_issue' ? `${c.responsibleDepartment}：${c.alternative}` : c.purpose) },
          { title: t('有效期（天）', 'Valid (days)'), dataIndex: 'validityDays', render: (d: number | null) => d ?? '—' },
          { title: t('版本', 'Version'), dataIndex: 'version', render: (n: number, c) => <a onClick={() => setHistory(c)}>v{n}</a> },
          { title: t('启用', 'Active'), dataIndex: 'active', render: (a: boolean) => (a ? '✓' : '—') },
          ...(can('cert.catalog.write') ? [{ title: t('操作', 'Actions'), key: 'a', render: (_: unknown, c: CertType) => <a onClick={() => open(c)}>{t('修改', 'Edit')}</a> }] : []),
        ]}
      />
      <Modal open={!!editing} width={720} title={editing === 'new' ? t('新增证明事项', 'New type') : t('修改（保存为新版本）', 'Edit (saved as a new version)')} onCancel={() => setEditing(null)} onOk={save} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Space wrap>
            <Form.Item name="code" label={t('代码', 'Code')} rules={[{ required: true }]}><Input disabled={editing !== 'new'} style={{ width: 200 }} /></Form.Item>
            <Form.Item name="name" label={t('名称', 'Name')} rules={[{ required: true }]}><Input style={{ width: 260 }} /></Form.Item>
            <Form.Item name="policy" label={t('政策', 'Policy')}><Select style={{ width: 160 }} options={(Object.keys(POLICY) as CertType['policy'][]).map((p) => ({ value: p, label: lang === 'zh-CN' ? POLICY[p].zh : POLICY[p].en }))} /></Form.Item>
            <Form.Item name="validityDays" label={t('有效期（天）', 'Valid (days)')}><InputNumber min={1} max={3650} /></Form.Item>
            <Form.Item name="active" label={t('启用', 'Active')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
          <Form.Item name="category" label={t('类别', 'Category')}><Input /></Form.Item>
          <Form.Item name="legalBasis" label={t('依据', 'Legal basis')}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="purpose" label={t('用途', 'Purpose')}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="template" label={t('正文模板（{{name}} {{docNo}} {{address}} {{details}} …）', 'Template')}><Input.TextArea rows={4} /></Form.Item>
          <Form.Item name="evidence" label={t('需核验的依据（每行一项）', 'Evidence (one per line)')}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="responsibleDepartment" label={t('负责部门（不予出具时）', 'Responsible department (not_issue)')}><Input /></Form.Item>
          <Form.Item name="alternative" label={t('替代办法（不予出具时）', 'What to do instead (not_issue)')}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="changeNote" label={t('修改说明', 'Change note')}><Input /></Form.Item>
        </Form>
      </Modal>
      <Drawer open={!!history} onClose={() => setHistory(null)} size="large" title={t(`「${history?.name ?? ''}」的版本`, 'Versions')}>
        <Table<CertType> size="small" rowKey="versionId" loading={versions.isLoading} dataSource={versions.data} pagination={false} columns={[
          { title: t('版本', 'Version'), dataIndex: 'version', render: (n: number) => `v${n}` },
          { title: t('政策', 'Policy'), dataIndex: 'policy', render: policyLabel },
          { title: t('说明', 'Note'), dataIndex: 'changeNote' },
          { title: t('时间', 'At'), dataIndex: 'createdAt', render: fmtTime },
        ]} expandable={{ expandedRowRender: (v) => <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{v.template || `${v.responsibleDepartment}：${v.alternative}`}</pre> }} />
      </Drawer>
    </div>
  );
}
