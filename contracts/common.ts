// Shared schema pieces. Custom messages are "中文||English".
import { z } from 'zod';

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const idParam = z.object({ id: z.uuid('编号格式不正确||Malformed id') });
export const regionIdParam = z.object({ id: z.coerce.number().int().positive() });

export const okResponse = z.object({ ok: z.literal(true) });

export function paged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
}

export const regionLevel = z.enum(['district', 'street', 'community', 'grid']);
export type RegionLevel = z.infer<typeof regionLevel>;
