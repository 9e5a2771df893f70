// Finding a person at a counter (certificates, the service hall's window): name, initials, the last four ID
// digits or a full ID number; the results are masked. `url` is the module's scoped lookup endpoint.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Input, List, Tag, Typography } from 'antd';
import { api } from '../lib/api.ts';
import { useT } from '../lib/i18n.ts';
import { ErrorAlert } from './error-alert.tsx';

export type PersonBrief = { id: string; name: string; gender: string | null; birthYear: number | null; docMasked: string | null; address: string; communityName: string };

export function PersonPicker({ url, selected, onSelect, testId = 'person' }: { url: string; selected?: PersonBrief | null; onSelect: (p: PersonBrief) => void; testId?: string }) {
  const t = useT();
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['person-lookup', url, q], queryFn: () => api.get<PersonBrief[]>(url, { q }), enabled: q.length > 0 });
  return (
    <div>
      <Input.Search
        allowClear
        enterButton={t('查找', 'Find')}
        placeholder={t('姓名、拼音首字母、证件号后四位或完整证件号', 'Name, initials, last 4 ID digits or the full ID')}
        onSearch={(v) => setQ(v.trim())}
        data-testid={`${testId}-search`}
      />
      <ErrorAlert error={found.error} style={{ marginTop: 8 }} />
      {q && (
        <List
          size="small"
          loading={found.isFetching}
          style={{ marginTop: 8 }}
          locale={{ emptyText: t('本辖区没有找到', 'No one found in your area') }}
          dataSource={found.data ?? []}
          renderItem={(p, i) => (
            <List.Item
              data-testid={`${testId}-result-${i}`}
              onClick={() => onSelect(p)}
              style={{ cursor: 'pointer', background: selected?.id === p.id ? '#e6f4ff' : undefined, paddingInline: 8 }}
            >
              <List.Item.Meta
                title={<>{p.name} {p.gender && <Tag>{p.gender}</Tag>}{p.birthYear && <Typography.Text type="secondary">{p.birthYear}{t('年生', '')}</Typography.Text>}</>}
                description={`${p.docMasked ?? ''}　${p.address}`}
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
