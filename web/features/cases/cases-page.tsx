// 民情工单 (/cases): the work-order list for community, street and department staff, with filters kept in the URL
// (so "back" from a case keeps them). A table on a desktop, cards on a phone.
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Flex, Grid, Input, List, Pagination, Row, Select, Space, TreeSelect, Typography } from 'antd';
import { FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { useDepartments } from '../../lib/accounts.ts';
import { useCan } from '../../app/auth.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { RATINGS, SOURCES, STATUS, categoryTree, lbl, options, useCategories, type CaseItem, type CategoryNode, type Paged } from './cases-api.ts';
import { SlaTag, StatusTag, SupervisionTag, UrgencyTag } from './case-tags.tsx';
import { NewCaseModal } from './new-case-modal.tsx';

const FILTER_KEYS = ['status', 'categoryId', 'source', 'sla', 'communityId', 'departmentId', 'supervised', 'q', 'page'] as const;
type TreeOption = { value: string; title: string; children: TreeOption[] };
const toTree = (n: CategoryNode): TreeOption => ({ value: n.id, title: n.name, children: n.children.map(toTree) });

export function CasesPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const phone = !Grid.useBreakpoint().md;
  const [sp, setSp] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [showFilters, setShowFilters] = useState(false);
  const f = Object.fromEntries(FILTER_KEYS.map((k) => [k, sp.get(k) ?? undefined])) as Record<(typeof FILTER_KEYS)[number], string | undefined>;
  const set = (patch: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) (v ? next.set(k, v) : next.delete(k));
    if (!('page' in patch)) next.delete('page');
    setSp(next, { replace: true });
  };
  const page = Number(f.page ?? 1);
  const active = FILTER_KEYS.filter((k) => k !== 'page' && k !== 'q' && f[k]).length;
  const query = { ...f, page, pageSize: 20 };
  const list = useQuery({ queryKey: ['cases', query], queryFn: () => api.get<Paged<CaseItem>>('/api/cases', query) });
  const cats = useCategories();
  const depts = useDepartments();
  const open = (c: CaseItem) => navigate(`/cases/${c.id}`);

  const filters = (
    <Row gutter={[8, 8]} data-testid="cases-filters">
      <Col xs={24} md={8} xl={6}>
        <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('状态', 'Status')} style={{ width: '100%' }} data-testid="filter-status"
          value={f.status ? f.status.split(',') : []} onChange={(v: string[]) => set({ status: v.join(',') || undefined })} options={options(STATUS)} />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <TreeSelect allowClear placeholder={t('分类', 'Category')} style={{ width: '100%' }} value={f.categoryId} onChange={(v?: string) => set({ categoryId: v })}
          treeData={categoryTree(cats.data ?? []).map(toTree)} showSearch={{ treeNodeFilterProp: 'title' }} popupMatchSelectWidth={false} data-testid="filter-category" />
      </Col>
      <Col xs={12} md={8} xl={3}>
        <Select allowClear placeholder={t('来源', 'Source')} style={{ width: '100%' }} value={f.source} onChange={(v?: string) => set({ source: v })} options={options(SOURCES)} data-testid="filter-source" />
      </Col>
      <Col xs={12} md={8} xl={3}>
        <Select allowClear placeholder={t('时限', 'Time limit')} style={{ width: '100%' }} value={f.sla} onChange={(v?: string) => set({ sla: v })} data-testid="filter-sla"
          options={[{ value: 'due_soon', label: t('即将超期', 'Due soon') }, { value: 'overdue', label: t('已超期', 'Overdue') }]} />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <RegionPicker allowClear levels={['community']} placeholder={t('社区', 'Community')} value={f.communityId ? Number(f.communityId) : null}
          onChange={(v) => set({ communityId: v ? String(v) : undefined })} testId="filter-community" />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('承办部门', 'Department')} style={{ width: '100%' }} value={f.departmentId}
          onChange={(v?: string) => set({ departmentId: v })} options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))} data-testid="filter-department" />
      </Col>
      <Col xs={12} md={8} xl={3}>
        <Select allowClear placeholder={t('督办', 'Supervised')} style={{ width: '100%' }} value={f.supervised} onChange={(v?: string) => set({ supervised: v })}
          options={[{ value: 'true', label: t('督办件', 'Supervised') }]} />
      </Col>
      <Col xs={24} md={8} xl={6}>
        <Input.Search allowClear defaultValue={f.q} placeholder={t('工单编号或标题', 'Case number or title')} onSearch={(v) => set({ q: v.trim() || undefined })} data-testid="filter-q" />
      </Col>
      <Col>
        <Button onClick={() => setSp(new URLSearchParams(), { replace: true })}>{t('reset')}</Button>
      </Col>
    </Row>
  );

  const columns = [
    { title: t('编号', 'No.'), dataIndex: 'caseNo', render: (v: string, c: CaseItem) => <a onClick={() => open(c)} data-testid={`case-link-${c.caseNo}`}>{v}</a> },
    { title: t('标题', 'Title'), dataIndex: 'title', render: (v: string, c: CaseItem) => <Space size={4}><Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 260 }}>{v}</Typography.Text><UrgencyTag urgency={c.urgency} /></Space> },
    { title: t('分类', 'Category'), dataIndex: 'categoryName' },
    { title: t('来源', 'Source'), dataIndex: 'source', render: (v: CaseItem['source']) => lbl(SOURCES[v]) },
    { title: t('社区', 'Community'), dataIndex: 'communityName' },
    { title: t('承办单位', 'Owner'), dataIndex: 'assigneeName', render: (v: string | null) => v ?? '—' },
    {
      title: t('状态', 'Status'), dataIndex: 'status',
      render: (_: unknown, c: CaseItem) => <Space size={4} wrap><StatusTag status={c.status} /><SlaTag c={c} /><SupervisionTag level={c.supervisionLevel} />{c.rating && lbl(RATINGS[c.rating])}</Space>,
    },
    { title: t('登记时间', 'Created'), dataIndex: 'createdAt', render: fmtTime },
  ];

  return (
    <div data-testid="cases-page">
      <PageHeader title={t('民情工单', 'Cases')} sub={t('受理、交办、办理、答复、督办', 'Accept, dispatch, handle, reply, supervise')}
        extra={can('case.create') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="case-new">{t('登记诉求', 'New case')}</Button>} />
      {phone && !showFilters ? (
        <Flex gap={8} style={{ marginBottom: 12 }}>
          <Input.Search allowClear defaultValue={f.q} placeholder={t('工单编号或标题', 'Case number or title')} onSearch={(v) => set({ q: v.trim() || undefined })} />
          <Button icon={<FilterOutlined />} onClick={() => setShowFilters(true)} data-testid="filters-toggle">
            {t('筛选', 'Filter')}{active ? `（${active}）` : ''}
          </Button>
        </Flex>
      ) : <Card size="small" style={{ marginBottom: 12 }}>{filters}</Card>}
      <ErrorAlert error={list.error} />
      {phone ? (
        <Card size="small">
          <List loading={list.isLoading} dataSource={list.data?.items ?? []} locale={{ emptyText: t('没有符合条件的工单', 'No cases') }}
            renderItem={(c) => (
              <List.Item onClick={() => open(c)} style={{ cursor: 'pointer', display: 'block' }} data-testid={`case-card-${c.caseNo}`}>
                <Flex justify="space-between" gap={8}><Typography.Text strong ellipsis>{c.title}</Typography.Text><StatusTag status={c.status} /></Flex>
                <Space size={4} wrap style={{ marginTop: 4 }}>
                  <SlaTag c={c} /><SupervisionTag level={c.supervisionLevel} /><UrgencyTag urgency={c.urgency} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.caseNo} · {c.categoryName} · {c.assigneeName ?? c.communityName}</Typography.Text>
                </Space>
              </List.Item>
            )} />
          <Pagination simple size="small" current={page} pageSize={20} total={list.data?.total ?? 0} onChange={(p) => set({ page: String(p) })} style={{ marginTop: 8, textAlign: 'center' }} />
        </Card>
      ) : (
        <DataTable<CaseItem> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns}
          onRow={(c) => ({ onClick: () => open(c), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => set({ page: String(p) }),
            showTotal: (n) => (list.data && !list.data.totalExact ? t(`超过 ${n} 条`, `Over ${n}`) : t(`共 ${n} 条`, `${n} in all`)) }} />
      )}
      {creating && <NewCaseModal onClose={() => setCreating(false)} onCreated={(id) => navigate(`/cases/${id}`)} />}
    </div>
  );
}
