// Community affairs admission (社区事务准入): admission lists, task requests, tasks reaching communities, funds.
import { z } from 'zod';

export const admissionItemKind = z.enum(['statutory', 'assist', 'negative']);
export type AdmissionItemKind = z.infer<typeof admissionItemKind>;
export const ADMISSION_KIND_ZH: Record<AdmissionItemKind, string> = { statutory: '依法履职事项', assist: '协助政府事项', negative: '负面清单（不得下派）' };

const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字||At most ${max} characters`);
const date = z.iso.date('日期格式应为 YYYY-MM-DD||Use YYYY-MM-DD');

export const admissionItemInput = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9-]{1,20}$/, '编号为 1–20 位字母、数字或短横||1–20 letters, digits or dashes'),
  kind: admissionItemKind,
  title: text(200).min(2, '事项名称至少 2 个字||At least 2 characters'),
  legalBasis: text(500).optional(),
  department: text(60).optional(),
  fundsRequired: z.boolean().default(false),
  personnelRequired: z.boolean().default(false),
  note: text(500).optional(),
});
export type AdmissionItemInput = z.infer<typeof admissionItemInput>;

export const admissionListBody = z.object({
  title: text(100).min(2, '标题至少 2 个字||At least 2 characters'),
  effectiveFrom: date.optional(),
  items: z.array(admissionItemInput).min(1, '清单至少包含一项||The list needs at least one item').max(500),
});

export const admissionItem = admissionItemInput.extend({ id: z.string(), legalBasis: z.string().nullable(), department: z.string().nullable(), note: z.string().nullable() });
export const admissionList = z.object({
  id: z.string(),
  districtId: z.number(),
  districtName: z.string(),
  version: z.number(),
  title: z.string(),
  status: z.enum(['draft', 'published', 'superseded']),
  effectiveFrom: z.string().nullable(),
  publishedAt: z.string().nullable(),
  itemCount: z.number(),
});
export const admissionListDetail = admissionList.extend({ items: z.array(admissionItem) });
export const admissionListQuery = z.object({ districtId: z.coerce.number().int().positive().optional(), history: z.coerce.boolean().default(false) });

export const reportScheduleInput = z.object({
  quarterly: z.boolean().optional(),
  monthly: z.boolean().optional(),
  summaryDay: z.number().int().min(1, '日期应在 1–28 之间||Day 1–28').max(28, '日期应在 1–28 之间||Day 1–28').optional(),
});

export const taskRequestBody = z
  .object({
    title: text(200).min(2, '事项名称至少 2 个字||At least 2 characters'),
    description: text(2000).optional(),
    legalBasis: text(500).optional(),
    listItemId: z.uuid('清单事项编号格式不正确||Malformed list item id').nullable().optional(),
    targetCommunityIds: z.array(z.number().int().positive()).min(1, '至少选择一个社区||Choose at least one community').max(200),
    households: z.number().int().min(0).max(1_000_000).default(0),
    hours: z.number().min(0).max(1_000_000).default(0),
    periodStart: date,
    periodEnd: date,
    fundsPerCommunity: z.number().min(0, '经费不能为负||Funds cannot be negative').max(100_000_000).default(0),
    personnel: z.number().int().min(0).max(10_000).default(0),
    personnelNote: text(500).optional(),
    authority: text(500).optional(),
    reportSchedule: reportScheduleInput.optional(),
  })
  .refine((b) => b.periodEnd >= b.periodStart, { path: ['periodEnd'], message: '结束日期不能早于开始日期||The end date is before the start date' });
export type TaskRequestBody = z.infer<typeof taskRequestBody>;

export const reviewBody = z
  .object({
    decision: z.enum(['approve', 'refuse', 'return']),
    reason: text(1000).optional(),
    /** Items on no admission list need the reviewer to confirm the approval explicitly. */
    explicitApproval: z.boolean().optional(),
  })
  .refine((b) => b.decision === 'approve' || (b.reason && b.reason.length >= 2), { path: ['reason'], message: '不予准入或退回须写明理由||Give a reason for refusing or returning' });

export const taskRequestStatus = z.enum(['submitted', 'approved', 'refused', 'returned']);
export const TASK_STATUS_ZH: Record<z.infer<typeof taskRequestStatus>, string> = { submitted: '待审核', approved: '已准入', refused: '不予准入', returned: '已退回' };

export const taskRequest = z.object({
  id: z.string(),
  no: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  streetId: z.number(),
  streetName: z.string(),
  listItem: z.object({ id: z.string(), code: z.string(), kind: admissionItemKind, title: z.string(), fundsRequired: z.boolean(), personnelRequired: z.boolean() }).nullable(),
  title: z.string(),
  description: z.string().nullable(),
  legalBasis: z.string().nullable(),
  targetCommunities: z.array(z.object({ id: z.number(), name: z.string() })),
  households: z.number(),
  hours: z.number(),
  periodStart: z.string(),
  periodEnd: z.string(),
  fundsPerCommunity: z.number(),
  personnel: z.number(),
  personnelNote: z.string().nullable(),
  authority: z.string().nullable(),
  reportSchedule: z.record(z.string(), z.unknown()),
  status: taskRequestStatus,
  autoDecided: z.boolean(),
  needsExplicitApproval: z.boolean(),
  decisionReason: z.string().nullable(),
  submittedAt: z.string(),
  reviewDue: z.string().nullable(),
  overdue: z.boolean(),
  reviewedAt: z.string().nullable(),
});
export type TaskRequest = z.infer<typeof taskRequest>;
export const taskRequestDetail = taskRequest.extend({
  events: z.array(z.object({ action: z.string(), reason: z.string().nullable(), actor: z.string().nullable(), at: z.string() })),
});

export const taskRequestQuery = z.object({
  status: taskRequestStatus.optional(),
  overdue: z.coerce.boolean().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const taskReport = z.object({
  id: z.string(), kind: z.enum(['quarterly', 'monthly', 'summary']), label: z.string(), dueDate: z.string(),
  content: z.string().nullable(), submittedAt: z.string().nullable(), overdue: z.boolean(),
});
export const communityTask = z.object({
  id: z.string(),
  requestId: z.string(),
  requestNo: z.string(),
  communityId: z.number(),
  communityName: z.string(),
  departmentName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  periodStart: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'done']),
  fundsCredited: z.number(),
  personnel: z.number(),
  authority: z.string().nullable(),
  reports: z.array(taskReport),
});
export const taskQuery = z.object({
  communityId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'done']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const taskReportBody = z.object({ content: text(5000).min(2, '报告内容至少 2 个字||At least 2 characters') });
export const taskReportParams = z.object({ id: z.uuid(), reportId: z.uuid() });

export const fundsEntry = z.object({
  id: z.string(), communityId: z.number(), communityName: z.string(), amount: z.number(), kind: z.enum(['credit', 'debit']),
  sourceType: z.string(), sourceId: z.string().nullable(), departmentName: z.string().nullable(), memo: z.string(), at: z.string(),
});
export const fundsQuery = z.object({
  communityId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const fundsResponse = z.object({
  balances: z.array(z.object({ communityId: z.number(), communityName: z.string(), credited: z.number(), debited: z.number(), balance: z.number() })),
  items: z.array(fundsEntry), total: z.number(), page: z.number(), pageSize: z.number(),
});
