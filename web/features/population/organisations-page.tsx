// 驻区单位: units based in the area, shops and property companies, with their unified social credit code and contact.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AutoComplete, Button, Flex, Form, Input, Select, Tag, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { organisationInput } from '../../../contracts/population.ts';
import { api } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useT } from '../../lib/i18n.ts';
import { useCan, useCurrentUser } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import type { Organisation, Paged } from './population-api.ts';

const KINDS = ['机关事业单位', '企业', '商户', '物业公司', '社会组织', '学校', '医疗机构', '其他'];

type Values = { communityId?: number; gridId?: number | null; name: string; kind: string; uscc?: string; address?: string; contactName?: string; phone?: string };

function OrganisationModal({ needCommunity, onClose }: { needCommunity: boolean; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = zodRules(organisationInput);
  const opt = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  return (
    <FormModal<Values>
      title={t('登记驻区单位', 'New organisation')} form={form} testId="org-form" onClose={onClose}
      onSubmit={async (v) => {
        await api.post('/api/organisations', {
          name: v.name, kind: v.kind, uscc: opt(v.uscc), address: opt(v.address), contactName: opt(v.contactName), phone: opt(v.phone),
          gridId: v.gridId ?? null, communityId: needCommunity ? v.communityId : undefined,
        });
        void message.success(t('已登记', 'Registered'));
        await qc.invalidateQueries({ queryKey: ['population', 'organisations'] });
        onClose();
      }}
    >
      {needCommunity && <Form.Item name="communityId" label={t('社区', 'Community')} rules={[{ required: true, message: t('请选择社区', 'Choose the community') }]}><RegionPicker levels={['community']} /></Form.Item>}
      <Form.Item name="name" label={t('单位名称', 'Name')} rules={rules.name} required><Input data-testid="org-form-name" /></Form.Item>
      <Form.Item name="kind" label={t('类型', 'Type')} rules={rules.kind} required>
        <AutoComplete options={KINDS.map((k) => ({ value: k }))} data-testid="org-form-kind" />
      </Form.Item>
      <Form.Item name="uscc" label={t('统一社会信用代码', 'Unified social credit code')} rules={rules.uscc}><Input maxLength={18} data-testid="org-form-uscc" /></Form.Item>
      <Form.Item name="address" label={t('地址', 'Address')} rules={rules.address}><Input /></Form.Item>
      <Form.Item name="gridId" label={t('所属网格', 'Grid')}><RegionPicker levels={['grid']} allowClear /></Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="contactName" label={t('联系人', 'Contact')} rules={rules.contactName} style={{ flex: '1 1 160px' }}><Input /></Form.Item>
        <Form.Item name="phone" label={t('联系电话', 'Phone')} rules={rules.phone} style={{ flex: '1 1 160px' }}><Input inputMode="tel" /></Form.Item>
      </Flex>
    </FormModal>
  );
}

export function OrganisationsPage() {
  const t = useT();
  const can = useCan();
  const me = useCurrentUser();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['population', 'organisations', { name, kind, ...page }],
    queryFn: () => api.get<Paged<Organisation>>('/api/organisations', { name: name || undefined, kind, ...page }),
    placeholderData: (prev) => prev,
  });
  return (
    <div data-testid="organisations-page">
      <PageHeader
        title={t('驻区单位', 'Organisations')}
        sub={t('驻区单位、商户、物业公司', 'Units based in the area, shops, property companies')}
        extra={can('person.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="org-create">{t('登记单位', 'New organisation')}</Button>}
      />
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('单位名称', 'Name')} onSearch={(v) => { setName(v.trim()); setPage((p) => ({ ...p, page: 1 })); }} style={{ maxWidth: 280 }} data-testid="org-search" />
        <Select allowClear placeholder={t('类型', 'Type')} value={kind} onChange={(v) => { setKind(v); setPage((p) => ({ ...p, page: 1 })); }} style={{ width: 160 }} options={KINDS.map((k) => ({ value: k, label: k }))} />
      </Flex>
      <ErrorAlert error={list.error} />
      <DataTable<Organisation>
        rowKey="id" data-testid="org-table" loading={list.isFetching} dataSource={list.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, size: 'small', onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('单位名称', 'Name'), dataIndex: 'name', fixed: 'left' },
          { title: t('类型', 'Type'), dataIndex: 'kind', render: (v: string) => <Tag>{v}</Tag> },
          { title: t('统一社会信用代码', 'USCC'), dataIndex: 'uscc', responsive: ['md'], render: (v: string | null) => v ?? '—' },
          { title: t('地址', 'Address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          { title: t('联系人', 'Contact'), dataIndex: 'contactName', responsive: ['sm'], render: (v: string | null) => v ?? '—' },
          { title: t('电话', 'Phone'), dataIndex: 'phone', responsive: ['sm'], render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span> },
        ]}
      />
      {creating && <OrganisationModal needCommunity={me.scope.level === 'district' || me.scope.level === 'street'} onClose={() => setCreating(false)} />}
    </div>
  );
}
