// Population base (人、地、物、事、组织): persons, households, houses, buildings, organisations, tags, import, export, sharing.
import { z } from 'zod';

export const gender = z.enum(['M', 'F']);
export const docType = z.enum(['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_pr']);
export const residencyType = z.enum(['registered', 'resident', 'floating', 'overseas', 'separated']);
export const personStatus = z.enum(['living', 'moved_out', 'deceased']);
export const eventKind = z.enum(['move_in', 'move_out', 'birth', 'death', 'household_change']);
export const houseUse = z.enum(['owner_occupied', 'rented', 'vacant', 'business']);
export const buildingKind = z.enum(['residential', 'commercial', 'mixed']);

const isoDate = z.iso.date('日期格式应为 YYYY-MM-DD||Use YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字||At most ${max} characters`);
const optText = (max: number) => text(max).nullable().optional();

// Identity fields are checked again by the pure rules (population-rules.ts), which know GB 11643 and phone formats.
const personFields = z.object({
  communityId: z.number().int().positive().optional(),
  gridId: z.number().int().positive().nullable().optional(),
  householdId: z.uuid().nullable().optional(),
  houseId: z.uuid().nullable().optional(),
  name: text(40).min(1, '请填写姓名||The name is required'),
  formerNames: z.array(text(40)).max(10).optional(),
  gender: gender.nullable().optional(),
  birthDate: isoDate.nullable().optional(),
  docType: docType.optional(),
  docNumber: text(40).min(1, '请填写证件号码||The document number is required'),
  phone: optText(30),
  ethnicity: optText(20),
  education: optText(20),
  politicalStatus: optText(20),
  maritalStatus: optText(20),
  employment: optText(40),
  registeredAddress: optText(200),
  residencyType: residencyType.optional(),
  relationToHead: optText(20),
  moveInDate: isoDate.optional(),
});
export const personInput = personFields.extend({ docType: docType.default('resident_id'), residencyType: residencyType.default('registered') });
export type PersonInput = z.infer<typeof personInput>;

// No defaults here: a field left out of a patch stays as it is.
export const personPatch = personFields.omit({ communityId: true, moveInDate: true }).partial().extend({
  version: z.number().int().positive().optional(),
});
export type PersonPatch = z.infer<typeof personPatch>;

export const tagOnPerson = z.object({
  code: z.string(),
  name: z.string(),
  sensitive: z.boolean(),
  attributes: z.record(z.string(), z.unknown()),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
});

export const person = z.object({
  id: z.string(),
  communityId: z.number(),
  communityName: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  householdId: z.string().nullable(),
  houseId: z.string().nullable(),
  name: z.string(),
  namePinyin: z.string(),
  formerNames: z.array(z.string()),
  gender: gender.nullable(),
  birthDate: z.string().nullable(),
  age: z.number().nullable(),
  docType,
  /** Masked unless revealed: **************1234. */
  docNumber: z.string().nullable(),
  phone: z.string().nullable(),
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  politicalStatus: z.string().nullable(),
  maritalStatus: z.string().nullable(),
  employment: z.string().nullable(),
  registeredAddress: z.string().nullable(),
  address: z.string().nullable(),
  residencyType,
  relationToHead: z.string().nullable(),
  status: personStatus,
  version: z.number(),
  tags: z.array(tagOnPerson),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof person>;

export const personListItem = person.omit({ formerNames: true, ethnicity: true, education: true, politicalStatus: true, maritalStatus: true, employment: true });

export const historyItem = z.object({
  id: z.number(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  actor: z.string().nullable(),
  at: z.string(),
});

export const timelineItem = z.object({
  at: z.string(),
  source: z.string(),
  kind: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
});

export const householdMember = z.object({ id: z.string(), name: z.string(), relationToHead: z.string().nullable(), gender: gender.nullable(), age: z.number().nullable(), status: personStatus });

export const household = z.object({
  id: z.string(),
  communityId: z.number(),
  gridId: z.number().nullable(),
  householdNo: z.string().nullable(),
  kind: z.enum(['family', 'collective']),
  registeredAddress: z.string().nullable(),
  houseId: z.string().nullable(),
  address: z.string().nullable(),
  headPersonId: z.string().nullable(),
  headName: z.string().nullable(),
  memberCount: z.number(),
  members: z.array(householdMember).optional(),
});

export const householdInput = z.object({
  communityId: z.number().int().positive().optional(),
  householdNo: optText(40),
  kind: z.enum(['family', 'collective']).default('family'),
  registeredAddress: optText(200),
  houseId: z.uuid().nullable().optional(),
  headPersonId: z.uuid().nullable().optional(),
});
export const householdPatch = householdInput.omit({ communityId: true }).partial();

export const house = z.object({
  id: z.string(),
  buildingId: z.string(),
  buildingName: z.string(),
  communityId: z.number(),
  gridId: z.number().nullable(),
  unit: z.number(),
  floor: z.number(),
  room: z.string(),
  area: z.number().nullable(),
  use: houseUse,
  ownerName: z.string().nullable(),
  ownerPersonId: z.string().nullable(),
});
export const houseInput = z.object({
  buildingId: z.uuid(),
  unit: z.number().int().min(1).max(50).default(1),
  floor: z.number().int().min(-5).max(200),
  room: text(20).min(1, '请填写房号||The room is required'),
  area: z.number().positive().max(100000).nullable().optional(),
  use: houseUse.default('owner_occupied'),
  ownerName: optText(40),
  ownerPersonId: z.uuid().nullable().optional(),
});
export const housePatch = houseInput.omit({ buildingId: true }).partial();

export const building = z.object({
  id: z.string(),
  communityId: z.number(),
  gridId: z.number().nullable(),
  name: z.string(),
  address: z.string().nullable(),
  kind: buildingKind,
  units: z.number(),
  floors: z.number(),
  houses: z.number(),
  persons: z.number(),
});
export const buildingInput = z.object({
  communityId: z.number().int().positive().optional(),
  gridId: z.number().int().positive().nullable().optional(),
  name: text(60).min(1, '请填写楼栋名称||The name is required'),
  address: optText(200),
  kind: buildingKind.default('residential'),
  units: z.number().int().min(1).max(50).default(1),
  floors: z.number().int().min(1).max(200).default(1),
});
export const buildingPatch = buildingInput.omit({ communityId: true }).partial();

export const buildingLayout = z.object({
  building,
  units: z.array(z.object({
    unit: z.number(),
    floors: z.array(z.object({
      floor: z.number(),
      rooms: z.array(z.object({
        houseId: z.string(), room: z.string(), use: houseUse, area: z.number().nullable(), ownerName: z.string().nullable(),
        occupants: z.array(z.object({ id: z.string(), name: z.string(), relationToHead: z.string().nullable(), residencyType })),
      })),
    })),
  })),
});

export const organisation = z.object({
  id: z.string(),
  communityId: z.number(),
  gridId: z.number().nullable(),
  name: z.string(),
  kind: z.string(),
  uscc: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
});
export const organisationInput = z.object({
  communityId: z.number().int().positive().optional(),
  gridId: z.number().int().positive().nullable().optional(),
  name: text(100).min(2, '名称至少 2 个字||At least 2 characters'),
  kind: text(40).min(1, '请填写类型||The type is required'),
  // 统一社会信用代码: 18 characters of digits and upper-case letters (no I, O, S, V, Z).
  uscc: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '统一社会信用代码应为 18 位数字或大写字母||The unified social credit code has 18 characters').nullable().optional(),
  address: optText(200),
  contactName: optText(40),
  phone: optText(30),
});
export const organisationPatch = organisationInput.omit({ communityId: true }).partial();

export const tagType = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  category: z.string(),
  sensitive: z.boolean(),
  attributes: z.array(z.object({ key: z.string(), label: z.string(), type: z.enum(['text', 'number', 'date', 'enum']), options: z.array(z.string()).optional(), required: z.boolean().optional() })),
});

export const tagCodeParam = z.object({ id: z.uuid('编号格式不正确||Malformed id'), code: z.string().regex(/^[a-z_]{2,40}$/, '标签代码格式不正确||Malformed tag code') });
export const setTagBody = z.object({
  attributes: z.record(z.string(), z.unknown()).default({}),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
});

export const eventInput = z.object({
  kind: eventKind,
  date: isoDate,
  note: optText(200),
  householdId: z.uuid().nullable().optional(),
  houseId: z.uuid().nullable().optional(),
});
export const personEvent = z.object({ id: z.string(), kind: z.string(), date: z.string(), note: z.string().nullable(), createdAt: z.string() });

export const revealBody = z.object({ fields: z.array(z.enum(['docNumber', 'phone'])).min(1).default(['docNumber', 'phone']), reason: optText(200) });
export const revealResult = z.object({ docNumber: z.string().nullable().optional(), phone: z.string().nullable().optional() });

export const ageBand = z.enum(['0-6', '7-17', '18-34', '35-59', '60-79', '80+']);
export const searchQuery = z.object({
  q: z.string().trim().max(40).optional(),
  address: z.string().trim().max(60).optional(),
  tag: z.string().regex(/^[a-z_]{2,40}$/).optional(),
  ageBand: ageBand.optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  gender: gender.optional(),
  residencyType: residencyType.optional(),
  status: personStatus.or(z.literal('all')).default('living'),
  communityId: z.coerce.number().int().positive().optional(),
  gridId: z.coerce.number().int().positive().optional(),
  buildingId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchResult = z.object({
  items: z.array(personListItem),
  /** Exact up to `countLimit`; past it, `totalCapped` is true (counting millions of rows for a page is wasted work). */
  total: z.number(),
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
  matchedBy: z.string(),
});

export const personPage = z.object({
  person,
  household: household.nullable(),
  house: house.nullable(),
  history: z.array(historyItem),
  events: z.array(personEvent),
  timeline: z.array(timelineItem),
  canReveal: z.boolean(),
});

export const importField = z.enum([
  'name', 'docType', 'docNumber', 'gender', 'birthDate', 'phone', 'ethnicity', 'education', 'politicalStatus', 'maritalStatus',
  'employment', 'registeredAddress', 'residencyType', 'relationToHead', 'householdNo', 'building', 'unit', 'room', 'formerNames', 'gridCode',
]);
export type ImportField = z.infer<typeof importField>;

export const importMapping = z.record(z.string(), importField.nullable());

export const importPreview = z.object({
  importId: z.string(),
  fileName: z.string(),
  headerRow: z.number(),
  columns: z.array(z.object({ index: z.number(), header: z.string(), field: importField.nullable(), samples: z.array(z.string()) })),
  mapping: importMapping,
  missing: z.array(importField),
  rows: z.number(),
  sample: z.array(z.object({ row: z.number(), ok: z.boolean(), reason: z.string().nullable(), values: z.record(z.string(), z.string().nullable()) })),
});

export const importCommitBody = z.object({ mapping: importMapping.optional(), dryRun: z.boolean().default(false) });

export const importSummary = z.object({
  importId: z.string(),
  status: z.string(),
  rows: z.number(),
  valid: z.number(),
  invalid: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  nextRow: z.number(),
  jobId: z.string().nullable(),
  rejected: z.array(z.object({ row: z.number(), reason: z.string(), reasonEn: z.string() })),
  rejectedTotal: z.number(),
});

export const shareQuery = z.object({
  tag: z.string().regex(/^[a-z_]{2,40}$/).optional(),
  updatedSince: z.iso.datetime().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
/** Fields a department token may be granted (api_tokens.share_fields). */
export const SHARE_FIELDS = ['name', 'gender', 'birthDate', 'docNumber', 'phone', 'registeredAddress', 'address', 'residencyType', 'status', 'community', 'tags'] as const;
export const shareItem = z.record(z.string(), z.unknown());
export const shareResult = z.object({ items: z.array(shareItem), total: z.number(), page: z.number(), pageSize: z.number(), fields: z.array(z.string()), tags: z.array(z.string()) });
