// Pickers that tie a case to the population base instead of re-typing: a building of the community and
// persons found by name, initials or ID digits (GET /api/buildings, GET /api/persons; both scoped by the server).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api, type Paged } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';

type Building = { id: string; name: string; address: string | null };
type PersonHit = { id: string; name: string; docNumber: string | null; communityName: string | null };

export function BuildingSelect({ communityId, value, onChange }: { communityId?: number; value?: string; onChange?: (v: string | undefined) => void }) {
  const t = useT();
  const q = useQuery({
    queryKey: ['case-buildings', communityId ?? 'scope'],
    queryFn: () => api.get<Paged<Building>>('/api/buildings', { communityId, pageSize: 200 }),
  });
  return (
    <Select allowClear showSearch={{ optionFilterProp: 'label' }} value={value} onChange={onChange} loading={q.isLoading} data-testid="new-case-building"
      placeholder={t('选择楼栋（可选）', 'Building (optional)')}
      options={(q.data?.items ?? []).map((b) => ({ value: b.id, label: b.address ? `${b.name}（${b.address}）` : b.name }))} />
  );
}

export function PersonsSelect({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const t = useT();
  const [term, setTerm] = useState('');
  const [known, setKnown] = useState<Record<string, string>>({});
  const q = useQuery({
    queryKey: ['case-persons', term],
    queryFn: () => api.get<Paged<PersonHit>>('/api/persons', { q: term, pageSize: 10 }),
    enabled: term.length > 0,
  });
  const hits = (q.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.docNumber ?? ''} ${p.communityName ?? ''}`.trim() }));
  // Keep labels of chosen persons after the search text changes.
  const chosen = (value ?? []).filter((id) => !hits.some((h) => h.value === id)).map((id) => ({ value: id, label: known[id] ?? id }));
  return (
    <Select mode="multiple" value={value} filterOption={false} showSearch onSearch={(s) => setTerm(s.trim())} loading={q.isFetching} data-testid="new-case-persons"
      placeholder={t('输入姓名、拼音首字母或证件号后四位查找', 'Search by name, initials or last 4 ID digits')}
      notFoundContent={term ? t('本辖区没有找到', 'No one found in your area') : null}
      onChange={(ids: string[]) => {
        setKnown((k) => ({ ...k, ...Object.fromEntries(hits.filter((h) => ids.includes(h.value)).map((h) => [h.value, h.label])) }));
        onChange?.(ids);
      }}
      options={[...chosen, ...hits]} />
  );
}
