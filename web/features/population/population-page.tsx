// 人口信息: one search box (name, pinyin, initials, ID number or its last 4 digits, phone, address) and filters,
// a paged masked list, export of the same result to xlsx. The search lives in the URL, so "back" from a person keeps it.
import { useState, type HTMLAttributes } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Badge, Button, Flex, Grid, Input, Select, Space, Tag, Typography, message } from 'antd';
import { DownloadOutlined, FilterOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { api, download, errorMessage } from '../../lib/api.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { fmtNumber } from '../../lib/format.ts';
import { useCan } from '../../app/auth.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { MaskedValue } from '../../components/masked-value.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import {
  AGE_BANDS, GENDER, RESIDENCY, STATUS, ageText, label, revealPerson, searchText, useTagTypes, type Building, type Paged, type PersonListItem, type SearchResult,
} from './population-api.ts';
import { PersonFormModal } from './person-form.tsx';

const FILTERS = ['tag', 'ageBand', 'gender', 'residencyType', 'gridId', 'buildingId', 'status'] as const;

const MATCHED: Record<string, [string, string]> = {
  docNumber: ['按证件号码', 'by ID number'], docLast4: ['按证件号后四位', 'by last 4 ID digits'], phone: ['按电话', 'by phone'],
  pinyin: ['按拼音', 'by pinyin'], address: ['按地址', 'by address'], namePrefix: ['按姓名', 'by name'], name: ['按姓名', 'by name'], filters: ['按条件', 'by filters'],
};

export function PopulationPage() {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  // On a phone the filters fold away behind one button, so the results start near the top of the screen.
  const phone = !Grid.useBreakpoint().md;
  const [showFilters, setShowFilters] = useState(false);
  const text = sp.get('text') ?? '';
  const page = Number(sp.get('page') ?? 1);
  const pageSize = Number(sp.get('pageSize') ?? 20);
  const filters = Object.fromEntries(FILTERS.map((k) => [k, sp.get(k) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const query = { ...searchText(text), ...filters };

  const set = (patch: Record<string, string | number | null | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setSp(next, { replace: true });
  };

  const tagTypes = useTagTypes();
  const buildings = useQuery({
    queryKey: ['population', 'buildings', 'options'],
    queryFn: () => api.get<Paged<Building>>('/api/buildings', { pageSize: 200 }),
    staleTime: 60_000,
  });
  const list = useQuery({
    queryKey: ['population', 'search', query, page, pageSize],
    queryFn: () => api.get<SearchResult>('/api/persons', { ...query, page, pageSize }),
    placeholderData: (prev) => prev,
  });
  const canReveal = can('person.reveal');

  const onExport = async () => {
    setExporting(true);
    try {
      await download('/api/persons/export.xlsx', query);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  const total = list.data?.total ?? 0;
  const matched = query.address ? MATCHED.address : list.data ? MATCHED[list.data.matchedBy] : undefined;
  const sel = { allowClear: true, style: { minWidth: 120, flex: '1 1 120px', maxWidth: 220 } } as const;

  return (
    <div data-testid="population-page">
      <PageHeader
        title={t('人口信息', 'Population')}
        sub={t('一次采集，多方共享：本辖区的人员', 'Entered once, shared by all: the people of your area')}
        extra={<>
          {can('person.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="person-create">{t('新增人员', 'New person')}</Button>}
          {can('person.import') && <Link to="/population/import"><Button icon={<ImportOutlined />}>{t('批量导入', 'Import')}</Button></Link>}
          {can('person.export') && <Button icon={<DownloadOutlined />} loading={exporting} onClick={onExport} data-testid="person-export">{t('导出 Excel', 'Export xlsx')}</Button>}
        </>}
      />
      <Input.Search
        key={text}
        defaultValue={text}
        allowClear
        enterButton={t('search')}
        size="large"
        placeholder={t('姓名、拼音或首字母（zs）、身份证号或后四位、电话、地址', 'Name, pinyin or initials (zs), ID number or its last 4, phone, address')}
        onSearch={(v) => set({ text: v.trim() })}
        data-testid="person-search"
        style={{ marginBottom: 12 }}
      />
      {phone && (
        <Badge count={FILTERS.filter((k) => filters[k]).length} size="small">
          <Button size="small" icon={<FilterOutlined />} onClick={() => setShowFilters((v) => !v)} data-testid="person-filters-toggle" style={{ marginBottom: 12 }}>
            {showFilters ? t('收起筛选', 'Hide filters') : t('筛选', 'Filters')}
          </Button>
        </Badge>
      )}
      <Flex wrap gap={8} style={{ marginBottom: 12, display: phone && !showFilters ? 'none' : undefined }} data-testid="person-filters">
        <Select {...sel} placeholder={t('人员标签', 'Tag')} value={filters.tag} onChange={(v) => set({ tag: v })} data-testid="filter-tag" showSearch={{ optionFilterProp: 'label' }}
          options={(tagTypes.data ?? []).map((x) => ({ value: x.code, label: lang === 'zh-CN' ? x.nameZh : x.nameEn }))} />
        <Select {...sel} placeholder={t('年龄段', 'Age band')} value={filters.ageBand} onChange={(v) => set({ ageBand: v })} data-testid="filter-age"
          options={AGE_BANDS.map((b) => ({ value: b, label: t(`${b} 岁`, b) }))} />
        <Select {...sel} placeholder={t('性别', 'Gender')} value={filters.gender} onChange={(v) => set({ gender: v })} data-testid="filter-gender"
          options={(['M', 'F'] as const).map((g) => ({ value: g, label: label(t, GENDER[g]) }))} />
        <Select {...sel} placeholder={t('人口类型', 'Residency')} value={filters.residencyType} onChange={(v) => set({ residencyType: v })} data-testid="filter-residency"
          options={Object.entries(RESIDENCY).map(([k, v]) => ({ value: k, label: label(t, v) }))} />
        <div style={{ minWidth: 140, flex: '1 1 140px', maxWidth: 240 }}>
          <RegionPicker levels={['grid']} allowClear placeholder={t('网格', 'Grid')} value={filters.gridId ? Number(filters.gridId) : null} onChange={(v) => set({ gridId: v })} testId="filter-grid" />
        </div>
        <Select {...sel} placeholder={t('楼栋', 'Building')} value={filters.buildingId} onChange={(v) => set({ buildingId: v })} data-testid="filter-building" showSearch={{ optionFilterProp: 'label' }}
          options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))} />
        <Select {...sel} placeholder={t('在住', 'Living here')} value={filters.status} onChange={(v) => set({ status: v })} data-testid="filter-status"
          options={[...Object.entries(STATUS).map(([k, v]) => ({ value: k, label: label(t, v) })), { value: 'all', label: t('全部状态', 'Any status') }]} />
      </Flex>
      <ErrorAlert error={list.error} />
      <Typography.Text type="secondary" data-testid="person-total" style={{ display: 'block', marginBottom: 8 }}>
        {t(`共 ${fmtNumber(total)}${list.data?.totalCapped ? '+' : ''} 人`, `${fmtNumber(total)}${list.data?.totalCapped ? '+' : ''} people`)}
        {text && matched && <Tag style={{ marginInlineStart: 8 }}>{t(matched[0], matched[1])}</Tag>}
      </Typography.Text>
      <DataTable<PersonListItem>
        rowKey="id"
        data-testid="person-table"
        loading={list.isFetching}
        dataSource={list.data?.items}
        onRow={(p) => ({ 'data-testid': `person-row-${p.name}` } as HTMLAttributes<HTMLElement>)}
        pagination={{ current: page, pageSize, total, showSizeChanger: true, size: 'small', onChange: (p, s) => set({ page: p, pageSize: s }) }}
        columns={[
          {
            title: t('姓名', 'Name'), dataIndex: 'name', fixed: 'left',
            render: (v: string, p) => (
              <Space size={2} orientation="vertical">
                <Link to={`/population/persons/${p.id}`} data-testid="person-link">{v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.gender ? label(t, GENDER[p.gender]) : ''} {ageText(t, p.age)}</Typography.Text>
              </Space>
            ),
          },
          { title: t('证件号码', 'ID number'), dataIndex: 'docNumber', render: (v: string | null, p) => <MaskedValue masked={v} canReveal={canReveal} reveal={revealPerson(p.id, 'docNumber')} /> },
          { title: t('电话', 'Phone'), dataIndex: 'phone', responsive: ['sm'], render: (v: string | null, p) => <MaskedValue masked={v} canReveal={canReveal} reveal={revealPerson(p.id, 'phone')} /> },
          { title: t('人口类型', 'Residency'), dataIndex: 'residencyType', render: (v: PersonListItem['residencyType']) => <Tag color={RESIDENCY[v].color}>{label(t, RESIDENCY[v])}</Tag> },
          { title: t('现住址', 'Address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          { title: t('网格', 'Grid'), dataIndex: 'gridName', responsive: ['md'], render: (v: string | null) => v ?? '—' },
          { title: t('人员标签', 'Tags'), dataIndex: 'tags', responsive: ['md'], render: (tags: PersonListItem['tags']) => tags.map((x) => <Tag key={x.code} color={x.sensitive ? 'red' : undefined}>{x.name}</Tag>) },
          { title: t('status'), dataIndex: 'status', responsive: ['lg'], render: (v: PersonListItem['status']) => <Tag color={STATUS[v].color}>{label(t, STATUS[v])}</Tag> },
        ]}
      />
      {creating && <PersonFormModal onClose={() => setCreating(false)} onSaved={(p) => navigate(`/population/persons/${p.id}`)} />}
    </div>
  );
}
