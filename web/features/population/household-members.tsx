// One household's members (loaded on demand): used by the household register and the building view.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Descriptions, Skeleton, Tag } from 'antd';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { GENDER, STATUS, ageText, label, type Household } from './population-api.ts';

export function useHousehold(id: string | null) {
  return useQuery({ queryKey: ['population', 'household', id], queryFn: () => api.get<Household>(`/api/households/${id}`), enabled: !!id });
}

export function HouseholdMembers({ id, withHeader }: { id: string; withHeader?: boolean }) {
  const t = useT();
  const q = useHousehold(id);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const h = q.data;
  return (
    <div data-testid={`household-${h.householdNo ?? h.id}`}>
      {withHeader && (
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 8 }} items={[
          { key: 'no', label: t('户号', 'Household no.'), children: h.householdNo ?? '—' },
          { key: 'head', label: t('户主', 'Head'), children: h.headName ?? '—' },
          { key: 'kind', label: t('户类型', 'Kind'), children: h.kind === 'family' ? t('家庭户', 'Family') : t('集体户', 'Collective') },
          { key: 'reg', label: t('户籍地址', 'Registered address'), children: h.registeredAddress ?? '—' },
        ]} />
      )}
      <DataTable
        rowKey="id"
        pagination={false}
        dataSource={h.members ?? []}
        locale={{ emptyText: t('暂无成员', 'No members') }}
        columns={[
          { title: t('姓名', 'Name'), dataIndex: 'name', render: (v: string, m) => <Link to={`/population/persons/${m.id}`}>{v}</Link> },
          { title: t('与户主关系', 'Relation'), dataIndex: 'relationToHead', render: (v: string | null) => v ?? '—' },
          { title: t('性别', 'Gender'), dataIndex: 'gender', render: (v: 'M' | 'F' | null) => (v ? label(t, GENDER[v]) : '—') },
          { title: t('年龄', 'Age'), dataIndex: 'age', render: (v: number | null) => ageText(t, v) },
          { title: t('status'), dataIndex: 'status', render: (v: keyof typeof STATUS) => <Tag color={STATUS[v].color}>{label(t, STATUS[v])}</Tag> },
        ]}
      />
    </div>
  );
}
