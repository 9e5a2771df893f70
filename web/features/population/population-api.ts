// Types, labels and shared queries of the population pages (the contracts are the source of the shapes).
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  building, buildingLayout, eventKind, historyItem, house, houseUse, household, importField, importPreview, importSummary, organisation, person,
  personListItem, personPage, residencyType, searchQuery, searchResult, tagOnPerson, tagType, timelineItem,
} from '../../../contracts/population.ts';
import { api } from '../../lib/api.ts';
import type { T } from '../../lib/i18n.ts';

export type Person = z.infer<typeof person>;
export type PersonListItem = z.infer<typeof personListItem>;
export type PersonPageData = z.infer<typeof personPage>;
export type SearchResult = z.infer<typeof searchResult>;
export type SearchParams = Partial<z.input<typeof searchQuery>>;
export type Household = z.infer<typeof household>;
export type House = z.infer<typeof house>;
export type Building = z.infer<typeof building>;
export type BuildingLayout = z.infer<typeof buildingLayout>;
export type LayoutRoom = BuildingLayout['units'][number]['floors'][number]['rooms'][number];
export type Organisation = z.infer<typeof organisation>;
export type TagType = z.infer<typeof tagType>;
export type TagAttribute = TagType['attributes'][number];
export type TagOnPerson = z.infer<typeof tagOnPerson>;
export type HistoryItem = z.infer<typeof historyItem>;
export type TimelineItem = z.infer<typeof timelineItem>;
export type ImportPreview = z.infer<typeof importPreview>;
export type ImportSummary = z.infer<typeof importSummary>;
export type ImportField = z.infer<typeof importField>;
export type HouseUse = z.infer<typeof houseUse>;
export type ResidencyType = z.infer<typeof residencyType>;
export type EventKind = z.infer<typeof eventKind>;
export type { Paged } from '../../lib/api.ts';

type Label = { zh: string; en: string };
export const label = (t: T, l: Label | undefined, fallback = '—') => (l ? t(l.zh, l.en) : fallback);

export const GENDER: Record<'M' | 'F', Label> = { M: { zh: '男', en: 'Male' }, F: { zh: '女', en: 'Female' } };

export const RESIDENCY: Record<ResidencyType, Label & { color: string }> = {
  registered: { zh: '户籍', en: 'Registered', color: 'blue' },
  resident: { zh: '常住', en: 'Resident', color: 'cyan' },
  floating: { zh: '流动', en: 'Floating', color: 'orange' },
  overseas: { zh: '境外', en: 'Overseas', color: 'purple' },
  separated: { zh: '人户分离', en: 'Separated', color: 'gold' },
};

export const STATUS: Record<Person['status'], Label & { color: string }> = {
  living: { zh: '在住', en: 'Living here', color: 'success' },
  moved_out: { zh: '已迁出', en: 'Moved out', color: 'default' },
  deceased: { zh: '已死亡', en: 'Deceased', color: 'default' },
};

export const DOC_TYPE: Record<Person['docType'], Label> = {
  resident_id: { zh: '居民身份证', en: 'Resident ID card' },
  passport: { zh: '护照', en: 'Passport' },
  hk_macao_permit: { zh: '港澳居民来往内地通行证', en: 'Hong Kong/Macao permit' },
  taiwan_permit: { zh: '台湾居民来往大陆通行证', en: 'Taiwan permit' },
  foreign_pr: { zh: '外国人永久居留身份证', en: "Foreigner's permanent residence card" },
};

/** Room colours of the building view: the same four a community draws by hand. */
export const HOUSE_USE: Record<HouseUse, Label & { color: string; bg: string }> = {
  owner_occupied: { zh: '自住', en: 'Owner-occupied', color: '#1677ff', bg: '#e6f4ff' },
  rented: { zh: '出租', en: 'Rented', color: '#d46b08', bg: '#fff7e6' },
  vacant: { zh: '空置', en: 'Vacant', color: '#8c8c8c', bg: '#f5f5f5' },
  business: { zh: '经营', en: 'Business', color: '#531dab', bg: '#f9f0ff' },
};

export const BUILDING_KIND: Record<Building['kind'], Label> = {
  residential: { zh: '住宅', en: 'Residential' }, commercial: { zh: '商业', en: 'Commercial' }, mixed: { zh: '商住混合', en: 'Mixed' },
};

export const EVENT_KIND: Record<EventKind, Label> = {
  move_in: { zh: '迁入', en: 'Move in' },
  move_out: { zh: '迁出', en: 'Move out' },
  birth: { zh: '出生', en: 'Birth' },
  death: { zh: '死亡', en: 'Death' },
  household_change: { zh: '户变更', en: 'Household change' },
};

/** Kinds the server records by itself (not offered in the event form). */
export const SYSTEM_EVENT_KIND: Record<string, Label> = { registered: { zh: '登记入库', en: 'Registered' } };

export const AGE_BANDS = ['0-6', '7-17', '18-34', '35-59', '60-79', '80+'] as const;

export const IMPORT_FIELD: Record<ImportField, Label> = {
  name: { zh: '姓名', en: 'Name' },
  docType: { zh: '证件类型', en: 'Document type' },
  docNumber: { zh: '证件号码', en: 'Document number' },
  gender: { zh: '性别', en: 'Gender' },
  birthDate: { zh: '出生日期', en: 'Birth date' },
  phone: { zh: '联系电话', en: 'Phone' },
  ethnicity: { zh: '民族', en: 'Ethnicity' },
  education: { zh: '文化程度', en: 'Education' },
  politicalStatus: { zh: '政治面貌', en: 'Political status' },
  maritalStatus: { zh: '婚姻状况', en: 'Marital status' },
  employment: { zh: '就业状况', en: 'Employment' },
  registeredAddress: { zh: '户籍地址', en: 'Registered address' },
  residencyType: { zh: '人口类型', en: 'Residency type' },
  relationToHead: { zh: '与户主关系', en: 'Relation to head' },
  householdNo: { zh: '户号', en: 'Household no.' },
  building: { zh: '楼栋', en: 'Building' },
  unit: { zh: '单元', en: 'Unit' },
  room: { zh: '房号', en: 'Room' },
  formerNames: { zh: '曾用名', en: 'Former names' },
  gridCode: { zh: '网格编号', en: 'Grid code' },
};

export const PERSON_KEY = ['population', 'person'] as const;

export function useTagTypes() {
  return useQuery({ queryKey: ['population', 'tag-types'], queryFn: () => api.get<TagType[]>('/api/tag-types'), staleTime: 300_000 });
}

/** What the search box holds, turned into query parameters: addresses go to `address`, everything else to `q`. */
export function searchText(text: string): { q?: string; address?: string } {
  const s = text.trim();
  if (!s) return {};
  // The server's `q` recognises names, pinyin, ID numbers and phones; an address has place words or mixes Chinese and digits.
  const placey = /[路街巷道弄院村区楼栋幢单元室号]/.test(s) && [...s].length >= 3;
  const mixed = /[\u4e00-\u9fff]/.test(s) && /\d/.test(s);
  return placey || mixed ? { address: s } : { q: s };
}

export function ageText(t: T, age: number | null): string {
  return age === null ? '—' : t(`${age} 岁`, `${age}`);
}

/** Reveal one sensitive field through the audited endpoint (the server checks person.reveal). */
export function revealPerson(id: string, field: 'docNumber' | 'phone') {
  return async () => (await api.post<{ docNumber?: string | null; phone?: string | null }>(`/api/persons/${id}/reveal`, { fields: [field] }))[field] ?? null;
}
