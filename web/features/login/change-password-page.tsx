// Change password: forced after the first login with an initial password, and open to anyone from the user menu.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Space, Typography, message } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { changePasswordBody } from '../../../contracts/auth.ts';
import { api, applyFieldErrors } from '../../lib/api.ts';
import { zodRules } from '../../lib/form.ts';
import { useLang, useT } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ME_KEY, useCurrentUser, useLogout } from '../../app/auth.tsx';

type Values = { oldPassword: string; newPassword: string; confirm: string };

/** The server's policy (server/lib/password.ts), checked here too so the user sees it while typing. */
function policyProblem(pw: string, zh: boolean): string | null {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z0-9]/].filter((r) => r.test(pw)).length;
  if (pw.length < 8) return zh ? '至少 8 个字符' : 'At least 8 characters';
  if (classes < 3) return zh ? '需包含大写字母、小写字母、数字、符号中的至少 3 类' : 'Use 3 of: upper case, lower case, digits, symbols';
  return null;
}

export function ChangePasswordPage() {
  const t = useT();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const logout = useLogout();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const rules = zodRules(changePasswordBody);
  const forced = me.user.mustChangePassword;
  const zh = useLang() === 'zh-CN';

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/change-password', { oldPassword: v.oldPassword, newPassword: v.newPassword });
      await qc.invalidateQueries({ queryKey: ME_KEY });
      void message.success(t('密码已修改，其他设备上的登录已结束', 'Password changed; other sessions have ended'));
      navigate('/', { replace: true });
    } catch (err) {
      applyFieldErrors(form, err, ['oldPassword', 'newPassword']);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 440 }} title={t('changePassword')}>
        {forced && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('首次登录请先修改初始密码', 'Please change your initial password first')} />}
        <ErrorAlert error={error} testId="change-password-error" />
        <Typography.Paragraph type="secondary">
          {t('密码要求：至少 8 个字符，并包含大写字母、小写字母、数字、符号中的至少 3 类。', 'Password rules: at least 8 characters, using 3 of upper case, lower case, digits and symbols.')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="oldPassword" label={t('原密码', 'Current password')} rules={rules.oldPassword}>
            <Input.Password autoComplete="current-password" data-testid="old-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('新密码', 'New password')}
            rules={[...rules.newPassword, { validator: async (_r, v: string) => { const p = v ? policyProblem(v, zh) : null; if (p) throw new Error(p); } }]}
          >
            <Input.Password autoComplete="new-password" data-testid="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('确认新密码', 'Repeat new password')}
            dependencies={['newPassword']}
            rules={[{ validator: async (_r, v: string) => { if (v !== form.getFieldValue('newPassword')) throw new Error(t('两次输入的密码不一致', 'The passwords differ')); } }]}
          >
            <Input.Password autoComplete="new-password" data-testid="confirm-password" />
          </Form.Item>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Button onClick={() => (forced ? void logout(false) : navigate(-1))}>{forced ? t('logout') : t('cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="change-password-submit">{t('save')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
