// Account catalogues (roles, permissions, departments) used by several pages: users, roles, tokens and
// any module that assigns work to a department.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { departmentItem, roleItem, userItem } from '../../contracts/users.ts';
import { api } from './api.ts';
import type { Lang } from './i18n.ts';

export type Role = z.infer<typeof roleItem>;
export type Department = z.infer<typeof departmentItem>;
export type User = z.infer<typeof userItem>;
export type { Paged } from './api.ts';

export const useRoles = () => useQuery({ queryKey: ['roles'], queryFn: () => api.get<Role[]>('/api/roles'), staleTime: 60_000 });
export const usePermissions = () =>
  useQuery({ queryKey: ['permissions'], queryFn: () => api.get<{ code: string; name: string }[]>('/api/permissions'), staleTime: 300_000 });
export const useDepartments = () => useQuery({ queryKey: ['departments'], queryFn: () => api.get<Department[]>('/api/departments'), staleTime: 60_000 });

export function roleName(roles: Role[] | undefined, code: string, lang: Lang): string {
  const r = roles?.find((x) => x.code === code);
  return r ? (lang === 'zh-CN' ? r.nameZh : r.nameEn) : code;
}
