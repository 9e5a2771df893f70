// The cards on a resident's page (/me). Service modules add theirs here: one entry each, e.g.
//
//   {
//     key: 'applications',
//     perm: 'application.apply',                      // shown only to users holding it
//     order: 20,
//     titleZh: '我的办件', titleEn: 'My applications',
//     element: page(() => import('../applications/my-applications-card.tsx'), (m) => m.MyApplicationsCard),
//   },
//
// `page()` (web/app/routes.tsx) lazy-loads the card's module. A card renders its own content; the resident page
// wraps it in an antd Card with the title.
import type { ReactNode } from 'react';
import { page } from '../../app/routes.tsx';

export type ResidentCard = {
  key: string;
  perm?: string | string[];
  order: number;
  titleZh: string;
  titleEn: string;
  element: ReactNode;
};

export const RESIDENT_CARDS: ResidentCard[] = [
  {
    key: 'profile',
    order: 0,
    titleZh: '我的信息',
    titleEn: 'My details',
    element: page(() => import('./profile-card.tsx'), (m) => m.ProfileCard),
  },
  {
    key: 'applications',
    perm: 'application.apply',
    order: 20,
    titleZh: '我的办件',
    titleEn: 'My applications',
    element: page(() => import('../services/my-applications-card.tsx'), (m) => m.MyApplicationsCard),
  },
  {
    key: 'cases',
    perm: 'case.report',
    order: 30,
    titleZh: '我的反映',
    titleEn: 'My reports',
    element: page(() => import('../cases/my-cases-page.tsx'), (m) => m.MyCasesCard),
  },
  {
    key: 'security',
    order: 100,
    titleZh: '账号与安全',
    titleEn: 'Account and security',
    element: page(() => import('./security-card.tsx'), (m) => m.SecurityCard),
  },
];
