// A mediation party's name: typed freely, or picked from the population base (then the party is linked by
// personId and nobody re-types the person). GET /api/persons is scoped by the server.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Form, Input } from 'antd';
import type { FormInstance } from 'antd';
import { api, type Paged } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';

type PersonHit = { id: string; name: string; docNumber: string | null; communityName: string | null };

export function PartyNameInput({ form, index, testId }: { form: FormInstance; index: number; testId: string }) {
  const t = useT();
  const [term, setTerm] = useState('');
  const hits = useQuery({
    queryKey: ['party-persons', term],
    queryFn: () => api.get<Paged<PersonHit>>('/api/persons', { q: term, pageSize: 8 }),
    enabled: term.length > 0,
  });
  const linked = Form.useWatch(['parties', index, 'personId'], form);
  return (
    <>
      <Form.Item name={[index, 'personId']} hidden><Input /></Form.Item>
      <Form.Item name={[index, 'name']} noStyle rules={[{ required: true, message: t('请填写姓名', 'Name') }]}>
        <AutoComplete
          style={{ width: '65%' }}
          data-testid={testId}
          placeholder={linked ? undefined : t('姓名（输入可从人口库选择）', 'Name (type to pick from the base)')}
          onSearch={(s) => {
            setTerm(s.trim());
            // Typing again unlinks a previously picked person.
            form.setFieldValue(['parties', index, 'personId'], undefined);
          }}
          onSelect={(_v, option) => form.setFieldValue(['parties', index, 'personId'], (option as { personId: string }).personId)}
          options={(hits.data?.items ?? []).map((p) => ({ value: p.name, personId: p.id, label: `${p.name} ${p.docNumber ?? ''} ${p.communityName ?? ''}`.trim() }))}
        />
      </Form.Item>
    </>
  );
}
