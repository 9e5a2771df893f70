// Ledgers (台账) defined as data, their rendering, snapshots, and cross-tab statistical reports (报表).
import { z } from 'zod';

const fieldKey = z.string().trim().regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,60}$/, '字段名只能包含字母、数字、下划线和点||A field name is letters, digits, _ and .');
const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

export const filterOp = z.enum(['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'startsWith', 'isNull', 'notNull']);
export type FilterOp = z.infer<typeof filterOp>;

export const ledgerColumn = z.object({
  field: fieldKey,
  label: z.string().trim().min(1).max(40).optional(),
  width: z.number().int().min(4).max(80).optional(),
});
export const ledgerFilter = z.object({
  field: fieldKey,
  op: filterOp,
  value: z.union([scalar, z.array(scalar).max(100)]).optional(),
});
export const ledgerSort = z.object({ field: fieldKey, dir: z.enum(['asc', 'desc']).default('asc') });

/** The definition language: everything a ledger is, as data. The server checks fields against the source registry. */
export const ledgerDefinitionBody = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{2,40}$/, '编码为 3–41 位小写字母、数字或下划线，以字母开头||3–41 lowercase letters, digits or _, starting with a letter'),
  name: z.string().trim().min(2, '台账名称至少 2 个字||At least 2 characters').max(60),
  department: z.string().trim().min(2, '请填写责任部门||Name the owning department').max(60),
  description: z.string().trim().max(500).optional(),
  source: z.string().trim().min(1, '请选择数据来源||Choose a source').max(40),
  /** For the source persons_with_tag: which tag. */
  tag: z.string().trim().max(40).optional(),
  columns: z.array(ledgerColumn).min(1, '至少选择一列||Choose at least one column').max(40, '最多 40 列||At most 40 columns'),
  filters: z.array(ledgerFilter).max(20).default([]),
  groupBy: z.array(fieldKey).max(3).default([]),
  sort: z.array(ledgerSort).max(5).default([]),
  /** Extra fields to mask (ID numbers and phones are always masked). */
  sensitive: z.array(fieldKey).max(40).default([]),
  /** How often the ledger is archived. */
  archive: z.enum(['month', 'quarter', 'year', 'none']).default('month'),
});
export type LedgerDefinition = z.infer<typeof ledgerDefinitionBody>;
export const ledgerUpdateBody = ledgerDefinitionBody.omit({ code: true });

export const ledgerItem = z.object({
  id: z.string(), code: z.string(), name: z.string(), department: z.string(), source: z.string(), sourceLabel: z.string(),
  description: z.string().nullable(), builtin: z.boolean(), version: z.number(), available: z.boolean(), sensitive: z.boolean(), updatedAt: z.string(),
});
export const ledgerDetail = ledgerItem.extend({ definition: ledgerDefinitionBody });

export const sourceField = z.object({
  key: z.string(), label: z.string(), type: z.enum(['text', 'number', 'date', 'enum', 'bool']), options: z.record(z.string(), z.string()).nullable(),
  filterable: z.boolean(), sensitive: z.boolean(),
});
export const ledgerSource = z.object({
  name: z.string(), label: z.string(), module: z.string(), available: z.boolean(), needsTag: z.boolean(), fields: z.array(sourceField),
});
export const sourceQuery = z.object({ tag: z.string().trim().max(40).optional() });

export const validateResponse = z.object({ ok: z.literal(true), columns: z.array(z.object({ key: z.string(), label: z.string() })) });

export const ledgerRowsQuery = z.object({
  regionId: z.coerce.number().int().positive().optional(),
  period: z.string().regex(/^\d{4}(-\d{2})?$/, '期间格式为 YYYY 或 YYYY-MM||Use YYYY or YYYY-MM').optional(),
  reveal: z.coerce.boolean().default(false),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ledgerExportQuery = ledgerRowsQuery.omit({ page: true, pageSize: true }).extend({
  preparedBy: z.string().trim().max(30).optional(),
  reviewedBy: z.string().trim().max(30).optional(),
});
export const exportJobBody = z.object({
  regionId: z.number().int().positive().optional(),
  period: z.string().regex(/^\d{4}(-\d{2})?$/, '期间格式为 YYYY 或 YYYY-MM||Use YYYY or YYYY-MM').optional(),
  preparedBy: z.string().trim().max(30).optional(),
  reviewedBy: z.string().trim().max(30).optional(),
});
export const ledgerRows = z.object({
  title: z.string(), regionName: z.string(), period: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  items: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  groups: z.array(z.object({ key: z.array(z.string()), count: z.number() })),
  total: z.number(), page: z.number(), pageSize: z.number(), revealed: z.boolean(),
});

export const snapshotBody = z.object({
  regionId: z.number().int().positive().optional(),
  asOf: z.iso.date('日期格式应为 YYYY-MM-DD||Use YYYY-MM-DD').optional(),
});
export const snapshotItem = z.object({
  id: z.string(), ledgerId: z.string(), ledgerVersion: z.number(), communityId: z.number(), communityName: z.string(), asOf: z.string(),
  title: z.string(), rowCount: z.number(), createdAt: z.string(),
});
export const snapshotRowsQuery = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) });
export const snapshotRows = z.object({
  snapshot: snapshotItem, columns: z.array(z.object({ key: z.string(), label: z.string() })),
  items: z.array(z.record(z.string(), z.unknown())), total: z.number(), page: z.number(), pageSize: z.number(),
});
export const snapshotParam = z.object({ snapshotId: z.uuid('编号格式不正确||Malformed id') });

export const crosstabRowDim = z.enum(['community', 'grid']);
export const crosstabColDim = z.enum(['gender', 'ageBand', 'residencyType', 'tag', 'politicalStatus', 'education']);
export const crosstabQuery = z.object({
  rows: crosstabRowDim.default('community'),
  cols: z.string().trim().default('ageBand,gender').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(crosstabColDim).min(1, '至少一个列维度||At least one column dimension').max(2, '最多两个列维度||At most two column dimensions')),
  regionId: z.coerce.number().int().positive().optional(),
});
export const crosstab = z.object({
  title: z.string(), regionName: z.string(), rowHeader: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.object({ key: z.string(), label: z.string(), cells: z.record(z.string(), z.number()), total: z.number() })),
  totals: z.record(z.string(), z.number()), grandTotal: z.number(),
});
export const reportPreset = z.object({ code: z.string(), name: z.string(), rows: crosstabRowDim, cols: z.array(crosstabColDim) });
