// 我要反映 (/my/cases/new): a resident reports a problem from a phone — category, request type, description,
// photos (uploaded through POST /api/files), the place, and anonymity. Then straight to its progress page.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Cascader, Flex, Form, Input, Radio, Switch, Typography } from 'antd';
import { CameraOutlined, CloseCircleFilled } from '@ant-design/icons';
import { reportCaseBody } from '../../../contracts/cases.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { api, applyFieldErrors } from '../../lib/api.ts';
import { zodRule } from '../../lib/form.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { REQUEST_TYPES, REQUEST_TYPE_KEYS, categoryTree, lbl, uploadFiles, useCategories, type CategoryNode, type MyCase } from './cases-api.ts';

type Values = { category: string[]; requestType: keyof typeof REQUEST_TYPES; description: string; address: string; anonymous: boolean };
type CascaderOption = { value: string; label: string; children?: CascaderOption[] };

const MAX_PHOTOS = 9;

const toOption = (n: CategoryNode): CascaderOption => ({ value: n.id, label: n.name, children: n.children.length ? n.children.map(toOption) : undefined });

/** Photos chosen on the phone, previewed before upload; uploaded only when the report is sent. */
export function PhotoPicker({ files, onChange, testId }: { files: File[]; onChange: (f: File[]) => void; testId: string }) {
  const t = useT();
  const urls = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  return (
    <Flex wrap gap={8} data-testid={`${testId}-previews`}>
      {urls.map((u, i) => (
        <div key={u} style={{ position: 'relative', width: 72, height: 72 }}>
          <img src={u} alt="" style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6, border: '1px solid #f0f0f0' }} />
          <CloseCircleFilled aria-label={t('删除', 'Remove')} onClick={() => onChange(files.filter((_, j) => j !== i))}
            style={{ position: 'absolute', top: -6, right: -6, color: '#ff4d4f', background: '#fff', borderRadius: '50%', fontSize: 18 }} />
        </div>
      ))}
      {files.length < MAX_PHOTOS && (
        <label style={{ width: 72, height: 72, border: '1px dashed #d9d9d9', borderRadius: 6, display: 'grid', placeItems: 'center', cursor: 'pointer', color: '#888', textAlign: 'center', fontSize: 12 }}>
          <span><CameraOutlined style={{ fontSize: 20 }} /><br />{t('拍照/上传', 'Add photo')}</span>
          <input type="file" accept="image/*" multiple style={{ display: 'none' }} data-testid={testId}
            onChange={(e) => { onChange([...files, ...Array.from(e.target.files ?? [])].slice(0, MAX_PHOTOS)); e.target.value = ''; }} />
        </label>
      )}
    </Flex>
  );
}

export function ReportPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cats = useCategories(true);
  const tree = useMemo(() => categoryTree(cats.data ?? []).map(toOption), [cats.data]);
  const shape = reportCaseBody.shape;

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const uploaded = await uploadFiles(photos, me.csrfToken);
      const c = await api.post<MyCase>('/api/my/cases', {
        requestType: v.requestType, categoryId: v.category[v.category.length - 1], description: v.description, address: v.address,
        anonymous: !!v.anonymous, photos: uploaded.map((f) => f.id),
      });
      await qc.invalidateQueries({ queryKey: ['my-cases'] });
      navigate(`/my/cases/${c.id}`);
    } catch (err) {
      applyFieldErrors(form, err, ['requestType', 'description', 'address', 'anonymous']);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="report-page">
      <PageHeader title={t('我要反映', 'Report a problem')} sub={t('身边的问题，社区帮您办', 'Tell us; the community will see to it')}
        extra={<Button onClick={() => navigate('/my/cases')} data-testid="report-my-cases">{t('我的反映', 'My reports')}</Button>} />
      <Card size="small">
        <ErrorAlert error={error} testId="report-error" />
        <ErrorAlert error={cats.error} />
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ requestType: 'help', anonymous: false }} requiredMark={false}>
          <Form.Item name="category" label={t('问题分类', 'Category')} rules={[{ required: true, message: t('请选择问题分类', 'Choose a category') }]}>
            <Cascader options={tree} placeholder={t('请选择', 'Choose')} data-testid="report-category" loading={cats.isLoading}
              showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input)) }} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="requestType" label={t('诉求类型', 'Request type')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" style={{ display: 'flex' }}>
              {REQUEST_TYPE_KEYS.map((k) => (
                <Radio.Button key={k} value={k} style={{ flex: 1, textAlign: 'center', paddingInline: 4 }}><span data-testid={`report-type-${k}`}>{lbl(REQUEST_TYPES[k])}</span></Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="description" label={t('情况描述', 'What happened')} rules={[zodRule(shape.description, { required: true })]}>
            <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('请说明问题的具体情况，例如时间、影响', 'Describe the problem: when, how it affects you')} data-testid="report-description" />
          </Form.Item>
          <Form.Item label={t('现场照片（可选，最多 9 张）', 'Photos (optional, up to 9)')}>
            <PhotoPicker files={photos} onChange={setPhotos} testId="report-photos" />
          </Form.Item>
          <Form.Item name="address" label={t('问题地点', 'Place')} rules={[zodRule(shape.address, { required: true })]}>
            <Input maxLength={200} placeholder={t('如：花园小区东门、3号楼2单元', 'e.g. east gate, building 3 unit 2')} data-testid="report-address" />
          </Form.Item>
          <Form.Item name="anonymous" label={t('匿名反映', 'Anonymous')} valuePropName="checked"
            extra={t('匿名时，工作人员看不到您的姓名；您仍可查看进度和评价', 'Staff will not see your name; you can still follow and rate it')}>
            <Switch data-testid="report-anonymous" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="report-submit">{t('提交', 'Submit')}</Button>
        </Form>
      </Card>
      <Alert type="info" showIcon style={{ marginTop: 12 }}
        title={t('紧急情况（火灾、治安、急病）请直接拨打 119、110、120', 'In an emergency (fire, crime, illness) call 119, 110 or 120')} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t('提交后社区将在规定时限内受理，您可在“我的反映”中查看办理进度和答复。', 'The community will accept it within the time limit; follow it under “My reports”.')}
      </Typography.Paragraph>
    </div>
  );
}
