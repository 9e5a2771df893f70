// 入户走访 (/grid/visits), phone first: choose the household (from the population base), tick who was met, the visit
// type, notes, findings and the next visit date; the log below lists visits and turns findings into cases.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Collapse, DatePicker, Empty, Form, Input, Select, Space, Tag, Typography, message } from 'antd';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import type { household } from '../../../contracts/population.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { lbl, options } from '../cases/cases-api.ts';
import { FindingsEditor, FindingsList } from './to-case.tsx';
import { VISIT_TYPES, type FindingDraft, type Paged, type Visit } from './grid-api.ts';

type Household = z.infer<typeof household>;
type Values = { householdId: string; visitType: Visit['visitType']; personsMet: string[]; notes?: string; nextVisitDate?: Dayjs };

function VisitForm({ onSaved }: { onSaved: () => Promise<void> }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState('');
  const [findings, setFindings] = useState<FindingDraft[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const householdId = Form.useWatch('householdId', form);
  const found = useQuery({ queryKey: ['households', q], queryFn: () => api.get<Paged<Household>>('/api/households', { q: q || undefined, pageSize: 20 }) });
  const chosen = useQuery({ queryKey: ['household', householdId], queryFn: () => api.get<Household>(`/api/households/${householdId}`), enabled: !!householdId });
  const save = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/grid/visits', { householdId: v.householdId, visitType: v.visitType, personsMet: v.personsMet ?? [], notes: v.notes || undefined,
        nextVisitDate: v.nextVisitDate?.format('YYYY-MM-DD'), findings });
      form.resetFields();
      setFindings([]);
      void message.success(t('走访已记录', 'Visit recorded'));
      await onSaved();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t('记录一次走访', 'Record a visit')} style={{ marginBottom: 12 }}>
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" onFinish={save} initialValues={{ visitType: 'routine', personsMet: [] }}>
        <Form.Item name="householdId" label={t('走访户', 'Household')} rules={[{ required: true, message: t('请选择户', 'Choose the household') }]}>
          <Select showSearch filterOption={false} onSearch={setQ} loading={found.isFetching} data-testid="visit-household"
            placeholder={t('输入户主姓名或户号查找', 'Head of household or household number')}
            onChange={() => form.setFieldValue('personsMet', [])}
            options={(found.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.headName ?? t('（无户主）', '(no head)')}　${h.address ?? h.registeredAddress ?? ''}` }))} />
        </Form.Item>
        {chosen.data?.members && (
          <Form.Item name="personsMet" label={t('见到的人员', 'Persons met')}>
            <Checkbox.Group options={chosen.data.members.filter((m) => m.status === 'living').map((m) => ({ value: m.id, label: `${m.name}${m.relationToHead ? `（${m.relationToHead}）` : ''}` }))} />
          </Form.Item>
        )}
        <Form.Item name="visitType" label={t('走访类型', 'Visit type')}><Select options={options(VISIT_TYPES)} data-testid="visit-type" /></Form.Item>
        <Form.Item name="notes" label={t('情况记录', 'Notes')}><Input.TextArea rows={3} maxLength={4000} data-testid="visit-notes" /></Form.Item>
        <FindingsEditor value={findings} onChange={setFindings} testId="visit-finding" />
        <Form.Item name="nextVisitDate" label={t('下次走访日期', 'Next visit')} style={{ marginTop: 12 }}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="visit-submit">{t('保存走访记录', 'Save the visit')}</Button>
      </Form>
    </Card>
  );
}

export function VisitsPage() {
  const t = useT();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['grid-visits'], queryFn: () => api.get<Paged<Visit>>('/api/grid/visits', { pageSize: 30 }) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['grid-visits'] });
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="visits-page">
      <PageHeader title={t('入户走访', 'Household visits')} sub={t('分片包户，走访留痕', 'Every visit on record')} />
      <VisitForm onSaved={refresh} />
      <ErrorAlert error={list.error} />
      <Card size="small" title={t(`走访记录（${list.data?.total ?? 0}）`, `Visits (${list.data?.total ?? 0})`)}>
        {list.data?.items.length ? (
          <Collapse size="small" items={list.data.items.map((v) => ({
            key: v.id,
            label: (
              <Space wrap size={4}>
                <span>{fmtTime(v.visitedAt).slice(0, 10)}</span><span>{v.address ?? v.householdNo ?? ''}</span><Tag>{lbl(VISIT_TYPES[v.visitType])}</Tag>
                {v.findings.length > 0 && <Tag color="orange">{t(`${v.findings.length} 个问题`, `${v.findings.length} findings`)}</Tag>}
              </Space>
            ),
            children: (
              <div>
                <Typography.Text type="secondary">{v.workerName}{v.personsMet.length > 0 && t(`　见到：${v.personsMet.map((p) => p.name).join('、')}`, `　Met: ${v.personsMet.map((p) => p.name).join(', ')}`)}</Typography.Text>
                {v.notes && <Typography.Paragraph style={{ margin: '4px 0' }}>{v.notes}</Typography.Paragraph>}
                {v.nextVisitDate && <div><Typography.Text type="secondary">{t('下次走访：', 'Next visit: ')}{v.nextVisitDate}</Typography.Text></div>}
                <FindingsList findings={v.findings} onChanged={refresh} />
              </div>
            ),
          }))} />
        ) : <Empty description={t('暂无走访记录', 'No visits yet')} />}
      </Card>
    </div>
  );
}
