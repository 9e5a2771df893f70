// Types of the admission pages (the contracts are the source of the shapes).
import type { z } from 'zod';
import type { admissionList, admissionListDetail, communityTask, fundsResponse, taskRequest, taskRequestDetail } from '../../../contracts/admission.ts';

export type AdmissionList = z.infer<typeof admissionList>;
export type AdmissionListDetail = z.infer<typeof admissionListDetail>;
export type TaskRequest = z.infer<typeof taskRequest>;
export type TaskRequestDetail = z.infer<typeof taskRequestDetail>;
export type CommunityTask = z.infer<typeof communityTask>;
export type Funds = z.infer<typeof fundsResponse>;
export type { Paged } from '../../lib/api.ts';

export const KIND: Record<string, { zh: string; color: string }> = {
  statutory: { zh: '依法履职', color: 'blue' },
  assist: { zh: '协助政府', color: 'green' },
  negative: { zh: '负面清单', color: 'red' },
};
export const STATUS: Record<string, { zh: string; color: string }> = {
  submitted: { zh: '待审核', color: 'processing' },
  approved: { zh: '已准入', color: 'success' },
  refused: { zh: '不予准入', color: 'error' },
  returned: { zh: '已退回', color: 'warning' },
};
