import { z } from 'zod';
import { phoneSchema } from './auth.ts';

export const userItem = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  scopeRegionId: z.number(),
  scopeName: z.string(),
  roles: z.array(z.string()),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  phone: z.string().nullable(),
  locked: z.boolean(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type UserItem = z.infer<typeof userItem>;

const username = z.string().trim().regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字、下划线、点或短横||3–32 letters, digits, _ . -');

export const createUserBody = z.object({
  username,
  displayName: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
  scopeRegionId: z.number().int().positive(),
  roleCodes: z.array(z.string()).min(1, '至少选择一个角色||Choose at least one role'),
  departmentId: z.uuid().nullable().optional(),
  phone: phoneSchema.optional(),
});

export const updateUserBody = z.object({
  displayName: z.string().trim().min(1).max(40).optional(),
  scopeRegionId: z.number().int().positive().optional(),
  roleCodes: z.array(z.string()).min(1).optional(),
  departmentId: z.uuid().nullable().optional(),
  disabled: z.boolean().optional(),
  unlock: z.boolean().optional(),
  resetPassword: z.string().min(1).max(200).optional(),
});

export const userListQuery = z.object({
  q: z.string().trim().max(40).optional(),
  role: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const roleItem = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.string()),
  builtin: z.boolean(),
});

export const roleBody = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{2,40}$/, '角色代码为小写字母开头的 3–40 位字母数字下划线||3–40 lower-case letters, digits, _'),
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  permissions: z.array(z.string()),
});
export const updateRoleBody = roleBody.omit({ code: true }).partial();

export const departmentItem = z.object({ id: z.string(), code: z.string(), name: z.string(), regionId: z.number() });
export const departmentBody = z.object({
  code: z.string().trim().regex(/^[a-z0-9_-]{2,40}$/i, '部门代码为 2–40 位字母数字||2–40 letters or digits'),
  name: z.string().trim().min(2).max(60),
  regionId: z.number().int().positive(),
});
