import { z } from 'zod';
import { regionLevel } from './common.ts';

export const region = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  level: regionLevel,
  code: z.string(),
  name: z.string(),
  path: z.string(),
  retiredAt: z.string().nullable(),
});
export type Region = z.infer<typeof region>;

const name = z.string().trim().min(2, '名称至少 2 个字||The name needs at least 2 characters').max(60, '名称最多 60 个字||At most 60 characters');
const code = z.string().trim().regex(/^\d{6,15}$/, '区划代码应为 6–15 位数字||The code is 6–15 digits');

export const createRegionBody = z.object({ parentId: z.number().int().positive(), code, name });
export const renameRegionBody = z.object({ name });
export const moveRegionBody = z.object({ parentId: z.number().int().positive(), code: code.optional() });
export const regionListQuery = z.object({ includeRetired: z.coerce.boolean().default(false) });

export const regionHistoryItem = z.object({
  id: z.number(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  actor: z.string().nullable(),
  at: z.string(),
});
