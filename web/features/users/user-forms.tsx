// Create and edit dialogs for accounts. Rules come from contracts/users.ts; the server checks the password
// policy and refuses roles with permissions the granter lacks (its message lands on the form).
import { Alert, Checkbox, Form, Input, Select, Switch, Typography, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { createUserBody, updateUserBody } from '../../../contracts/users.ts';
import { api } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { RegionPicker } from '../../components/region-picker.tsx';
import { useDepartments, useRoles, type User } from '../../lib/accounts.ts';

function useOptions() {
  const lang = useLang();
  const roles = useRoles();
  const deps = useDepartments();
  return {
    roleOptions: (roles.data ?? []).map((r) => ({ value: r.code, label: lang === 'zh-CN' ? r.nameZh : r.nameEn })),
    depOptions: (deps.data ?? []).map((d) => ({ value: d.id, label: d.name })),
  };
}

function PasswordHint() {
  const t = useT();
  return <Typography.Text type="secondary">{t('至少 8 位，含大写、小写、数字、符号中的 3 类；用户首次登录须修改', '8+ characters, 3 of upper/lower/digit/symbol; the user must change it at first login')}</Typography.Text>;
}

type CreateValues = { username: string; displayName: string; password: string; scopeRegionId: number; roleCodes: string[]; departmentId?: string; phone?: string };

export function CreateUserModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const rules = zodRules(createUserBody);
  const { roleOptions, depOptions } = useOptions();
  return (
    <FormModal<CreateValues>
      title={t('新建账号', 'New user')}
      form={form}
      testId="user-form"
      initialValues={{ roleCodes: [] }}
      onClose={onClose}
      onSubmit={async (v) => {
        await api.post('/api/users', { ...v, departmentId: v.departmentId ?? null, phone: v.phone || undefined });
        void message.success(t('账号已创建', 'User created'));
        await qc.invalidateQueries({ queryKey: ['users'] });
        onClose();
      }}
    >
      <Form.Item name="username" label={t('用户名', 'User name')} rules={rules.username} required><Input autoComplete="off" data-testid="user-form-username" /></Form.Item>
      <Form.Item name="displayName" label={t('姓名', 'Name')} rules={rules.displayName} required><Input data-testid="user-form-display-name" /></Form.Item>
      <Form.Item name="password" label={t('初始密码', 'Initial password')} rules={rules.password} extra={<PasswordHint />} required>
        <Input.Password autoComplete="new-password" data-testid="user-form-password" />
      </Form.Item>
      <Form.Item name="scopeRegionId" label={t('管辖区划', 'Scope region')} rules={[{ required: true, message: t('请选择管辖区划', 'Choose the scope region') }]}>
        <RegionPicker testId="user-form-scope" />
      </Form.Item>
      <Form.Item name="roleCodes" label={t('角色', 'Roles')} rules={rules.roleCodes} required>
        <Select mode="multiple" options={roleOptions} data-testid="user-form-roles" optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="departmentId" label={t('所属部门（部门工作人员）', 'Department (department staff)')}>
        <Select allowClear options={depOptions} />
      </Form.Item>
      <Form.Item name="phone" label={t('手机号（可选）', 'Mobile (optional)')} rules={rules.phone}><Input inputMode="tel" /></Form.Item>
    </FormModal>
  );
}

type EditValues = { displayName: string; scopeRegionId: number; roleCodes: string[]; departmentId: string | null; disabled: boolean; unlock: boolean; resetPassword?: string };

export function EditUserModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<EditValues>();
  const rules = zodRules(updateUserBody);
  const { roleOptions, depOptions } = useOptions();
  const initial: EditValues = {
    displayName: user.displayName, scopeRegionId: user.scopeRegionId, roleCodes: user.roles,
    departmentId: user.departmentId, disabled: user.disabled, unlock: false,
  };
  return (
    <FormModal<EditValues>
      title={t(`编辑账号 ${user.username}`, `Edit ${user.username}`)}
      form={form}
      testId="user-edit-form"
      initialValues={initial}
      onClose={onClose}
      onSubmit={async (v) => {
        // Only what changed, so the audit log records the real change.
        const body: Record<string, unknown> = {};
        if (v.displayName !== user.displayName) body.displayName = v.displayName;
        if (v.scopeRegionId !== user.scopeRegionId) body.scopeRegionId = v.scopeRegionId;
        if ([...v.roleCodes].sort().join() !== [...user.roles].sort().join()) body.roleCodes = v.roleCodes;
        if ((v.departmentId ?? null) !== user.departmentId) body.departmentId = v.departmentId ?? null;
        if (v.disabled !== user.disabled) body.disabled = v.disabled;
        if (v.unlock) body.unlock = true;
        if (v.resetPassword) body.resetPassword = v.resetPassword;
        if (Object.keys(body).length) await api.patch(`/api/users/${user.id}`, body);
        void message.success(t('saved'));
        await qc.invalidateQueries({ queryKey: ['users'] });
        onClose();
      }}
    >
      <Form.Item name="displayName" label={t('姓名', 'Name')} rules={rules.displayName}><Input /></Form.Item>
      <Form.Item name="scopeRegionId" label={t('管辖区划', 'Scope region')}><RegionPicker /></Form.Item>
      <Form.Item name="roleCodes" label={t('角色', 'Roles')} rules={rules.roleCodes}>
        <Select mode="multiple" options={roleOptions} optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="departmentId" label={t('所属部门', 'Department')}><Select allowClear options={depOptions} /></Form.Item>
      <Form.Item name="disabled" label={t('停用账号', 'Disabled')} valuePropName="checked"><Switch /></Form.Item>
      {user.locked && (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('该账号因密码多次错误已被锁定', 'This account is locked after failed logins')} />
          <Form.Item name="unlock" valuePropName="checked"><Checkbox data-testid="user-unlock">{t('解除锁定', 'Unlock')}</Checkbox></Form.Item>
        </>
      )}
      <Form.Item name="resetPassword" label={t('重置密码（留空不改）', 'Reset password (leave empty to keep)')} rules={rules.resetPassword} extra={<PasswordHint />}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
