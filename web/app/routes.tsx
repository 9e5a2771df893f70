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
  AimOutlined, CalendarOutlined, ClusterOutlined, CommentOutlined, EnvironmentOutlined, FormOutlined, FundOutlined, NotificationOutlined, ProfileOutlined, UsergroupAddOutlined,
} from '@ant-design/icons';
import {
  ApartmentOutlined, AuditOutlined, ApiOutlined, FileProtectOutlined, HomeOutlined, SolutionOutlined, IdcardOutlined, MailOutlined,
  ScheduleOutlined, SettingOutlined, TeamOutlined, UserOutlined, BankOutlined, ShopOutlined, CloudUploadOutlined,
} from '@ant-design/icons';
import type { Me } from '../../contracts/auth.ts';
import { BarChartOutlined, BookOutlined, SafetyCertificateOutlined } from '@ant-design/icons';

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
    path: '/population',
    element: page(() => import('../features/population/population-page.tsx'), (m) => m.PopulationPage),
    perm: 'person.read',
    menu: { labelZh: '人口信息', labelEn: 'Population', icon: <TeamOutlined />, group: 'work', order: 10 },
  },
  {
    path: '/population/persons/:id',
    element: page(() => import('../features/population/person-page.tsx'), (m) => m.PersonPage),
    perm: 'person.read',
  },
  {
    path: '/population/buildings',
    element: page(() => import('../features/population/buildings-page.tsx'), (m) => m.BuildingsPage),
    perm: 'person.read',
    menu: { labelZh: '楼栋与户籍', labelEn: 'Buildings & households', icon: <BankOutlined />, group: 'work', order: 11 },
  },
  {
    path: '/population/buildings/:id',
    element: page(() => import('../features/population/building-view.tsx'), (m) => m.BuildingViewPage),
    perm: 'person.read',
  },
  {
    path: '/population/organisations',
    element: page(() => import('../features/population/organisations-page.tsx'), (m) => m.OrganisationsPage),
    perm: 'person.read',
    menu: { labelZh: '驻区单位', labelEn: 'Organisations', icon: <ShopOutlined />, group: 'work', order: 12 },
  },
  {
    path: '/population/import',
    element: page(() => import('../features/population/import-page.tsx'), (m) => m.ImportPage),
    perm: 'person.import',
    menu: { labelZh: '批量导入', labelEn: 'Import persons', icon: <CloudUploadOutlined />, group: 'work', order: 13 },
  },
  {
    path: '/admission',
    element: page(() => import('../features/admission/admission-page.tsx'), (m) => m.AdmissionPage),
    perm: 'task.read',
    menu: { labelZh: '事务准入', labelEn: 'Task admission', icon: <SafetyCertificateOutlined />, group: 'work', order: 60 },
  },
  {
    path: '/burden',
    element: page(() => import('../features/burden/burden-page.tsx'), (m) => m.BurdenPage),
    perm: ['burden.read', 'burden.log'],
    menu: { labelZh: '减负台账', labelEn: 'Burden account', icon: <BarChartOutlined />, group: 'work', order: 61 },
  },
  {
    path: '/ledgers',
    element: page(() => import('../features/ledgers/ledgers-page.tsx'), (m) => m.LedgersPage),
    perm: 'ledger.read',
    menu: { labelZh: '电子台账', labelEn: 'Ledgers', icon: <BookOutlined />, group: 'work', order: 62 },
  },
  { path: '/ledgers/new', element: page(() => import('../features/ledgers/ledger-designer-page.tsx'), (m) => m.LedgerDesignerPage), perm: 'ledger.write' },
  { path: '/ledgers/:id', element: page(() => import('../features/ledgers/ledger-view-page.tsx'), (m) => m.LedgerViewPage), perm: 'ledger.read' },
  { path: '/reports', element: page(() => import('../features/ledgers/reports-page.tsx'), (m) => m.ReportsPage), perm: 'report.read' },
  // Residents' opinions (民情工单) and grid work (网格化): web/features/cases, web/features/grid.
  {
    path: '/cases',
    element: page(() => import('../features/cases/cases-page.tsx'), (m) => m.CasesPage),
    perm: 'case.read',
    menu: { labelZh: '民情工单', labelEn: 'Cases', icon: <NotificationOutlined />, group: 'work', order: 20 },
  },
  { path: '/cases/:id', element: page(() => import('../features/cases/case-detail-page.tsx'), (m) => m.CaseDetailPage), perm: 'case.read' },
  {
    path: '/case-assessment',
    element: page(() => import('../features/cases/assessment-page.tsx'), (m) => m.AssessmentPage),
    perm: 'case.assess',
    menu: { labelZh: '考核评价', labelEn: 'Assessment', icon: <FundOutlined />, group: 'work', order: 26 },
  },
  {
    path: '/grid/patrols',
    element: page(() => import('../features/grid/patrols-page.tsx'), (m) => m.PatrolsPage),
    perm: 'grid.work',
    menu: { labelZh: '网格巡查', labelEn: 'Patrols', icon: <AimOutlined />, group: 'work', order: 21 },
  },
  {
    path: '/grid/visits',
    element: page(() => import('../features/grid/visits-page.tsx'), (m) => m.VisitsPage),
    perm: 'grid.work',
    menu: { labelZh: '入户走访', labelEn: 'Household visits', icon: <UsergroupAddOutlined />, group: 'work', order: 22 },
  },
  {
    path: '/grid/mediations',
    element: page(() => import('../features/grid/mediations-page.tsx'), (m) => m.MediationsPage),
    perm: 'grid.work',
    menu: { labelZh: '矛盾纠纷', labelEn: 'Disputes', icon: <CommentOutlined />, group: 'work', order: 23 },
  },
  {
    path: '/grid/workload',
    element: page(() => import('../features/grid/workload-page.tsx'), (m) => m.WorkloadPage),
    perm: 'grid.work',
    menu: { labelZh: '网格力量', labelEn: 'Grid workload', icon: <EnvironmentOutlined />, group: 'work', order: 24 },
  },
  {
    path: '/my/cases/new',
    element: page(() => import('../features/cases/report-page.tsx'), (m) => m.ReportPage),
    perm: 'case.report',
    menu: { labelZh: '我要反映', labelEn: 'Report a problem', icon: <FormOutlined />, group: 'resident', order: 20, visible: (me) => me.user.permissions.includes('case.report') },
  },
  {
    path: '/my/cases',
    element: page(() => import('../features/cases/my-cases-page.tsx'), (m) => m.MyCasesPage),
    perm: 'case.report',
    menu: { labelZh: '我的反映', labelEn: 'My reports', icon: <ProfileOutlined />, group: 'resident', order: 21, visible: (me) => me.user.permissions.includes('case.report') },
  },
  { path: '/my/cases/:id', element: page(() => import('../features/cases/my-case-page.tsx'), (m) => m.MyCasePage), perm: 'case.report' },
  {
    path: '/case-categories',
    element: page(() => import('../features/cases/categories-page.tsx'), (m) => m.CategoriesPage),
    perm: 'case.config',
    menu: { labelZh: '事件分类', labelEn: 'Case categories', icon: <ClusterOutlined />, group: 'system', order: 72 },
  },
  {
    path: '/work-calendar',
    element: page(() => import('../features/cases/calendar-page.tsx'), (m) => m.CalendarPage),
    perm: 'case.config',
    menu: { labelZh: '工作日历', labelEn: 'Working calendar', icon: <CalendarOutlined />, group: 'system', order: 73 },
  },
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
    path: '/certificates/types',
    element: page(() => import('../features/certificates/cert-types-page.tsx'), (m) => m.CertTypesPage),
    perm: 'cert.read',
  },
  {
    path: '/applications/items',
    element: page(() => import('../features/services/service-items-page.tsx'), (m) => m.ServiceItemsPage),
    perm: 'application.read',
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
