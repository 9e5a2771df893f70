// 矛盾纠纷调处 (/grid/mediations), phone first: register a dispute (type, parties, what happened), record each
// mediation step, close it (resolved with the agreement, failed, or referred), and turn it into a case when a
// department has to act.
import { PartyNameInput } from './party-name-input.tsx';
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Collapse, Empty, Form, Input, Radio, Select, Space, Tag, Timeline, Typography, message } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useCurrentUser } from '../../app/auth.tsx';
import { api, errorMessage } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { lbl, options } from '../cases/cases-api.ts';
import { ToCaseButton } from './to-case.tsx';
import { DISPUTE_TYPES, MEDIATION_STATUS, type Mediation, type Paged } from './grid-api.ts';

type NewValues = { disputeType: Mediation['disputeType']; parties: { name: string; role: string; personId?: string }[]; description: string; communityId?: number };
type CloseValues = { status: 'resolved' | 'failed' | 'referred'; result: string; agreement?: string };

function NewMediation({ onSaved }: { onSaved: () => Promise<void> }) {
  const t = useT();
  const me = useCurrentUser();
  const [form] = Form.useForm<NewValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const needsCommunity = me.scope.level !== 'community' && me.scope.level !== 'grid';
  const save = async (v: NewValues) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/grid/mediations', { ...v, parties: v.parties.map((p) => ({ name: p.name, role: p.role || '当事人', personId: p.personId || undefined })) });
      form.resetFields();
      void message.success(t('已登记', 'Registered'));
      await onSaved();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t('登记矛盾纠纷', 'Register a dispute')} style={{ marginBottom: 12 }}>
      <ErrorAlert error={error} />
      <Form<NewValues> form={form} layout="vertical" onFinish={save} initialValues={{ disputeType: 'neighbour', parties: [{ name: '', role: '申请人' }, { name: '', role: '被申请人' }] }}>
        <Form.Item name="disputeType" label={t('纠纷类型', 'Type')}><Select options={options(DISPUTE_TYPES)} data-testid="mediation-type" /></Form.Item>
        {needsCommunity && (
          <Form.Item name="communityId" label={t('所在社区', 'Community')} rules={[{ required: true, message: t('请选择社区', 'Choose the community') }]}><RegionPicker levels={['community']} /></Form.Item>
        )}
        <Form.List name="parties">
          {(fields, { add, remove }) => (
            <Form.Item label={t('当事人', 'Parties')} required>
              {fields.map((f, i) => (
                <Space.Compact key={f.key} block style={{ marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'role']} noStyle><Input style={{ width: '35%' }} placeholder={t('身份', 'Role')} maxLength={20} /></Form.Item>
                  <PartyNameInput form={form} index={f.name} testId={`mediation-party-${i}`} />
                  {fields.length > 2 && <Button icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('删除', 'Remove')} />}
                </Space.Compact>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', role: '当事人' })}>{t('添加当事人', 'Add a party')}</Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="description" label={t('纠纷情况', 'What happened')} rules={[{ required: true, min: 5, message: t('请至少写 5 个字说明纠纷', 'At least 5 characters') }]}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="mediation-description" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="mediation-submit">{t('登记', 'Register')}</Button>
      </Form>
    </Card>
  );
}

function MediationBody({ m, onChanged }: { m: Mediation; onChanged: () => Promise<void> }) {
  const t = useT();
  const [step, setStep] = useState('');
  const [closing, setClosing] = useState(false);
  const [form] = Form.useForm<CloseValues>();
  const status = Form.useWatch('status', form);
  const addStep = async () => {
    try {
      await api.post(`/api/grid/mediations/${m.id}/steps`, { note: step });
      setStep('');
      await onChanged();
    } catch (err) { void message.error(errorMessage(err)); }
  };
  const close = async (v: CloseValues) => {
    await api.post(`/api/grid/mediations/${m.id}/close`, { ...v, agreement: v.agreement || undefined });
    setClosing(false);
    await onChanged();
  };
  return (
    <div data-testid={`mediation-${m.id}`}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>{m.description}</Typography.Paragraph>
      <Typography.Text type="secondary">{m.parties.map((p) => `${p.role}：${p.name}`).join('　')}</Typography.Text>
      <Timeline style={{ marginTop: 12 }} items={[
        { color: 'blue', children: <><b>{t('登记', 'Registered')}</b>　<Typography.Text type="secondary">{m.workerName} {fmtTime(m.openedAt)}</Typography.Text></> },
        ...m.steps.map((s) => ({ children: <><div>{s.note}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.by} {fmtTime(s.at)}</Typography.Text></> })),
        ...(m.closedAt ? [{ color: m.status === 'resolved' ? 'green' : 'red', children: <><b>{lbl(MEDIATION_STATUS[m.status], m.status)}</b>　{m.result}{m.agreement && <div><Typography.Text type="secondary">{t('协议：', 'Agreement: ')}{m.agreement}</Typography.Text></div>}</> }] : []),
      ]} />
      {m.status === 'open' && (
        <Space.Compact block style={{ marginBottom: 8 }}>
          <Input value={step} onChange={(e) => setStep(e.target.value)} maxLength={2000} placeholder={t('记录调解过程', 'Record a step')} data-testid="mediation-step" />
          <Button onClick={addStep} disabled={step.trim().length < 2}>{t('记录', 'Add')}</Button>
        </Space.Compact>
      )}
      <Space wrap>
        {m.status === 'open' && <Button size="small" onClick={() => setClosing(true)} data-testid="mediation-close">{t('结束调解', 'Close')}</Button>}
        <ToCaseButton url={`/api/grid/mediations/${m.id}/case`} caseId={m.caseId} testId={`mediation-to-case-${m.id}`} onDone={() => void onChanged()} />
      </Space>
      {closing && (
        <FormModal<CloseValues> title={t('结束调解', 'Close the mediation')} form={form} onSubmit={close} onClose={() => setClosing(false)} testId="mediation-close-form" initialValues={{ status: 'resolved' }}>
          <Form.Item name="status" label={t('结果', 'Outcome')}><Radio.Group options={['resolved', 'failed', 'referred'].map((k) => ({ value: k, label: lbl(MEDIATION_STATUS[k]) }))} /></Form.Item>
          <Form.Item name="result" label={t('调解结果', 'Result')} rules={[{ required: true, min: 2, message: t('请填写调解结果', 'Give the result') }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          {status === 'resolved' && (
            <Form.Item name="agreement" label={t('调解协议内容', 'Agreement')} rules={[{ required: true, message: t('调解成功请填写协议内容', 'Give the agreement') }]}><Input.TextArea rows={4} maxLength={8000} /></Form.Item>
          )}
        </FormModal>
      )}
    </div>
  );
}

export function MediationsPage() {
  const t = useT();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['grid-mediations'], queryFn: () => api.get<Paged<Mediation>>('/api/grid/mediations', { pageSize: 30 }) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['grid-mediations'] });
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="mediations-page">
      <PageHeader title={t('矛盾纠纷', 'Disputes')} sub={t('排查、调处、留痕；需要部门处理的一键转工单', 'Mediate and record; hand over as a case when needed')} />
      <NewMediation onSaved={refresh} />
      <ErrorAlert error={list.error} />
      <Card size="small" title={t(`调处记录（${list.data?.total ?? 0}）`, `Mediations (${list.data?.total ?? 0})`)}>
        {list.data?.items.length ? (
          <Collapse size="small" items={list.data.items.map((m) => ({
            key: m.id,
            label: (
              <Space wrap size={4}>
                <Tag color={MEDIATION_STATUS[m.status]?.color}>{lbl(MEDIATION_STATUS[m.status], m.status)}</Tag>
                <span>{lbl(DISPUTE_TYPES[m.disputeType])}</span><span>{m.parties.map((p) => p.name).join(' / ')}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(m.openedAt).slice(0, 10)}</Typography.Text>
              </Space>
            ),
            children: <MediationBody m={m} onChanged={refresh} />,
          }))} />
        ) : <Empty description={t('暂无纠纷记录', 'No disputes yet')} />}
      </Card>
    </div>
  );
}
