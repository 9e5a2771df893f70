// The main layout: module menu (filtered by permission), current user and scope, region switcher,
// language switch, logout. On a phone (< md) the side menu becomes a Drawer behind a hamburger button.
import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Dropdown, Flex, Grid, Layout as AntLayout, Menu, Modal, Space, Tag, Typography, message, type MenuProps } from 'antd';
import { GlobalOutlined, LockOutlined, LogoutOutlined, MenuOutlined, UserOutlined, PoweroffOutlined } from '@ant-design/icons';
import { FullPageSpin, hasPerm, useCurrentUser, useLogout } from './auth.tsx';
import { MENU_GROUPS, ROUTES } from './routes.tsx';
import { RegionSwitcher } from './region-switcher.tsx';
import { PageErrorBoundary } from '../components/error-boundary.tsx';
import { setLang, useLang, useT } from '../lib/i18n.ts';
import { LEVEL_LABEL } from '../lib/regions.ts';
import type { RegionLevel } from '../../contracts/common.ts';

const { Header, Sider, Content } = AntLayout;

function useMenuItems(): NonNullable<MenuProps['items']> {
  const me = useCurrentUser();
  const lang = useLang();
  return useMemo(() => {
    const zh = lang === 'zh-CN';
    const visible = ROUTES.filter((r) => r.menu && hasPerm(me, r.perm) && (r.menu.visible?.(me) ?? true));
    return MENU_GROUPS.flatMap((g): NonNullable<MenuProps['items']> => {
      const items = visible
        .filter((r) => r.menu!.group === g.key)
        .sort((a, b) => (a.menu!.order ?? 100) - (b.menu!.order ?? 100))
        .map((r) => ({ key: r.path, icon: r.menu!.icon, label: <span data-testid={`menu-${r.path.slice(1) || 'home'}`}>{zh ? r.menu!.labelZh : r.menu!.labelEn}</span> }));
      if (!items.length) return [];
      return g.key === 'main' ? items : [{ type: 'group' as const, key: g.key, label: zh ? g.labelZh : g.labelEn, children: items }];
    });
  }, [me, lang]);
}

/** The menu entry that owns the current URL: the longest route path that prefixes it. */
function selectedKey(pathname: string): string {
  const paths = ROUTES.filter((r) => r.menu).map((r) => r.path);
  const hit = paths.filter((p) => (p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(p + '/')));
  return hit.sort((a, b) => b.length - a.length)[0] ?? '';
}

export function AppLayout() {
  const me = useCurrentUser();
  const t = useT();
  const lang = useLang();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const navigate = useNavigate();
  const loc = useLocation();
  const logout = useLogout();
  const items = useMenuItems();
  const [drawer, setDrawer] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  // Users with one community see their scope as a tag; the others see it in the region switcher.
  const canSwitch = me.switchable.filter((r) => r.level === 'community').length > 1;
  const levelName = (l: string) => LEVEL_LABEL[l as RegionLevel]?.[lang === 'zh-CN' ? 0 : 1] ?? l;

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selectedKey(loc.pathname)]}
      onClick={({ key }) => {
        navigate(key);
        setDrawer(false);
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );

  const confirmLogoutAll = () => Modal.confirm({
    title: t('logoutAll'),
    content: t('您在所有电脑和手机上的登录都将结束，需要重新登录。', 'Every session on every device ends; you will need to log in again.'),
    okText: t('confirm'),
    cancelText: t('cancel'),
    onOk: async () => {
      await logout(true);
      void message.success(t('已退出所有设备', 'Logged out everywhere'));
    },
  });

  const userMenu: MenuProps['items'] = [
    { key: 'scope', disabled: true, label: <span>{t(`管辖范围：${me.scope.name}（${levelName(me.scope.level)}）`, `Scope: ${me.scope.name} (${levelName(me.scope.level)})`)}</span> },
    { type: 'divider' },
    { key: 'lang', icon: <GlobalOutlined />, label: t('language'), onClick: () => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN') },
    { key: 'pw', icon: <LockOutlined />, label: t('changePassword'), onClick: () => navigate('/change-password') },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('logout')}</span>, onClick: () => void logout(false) },
    { key: 'logout-all', icon: <PoweroffOutlined />, danger: true, label: <span data-testid="logout-all">{t('logoutAll')}</span>, onClick: confirmLogoutAll },
  ];

  const brand = (
    <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
      <span style={{ color: '#1677ff' }}>{t('appShort')}</span>
      {!phone && <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontWeight: 400 }}>{t('社区综合服务信息平台', 'Community service platform')}</Typography.Text>}
    </Typography.Text>
  );

  return (
    <AntLayout style={{ minHeight: '100vh' }} data-testid="app-layout">
      {!phone && (
        <Sider theme="light" width={208} collapsible collapsed={collapsed} onCollapse={setCollapsed} style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div style={{ height: 56, display: 'flex', alignItems: 'center', paddingInline: 24, fontWeight: 600, color: '#1677ff', fontSize: 18 }}>
            {collapsed ? '邻' : t('appShort')}
          </div>
          {menu}
        </Sider>
      )}
      <AntLayout>
        <Header style={{ background: '#fff', paddingInline: phone ? 12 : 24, height: 56, lineHeight: '56px', borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10 }}>
          <Flex align="center" justify="space-between" gap={8} style={{ height: '100%' }}>
            <Space size={8}>
              {phone && <Button type="text" icon={<MenuOutlined />} aria-label="menu" data-testid="menu-toggle" onClick={() => setDrawer(true)} />}
              {brand}
            </Space>
            <Space size={phone ? 4 : 12}>
              {!phone && <RegionSwitcher />}
              {!phone && !canSwitch && <Tag color="blue" data-testid="current-scope">{me.scope.name}</Tag>}
              {!phone && (
                <Button size="small" icon={<GlobalOutlined />} data-testid="lang-switch" onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}>
                  {t('language')}
                </Button>
              )}
              <Dropdown menu={{ items: userMenu }} trigger={['click']}>
                <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                  <span style={{ maxWidth: phone ? 110 : 220, overflow: 'hidden', textOverflow: 'ellipsis', display: 'inline-block', verticalAlign: 'bottom' }}>
                    {me.user.displayName}
                  </span>
                </Button>
              </Dropdown>
            </Space>
          </Flex>
        </Header>
        <Content style={{ padding: phone ? 12 : 24 }}>
          <PageErrorBoundary key={loc.pathname} title={t('页面出错了，请刷新重试', 'This page failed; reload and try again')}>
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </Content>
      </AntLayout>
      {phone && (
        <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} size={260} title={t('appShort')} styles={{ body: { padding: 0 } }} data-testid="menu-drawer">
          <div style={{ padding: '12px 16px', borderBottom: '1px solid #f0f0f0' }}>
            <Typography.Text strong>{me.user.displayName}</Typography.Text>
            <div><Tag color="blue">{me.scope.name}</Tag></div>
            <div style={{ marginTop: 8 }}><RegionSwitcher block /></div>
          </div>
          {menu}
        </Drawer>
      )}
    </AntLayout>
  );
}
