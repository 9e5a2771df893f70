// 开具证明 in three steps: find the person → choose the certificate and preview (filled from the base) → issue.
// A certificate the community must not issue is refused at the preview, with where to go instead.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Space, Steps, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, ApiError } from '../../lib/api.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { useLang, useT } from '../../lib/i18n.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PersonPicker, type PersonBrief } from '../../components/person-picker.tsx';
import { POLICY, type Certificate, type CertType, type Preview } from './certificates-api.ts';

export function IssueCertificatePage() {
  const t = useT();
  const lang = useLang();
  const [person, setPerson] = useState<PersonBrief | null>(null);
  const [typeId, setTypeId] = useState<string | undefined>();
  const [form] = Form.useForm<{ purpose: string; requestedBy: string; details: string; evidenceConfirmed: boolean }>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [issued, setIssued] = useState<Certificate | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const me = useCurrentUser();
  const [evidence, setEvidence] = useState<{ fileId: string; note: string }[]>([]);
  // Evidence files go to the shared file store first; the certificate keeps their ids.
  const upload = (files: FileList | null) => run(async () => {
    const added: { fileId: string; note: string }[] = [];
    for (const f of Array.from(files ?? [])) {
      const fd = new FormData();
      fd.append('file', f, f.name);
      const res = await fetch('/api/files', { method: 'POST', body: fd, credentials: 'same-origin', headers: { 'x-csrf-token': me.csrfToken } });
      const json = await res.json();
      if (!res.ok) throw new ApiError(res.status, json.error?.code ?? 'UPLOAD', json.error?.message ?? t('上传失败', 'Upload failed'));
      added.push({ fileId: json[0].id, note: f.name });
    }
    setEvidence((e) => [...e, ...added]);
  });
  const types = useQuery({ queryKey: ['cert-types'], queryFn: () => api.get<CertType[]>('/api/cert-types') });
  const type = types.data?.find((x) => x.id === typeId);

  const body = () => ({ typeId, personId: person?.id, ...form.getFieldsValue(), evidence });
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await fn(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const doPreview = () => run(async () => { setPreview(await api.post<Preview>('/api/certificates/preview', body())); });
  const doIssue = () => run(async () => { setIssued(await api.post<Certificate>('/api/certificates', body())); });
  const reset = () => { setEvidence([]); setPerson(null); setPreview(null); setIssued(null); setError(null); form.resetFields(); };
  const step = issued ? 2 : preview ? 1 : 0;

  if (issued) {
    const code = issued.verifyUrl.split('/').pop();
    return (
      <div data-testid="cert-issue-page">
        <Result
          status="success"
          title={t(`已开具${issued.typeName}`, `${issued.typeName} issued`)}
          subTitle={<span data-testid="cert-serial">{issued.serialNo}</span>}
          extra={[
            <Button key="pdf" type="primary" href={`/api/certificates/${issued.id}/pdf`} target="_blank" data-testid="cert-pdf">{t('打印 PDF', 'Print PDF')}</Button>,
            <Button key="verify" href={`/verify/${code}`} target="_blank" data-testid="cert-verify-link">{t('打开核验页', 'Open verification')}</Button>,
            <Button key="again" onClick={reset}>{t('继续开具', 'Issue another')}</Button>,
          ]}
        />
      </div>
    );
  }

  return (
    <div data-testid="cert-issue-page">
      <PageHeader title={t('开具证明', 'Issue a certificate')} extra={<Link to="/certificates">{t('开具登记簿', 'Register')}</Link>} />
      <Steps current={step} size="small" style={{ marginBottom: 16 }} items={[{ title: t('找人', 'Find the person') }, { title: t('选择证明并预览', 'Choose and preview') }, { title: t('开具', 'Issue') }]} />
      <Card size="small" title={t('1. 申请人', '1. Applicant')} style={{ marginBottom: 12 }}>
        {person ? (
          <Space wrap>
            <Typography.Text strong data-testid="cert-person">{person.name}</Typography.Text>
            <Typography.Text type="secondary">{person.docMasked}　{person.address}</Typography.Text>
            <Button size="small" onClick={() => { setPerson(null); setPreview(null); }}>{t('重新选择', 'Change')}</Button>
          </Space>
        ) : <PersonPicker url="/api/certificates/persons" onSelect={(p) => { setPerson(p); setPreview(null); }} testId="cert-person" />}
      </Card>
      <Card size="small" title={t('2. 证明事项', '2. Certificate')} style={{ marginBottom: 12 }}>
        <Form form={form} layout="vertical" initialValues={{ purpose: '', requestedBy: '', details: '', evidenceConfirmed: false }} onValuesChange={() => setPreview(null)}>
          <Form.Item label={t('证明种类', 'Kind')}>
            <Select
              showSearch
              optionFilterProp="label"
              value={typeId}
              onChange={(v) => { setTypeId(v); setPreview(null); setError(null); }}
              data-testid="cert-type"
              loading={types.isLoading}
              options={(types.data ?? []).map((x) => ({ value: x.id, label: x.name, policy: x.policy }))}
              optionRender={(o) => <Space>{o.label}<Tag color={POLICY[o.data.policy as CertType['policy']].color}>{lang === 'zh-CN' ? POLICY[o.data.policy as CertType['policy']].zh : POLICY[o.data.policy as CertType['policy']].en}</Tag></Space>}
            />
          </Form.Item>
          {type?.policy === 'not_issue' && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t(`社区不出具「${type.name}」`, `Communities do not issue "${type.name}"`)} description={`${type.responsibleDepartment}：${type.alternative}`} />
          )}
          <Space wrap style={{ width: '100%' }}>
            <Form.Item name="purpose" label={t('用途', 'Purpose')}><Input style={{ width: 240 }} maxLength={200} data-testid="cert-purpose" /></Form.Item>
            <Form.Item name="requestedBy" label={t('索要单位', 'Requested by')}><Input style={{ width: 240 }} maxLength={100} /></Form.Item>
          </Space>
          {type?.policy === 'issue_with_evidence' && (
            <>
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(`需核验的依据：${type.evidence.join('、')}`, `Evidence to check: ${type.evidence.join(', ')}`)} />
              <Form.Item label={t('依据材料（照片或 PDF）', 'Evidence (photos or PDF)')}>
                <input type="file" multiple accept="image/*,application/pdf" onChange={(e) => upload(e.target.files)} data-testid="cert-evidence-file" />
                {evidence.map((e) => <Tag key={e.fileId} closable onClose={() => setEvidence((x) => x.filter((y) => y.fileId !== e.fileId))}>{e.note}</Tag>)}
              </Form.Item>
              <Form.Item name="details" label={t('经核验的情况', 'What the evidence shows')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
              <Form.Item name="evidenceConfirmed" valuePropName="checked"><Checkbox>{t('已核验依据材料原件', 'I checked the originals')}</Checkbox></Form.Item>
            </>
          )}
          <Button onClick={doPreview} loading={busy} disabled={!person || !typeId} data-testid="cert-preview">{t('预览', 'Preview')}</Button>
        </Form>
      </Card>
      <ErrorAlert error={error} testId="cert-error" />
      {preview && (
        <Card size="small" title={t('3. 预览并开具', '3. Preview and issue')} data-testid="cert-preview-card">
          <Typography.Title level={4} style={{ textAlign: 'center' }}>{preview.title}</Typography.Title>
          {preview.body.split('\n').map((line, i) => <Typography.Paragraph key={i} style={{ textIndent: '2em' }}>{line}</Typography.Paragraph>)}
          <Typography.Paragraph style={{ textAlign: 'right' }}>{preview.issuer}</Typography.Paragraph>
          {preview.validUntil && <Typography.Text type="secondary">{t(`有效期至 ${preview.validUntil}`, `Valid until ${preview.validUntil}`)}</Typography.Text>}
          <div style={{ marginTop: 12 }}>
            <Button type="primary" onClick={doIssue} loading={busy} data-testid="cert-issue">{t('开具', 'Issue')}</Button>
          </div>
        </Card>
      )}
    </div>
  );
}
