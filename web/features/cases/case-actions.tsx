// The workflow buttons of a case: exactly the actions the server lists in `allowedActions` for this user and this
// state, each opening a small form with the fields that action needs. The server re-checks everything.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, InputNumber, Radio, Select, Space, Switch, TreeSelect } from 'antd';
import { useCurrentUser } from '../../app/auth.tsx';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { useDepartments } from '../../lib/accounts.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { PhotoPicker } from './report-page.tsx';
import { RATINGS, URGENCIES, categoryTree, options, uploadFiles, useCategories, type CaseDetail, type CaseItem, type CategoryNode } from './cases-api.ts';

type Field = 'note' | 'reason' | 'handleNote' | 'text' | 'days' | 'approve' | 'rating' | 'target' | 'merge' | 'recategorise' | 'files';
type ActionUi = { zh: string; en: string; path: string; fields: Field[]; primary?: boolean; danger?: boolean };

export const ACTION_UI: Record<string, ActionUi> = {
  accept: { zh: '受理', en: 'Accept', path: 'accept', fields: ['recategorise', 'note'], primary: true },
  dispatch: { zh: '交办', en: 'Dispatch', path: 'dispatch', fields: ['target', 'note'], primary: true },
  sign: { zh: '签收', en: 'Sign for it', path: 'sign', fields: ['note'], primary: true },
  handle: { zh: '办结', en: 'Handled', path: 'handle', fields: ['handleNote', 'files'], primary: true },
  reply: { zh: '答复', en: 'Reply', path: 'reply', fields: ['text', 'files'], primary: true },
  callback: { zh: '回访', en: 'Call back', path: 'callback', fields: ['rating', 'note'] },
  close: { zh: '结案', en: 'Close', path: 'close', fields: ['note'] },
  archive: { zh: '归档', en: 'Archive', path: 'archive', fields: ['note'] },
  return: { zh: '退回', en: 'Return', path: 'return', fields: ['reason'], danger: true },
  reject: { zh: '不予受理', en: 'Reject', path: 'reject', fields: ['reason'], danger: true },
  reopen: { zh: '重办', en: 'Reopen', path: 'reopen', fields: ['reason'] },
  pause: { zh: '挂起', en: 'Pause', path: 'pause', fields: ['reason'] },
  resume: { zh: '恢复办理', en: 'Resume', path: 'resume', fields: ['note'] },
  request_extension: { zh: '申请延期', en: 'Ask for more time', path: 'extensions', fields: ['days', 'reason'] },
  decide_extension: { zh: '审批延期', en: 'Decide extension', path: 'extensions/decide', fields: ['approve', 'note'] },
  supervise: { zh: '督办', en: 'Supervise', path: 'supervise', fields: ['note'], danger: true },
  urge: { zh: '催办', en: 'Urge', path: 'urge', fields: ['note'], danger: true },
  merge: { zh: '合并', en: 'Merge', path: 'merge', fields: ['merge', 'note'] },
};

type Values = {
  note?: string; reason?: string; text?: string; days?: number; approve?: boolean; rating?: string; resolved?: boolean;
  assigneeType?: 'community' | 'street' | 'department'; departmentId?: string; intoId?: string; categoryId?: string; urgency?: string;
};
type TreeOption = { value: string; title: string; children: TreeOption[] };
const toTree = (n: CategoryNode): TreeOption => ({ value: n.id, title: n.name, children: n.children.map(toTree) });

/** Dispatch target: community / street / department, pre-filled from the category's default handling unit. */
function TargetFields({ c }: { c: CaseDetail }) {
  const t = useT();
  const depts = useDepartments();
  const form = Form.useFormInstance<Values>();
  const type = Form.useWatch('assigneeType', form);
  return (
    <>
      <Form.Item name="assigneeType" label={t('交办给', 'Dispatch to')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" data-testid="dispatch-type" options={[
          { value: 'community', label: t(`社区（${c.communityName}）`, `Community (${c.communityName})`) },
          { value: 'street', label: t('所在街道', 'Its street') },
          { value: 'department', label: t('职能部门', 'Department') },
        ]} />
      </Form.Item>
      {type === 'department' && (
        <Form.Item name="departmentId" label={t('部门', 'Department')} rules={[{ required: true, message: t('请选择部门', 'Choose the department') }]}>
          <Select showSearch optionFilterProp="label" loading={depts.isLoading} data-testid="dispatch-department"
            options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))} placeholder={t('选择承办部门', 'Choose a department')} />
        </Form.Item>
      )}
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('小事不出社区、大事不出街道；专业问题交职能部门', 'Small matters stay in the community, big ones in the street; specialist ones go to a department')} />
    </>
  );
}

function MergeField({ c }: { c: CaseDetail }) {
  const t = useT();
  const dup = useQuery({ queryKey: ['case-duplicates', c.id], queryFn: () => api.get<CaseItem[]>(`/api/cases/${c.id}/duplicates`) });
  return (
    <Form.Item name="intoId" label={t('并入主件', 'Merge into')} rules={[{ required: true, message: t('请选择要并入的工单', 'Choose the case to merge into') }]}
      extra={dup.data && !dup.data.length ? t('没有找到同一地点、同一分类的近期诉求', 'No recent case at the same place and category') : undefined}>
      <Select loading={dup.isLoading} data-testid="merge-into" options={(dup.data ?? []).map((d) => ({ value: d.id, label: `${d.caseNo} ${d.title}（${d.statusName}）` }))} />
    </Form.Item>
  );
}

function ActionModal({ c, action, onClose, onDone }: { c: CaseDetail; action: string; onClose: () => void; onDone: () => Promise<void> }) {
  const t = useT();
  const me = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const cats = useCategories();
  const ui = ACTION_UI[action];
  const has = (f: Field) => ui.fields.includes(f);
  const depts = useDepartments();
  const cat = cats.data?.find((x) => x.id === c.categoryId);
  const suggestedDept = cat?.departmentCode ? depts.data?.find((d) => d.code === cat.departmentCode)?.id : undefined;

  const submit = async (v: Values) => {
    const attachments = has('files') ? (await uploadFiles(files, me.csrfToken)).map((f) => f.id) : [];
    const body: Record<string, unknown> = { version: c.version, attachments };
    if (v.note) body.note = v.note;
    if (has('reason')) body.reason = v.reason;
    if (has('handleNote')) body.note = v.note;
    if (has('text')) body.text = v.text;
    if (has('days')) body.days = v.days;
    if (has('approve')) body.approve = !!v.approve;
    if (has('rating')) Object.assign(body, { rating: v.rating, resolved: !!v.resolved });
    if (has('target')) Object.assign(body, { assigneeType: v.assigneeType, departmentId: v.assigneeType === 'department' ? v.departmentId : undefined });
    if (has('merge')) body.intoId = v.intoId;
    if (has('recategorise')) Object.assign(body, { categoryId: v.categoryId !== c.categoryId ? v.categoryId : undefined, urgency: v.urgency !== c.urgency ? v.urgency : undefined });
    await api.post<CaseDetail>(`/api/cases/${c.id}/${ui.path}`, body);
    await onDone();
  };

  return (
    <FormModal<Values> title={`${t(ui.zh, ui.en)} · ${c.caseNo}`} form={form} onSubmit={submit} onClose={onClose} testId={`action-${action}`} submitText={t(ui.zh, ui.en)}
      initialValues={{ assigneeType: cat?.unitType ?? 'community', departmentId: suggestedDept, categoryId: c.categoryId, urgency: c.urgency, approve: true, resolved: true, days: 3 }}>
      {has('recategorise') && (
        <Flex gap={12}>
          <Form.Item name="categoryId" label={t('分类（可更正）', 'Category')} style={{ flex: 2 }}>
            <TreeSelect treeData={categoryTree(cats.data ?? []).map(toTree)} showSearch={{ treeNodeFilterProp: 'title' }} />
          </Form.Item>
          <Form.Item name="urgency" label={t('紧急程度', 'Urgency')} style={{ flex: 1 }}><Select options={options(URGENCIES)} /></Form.Item>
        </Flex>
      )}
      {has('target') && <TargetFields c={c} />}
      {has('merge') && <MergeField c={c} />}
      {has('rating') && (
        <>
          <Form.Item name="rating" label={t('回访评价', 'Rating')} rules={[{ required: true }]}><Radio.Group options={options(RATINGS)} /></Form.Item>
          <Form.Item name="resolved" label={t('问题已解决', 'Solved')} valuePropName="checked"><Switch /></Form.Item>
        </>
      )}
      {has('days') && (
        <Form.Item name="days" label={t('延期工作日', 'Extra working days')} rules={[{ required: true }]}><InputNumber min={1} max={30} /></Form.Item>
      )}
      {has('approve') && (
        <Form.Item name="approve" label={t('审批结果', 'Decision')}>
          <Radio.Group options={[{ value: true, label: t('批准', 'Approve') }, { value: false, label: t('不批准', 'Refuse') }]} />
        </Form.Item>
      )}
      {has('reason') && (
        <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true, min: 2, message: t('请填写原因', 'Give a reason') }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid={`action-${action}-reason`} />
        </Form.Item>
      )}
      {has('handleNote') && (
        <Form.Item name="note" label={t('办理情况', 'What was done')} rules={[{ required: true, min: 2, message: t('请填写办理情况', 'Describe what was done') }]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid={`action-${action}-note`} />
        </Form.Item>
      )}
      {has('text') && (
        <Form.Item name="text" label={t('答复内容（居民可见）', 'Reply (the resident reads it)')} rules={[{ required: true, min: 2, message: t('请填写答复内容', 'Write the reply') }]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid={`action-${action}-text`} />
        </Form.Item>
      )}
      {has('note') && (
        <Form.Item name="note" label={t('说明（可选）', 'Note (optional)')}><Input.TextArea rows={2} maxLength={2000} data-testid={`action-${action}-note`} /></Form.Item>
      )}
      {has('files') && <Form.Item label={t('附件、照片', 'Attachments')}><PhotoPicker files={files} onChange={setFiles} testId={`action-${action}-files`} /></Form.Item>}
    </FormModal>
  );
}

export function CaseActions({ c, onDone }: { c: CaseDetail; onDone: () => Promise<void> }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  const actions = c.allowedActions.filter((a) => ACTION_UI[a]);
  if (!actions.length) return null;
  return (
    <>
      <Space wrap data-testid="case-actions">
        {actions.map((a) => (
          <Button key={a} type={ACTION_UI[a].primary ? 'primary' : 'default'} danger={ACTION_UI[a].danger} onClick={() => setOpen(a)} data-testid={`case-action-${a}`}>
            {a === 'dispatch' && c.status === 'returned' ? t('改派', 'Reassign') : t(ACTION_UI[a].zh, ACTION_UI[a].en)}
          </Button>
        ))}
      </Space>
      {open && <ActionModal c={c} action={open} onClose={() => setOpen(null)} onDone={async () => { setOpen(null); await onDone(); }} />}
    </>
  );
}
