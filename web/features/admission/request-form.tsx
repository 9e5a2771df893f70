// A department files a task request: what, basis, list item, communities, workload, period, and what it sends along.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Flex, Form, Input, InputNumber, Modal, Select, message } from 'antd';
import { api, applyFieldErrors } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useRegions } from '../../lib/regions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { KIND, type AdmissionList, type AdmissionListDetail, type TaskRequestDetail } from './admission-api.ts';

type Values = {
  title: string; description?: string; legalBasis?: string; listItemId: string; targetCommunityIds: number[]; households: number; hours: number;
  periodStart: string; periodEnd: string; fundsPerCommunity: number; personnel: number; personnelNote?: string; authority?: string;
};

export function RequestForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<TaskRequestDetail | null>(null);
  const regions = useRegions();
  const lists = useQuery({ queryKey: ['admission-lists'], queryFn: () => api.get<AdmissionList[]>('/api/admission/lists') });
  const current = lists.data?.[0];
  const detail = useQuery({ queryKey: ['admission-list', current?.id], enabled: !!current, queryFn: () => api.get<AdmissionListDetail>(`/api/admission/lists/${current!.id}`) });
  const communities = (regions.data ?? []).filter((r) => r.level === 'community' && !r.retiredAt);
  const streetName = (id: number | null) => (regions.data ?? []).find((r) => r.id === id)?.name ?? '';

  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const res = await api.post<TaskRequestDetail>('/api/admission/requests', { ...v, listItemId: v.listItemId === 'none' ? null : v.listItemId });
      await qc.invalidateQueries({ queryKey: ['admission-requests'] });
      if (res.status === 'refused') setResult(res);
      else {
        void message.success(t(`已提交，审核期限 ${res.reviewDue}`, `Filed; review due ${res.reviewDue}`));
        onClose();
      }
    } catch (e) {
      applyFieldErrors(form, e);
      setError(e);
    }
  };

  if (result) {
    return (
      <Modal open title={t('系统自动审核结果', 'Automatic decision')} onCancel={onClose} onOk={onClose} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="error" showIcon title={t('不予准入', 'Refused')} description={result.decisionReason} data-testid="request-auto-refused" />
      </Modal>
    );
  }
  return (
    <Modal open title={t('提交准入事项申请', 'File a task request')} onCancel={onClose} onOk={submit} width={720} okButtonProps={{ id: 'request-submit' }} data-testid="request-form">
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ households: 0, hours: 0, fundsPerCommunity: 0, personnel: 0, listItemId: 'none' }}>
        <Form.Item name="title" label={t('事项名称', 'Task')} rules={[{ required: true, min: 2 }]}><Input data-testid="request-title" /></Form.Item>
        <Form.Item name="listItemId" label={t('对应准入清单事项', 'Admission list item')}>
          <Select data-testid="request-item" showSearch={{ optionFilterProp: 'label' }}
            options={[{ value: 'none', label: t('清单外事项（须街道明确准入）', 'Not on the list') },
              ...(detail.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.code} [${KIND[i.kind].zh}] ${i.title}${i.fundsRequired ? t('（须附经费）', ' (funds)') : ''}` }))]} />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('法律依据', 'Legal basis')}><Input /></Form.Item>
        <Form.Item name="description" label={t('工作内容', 'What to do')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="targetCommunityIds" label={t('下派社区（同一街道）', 'Communities (one street)')} rules={[{ required: true }]}>
          <Select mode="multiple" data-testid="request-communities" showSearch={{ optionFilterProp: 'label' }}
            options={communities.map((c) => ({ value: c.id, label: `${c.name}（${streetName(c.parentId)}）` }))} />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="periodStart" label={t('开始日期', 'Start')} rules={[{ required: true }]} style={{ flex: 1 }}><Input type="date" data-testid="request-start" /></Form.Item>
          <Form.Item name="periodEnd" label={t('结束日期', 'End')} rules={[{ required: true }]} style={{ flex: 1 }}><Input type="date" data-testid="request-end" /></Form.Item>
        </Flex>
        <Flex gap={8}>
          <Form.Item name="households" label={t('涉及户数', 'Households')} style={{ flex: 1 }}><InputNumber min={0} style={{ flex: 1 }} /></Form.Item>
          <Form.Item name="hours" label={t('预估工时', 'Hours')} style={{ flex: 1 }}><InputNumber min={0} style={{ flex: 1 }} data-testid="request-hours" /></Form.Item>
          <Form.Item name="fundsPerCommunity" label={t('每社区经费（元）', 'Funds per community')} style={{ flex: 1 }}><InputNumber min={0} style={{ flex: 1 }} data-testid="request-funds" /></Form.Item>
        </Flex>
        <Flex gap={8}>
          <Form.Item name="personnel" label={t('派出人员（人）', 'Personnel')} style={{ flex: 1 }}><InputNumber min={0} style={{ flex: 1 }} /></Form.Item>
          <Form.Item name="personnelNote" label={t('人员说明', 'Personnel note')} style={{ flex: 1 }}><Input /></Form.Item>
        </Flex>
        <Form.Item name="authority" label={t('下放的权限', 'Authority sent along')}><Input /></Form.Item>
      </Form>
    </Modal>
  );
}
