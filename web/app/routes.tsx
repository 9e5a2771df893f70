// ONE table of the app's pages and their menu entries. A module adds a page by adding one entry here:
//
//   {
//     path: '/population',                                   // URL (nested paths like '/population/:id' too)
//     element: page(() => import('../features/population/population-page.tsx'), (m) => m.PopulationPage),
//     perm: 'person.read',                                   // needed to open it (string or any-of list)
//     menu: { labelZh: '人口信息', labelEn: 'Population', icon: <TeamOutlined />, group: 'work', order: 10 },
//   },
//
// Entries without `menu` are pages reached by links (detail pages). The menu shows only entries whose
// `perm` the user holds; the same `perm` guards the page when the URL is typed in.
// Pages render inside the main layout (web/app/Layout.tsx), except entries with `public: true`, which open
// without login and without the layout. /login and /change-password are in App.tsx.
import { createElement, lazy, type ComponentType, type ReactNode } from 'react';
import {
  ApartmentOutlined, AuditOutlined, ApiOutlined, FileProtectOutlined, HomeOutlined, SolutionOutlined, IdcardOutlined, MailOutlined,
  ScheduleOutlined, SettingOutlined, TeamOutlined, UserOutlined,
} from '@ant-design/icons';
import type { Me } from '../../contracts/auth.ts';

export type MenuGroup = 'main' | 'work' | 'resident' | 'system';

export type AppRoute = {
  path: string;
  element: ReactNode;
  perm?: string | string[];
  /** Opens without login, outside the main layout (QR-code targets, the public service guide). */
  public?: boolean;
  menu?: {
    labelZh: string;
    labelEn: string;
    icon: ReactNode;
    group: MenuGroup;
    order?: number;
    /** Extra condition for showing the entry, beyond `perm` (which a system admin's '*' always passes). */
    visible?: (me: Me) => boolean;
  };
};

/** Menu sections, in display order. 'main' entries are shown without a section title. */
export const MENU_GROUPS: { key: MenuGroup; labelZh: string; labelEn: string }[] = [
  { key: 'main', labelZh: '', labelEn: '' },
  { key: 'work', labelZh: '社区业务', labelEn: 'Community work' },
  { key: 'resident', labelZh: '居民服务', labelEn: 'Residents' },
  { key: 'system', labelZh: '系统管理', labelEn: 'Administration' },
];

/** Lazy-loads a page from its module's named export, so each module's code loads only when opened. */
export function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType): ReactNode {
  return createElement(lazy(async () => ({ default: pick(await load()) })));
}

export const ROUTES: AppRoute[] = [
  {
    path: '/',
    element: page(() => import('../features/home/home-page.tsx'), (m) => m.HomePage),
    menu: { labelZh: '首页', labelEn: 'Home', icon: <HomeOutlined />, group: 'main', order: 0 },
    perm: 'dashboard.read',
  },
  {
    path: '/me',
    element: page(() => import('../features/resident/resident-page.tsx'), (m) => m.ResidentPage),
    perm: 'self.read',
    // Residents only: staff holding '*' would otherwise see a resident page that is not theirs.
    menu: { labelZh: '我的', labelEn: 'My page', icon: <IdcardOutlined />, group: 'resident', order: 0, visible: (me) => me.user.permissions.includes('self.read') },
  },

  // --- Community work modules add their entries here (group: 'work') ---
  {
    path: '/applications',
    element: page(() => import('../features/services/applications-page.tsx'), (m) => m.ApplicationsPage),
    perm: 'application.read',
    menu: { labelZh: '一站式服务', labelEn: 'Service hall', icon: <SolutionOutlined />, group: 'work', order: 40 },
  },
  {
    path: '/certificates',
    element: page(() => import('../features/certificates/certificates-page.tsx'), (m) => m.CertificatesPage),
    perm: 'cert.read',
    menu: { labelZh: '证明开具', labelEn: 'Certificates', icon: <FileProtectOutlined />, group: 'work', order: 50 },
  },
  {
    path: '/certificates/issue',
    element: page(() => import('../features/certificates/issue-page.tsx'), (m) => m.IssueCertificatePage),
    perm: 'cert.issue',
  },
  {
    path: '/my/applications',
    element: page(() => import('../features/services/my-applications-page.tsx'), (m) => m.MyApplicationsPage),
    perm: 'application.apply',
    menu: { labelZh: '网上办事', labelEn: 'Online services', icon: <SolutionOutlined />, group: 'resident', order: 10, visible: (me) => me.user.permissions.includes('application.apply') },
  },
  { path: '/verify/:code', public: true, element: page(() => import('../features/certificates/verify-page.tsx'), (m) => m.VerifyPage) },
  { path: '/progress/:code', public: true, element: page(() => import('../features/services/progress-page.tsx'), (m) => m.ProgressPage) },
  { path: '/services', public: true, element: page(() => import('../features/services/public-services-page.tsx'), (m) => m.PublicServicesPage) },

  {
    path: '/regions',
    element: page(() => import('../features/regions/regions-page.tsx'), (m) => m.RegionsPage),
    perm: 'region.read',
    menu: { labelZh: '区划管理', labelEn: 'Regions', icon: <ApartmentOutlined />, group: 'system', order: 10 },
  },
  {
    path: '/users',
    element: page(() => import('../features/users/users-page.tsx'), (m) => m.UsersPage),
    perm: 'user.read',
    menu: { labelZh: '账号管理', labelEn: 'Users', icon: <UserOutlined />, group: 'system', order: 20 },
  },
  {
    path: '/roles',
    element: page(() => import('../features/users/roles-page.tsx'), (m) => m.RolesPage),
    perm: 'user.read',
    menu: { labelZh: '角色权限', labelEn: 'Roles', icon: <TeamOutlined />, group: 'system', order: 30 },
  },
  {
    path: '/tokens',
    element: page(() => import('../features/tokens/tokens-page.tsx'), (m) => m.TokensPage),
    perm: 'token.read',
    menu: { labelZh: '接口令牌', labelEn: 'API tokens', icon: <ApiOutlined />, group: 'system', order: 40 },
  },
  {
    path: '/audit',
    element: page(() => import('../features/audit/audit-page.tsx'), (m) => m.AuditPage),
    perm: 'audit.read',
    menu: { labelZh: '审计日志', labelEn: 'Audit log', icon: <AuditOutlined />, group: 'system', order: 50 },
  },
  {
    path: '/jobs',
    element: page(() => import('../features/jobs/jobs-page.tsx'), (m) => m.JobsPage),
    perm: 'job.read',
    menu: { labelZh: '后台任务', labelEn: 'Jobs', icon: <ScheduleOutlined />, group: 'system', order: 60 },
  },
  {
    path: '/settings',
    element: page(() => import('../features/settings/settings-page.tsx'), (m) => m.SettingsPage),
    perm: 'region.read',
    menu: { labelZh: '参数设置', labelEn: 'Settings', icon: <SettingOutlined />, group: 'system', order: 70 },
  },
  {
    path: '/dev-inbox',
    element: page(() => import('../features/dev-inbox/dev-inbox-page.tsx'), (m) => m.DevInboxPage),
    perm: 'devinbox.read',
    menu: { labelZh: '开发收件箱', labelEn: 'Dev inbox', icon: <MailOutlined />, group: 'system', order: 80 },
  },
];
