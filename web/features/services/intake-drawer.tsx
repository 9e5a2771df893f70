// 窗口受理: find the applicant → choose the service → the form fills from the base → tick the materials → accept.
// Missing materials give the one-time notice (一次性告知书) to print; the receipt (回执) is printed either way.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Drawer, Input, Result, Select, Space, Tag } from 'antd';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PersonPicker, type PersonBrief } from '../../components/person-picker.tsx';
import type { ApplicationDetail, Prefill, ServiceItem } from './services-api.ts';

export function IntakeDrawer({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [person, setPerson] = useState<PersonBrief | null>(null);
  const [itemId, setItemId] = useState<string | undefined>();
  const [provided, setProvided] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [created, setCreated] = useState<ApplicationDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const items = useQuery({ queryKey: ['service-items'], queryFn: () => api.get<ServiceItem[]>('/api/service-items') });
  const pre = useQuery({
    queryKey: ['prefill', itemId, person?.id],
    queryFn: () => api.get<Prefill>('/api/applications/prefill', { itemId, personId: person!.id }),
    enabled: !!itemId && !!person,
  });
  const close = () => { setPerson(null); setItemId(undefined); setProvided([]); setNote(''); setCreated(null); setError(null); onClose(); };
  const submit = async () => {
    setError(null);
    try {
      const a = await api.post<ApplicationDetail>('/api/applications', { itemId, personId: person!.id, note, materials: provided.map((key) => ({ key, provided: true })) });
      setCreated(a);
      onDone();
    } catch (e) { setError(e); }
  };

  return (
    <Drawer open={open} onClose={close} size="large" title={t('窗口受理', 'Window intake')} data-testid="intake-drawer">
      {created ? (
        <Result
          status={created.missing.length ? 'warning' : 'success'}
          title={created.missing.length ? t('材料不齐，请打印一次性告知书', 'Materials missing: print the one-time notice') : t('已受理', 'Accepted')}
          subTitle={<span data-testid="intake-no">{created.no}</span>}
          extra={[
            <Button key="r" type="primary" href={`/api/applications/${created.id}/receipt.pdf`} target="_blank">{t('打印回执', 'Print receipt')}</Button>,
            ...(created.missing.length ? [<Button key="n" href={`/api/applications/${created.id}/notice.pdf`} target="_blank" data-testid="intake-notice">{t('一次性告知书', 'One-time notice')}</Button>] : []),
            <Button key="c" onClick={close}>{t('完成', 'Done')}</Button>,
          ]}
        />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {person ? <Space><b>{person.name}</b>{person.docMasked}<Button size="small" onClick={() => setPerson(null)}>{t('重新选择', 'Change')}</Button></Space>
            : <PersonPicker url="/api/applications/persons" onSelect={setPerson} testId="intake-person" />}
          <Select showSearch optionFilterProp="label" placeholder={t('选择服务事项', 'Choose the service')} style={{ width: '100%' }} value={itemId}
            onChange={(v) => { setItemId(v); setProvided([]); }} data-testid="intake-item"
            options={(items.data ?? []).filter((i) => i.active && i.channels.includes('window')).map((i) => ({ value: i.id, label: i.name }))} />
          <ErrorAlert error={pre.error} />
          {pre.data && (
            <>
              <Descriptions size="small" bordered column={2} items={[
                { key: 'n', label: t('姓名', 'Name'), children: pre.data.person.name },
                { key: 'g', label: t('性别/年龄', 'Gender/age'), children: `${pre.data.person.gender ?? ''} ${pre.data.person.age ?? ''}` },
                { key: 'd', label: t('证件号码', 'ID'), children: pre.data.person.docMasked },
                { key: 'p', label: t('电话', 'Phone'), children: pre.data.person.phoneMasked ?? '—' },
                { key: 'a', label: t('住址', 'Address'), children: pre.data.person.address, span: 2 },
                { key: 't', label: t('标签', 'Tags'), children: pre.data.person.tags.map((x) => <Tag key={x}>{x}</Tag>), span: 2 },
              ]} />
              {!pre.data.eligible && <Alert type="error" showIcon title={t('不符合申请条件', 'Not eligible')} description={pre.data.problems.join('；')} />}
              <Checkbox.Group value={provided} onChange={(v) => setProvided(v as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                {pre.data.materials.map((m) => <Checkbox key={m.key} value={m.key} data-testid={`material-${m.key}`}>{m.name}{m.required ? '' : t('（如有）', ' (if any)')}{m.note && <span style={{ color: '#888' }}>　{m.note}</span>}</Checkbox>)}
              </Checkbox.Group>
              <Input.TextArea rows={2} placeholder={t('备注', 'Note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
              <ErrorAlert error={error} />
              <Button type="primary" disabled={!pre.data.eligible} onClick={submit} data-testid="intake-submit">{t('受理', 'Accept')}</Button>
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}
