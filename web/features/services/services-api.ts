// Types of the service hall pages (shapes from contracts/services.ts).
import type { z } from 'zod';
import type { applicationDetail, applicationItem, prefill, publicProgress, publicServiceItem, serviceItem } from '../../../contracts/services.ts';

export type ServiceItem = z.infer<typeof serviceItem>;
export type PublicService = z.infer<typeof publicServiceItem>;
export type Application = z.infer<typeof applicationItem>;
export type ApplicationDetail = z.infer<typeof applicationDetail>;
export type Prefill = z.infer<typeof prefill>;
export type Progress = z.infer<typeof publicProgress>;
export type { Paged } from '../../lib/api.ts';

export const STATUS: Record<Application['status'], { zh: string; en: string; color: string }> = {
  submitted: { zh: '待受理', en: 'Submitted', color: 'blue' },
  incomplete: { zh: '材料不齐', en: 'Incomplete', color: 'orange' },
  in_progress: { zh: '办理中', en: 'In progress', color: 'processing' },
  returned: { zh: '退回补正', en: 'Returned', color: 'warning' },
  ready: { zh: '已办结待领取', en: 'Ready', color: 'green' },
  collected: { zh: '已领取', en: 'Collected', color: 'green' },
  archived: { zh: '已归档', en: 'Archived', color: 'default' },
  cancelled: { zh: '已撤回', en: 'Cancelled', color: 'default' },
};

export const fee = (cents: number) => (cents === 0 ? '免费' : `${(cents / 100).toFixed(2)} 元`);
