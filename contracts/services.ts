// One-stop service hall (一站式服务大厅): the service catalogue (服务事项) and applications (办件).
import { z } from 'zod';

const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字||At most ${max} characters`);
const key = z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, '键为小写字母、数字和下划线||Key: lower-case letters, digits, underscores');

export const stepKind = z.enum(['window', 'street', 'department']);
export const serviceStep = z.object({
  key,
  name: z.string().trim().min(1).max(30),
  kind: stepKind,
  departmentCode: z.string().trim().max(40).nullable().default(null),
  limitDays: z.number().int().min(0).max(365).default(1),
});
export type ServiceStep = z.infer<typeof serviceStep>;

export const serviceMaterial = z.object({
  key,
  name: z.string().trim().min(1).max(100),
  required: z.boolean().default(true),
  note: text(300).default(''),
  sampleFileId: z.uuid().nullable().default(null),
});
export type ServiceMaterial = z.infer<typeof serviceMaterial>;

export const residencyType = z.enum(['registered', 'resident', 'floating', 'overseas', 'separated']);
export const serviceConditions = z.object({
  tags: z.array(z.string().max(40)).max(10).optional(),
  anyTags: z.array(z.string().max(40)).max(10).optional(),
  minAge: z.number().int().min(0).max(150).optional(),
  maxAge: z.number().int().min(0).max(150).optional(),
  residency: z.array(residencyType).max(5).optional(),
});
export type ServiceConditions = z.infer<typeof serviceConditions>;

export const channel = z.enum(['window', 'online']);

export const serviceItemBody = z
  .object({
    code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, '代码为小写字母、数字和下划线（2–40 位）||Code: lower-case letters, digits, underscores'),
    name: z.string().trim().min(2, '名称至少 2 个字||At least 2 characters').max(60),
    category: z.string().trim().min(1).max(30),
    departmentCode: z.string().trim().max(40).nullable().default(null),
    legalBasis: text(500).default(''),
    description: text(1000).default(''),
    conditions: serviceConditions.default({}),
    materials: z.array(serviceMaterial).max(30).default([]),
    timeLimitDays: z.number().int().min(0).max(365),
    feeCents: z.number().int().min(0).max(100_000_000).default(0),
    feeNote: text(200).default(''),
    channels: z.array(channel).min(1, '至少一个受理渠道||At least one channel').default(['window']),
    steps: z.array(serviceStep).min(1, '至少一个办理环节||At least one step').max(12),
    active: z.boolean().default(true),
    sort: z.number().int().default(0),
  })
  .superRefine((v, c) => {
    if (v.steps[0] && v.steps[0].kind !== 'window') c.addIssue({ code: 'custom', path: ['steps', 0, 'kind'], message: '第一个环节须为窗口受理||The first step is the window intake' });
    v.steps.forEach((s, i) => {
      if (s.kind === 'department' && !s.departmentCode) c.addIssue({ code: 'custom', path: ['steps', i, 'departmentCode'], message: '部门环节须指定部门||A department step names its department' });
    });
    const keys = [...v.steps.map((s) => s.key)];
    if (new Set(keys).size !== keys.length) c.addIssue({ code: 'custom', path: ['steps'], message: '环节键重复||Duplicate step keys' });
    const mk = v.materials.map((m) => m.key);
    if (new Set(mk).size !== mk.length) c.addIssue({ code: 'custom', path: ['materials'], message: '材料键重复||Duplicate material keys' });
    const sum = v.steps.reduce((s, x) => s + x.limitDays, 0);
    if (sum > v.timeLimitDays) c.addIssue({ code: 'custom', path: ['timeLimitDays'], message: `各环节时限之和（${sum}）超过承诺时限||Step limits exceed the promised limit` });
    if (v.conditions.minAge !== undefined && v.conditions.maxAge !== undefined && v.conditions.minAge > v.conditions.maxAge) {
      c.addIssue({ code: 'custom', path: ['conditions', 'minAge'], message: '最小年龄大于最大年龄||minAge > maxAge' });
    }
  });
export type ServiceItemBody = z.infer<typeof serviceItemBody>;

export const serviceItem = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  category: z.string(),
  departmentCode: z.string().nullable(),
  departmentName: z.string().nullable(),
  legalBasis: z.string(),
  description: z.string(),
  conditions: serviceConditions,
  materials: z.array(serviceMaterial),
  timeLimitDays: z.number(),
  feeCents: z.number(),
  feeNote: z.string(),
  channels: z.array(channel),
  steps: z.array(serviceStep),
  active: z.boolean(),
  sort: z.number(),
});
export type ServiceItem = z.infer<typeof serviceItem>;

/** The public menu: what a resident needs to know before coming (materials, time limit, fee). */
export const publicServiceItem = serviceItem.pick({ id: true, code: true, name: true, category: true, departmentName: true, legalBasis: true, description: true, materials: true, timeLimitDays: true, feeCents: true, feeNote: true, channels: true }).extend({
  free: z.boolean(),
  conditionsText: z.string(),
});

export const serviceListQuery = z.object({ category: z.string().max(30).optional(), includeInactive: z.coerce.boolean().default(false) });

// Applications
export const applicationStatus = z.enum(['submitted', 'incomplete', 'in_progress', 'returned', 'ready', 'collected', 'archived', 'cancelled']);
export type ApplicationStatus = z.infer<typeof applicationStatus>;

export const materialInput = z.object({
  key,
  provided: z.boolean().default(false),
  fileIds: z.array(z.uuid()).max(10).default([]),
  note: text(200).default(''),
});

export const intakeBody = z.object({
  itemId: z.uuid('事项编号格式不正确||Malformed item id'),
  personId: z.uuid('人员编号格式不正确||Malformed person id'),
  materials: z.array(materialInput).max(30).default([]),
  note: text(500).default(''),
});
export type IntakeBody = z.infer<typeof intakeBody>;

export const onlineApplyBody = z.object({
  itemId: z.uuid('事项编号格式不正确||Malformed item id'),
  materials: z.array(materialInput).max(30).default([]),
  note: text(500).default(''),
});

export const materialsBody = z.object({ materials: z.array(materialInput).min(1).max(30) });
export const noteBody = z.object({ note: text(500).default('') });
export const reasonBody = z.object({ reason: z.string().trim().min(2, '请填写原因||Give the reason').max(500) });
export const decideBody = z.object({ outcome: z.enum(['pass', 'reject']), note: text(500).default('') }).superRefine((v, c) => {
  if (v.outcome === 'reject' && v.note.length < 2) c.addIssue({ code: 'custom', path: ['note'], message: '不予办理须写明理由||A rejection needs the reason' });
});
export const ratingBody = z.object({ score: z.number().int().min(1).max(5), reason: text(500).default('') }).superRefine((v, c) => {
  if (v.score <= 2 && v.reason.length < 2) c.addIssue({ code: 'custom', path: ['reason'], message: '不满意评价请写明原因||A bad rating needs the reason' });
});

export const applicationMaterial = z.object({ key: z.string(), name: z.string(), required: z.boolean(), provided: z.boolean(), fileIds: z.array(z.string()), note: z.string() });
export const applicationStep = z.object({
  id: z.string(), seq: z.number(), key: z.string(), name: z.string(), kind: stepKind, departmentName: z.string().nullable(),
  status: z.enum(['active', 'received', 'done', 'returned']), outcome: z.string().nullable(), limitDays: z.number(), startedAt: z.string(),
  dueDate: z.string().nullable(), receivedAt: z.string().nullable(), completedAt: z.string().nullable(), actor: z.string().nullable(), note: z.string().nullable(),
  overdue: z.boolean(),
});
export const applicationEvent = z.object({ at: z.string(), kind: z.string(), title: z.string(), note: z.string().nullable() });

export const applicationItem = z.object({
  id: z.string(),
  no: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  personId: z.string(),
  applicantName: z.string(),
  communityId: z.number(),
  communityName: z.string(),
  channel,
  status: applicationStatus,
  result: z.enum(['approved', 'rejected']).nullable(),
  resultNote: z.string().nullable(),
  currentStep: z.string().nullable(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  missing: z.array(z.string()),
  progressUrl: z.string(),
  rating: z.object({ score: z.number(), reason: z.string().nullable(), followupStatus: z.enum(['none', 'open', 'closed']), followupNote: z.string().nullable() }).nullable(),
});
export type ApplicationItem = z.infer<typeof applicationItem>;
export const applicationDetail = applicationItem.extend({
  materials: z.array(applicationMaterial),
  steps: z.array(applicationStep),
  events: z.array(applicationEvent),
  note: z.string(),
});

export const applicationListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: applicationStatus.optional(),
  itemId: z.uuid().optional(),
  overdue: z.coerce.boolean().optional(),
  followup: z.enum(['open', 'closed']).optional(),
  q: z.string().trim().max(40).optional(),
});

export const prefillQuery = z.object({ itemId: z.uuid(), personId: z.uuid() });
export const prefill = z.object({
  person: z.object({ id: z.string(), name: z.string(), gender: z.string().nullable(), birthDate: z.string().nullable(), age: z.number().nullable(), docMasked: z.string().nullable(), phoneMasked: z.string().nullable(), address: z.string(), residencyType: z.string(), tags: z.array(z.string()), communityName: z.string() }),
  eligible: z.boolean(),
  problems: z.array(z.string()),
  materials: z.array(serviceMaterial),
});

export const progressCodeParam = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '查询码格式不正确||Malformed code') });
export const publicProgress = z.object({
  no: z.string(),
  itemName: z.string(),
  applicantName: z.string(),
  status: applicationStatus,
  statusText: z.string(),
  result: z.enum(['approved', 'rejected']).nullable(),
  createdOn: z.string(),
  dueDate: z.string().nullable(),
  steps: z.array(z.object({ name: z.string(), status: z.string(), completedOn: z.string().nullable() })),
  events: z.array(z.object({ at: z.string(), title: z.string() })),
  missing: z.array(z.string()),
});

export const statsQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });
const statRow = z.object({ key: z.string(), name: z.string(), total: z.number(), finished: z.number(), overdue: z.number(), avgDays: z.number().nullable(), avgScore: z.number().nullable(), bad: z.number() });
export const applicationStats = z.object({ byItem: z.array(statRow), byWorker: z.array(statRow), byDepartment: z.array(statRow) });

export const inboxItem = z.object({ applicationId: z.string(), no: z.string(), itemName: z.string(), communityName: z.string(), applicantName: z.string(), stepId: z.string(), stepName: z.string(), status: z.enum(['active', 'received']), startedAt: z.string(), dueDate: z.string().nullable(), overdue: z.boolean() });
