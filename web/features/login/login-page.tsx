// Login: staff by user name + password; residents by phone + one-time code (tab 居民手机登录).
import { useEffect, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Space, Tabs, Typography } from 'antd';
import { GlobalOutlined, LockOutlined, MobileOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { loginBody, otpVerifyBody, phoneSchema } from '../../../contracts/auth.ts';
import { api, applyFieldErrors } from '../../lib/api.ts';
import { zodRule, zodRules } from '../../lib/form.ts';
import { setLang, useLang, useT } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useAfterLogin, useMe } from '../../app/auth.tsx';

type LoginResponse = { csrfToken: string; mustChangePassword: boolean };

/** Where to go after login: the page that sent the user here (same-site paths only, so a crafted link cannot send them elsewhere). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** Stores the CSRF token and loads /me; LoginPage then redirects (RequireAuth sends a forced change to /change-password). */
function useFinish() {
  const afterLogin = useAfterLogin();
  return (r: LoginResponse) => afterLogin(r.csrfToken);
}

function PasswordLogin() {
  const t = useT();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const finish = useFinish();
  const rules = zodRules(loginBody);
  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await finish(await api.post<LoginResponse>('/api/auth/login', v));
    } catch (err) {
      applyFieldErrors(form, err, ['username', 'password']);
      setError(err);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
      <ErrorAlert error={error} testId="login-error" />
      <Form.Item name="username" label={t('用户名', 'User name')} rules={rules.username}>
        <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
      </Form.Item>
      <Form.Item name="password" label={t('密码', 'Password')} rules={rules.password}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{t('登录', 'Log in')}</Button>
    </Form>
  );
}

function OtpLogin() {
  const t = useT();
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const finish = useFinish();
  useEffect(() => {
    if (wait <= 0) return;
    const h = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(h);
  }, [wait]);
  const requestCode = async () => {
    setError(null);
    try {
      const { phone } = await form.validateFields(['phone']);
      await api.post('/api/auth/otp/request', { phone });
      setSent(true);
      setWait(60);
    } catch (err) {
      if (err instanceof Error) {
        applyFieldErrors(form, err, ['phone']);
        setError(err);
      }
    }
  };
  const onFinish = async (v: { phone: string; code: string }) => {
    setBusy(true);
    setError(null);
    try {
      await finish(await api.post<LoginResponse>('/api/auth/otp/verify', v));
    } catch (err) {
      applyFieldErrors(form, err, ['phone', 'code']);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
      <ErrorAlert error={error} testId="otp-error" />
      {sent && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }}
          title={t('验证码已发送', 'The code has been sent')}
          description={t('演示环境未接短信网关：验证码在服务器日志和管理员的“开发收件箱”中。', 'No SMS gateway in the demo: the code is in the server log and the admin "Dev inbox".')} />
      )}
      <Form.Item name="phone" label={t('手机号', 'Mobile number')} rules={[zodRule(phoneSchema)]}>
        <Input prefix={<MobileOutlined />} inputMode="tel" autoComplete="tel" maxLength={16} data-testid="otp-phone" />
      </Form.Item>
      <Form.Item label={t('验证码', 'Code')} required={false}>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="code" noStyle rules={[zodRule(otpVerifyBody.shape.code)]}>
            <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="otp-code" />
          </Form.Item>
          <Button onClick={requestCode} disabled={wait > 0} data-testid="otp-request">
            {wait > 0 ? t(`${wait} 秒后重发`, `Resend in ${wait}s`) : t('获取验证码', 'Get code')}
          </Button>
        </Space.Compact>
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="otp-submit">{t('登录', 'Log in')}</Button>
    </Form>
  );
}

export function LoginPage() {
  const t = useT();
  const lang = useLang();
  const { data: me } = useMe();
  const [params] = useSearchParams();
  if (me) return <Navigate to={me.user.mustChangePassword ? '/change-password' : safeNext(params.get('next'))} replace />;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f5f5 60%)' }}>
      <div style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={2} style={{ marginBottom: 4, color: '#1677ff' }}>{t('邻里', 'Linli')}</Typography.Title>
          <Typography.Text type="secondary">{t('社区综合服务信息平台', 'Community comprehensive service platform')}</Typography.Text>
        </div>
        <Card>
          <Tabs
            centered
            items={[
              { key: 'password', label: t('账号登录', 'Staff login'), children: <PasswordLogin /> },
              { key: 'otp', label: <span data-testid="tab-otp">{t('居民手机登录', 'Resident (phone)')}</span>, children: <OtpLogin /> },
            ]}
          />
        </Card>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button type="link" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}>{t('language')}</Button>
        </div>
      </div>
    </div>
  );
}
