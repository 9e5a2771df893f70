// 网上办事 (/my/applications): a resident applies from a phone and follows the progress. The applicant is the
// resident's own record in the base: nothing to type but the note.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Input, List, Select, Space, Tag, Typography } from 'antd';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { STATUS, fee, type Application, type ApplicationDetail, type Paged, type PublicService } from './services-api.ts';

function MyApplication({ id }: { id: string }) {
  const t = useT();
  const d = useQuery({ queryKey: ['my-application', id], queryFn: () => api.get<ApplicationDetail>(`/api/my/applications/${id}`) });
  if (!d.data) return null;
  return (
    <div data-testid="my-application-detail">
      {d.data.missing.length > 0 && <Typography.Text type="warning">{t('待补材料：', 'Missing: ')}{d.data.missing.join('、')}</Typography.Text>}
      <List size="small" dataSource={d.data.events} renderItem={(e) => <List.Item>{fmtTime(e.at)} {e.title}</List.Item>} />
    </div>
  );
}

export function MyApplicationsPage() {
  const t = useT();
  const qc = useQueryClient();
  const [itemId, setItemId] = useState<string | undefined>();
  const [provided, setProvided] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);
  const services = useQuery({ queryKey: ['public-services'], queryFn: () => api.get<PublicService[]>('/api/public/services') });
  const mine = useQuery({ queryKey: ['my-applications'], queryFn: () => api.get<Paged<Application>>('/api/my/applications') });
  const item = services.data?.find((s) => s.id === itemId);
  const submit = async () => {
    setError(null);
    try {
      const a = await api.post<ApplicationDetail>('/api/my/applications', { itemId, note, materials: provided.map((key) => ({ key, provided: true })) });
      setItemId(undefined); setProvided([]); setNote('');
      await qc.invalidateQueries({ queryKey: ['my-applications'] });
      setOpen(a.id);
    } catch (e) { setError(e); }
  };
  return (
    <div style={{ maxWidth: 640 }} data-testid="my-applications-page">
      <Card size="small" title={t('网上申请', 'Apply online')} style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select showSearch optionFilterProp="label" placeholder={t('选择服务事项', 'Choose a service')} style={{ width: '100%' }} value={itemId} onChange={(v) => { setItemId(v); setProvided([]); }} data-testid="apply-item"
            options={(services.data ?? []).filter((s) => s.channels.includes('online')).map((s) => ({ value: s.id, label: s.name }))} />
          {item && (
            <>
              <Typography.Text type="secondary">{t(`承诺 ${item.timeLimitDays} 个工作日办结；收费：${fee(item.feeCents)}；${item.conditionsText}`, `${item.timeLimitDays} working days; fee: ${fee(item.feeCents)}`)}</Typography.Text>
              <Typography.Text>{t('我已准备好的材料：', 'Materials I have:')}</Typography.Text>
              <Checkbox.Group value={provided} onChange={(v) => setProvided(v as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                {item.materials.map((m) => <Checkbox key={m.key} value={m.key} data-testid={`apply-material-${m.key}`}>{m.name}</Checkbox>)}
              </Checkbox.Group>
              <Input.TextArea rows={2} placeholder={t('情况说明', 'Note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
              <ErrorAlert error={error} />
              <Button type="primary" block onClick={submit} data-testid="apply-submit">{t('提交申请', 'Submit')}</Button>
            </>
          )}
        </Space>
      </Card>
      <Card size="small" title={t('我的办件', 'My applications')}>
        <ErrorAlert error={mine.error} />
        <List
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: t('暂无办件', 'None yet') }}
          renderItem={(a, i) => (
            <List.Item data-testid={`my-application-${i}`} onClick={() => setOpen(open === a.id ? null : a.id)} style={{ cursor: 'pointer', display: 'block' }}>
              <Space wrap><b>{a.itemName}</b><Tag color={STATUS[a.status].color} data-testid={`my-application-status-${i}`}>{STATUS[a.status].zh}</Tag>{a.currentStep && <Typography.Text type="secondary">{a.currentStep}</Typography.Text>}</Space>
              <div><Typography.Text type="secondary">{a.no}　{fmtTime(a.createdAt)}</Typography.Text></div>
              {open === a.id && <MyApplication id={a.id} />}
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
