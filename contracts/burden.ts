// Burden account (减负台账): what departments impose on communities, per department and per community.
import { z } from 'zod';

export const burdenKind = z.enum(['inspection', 'assessment', 'meeting', 'report', 'signboard', 'other']);
export type BurdenKind = z.infer<typeof burdenKind>;
export const BURDEN_KIND_ZH: Record<BurdenKind, string> = { inspection: '检查', assessment: '考核评比', meeting: '会议', report: '统计报表', signboard: '挂牌', other: '其他' };

const date = z.iso.date('日期格式应为 YYYY-MM-DD||Use YYYY-MM-DD');

export const burdenEntryBody = z
  .object({
    communityId: z.number().int().positive().optional(),
    departmentId: z.uuid('部门编号格式不正确||Malformed department id').optional(),
    departmentName: z.string().trim().min(2, '请填写部门名称||Name the department').max(60).optional(),
    kind: burdenKind,
    date,
    hours: z.number().min(0, '工时不能为负||Hours cannot be negative').max(1000),
    title: z.string().trim().min(2, '请填写事由||Say what it was').max(200),
    note: z.string().trim().max(1000).optional(),
  })
  .refine((b) => b.departmentId || b.departmentName, { path: ['departmentId'], message: '请选择或填写部门||Choose or name the department' });

export const burdenEntry = z.object({
  id: z.string(), communityId: z.number(), communityName: z.string(), departmentId: z.string().nullable(), departmentName: z.string(),
  kind: burdenKind, date: z.string(), hours: z.number(), title: z.string(), note: z.string().nullable(), createdAt: z.string(),
});
export const burdenEntryQuery = z.object({
  communityId: z.coerce.number().int().positive().optional(),
  kind: burdenKind.optional(),
  from: date.optional(),
  to: date.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const burdenPeriodQuery = z.object({
  regionId: z.coerce.number().int().positive().optional(),
  from: date.optional(),
  to: date.optional(),
});

const counts = {
  inspection: z.number(), assessment: z.number(), meeting: z.number(), report: z.number(), signboard: z.number(), other: z.number(), loggedHours: z.number(),
};
export const departmentBurden = z.object({
  departmentId: z.string().nullable(), departmentName: z.string(),
  tasksRequested: z.number(), tasksApproved: z.number(), tasksRefused: z.number(), tasksReturned: z.number(), tasksPending: z.number(),
  estimatedHours: z.number(), fundsSent: z.number(), fundsOwed: z.number(), ...counts,
});
export const communityLoad = z.object({
  communityId: z.number(), communityName: z.string(), month: z.string(), tasks: z.number(), estimatedHours: z.number(), ...counts,
});
export const burdenSummary = z.object({
  regionName: z.string(), from: z.string(), to: z.string(), hourlyFundsStandard: z.number(),
  departments: z.array(departmentBurden), communities: z.array(communityLoad),
});
