// 接口令牌: tokens for department systems. The raw token is shown exactly once, right after creation.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import { createTokenBody, type tokenItem } from '../../../contracts/platform.ts';
import { api, errorMessage } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useT } from '../../lib/i18n.ts';
import { fmtTime } from '../../lib/format.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { hasPerm, useCan, useCurrentUser } from '../../app/auth.tsx';
import { useDepartments, usePermissions } from '../../lib/accounts.ts';

type Token = z.infer<typeof tokenItem>;
type Values = { name: string; regionId: number; permissions: string[]; departmentId?: string; shareTags?: string[]; shareFields?: string[]; expiresAt?: Dayjs };

function CreateTokenModal({ onClose, onCreated }: { onClose: () => void; onCreated: (raw: string) => void }) {
  const t = useT();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = zodRules(createTokenBody);
  const perms = usePermissions();
  const deps = useDepartments();
  // A token can never hold more than its issuer: offer only the issuer's own permissions.
  const permOptions = (perms.data ?? []).filter((p) => hasPerm(me, p.code)).map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }));
  return (
    <FormModal<Values>
      title={t('签发接口令牌', 'Issue an API token')}
      form={form}
      testId="token-form"
      width={640}
      initialValues={{ permissions: [], regionId: me.scope.id }}
      onClose={onClose}
      onSubmit={async (v) => {
        const created = await api.post<Token & { token: string }>('/api/tokens', {
          name: v.name,
          regionId: v.regionId,
          permissions: v.permissions,
          departmentId: v.departmentId ?? null,
          shareTags: v.shareTags?.length ? v.shareTags : null,
          shareFields: v.shareFields?.length ? v.shareFields : null,
          expiresAt: v.expiresAt ? v.expiresAt.endOf('day').toISOString() : null,
        });
        await qc.invalidateQueries({ queryKey: ['tokens'] });
        onCreated(created.token);
      }}
    >
      <Form.Item name="name" label={t('name')} rules={rules.name} required extra={t('例如：区民政局低保系统', 'e.g. Civil affairs relief system')}><Input data-testid="token-form-name" /></Form.Item>
      <Form.Item name="regionId" label={t('数据范围（区划）', 'Data scope (region)')} rules={[{ required: true }]}><RegionPicker /></Form.Item>
      <Form.Item name="permissions" label={t('权限', 'Permissions')} rules={rules.permissions} required>
        <Select mode="multiple" options={permOptions} optionFilterProp="label" data-testid="token-form-permissions" />
      </Form.Item>
      <Form.Item name="departmentId" label={t('所属部门（可选）', 'Department (optional)')}>
        <Select allowClear options={(deps.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
      </Form.Item>
      <Form.Item name="shareTags" label={t('共享的人员标签（可选，留空 = 不限）', 'Shared person tags (optional; empty = any)')}>
        <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="low_income, disabled" />
      </Form.Item>
      <Form.Item name="shareFields" label={t('共享的字段（可选，留空 = 默认字段）', 'Shared fields (optional; empty = default)')}>
        <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="name, gender, birthDate" />
      </Form.Item>
      <Form.Item name="expiresAt" label={t('有效期至（可选）', 'Expires (optional)')}><DatePicker style={{ width: '100%' }} /></Form.Item>
    </FormModal>
  );
}

function ShowOnce({ raw, onClose }: { raw: string; onClose: () => void }) {
  const t = useT();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(raw);
      void message.success(t('copied'));
    } catch {
      void message.warning(t('无法自动复制，请手动选中复制', 'Copy it by hand'));
    }
  };
  return (
    <Modal open title={t('令牌已签发', 'Token issued')} onCancel={onClose} maskClosable={false} data-testid="token-raw-modal"
      footer={<Space><Button onClick={copy} data-testid="token-copy">{t('copy')}</Button><Button type="primary" onClick={onClose}>{t('我已保存', 'I have saved it')}</Button></Space>}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('令牌只显示这一次，请立即复制并妥善保存；服务器只保存其哈希。', 'This is the only time the token is shown: copy it now. The server keeps only a hash.')} />
      <Typography.Paragraph code copyable={{ text: raw }} style={{ wordBreak: 'break-all' }} data-testid="token-raw">{raw}</Typography.Paragraph>
    </Modal>
  );
}

export function TokensPage() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [raw, setRaw] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['tokens'], queryFn: () => api.get<Token[]>('/api/tokens') });
  const revoke = async (id: string) => {
    try {
      await api.post(`/api/tokens/${id}/revoke`);
      void message.success(t('已吊销', 'Revoked'));
      await qc.invalidateQueries({ queryKey: ['tokens'] });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  const status = (tk: Token) => {
    if (tk.revokedAt) return <Tag color="default">{t('已吊销', 'Revoked')}</Tag>;
    if (tk.expiresAt && new Date(tk.expiresAt) < new Date()) return <Tag color="warning">{t('已过期', 'Expired')}</Tag>;
    return <Tag color="success">{t('有效', 'Active')}</Tag>;
  };
  return (
    <div data-testid="tokens-page">
      <PageHeader
        title={t('接口令牌', 'API tokens')}
        sub={t('供部门系统按权限读取共享数据，每次使用都记入审计日志', 'For department systems; every use is audited')}
        extra={can('token.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">{t('签发令牌', 'Issue token')}</Button>}
      />
      <ErrorAlert error={list.error} />
      <DataTable<Token>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('前缀', 'Prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          { title: t('数据范围', 'Scope'), dataIndex: 'regionName' },
          { title: t('权限', 'Permissions'), dataIndex: 'permissions', render: (ps: string[]) => ps.map((p) => <Tag key={p}>{p}</Tag>) },
          { title: t('status'), key: 'status', render: (_, tk) => status(tk) },
          { title: t('签发时间', 'Issued'), dataIndex: 'createdAt', render: fmtTime },
          { title: t('有效期至', 'Expires'), dataIndex: 'expiresAt', render: fmtTime },
          { title: t('最近使用', 'Last used'), dataIndex: 'lastUsedAt', render: fmtTime },
          ...(can('token.write') ? [{
            title: t('actions'), key: 'a',
            render: (_: unknown, tk: Token) => !tk.revokedAt && (
              <Popconfirm title={t('吊销后该令牌立即失效，确定？', 'The token stops working at once. Revoke?')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => revoke(tk.id)}>
                <Button size="small" danger type="link">{t('吊销', 'Revoke')}</Button>
              </Popconfirm>
            ),
          }] : []),
        ]}
      />
      {creating && <CreateTokenModal onClose={() => setCreating(false)} onCreated={(r) => { setCreating(false); setRaw(r); }} />}
      {raw && <ShowOnce raw={raw} onClose={() => setRaw(null)} />}
    </div>
  );
}
