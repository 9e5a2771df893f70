// Residents' opinions and incidents (民情事件 / 工单): categories, cases, workflow actions, calendar, assessment.
import { z } from 'zod';

export const caseSource = z.enum(['patrol', 'visit', 'resident', 'hotline', 'window', 'survey', 'department']);
export const requestType = z.enum(['consult', 'help', 'complaint', 'report', 'suggestion']);
export const urgency = z.enum(['normal', 'urgent', 'critical']);
export const caseStatus = z.enum(['reported', 'accepted', 'dispatched', 'handling', 'paused', 'returned', 'handled', 'replied', 'rated', 'closed', 'archived', 'merged']);
export const rating = z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']);
export const assigneeType = z.enum(['community', 'street', 'department']);
export const slaState = z.enum(['normal', 'due_soon', 'overdue']);
export type CaseStatus = z.infer<typeof caseStatus>;
export type CaseSource = z.infer<typeof caseSource>;
export type Urgency = z.infer<typeof urgency>;
export type Rating = z.infer<typeof rating>;

export const SOURCE_ZH: Record<CaseSource, string> = { patrol: '网格巡查', visit: '入户走访', resident: '居民反映', hotline: '热线', window: '窗口', survey: '民意调查', department: '部门转办' };
export const REQUEST_TYPE_ZH: Record<z.infer<typeof requestType>, string> = { consult: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议' };
export const STATUS_ZH: Record<CaseStatus, string> = {
  reported: '待受理', accepted: '待交办', dispatched: '待签收', handling: '办理中', paused: '已挂起', returned: '已退回待改派',
  handled: '已办结待答复', replied: '已答复待评价', rated: '已评价', closed: '已办结', archived: '已归档', merged: '已合并',
};
export const RATING_ZH: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };
export const URGENCY_ZH: Record<Urgency, string> = { normal: '一般', urgent: '紧急', critical: '特急' };

const uuid = z.uuid('编号格式不正确||Malformed id');
const note = z.string().trim().max(2000);
const attachments = z.array(uuid).max(9, '最多 9 个附件||At most 9 attachments').default([]);
const dateStr = z.iso.date('日期格式应为 YYYY-MM-DD||Date must be YYYY-MM-DD');
const phone = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '电话号码格式不正确||Malformed phone number');

export const timeLimit = z.object({ value: z.number().positive().max(10_000), unit: z.enum(['hours', 'days']) });
export const stageLimits = z.object({ accept: timeLimit, handle: timeLimit, reply: timeLimit });
export const urgencyLimits = z.object({ normal: stageLimits, urgent: stageLimits, critical: stageLimits });

export const category = z.object({
  id: z.string(), code: z.string(), name: z.string(), parentId: z.string().nullable(),
  unitType: assigneeType, departmentCode: z.string().nullable(), defaultUrgency: urgency, limits: urgencyLimits,
  sort: z.number(), retired: z.boolean(),
});
export const createCategoryBody = z.object({
  code: z.string().trim().regex(/^[0-9A-Za-z]{2,12}$/, '编码为 2–12 位字母或数字||Code: 2–12 letters or digits'),
  name: z.string().trim().min(2).max(40),
  parentId: uuid.nullable().optional(),
  unitType: assigneeType.default('community'),
  departmentCode: z.string().trim().max(40).nullable().optional(),
  defaultUrgency: urgency.default('normal'),
  limits: urgencyLimits.optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
});
export const updateCategoryBody = createCategoryBody.omit({ code: true, parentId: true }).partial().extend({ retired: z.boolean().optional() });

const place = {
  communityId: z.number().int().positive().optional(),
  gridId: z.number().int().positive().optional(),
  buildingId: uuid.optional(),
  houseId: uuid.optional(),
  address: z.string().trim().max(200).optional(),
};

export const createCaseBody = z.object({
  source: caseSource.exclude(['resident']),
  requestType,
  categoryId: uuid,
  urgency: urgency.optional(),
  title: z.string().trim().min(2).max(80).optional(),
  description: z.string().trim().min(5, '请至少写 5 个字说明情况||Describe the matter in at least 5 characters').max(4000),
  ...place,
  anonymous: z.boolean().default(false),
  reporterPersonId: uuid.optional(),
  reporterName: z.string().trim().max(40).optional(),
  reporterPhone: phone.optional(),
  personIds: z.array(uuid).max(20).default([]),
  photos: attachments,
  /** Staff taking the matter themselves (window, patrol) accept it at once. */
  accept: z.boolean().default(false),
});
export type CreateCaseInput = z.infer<typeof createCaseBody>;

export const reportCaseBody = z.object({
  requestType,
  categoryId: uuid,
  title: z.string().trim().min(2).max(80).optional(),
  description: z.string().trim().min(5, '请至少写 5 个字说明情况||Describe the matter in at least 5 characters').max(4000),
  address: z.string().trim().min(2, '请填写地点||Please give the place').max(200),
  buildingId: uuid.optional(),
  anonymous: z.boolean().default(false),
  photos: attachments,
});

export const caseListQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.string().trim().optional().refine((s) => !s || s.split(',').every((x) => caseStatus.safeParse(x).success), '状态不正确||Unknown status'),
  open: z.enum(['true', 'false']).optional(),
  categoryId: uuid.optional(),
  source: caseSource.optional(),
  requestType: requestType.optional(),
  urgency: urgency.optional(),
  sla: z.enum(['due_soon', 'overdue']).optional(),
  communityId: z.coerce.number().int().positive().optional(),
  gridId: z.coerce.number().int().positive().optional(),
  departmentId: uuid.optional(),
  supervised: z.enum(['true', 'false']).optional(),
  from: dateStr.optional(),
  to: dateStr.optional(),
  q: z.string().trim().max(60).optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const caseItem = z.object({
  id: z.string(), caseNo: z.string(), title: z.string(), source: caseSource, requestType, urgency, status: caseStatus, statusName: z.string(),
  categoryId: z.string(), categoryName: z.string(), communityId: z.number(), communityName: z.string(), gridId: z.number().nullable(),
  address: z.string().nullable(), assigneeType: assigneeType.nullable(), assigneeName: z.string().nullable(),
  slaState: slaState, dueAt: z.string().nullable(), supervisionLevel: z.string().nullable(), rating: rating.nullable(),
  reopenCount: z.number(), createdAt: z.string(),
});
export const caseList = z.object({ items: z.array(caseItem), total: z.number(), totalExact: z.boolean(), page: z.number(), pageSize: z.number() });

export const caseEvent = z.object({
  id: z.number(), action: z.string(), actionName: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(),
  actorLabel: z.string(), note: z.string().nullable(), attachments: z.array(z.string()), detail: z.record(z.string(), z.unknown()), at: z.string(),
});

export const caseDetail = caseItem.extend({
  description: z.string(), buildingId: z.string().nullable(), houseId: z.string().nullable(), anonymous: z.boolean(),
  reporter: z.object({ name: z.string().nullable(), phoneMasked: z.string().nullable(), personId: z.string().nullable() }).nullable(),
  persons: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string() })),
  assigneeRegionId: z.number().nullable(), assigneeDepartmentId: z.string().nullable(),
  handleDueAt: z.string().nullable(), warnAt: z.string().nullable(), stage: z.string().nullable(),
  replyText: z.string().nullable(), repliedAt: z.string().nullable(), resolved: z.boolean().nullable(), urgeCount: z.number(),
  mergedIntoId: z.string().nullable(), version: z.number(),
  extensions: z.array(z.object({ id: z.string(), days: z.number(), reason: z.string(), status: z.string(), requestedAt: z.string(), decisionNote: z.string().nullable() })),
  timeline: z.array(caseEvent),
  allowedActions: z.array(z.string()),
});

/** What a resident sees of their own case: progress, the reply, public steps; never staff notes or other people. */
export const myCase = z.object({
  id: z.string(), caseNo: z.string(), title: z.string(), description: z.string(), status: caseStatus, statusName: z.string(),
  categoryName: z.string(), address: z.string().nullable(), anonymous: z.boolean(), createdAt: z.string(),
  replyText: z.string().nullable(), repliedAt: z.string().nullable(), rating: rating.nullable(), canRate: z.boolean(),
  photos: z.array(z.string()),
  timeline: z.array(z.object({ action: z.string(), actionName: z.string(), note: z.string().nullable(), at: z.string() })),
});

export const createCaseResult = z.object({ case: caseDetail, duplicates: z.array(caseItem) });

// Workflow action bodies.
export const actionNoteBody = z.object({ note: note.optional(), attachments, version: z.number().int().optional() });
export const acceptBody = actionNoteBody.extend({ categoryId: uuid.optional(), urgency: urgency.optional() });
export const dispatchBody = actionNoteBody.extend({
  assigneeType,
  regionId: z.number().int().positive().optional(),
  departmentId: uuid.optional(),
}).refine((b) => b.assigneeType !== 'department' || !!b.departmentId, { message: '交办部门时请选择部门||Choose the department', path: ['departmentId'] });
export const reasonBody = actionNoteBody.extend({ reason: z.string().trim().min(2, '请填写原因||Give a reason').max(1000) });
export const handleBody = actionNoteBody.extend({ note: z.string().trim().min(2, '请填写办理情况||Describe what was done').max(4000) });
export const replyBody = actionNoteBody.extend({ text: z.string().trim().min(2, '请填写答复内容||Write the reply').max(4000) });
export const rateBody = z.object({ rating, resolved: z.boolean(), comment: z.string().trim().max(1000).optional() });
export const callbackBody = actionNoteBody.extend({ rating, resolved: z.boolean() });
export const extensionBody = actionNoteBody.extend({ days: z.number().int().min(1).max(30), reason: z.string().trim().min(2, '请填写延期原因||Give a reason').max(1000) });
export const extensionDecisionBody = actionNoteBody.extend({ approve: z.boolean() });
export const mergeBody = actionNoteBody.extend({ intoId: uuid });

// Working calendar.
export const calendarDay = z.object({ date: dateStr, kind: z.enum(['holiday', 'workday']), name: z.string().trim().max(40).default('') });
export const calendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const calendarResponse = z.object({ year: z.number(), days: z.array(calendarDay), workHours: z.array(z.tuple([z.string(), z.string()])), utcOffsetMinutes: z.number() });
export const putCalendarBody = z.object({ days: z.array(calendarDay).min(1).max(400) });
export const deadlineQuery = z.object({ start: z.iso.datetime({ offset: true }), value: z.coerce.number().positive().max(10_000), unit: z.enum(['hours', 'days']) });

// Assessment (考核).
export const assessmentBy = z.enum(['community', 'street', 'department', 'grid']);
export const assessmentQuery = z.object({ by: assessmentBy.default('community'), from: dateStr.optional(), to: dateStr.optional() });
export const assessmentRow = z.object({
  key: z.string(), name: z.string(), parentName: z.string().nullable(), workers: z.array(z.string()),
  total: z.number(), dispatched: z.number(), responded: z.number(), responseRate: z.number().nullable(),
  handled: z.number(), onTime: z.number(), onTimeRate: z.number().nullable(),
  rated: z.number(), resolved: z.number(), resolutionRate: z.number().nullable(),
  satisfied: z.number(), satisfactionRate: z.number().nullable(), avgHandlingHours: z.number().nullable(),
  closed: z.number(), reopened: z.number(), reopenRate: z.number().nullable(), overdueOpen: z.number(), score: z.number().nullable(), rank: z.number().nullable(),
});
export const trendQuery = z.object({ months: z.coerce.number().int().min(1).max(36).default(12), by: assessmentBy.optional(), key: z.string().max(60).optional() });
export const trendPoint = z.object({ month: z.string(), total: z.number(), closed: z.number(), responseRate: z.number().nullable(), onTimeRate: z.number().nullable(), resolutionRate: z.number().nullable(), satisfactionRate: z.number().nullable() });
export const problemListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), quarter: z.coerce.number().int().min(1).max(4) });
export const problemRow = z.object({
  ownerType: z.string(), ownerName: z.string(), categoryCode: z.string(), categoryName: z.string(),
  total: z.number(), open: z.number(), overdue: z.number(), unsatisfied: z.number(), recurringPlaces: z.number(), examples: z.array(z.string()),
});
