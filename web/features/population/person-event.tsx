// Record a dated event for a person: move in, move out, birth, death, change of household. The server changes the
// person's status (moved out, deceased) and keeps the event on the timeline.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Select, message } from 'antd';
import dayjs from 'dayjs';
import { eventInput } from '../../../contracts/population.ts';
import { api } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useT } from '../../lib/i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { EVENT_KIND, PERSON_KEY, label, type EventKind, type Household, type Paged, type Person } from './population-api.ts';

type Values = { kind: EventKind; date: string; note?: string; householdId?: string };

function HouseholdSelect({ value, onChange }: { value?: string; onChange?: (v: string | undefined) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['population', 'households', 'pick', q], queryFn: () => api.get<Paged<Household>>('/api/households', { q: q || undefined, pageSize: 20 }) });
  return (
    <Select
      allowClear
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={found.isFetching}
      placeholder={t('户号、户主姓名', 'Household no. or head')}
      options={(found.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.householdNo ?? '—'} ${h.headName ?? ''} ${h.address ?? ''}` }))}
    />
  );
}

export function EventModal({ person, onClose }: { person: Person; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = zodRules(eventInput);
  const kind = Form.useWatch('kind', form);
  const needsHousehold = kind === 'move_in' || kind === 'household_change';
  return (
    <FormModal<Values>
      title={t(`记录事件：${person.name}`, `Record an event: ${person.name}`)}
      form={form}
      testId="event-form"
      initialValues={{ date: dayjs().format('YYYY-MM-DD') }}
      onClose={onClose}
      onSubmit={async (v) => {
        await api.post(`/api/persons/${person.id}/events`, { kind: v.kind, date: v.date, note: v.note?.trim() || null, householdId: needsHousehold ? v.householdId : undefined });
        void message.success(t('事件已记录', 'Event recorded'));
        await qc.invalidateQueries({ queryKey: ['population'] });
        onClose();
      }}
    >
      <Form.Item name="kind" label={t('事件', 'Event')} rules={[{ required: true, message: t('请选择事件', 'Choose the event') }]}>
        <Select data-testid="event-form-kind" options={Object.entries(EVENT_KIND).map(([k, v]) => ({ value: k, label: label(t, v) }))} />
      </Form.Item>
      {(kind === 'death' || kind === 'move_out') && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={kind === 'death'
          ? t('记录后该人员状态变为「已死亡」，不再计入在住人口。', 'The person will be marked deceased and leave the living population.')
          : t('记录后该人员状态变为「已迁出」。', 'The person will be marked as moved out.')} />
      )}
      <Form.Item name="date" label={t('日期', 'Date')} rules={rules.date} required><Input type="date" data-testid="event-form-date" /></Form.Item>
      {needsHousehold && <Form.Item name="householdId" label={t('迁入的户', 'Household')}><HouseholdSelect /></Form.Item>}
      <Form.Item name="note" label={t('说明', 'Note')} rules={rules.note}><Input.TextArea rows={2} maxLength={200} data-testid="event-form-note" /></Form.Item>
    </FormModal>
  );
}
