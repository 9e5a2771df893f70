// 转为工单: a patrol or visit finding, or a mediation, becomes a case in one step (place, description, photos and
// parties are carried over by the server); the worker only picks the category. Plus the findings list and editor.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Form, Input, List, Select, Space, Tag, TreeSelect, Typography, message } from 'antd';
import { PlusOutlined, SwapRightOutlined } from '@ant-design/icons';
import { useCurrentUser } from '../../app/auth.tsx';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PhotoPicker } from '../cases/report-page.tsx';
import { Attachments } from '../cases/case-timeline.tsx';
import { REQUEST_TYPES, URGENCIES, categoryTree, options, uploadFiles, useCategories, type CaseDetail, type CategoryNode } from '../cases/cases-api.ts';
import type { Finding, FindingDraft } from './grid-api.ts';

type Values = { categoryId: string; requestType: keyof typeof REQUEST_TYPES; urgency?: 'normal' | 'urgent' | 'critical'; title?: string };
type TreeOption = { value: string; title: string; selectable: boolean; children: TreeOption[] };
const toTree = (n: CategoryNode): TreeOption => ({ value: n.id, title: n.name, selectable: true, children: n.children.map(toTree) });

export function ToCaseButton({ url, caseId, testId, onDone }: { url: string; caseId: string | null; testId: string; onDone?: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const cats = useCategories();
  if (caseId) return <Button size="small" type="link" onClick={() => navigate(`/cases/${caseId}`)} data-testid={`${testId}-case`}>{t('查看工单', 'Open case')}</Button>;
  const submit = async (v: Values) => {
    const c = await api.post<CaseDetail>(url, { ...v, title: v.title || undefined });
    void message.success(t(`已转为工单 ${c.caseNo}`, `Case ${c.caseNo} created`));
    setOpen(false);
    onDone?.();
  };
  return (
    <>
      <Button size="small" type="primary" ghost icon={<SwapRightOutlined />} onClick={() => setOpen(true)} data-testid={testId}>{t('转为工单', 'Make a case')}</Button>
      {open && (
        <FormModal<Values> title={t('转为工单', 'Make a case')} form={form} onSubmit={submit} onClose={() => setOpen(false)} testId={`${testId}-form`} initialValues={{ requestType: 'report' }} submitText={t('转为工单', 'Make a case')}>
          <Form.Item name="categoryId" label={t('事件分类', 'Category')} rules={[{ required: true, message: t('请选择分类', 'Choose a category') }]}>
            <TreeSelect treeData={categoryTree(cats.data ?? []).map(toTree)} showSearch={{ treeNodeFilterProp: 'title' }} data-testid={`${testId}-category`} />
          </Form.Item>
          <Form.Item name="requestType" label={t('诉求类型', 'Request type')}><Select options={options(REQUEST_TYPES)} /></Form.Item>
          <Form.Item name="urgency" label={t('紧急程度', 'Urgency')} extra={t('不选则按分类默认', 'Default: from the category')}><Select allowClear options={options(URGENCIES)} /></Form.Item>
          <Form.Item name="title" label={t('标题（可选）', 'Title (optional)')}><Input maxLength={80} /></Form.Item>
        </FormModal>
      )}
    </>
  );
}

/** Saved findings of a patrol or visit, each with its one-step conversion to a case. */
export function FindingsList({ findings, onChanged }: { findings: Finding[]; onChanged: () => void }) {
  const t = useT();
  if (!findings.length) return null;
  return (
    <List size="small" dataSource={findings} renderItem={(f) => (
      <List.Item style={{ display: 'block', paddingInline: 0 }} data-testid={`finding-${f.id}`}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
          <div>
            <Typography.Text>{f.description}</Typography.Text>
            {f.address && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.address}</Typography.Text></div>}
          </div>
          {f.caseId ? <Tag color="green">{t('已转工单', 'Case made')}</Tag> : null}
        </Space>
        <Attachments ids={f.photos} />
        <div><ToCaseButton url={`/api/grid/findings/${f.id}/case`} caseId={f.caseId} testId={`finding-to-case-${f.id}`} onDone={onChanged} /></div>
      </List.Item>
    )} />
  );
}

/** Findings typed during a patrol or visit: description, place and photos; photos upload as soon as they are added. */
export function FindingsEditor({ value, onChange, testId = 'finding' }: { value: FindingDraft[]; onChange: (v: FindingDraft[]) => void; testId?: string }) {
  const t = useT();
  const me = useCurrentUser();
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const ids = (await uploadFiles(photos, me.csrfToken)).map((f) => f.id);
      onChange([...value, { description: description.trim(), address: address.trim() || undefined, photos: ids }]);
      setDescription(''); setAddress(''); setPhotos([]);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <Card size="small" type="inner" title={t(`发现的问题（${value.length}）`, `Findings (${value.length})`)}>
      <List size="small" dataSource={value} locale={{ emptyText: t('暂无', 'None yet') }} renderItem={(f, i) => (
        <List.Item style={{ paddingInline: 0 }} actions={[<Button key="x" size="small" type="link" danger onClick={() => onChange(value.filter((_, j) => j !== i))}>{t('删除', 'Remove')}</Button>]}>
          <div>{f.description}{f.address && <Typography.Text type="secondary">　{f.address}</Typography.Text>}{f.photos.length > 0 && <Tag style={{ marginInlineStart: 6 }}>{t(`${f.photos.length} 张照片`, `${f.photos.length} photos`)}</Tag>}</div>
        </List.Item>
      )} />
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
        <Input.TextArea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} placeholder={t('发现了什么问题', 'What did you find')} data-testid={`${testId}-description`} />
        <Input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} placeholder={t('地点', 'Place')} data-testid={`${testId}-address`} />
        <PhotoPicker files={photos} onChange={setPhotos} testId={`${testId}-photos`} />
        <Button icon={<PlusOutlined />} block disabled={description.trim().length < 2} loading={busy} onClick={add} data-testid={`${testId}-add`}>{t('添加问题', 'Add finding')}</Button>
      </Space>
    </Card>
  );
}
