// Tokens, audit, jobs, files, notifications, dashboard, settings.
import { z } from 'zod';

export const tokenItem = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  regionId: z.number(),
  regionName: z.string(),
  departmentId: z.string().nullable(),
  permissions: z.array(z.string()),
  shareTags: z.array(z.string()).nullable(),
  shareFields: z.array(z.string()).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const createTokenBody = z.object({
  name: z.string().trim().min(2).max(60),
  regionId: z.number().int().positive(),
  permissions: z.array(z.string()).min(1, '至少授予一项权限||Grant at least one permission'),
  departmentId: z.uuid().nullable().optional(),
  shareTags: z.array(z.string()).nullable().optional(),
  shareFields: z.array(z.string()).nullable().optional(),
  expiresAt: z.iso.datetime().nullable().optional(),
});

export const auditQuery = z.object({
  actor: z.string().trim().max(60).optional(),
  action: z.string().trim().max(60).optional(),
  entityType: z.string().trim().max(60).optional(),
  entityId: z.string().trim().max(60).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditItem = z.object({
  id: z.number(),
  at: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  regionId: z.number().nullable(),
  ip: z.string().nullable(),
  detail: z.unknown(),
});

export const verifyResult = z.object({ ok: z.boolean(), checked: z.number(), firstBadId: z.number().nullable(), reason: z.string().nullable() });

export const jobItem = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  attempts: z.number(),
  progress: z.number(),
  progressTotal: z.number().nullable(),
  message: z.string().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const fileItem = z.object({ id: z.string(), sha256: z.string(), size: z.number(), mime: z.string(), originalName: z.string() });

export const notificationItem = z.object({
  id: z.string(),
  channel: z.string(),
  recipient: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});

export const dashboardSummary = z.object({
  regions: z.object({ streets: z.number(), communities: z.number(), grids: z.number() }),
  users: z.number(),
  persons: z.number(),
  households: z.number(),
  byCommunity: z.array(z.object({ id: z.number(), name: z.string(), street: z.string(), persons: z.number(), households: z.number(), grids: z.number() })),
  groups: z.array(z.object({ code: z.string(), name: z.string(), count: z.number() })),
});

export const settingItem = z.object({ key: z.string(), value: z.unknown(), description: z.string().nullable() });
export const settingBody = z.object({ value: z.unknown() });
