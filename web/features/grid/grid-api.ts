// Shapes and labels of the grid-work pages (contracts/grid.ts).
import type { z } from 'zod';
import type { finding, gridWorkload, mediation, patrol, visit } from '../../../contracts/grid.ts';

export type Finding = z.infer<typeof finding>;
export type Patrol = z.infer<typeof patrol>;
export type Visit = z.infer<typeof visit>;
export type Mediation = z.infer<typeof mediation>;
export type GridWorkload = z.infer<typeof gridWorkload>;
export type { Paged } from '../../lib/api.ts';

/** A finding typed on the phone before the record is saved: photos are uploaded at once, so only ids are kept. */
export type FindingDraft = { description: string; address?: string; photos: string[] };

type Label = { zh: string; en: string; color?: string };

export const PATROL_KINDS: Record<'routine' | 'joint' | 'special', Label> = {
  routine: { zh: '日常巡查', en: 'Routine' }, joint: { zh: '联合巡查', en: 'Joint' }, special: { zh: '专项巡查', en: 'Special' },
};

export const VISIT_TYPES: Record<Visit['visitType'], Label> = {
  routine: { zh: '日常走访', en: 'Routine' }, care: { zh: '关爱走访', en: 'Care' }, policy: { zh: '政策宣传', en: 'Policy' },
  dispute: { zh: '矛盾排查', en: 'Dispute check' }, survey: { zh: '民意调查', en: 'Survey' },
};

export const DISPUTE_TYPES: Record<Mediation['disputeType'], Label> = {
  neighbour: { zh: '邻里纠纷', en: 'Neighbours' }, family: { zh: '家庭纠纷', en: 'Family' }, property: { zh: '物业纠纷', en: 'Property' },
  tenancy: { zh: '租赁纠纷', en: 'Tenancy' }, labour: { zh: '劳动纠纷', en: 'Labour' }, other: { zh: '其他', en: 'Other' },
};

export const MEDIATION_STATUS: Record<string, Label> = {
  open: { zh: '调解中', en: 'Open', color: 'processing' }, resolved: { zh: '调解成功', en: 'Resolved', color: 'green' },
  failed: { zh: '调解不成', en: 'Failed', color: 'red' }, referred: { zh: '已移交', en: 'Referred', color: 'orange' },
};
