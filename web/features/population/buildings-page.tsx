// 楼栋与户籍: the buildings of a community (each opens its floors × rooms view) and the household register
// (户籍登记簿: every household with its head, address and members).
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Button, Flex, Form, Input, InputNumber, Select, Tabs, Tag, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { buildingInput } from '../../../contracts/population.ts';
import { api } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useT } from '../../lib/i18n.ts';
import { useCan, useCurrentUser } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { BUILDING_KIND, label, type Building, type Household, type Paged } from './population-api.ts';
import { HouseholdMembers } from './household-members.tsx';

type BuildingValues = { communityId?: number; gridId?: number | null; name: string; address?: string; kind: Building['kind']; units: number; floors: number };

function BuildingModal({ needCommunity, onClose }: { needCommunity: boolean; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<BuildingValues>();
  const rules = zodRules(buildingInput);
  return (
    <FormModal<BuildingValues>
      title={t('新建楼栋', 'New building')} form={form} testId="building-form" initialValues={{ kind: 'residential', units: 1, floors: 6 }} onClose={onClose}
      onSubmit={async (v) => {
        await api.post('/api/buildings', { ...v, address: v.address?.trim() || null, gridId: v.gridId ?? null, communityId: needCommunity ? v.communityId : undefined });
        void message.success(t('楼栋已创建', 'Building created'));
        await qc.invalidateQueries({ queryKey: ['population'] });
        onClose();
      }}
    >
      {needCommunity && <Form.Item name="communityId" label={t('社区', 'Community')} rules={[{ required: true, message: t('请选择社区', 'Choose the community') }]}><RegionPicker levels={['community']} /></Form.Item>}
      <Form.Item name="name" label={t('楼栋名称', 'Name')} rules={rules.name} required><Input placeholder="3号楼" data-testid="building-form-name" /></Form.Item>
      <Form.Item name="address" label={t('地址', 'Address')} rules={rules.address}><Input /></Form.Item>
      <Form.Item name="gridId" label={t('所属网格', 'Grid')}><RegionPicker levels={['grid']} allowClear /></Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="kind" label={t('类型', 'Kind')} rules={rules.kind} style={{ flex: '1 1 140px' }}>
          <Select options={Object.entries(BUILDING_KIND).map(([k, v]) => ({ value: k, label: label(t, v) }))} />
        </Form.Item>
        <Form.Item name="units" label={t('单元数', 'Units')} rules={rules.units} style={{ flex: '1 1 80px' }}><InputNumber min={1} max={50} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="floors" label={t('层数', 'Floors')} rules={rules.floors} style={{ flex: '1 1 80px' }}><InputNumber min={1} max={200} style={{ width: '100%' }} /></Form.Item>
      </Flex>
    </FormModal>
  );
}

function BuildingsTab({ communityId }: { communityId?: number }) {
  const t = useT();
  const [name, setName] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['population', 'buildings', { communityId, name, ...page }],
    queryFn: () => api.get<Paged<Building>>('/api/buildings', { communityId, name: name || undefined, ...page }),
    placeholderData: (prev) => prev,
  });
  return (
    <>
      <Input.Search allowClear placeholder={t('楼栋名称或地址', 'Building name or address')} onSearch={(v) => { setName(v.trim()); setPage((p) => ({ ...p, page: 1 })); }} style={{ maxWidth: 320, marginBottom: 12 }} />
      <ErrorAlert error={list.error} />
      <DataTable<Building>
        rowKey="id" data-testid="building-table" loading={list.isFetching} dataSource={list.data?.items}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, size: 'small', onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('楼栋', 'Building'), dataIndex: 'name', fixed: 'left', render: (v: string, b) => <Link to={`/population/buildings/${b.id}`} data-testid={`building-link-${v}`}>{v}</Link> },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (v: Building['kind']) => <Tag>{label(t, BUILDING_KIND[v])}</Tag> },
          { title: t('单元 × 层', 'Units × floors'), key: 'size', render: (_, b) => `${b.units} × ${b.floors}` },
          { title: t('房屋', 'Houses'), dataIndex: 'houses' },
          { title: t('在住人数', 'Residents'), dataIndex: 'persons' },
          { title: t('地址', 'Address'), dataIndex: 'address', responsive: ['md'], render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}

function HouseholdsTab({ communityId }: { communityId?: number }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['population', 'households', { communityId, q, ...page }],
    queryFn: () => api.get<Paged<Household>>('/api/households', { communityId, q: q || undefined, ...page }),
    placeholderData: (prev) => prev,
  });
  return (
    <>
      <Input.Search allowClear placeholder={t('户号或户主姓名', 'Household no. or head')} onSearch={(v) => { setQ(v.trim()); setPage((p) => ({ ...p, page: 1 })); }} style={{ maxWidth: 320, marginBottom: 12 }} />
      <ErrorAlert error={list.error} />
      <DataTable<Household>
        rowKey="id" data-testid="household-table" loading={list.isFetching} dataSource={list.data?.items}
        expandable={{ expandedRowRender: (h) => <HouseholdMembers id={h.id} /> }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, size: 'small', onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: t('户号', 'No.'), dataIndex: 'householdNo', render: (v: string | null) => v ?? '—' },
          { title: t('户主', 'Head'), dataIndex: 'headName', render: (v: string | null, h) => (h.headPersonId ? <Link to={`/population/persons/${h.headPersonId}`}>{v}</Link> : '—') },
          { title: t('户类型', 'Kind'), dataIndex: 'kind', render: (v: Household['kind']) => (v === 'family' ? t('家庭户', 'Family') : t('集体户', 'Collective')) },
          { title: t('在住人数', 'Living members'), dataIndex: 'memberCount' },
          { title: t('住址', 'Address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          { title: t('户籍地址', 'Registered address'), dataIndex: 'registeredAddress', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}

export function BuildingsPage() {
  const t = useT();
  const can = useCan();
  const me = useCurrentUser();
  const [sp, setSp] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const communityId = sp.get('communityId') ? Number(sp.get('communityId')) : undefined;
  const tab = sp.get('tab') ?? 'buildings';
  const wide = me.scope.level === 'district' || me.scope.level === 'street';
  const update = (k: string, v: string | number | null | undefined) => {
    const next = new URLSearchParams(sp);
    if (v === undefined || v === null) next.delete(k);
    else next.set(k, String(v));
    setSp(next, { replace: true });
  };
  return (
    <div data-testid="buildings-page">
      <PageHeader
        title={t('楼栋与户籍', 'Buildings & households')}
        sub={t('谁住在哪里、哪些房屋出租或空置', 'Who lives where; which rooms are rented or vacant')}
        extra={can('person.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="building-create">{t('新建楼栋', 'New building')}</Button>}
      />
      {wide && (
        <div style={{ maxWidth: 320, marginBottom: 12 }}>
          <RegionPicker levels={['community']} allowClear placeholder={t('选择社区', 'Choose a community')} value={communityId ?? null} onChange={(v) => update('communityId', v)} testId="buildings-community" />
        </div>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => update('tab', k)}
        destroyOnHidden
        items={[
          { key: 'buildings', label: t('楼栋', 'Buildings'), children: <BuildingsTab communityId={communityId} /> },
          { key: 'households', label: t('户籍登记', 'Household register'), children: <HouseholdsTab communityId={communityId} /> },
        ]}
      />
      {creating && <BuildingModal needCommunity={wide} onClose={() => setCreating(false)} />}
    </div>
  );
}
