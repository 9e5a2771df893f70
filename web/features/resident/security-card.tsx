import { Button, Space, Typography } from 'antd';
import { useLogout } from '../../app/auth.tsx';
import { useT } from '../../lib/i18n.ts';

/** Residents log in by phone code, so the only account action they need is ending their sessions. */
export function SecurityCard() {
  const t = useT();
  const logout = useLogout();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('如果在别人的手机上登录过，可以一键退出所有设备。', 'If you logged in on someone else\'s phone, end every session here.')}</Typography.Text>
      <Space wrap>
        <Button onClick={() => void logout(false)}>{t('logout')}</Button>
        <Button danger onClick={() => void logout(true)}>{t('logoutAll')}</Button>
      </Space>
    </Space>
  );
}
