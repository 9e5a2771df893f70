// 角色权限: the roles and their permission strings; admins edit them and create custom roles.
import { useState } from 'react';
import { Button, Checkbox, Col, Form, Input, Row, Tag, Typography, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { roleBody } from '../../../contracts/users.ts';
import { api } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { useCan } from '../../app/auth.tsx';
import { usePermissions, useRoles, type Role } from '../../lib/accounts.ts';

/** Permission checkboxes grouped by their prefix ("person.read" → person), two columns on wide screens. */
function PermissionChecks({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const perms = usePermissions();
  const groups = new Map<string, { code: string; name: string }[]>();
  for (const p of perms.data ?? []) {
    const g = p.code.split('.')[0];
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  return (
    <Checkbox.Group value={value} onChange={(v) => onChange?.(v as string[])} style={{ width: '100%' }} data-testid="role-permissions">
      <Row gutter={[8, 4]}>
        {[...groups].map(([g, ps]) => ps.map((p) => (
          <Col key={p.code} xs={24} md={12}>
            <Checkbox value={p.code}>
              {p.name} <Typography.Text type="secondary" style={{ fontSize: 11 }}>{p.code}</Typography.Text>
            </Checkbox>
          </Col>
        )).concat(<Col key={`${g}-sep`} span={24}><div style={{ borderTop: '1px dashed #f0f0f0', margin: '2px 0' }} /></Col>))}
      </Row>
    </Checkbox.Group>
  );
}

type Values = { code: string; nameZh: string; nameEn: string; permissions: string[] };

function RoleModal({ role, onClose }: { role: Role | null; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = zodRules(roleBody);
  const all = role?.permissions.includes('*');
  return (
    <FormModal<Values>
      title={role ? t(`编辑角色：${role.nameZh}`, `Edit role: ${role.nameEn}`) : t('新建角色', 'New role')}
      form={form}
      testId="role-form"
      width={820}
      initialValues={role ? { code: role.code, nameZh: role.nameZh, nameEn: role.nameEn, permissions: role.permissions } : { permissions: [] }}
      onClose={onClose}
      onSubmit={async (v) => {
        if (role) await api.patch(`/api/roles/${role.id}`, { nameZh: v.nameZh, nameEn: v.nameEn, ...(all ? {} : { permissions: v.permissions }) });
        else await api.post('/api/roles', v);
        void message.success(t('saved'));
        await qc.invalidateQueries({ queryKey: ['roles'] });
        onClose();
      }}
    >
      <Row gutter={12}>
        <Col xs={24} md={8}><Form.Item name="code" label={t('角色代码', 'Code')} rules={role ? [] : rules.code}><Input disabled={!!role} /></Form.Item></Col>
        <Col xs={24} md={8}><Form.Item name="nameZh" label={t('中文名称', 'Chinese name')} rules={rules.nameZh}><Input /></Form.Item></Col>
        <Col xs={24} md={8}><Form.Item name="nameEn" label={t('英文名称', 'English name')} rules={rules.nameEn}><Input /></Form.Item></Col>
      </Row>
      {all
        ? <Typography.Paragraph><Tag color="red">*</Tag>{t('系统管理员拥有全部权限，不在此编辑。', 'The system admin holds every permission; not editable here.')}</Typography.Paragraph>
        : <Form.Item name="permissions" label={t('权限', 'Permissions')}><PermissionChecks /></Form.Item>}
    </FormModal>
  );
}

export function RolesPage() {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const roles = useRoles();
  const perms = usePermissions();
  const [dialog, setDialog] = useState<{ role: Role | null } | null>(null);
  const permName = (c: string) => (c === '*' ? t('全部权限', 'All permissions') : perms.data?.find((p) => p.code === c)?.name ?? c);
  return (
    <div data-testid="roles-page">
      <PageHeader
        title={t('角色权限', 'Roles')}
        extra={can('role.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ role: null })}>{t('新建角色', 'New role')}</Button>}
      />
      <ErrorAlert error={roles.error} />
      <DataTable<Role>
        rowKey="id"
        loading={roles.isLoading}
        dataSource={roles.data}
        pagination={false}
        columns={[
          { title: t('角色', 'Role'), key: 'name', render: (_, r) => <><Typography.Text strong>{lang === 'zh-CN' ? r.nameZh : r.nameEn}</Typography.Text><div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.code}</Typography.Text></div></> },
          { title: t('类型', 'Kind'), dataIndex: 'builtin', render: (b: boolean) => (b ? <Tag color="blue">{t('内置', 'Built-in')}</Tag> : <Tag>{t('自定义', 'Custom')}</Tag>) },
          {
            title: t('权限', 'Permissions'), dataIndex: 'permissions',
            render: (ps: string[]) => (
              <div style={{ maxWidth: 640 }}>
                {ps.slice(0, 12).map((p) => <Tag key={p} style={{ marginBottom: 2 }}>{permName(p)}</Tag>)}
                {ps.length > 12 && <Tag>+{ps.length - 12}</Tag>}
              </div>
            ),
          },
          ...(can('role.write') ? [{ title: t('actions'), key: 'a', render: (_: unknown, r: Role) => <Button type="link" size="small" onClick={() => setDialog({ role: r })}>{t('edit')}</Button> }] : []),
        ]}
      />
      {dialog && <RoleModal role={dialog.role} onClose={() => setDialog(null)} />}
    </div>
  );
}
