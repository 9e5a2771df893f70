// Grid work (网格化): grid workers and their households, patrols, household visits, dispute mediation, findings.
import { z } from 'zod';
import { requestType, urgency } from './cases.ts';

const uuid = z.uuid('编号格式不正确||Malformed id');
const attachments = z.array(uuid).max(9, '最多 9 个附件||At most 9 attachments').default([]);

export const gridWorkload = z.object({
  gridId: z.number(), gridName: z.string(), communityId: z.number(), communityName: z.string(), households: z.number(), persons: z.number(),
  workers: z.array(z.object({ id: z.string(), name: z.string() })), householdsPerWorker: z.number().nullable(), norm: z.number(), overNorm: z.boolean(),
  openCases: z.number(), patrolsLast30Days: z.number(), visitsLast30Days: z.number(),
});

export const findingInput = z.object({
  description: z.string().trim().min(2, '请描述发现的问题||Describe what was found').max(2000),
  address: z.string().trim().max(200).optional(),
  buildingId: uuid.optional(),
  photos: attachments,
});
export const finding = z.object({ id: z.string(), sourceType: z.enum(['patrol', 'visit']), sourceId: z.string(), description: z.string(), address: z.string().nullable(), buildingId: z.string().nullable(), photos: z.array(z.string()), caseId: z.string().nullable(), createdAt: z.string() });

export const startPatrolBody = z.object({ gridId: z.number().int().positive().optional(), kind: z.enum(['routine', 'joint', 'special']).default('routine') });
export const endPatrolBody = z.object({ routeNotes: z.string().trim().max(4000).optional(), findings: z.array(findingInput).max(50).default([]) });
export const patrol = z.object({
  id: z.string(), gridId: z.number(), gridName: z.string(), communityId: z.number(), workerId: z.string(), workerName: z.string(), kind: z.string(),
  startedAt: z.string(), endedAt: z.string().nullable(), routeNotes: z.string().nullable(), findings: z.array(finding),
});

export const visitType = z.enum(['routine', 'care', 'policy', 'dispute', 'survey']);
export const createVisitBody = z.object({
  householdId: uuid,
  visitType,
  personsMet: z.array(uuid).max(20).default([]),
  notes: z.string().trim().max(4000).optional(),
  visitedAt: z.iso.datetime({ offset: true }).optional(),
  nextVisitDate: z.iso.date('日期格式应为 YYYY-MM-DD||Date must be YYYY-MM-DD').optional(),
  findings: z.array(findingInput).max(20).default([]),
});
export const visit = z.object({
  id: z.string(), householdId: z.string(), householdNo: z.string().nullable(), address: z.string().nullable(), communityId: z.number(), gridId: z.number().nullable(),
  workerName: z.string(), visitType, personsMet: z.array(z.object({ id: z.string(), name: z.string() })), notes: z.string().nullable(),
  visitedAt: z.string(), nextVisitDate: z.string().nullable(), findings: z.array(finding),
});

export const disputeType = z.enum(['neighbour', 'family', 'property', 'tenancy', 'labour', 'other']);
export const party = z.object({ personId: uuid.optional(), name: z.string().trim().min(1).max(40).optional(), role: z.string().trim().max(20).default('当事人') })
  .refine((p) => !!p.personId || !!p.name, { message: '请选择人员或填写姓名||Choose a person or give a name', path: ['name'] });
export const createMediationBody = z.object({
  gridId: z.number().int().positive().optional(),
  communityId: z.number().int().positive().optional(),
  disputeType,
  parties: z.array(party).min(2, '纠纷至少有两方当事人||A dispute has at least two parties').max(20),
  description: z.string().trim().min(5, '请至少写 5 个字说明纠纷||Describe the dispute in at least 5 characters').max(4000),
});
export const mediationStepBody = z.object({ note: z.string().trim().min(2, '请填写调解过程||Describe the step').max(2000) });
export const closeMediationBody = z.object({
  status: z.enum(['resolved', 'failed', 'referred']),
  result: z.string().trim().min(2, '请填写调解结果||Give the result').max(2000),
  agreement: z.string().trim().max(8000).optional(),
  attachments,
});
export const mediation = z.object({
  id: z.string(), communityId: z.number(), gridId: z.number().nullable(), workerName: z.string(), disputeType,
  parties: z.array(z.object({ personId: z.string().nullable(), name: z.string(), role: z.string() })), description: z.string(),
  steps: z.array(z.object({ at: z.string(), note: z.string(), by: z.string() })), status: z.string(), result: z.string().nullable(), agreement: z.string().nullable(),
  attachments: z.array(z.string()), caseId: z.string().nullable(), openedAt: z.string(), closedAt: z.string().nullable(),
});

/** A finding (or a mediation) becomes a case in one step. */
export const toCaseBody = z.object({ categoryId: uuid, requestType: requestType.default('report'), urgency: urgency.optional(), title: z.string().trim().min(2).max(80).optional() });
export const gridListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  gridId: z.coerce.number().int().positive().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
