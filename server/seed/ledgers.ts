// The ledgers the documents name (seeds/001: "党建、低保台帐、残疾人台帐、已婚育龄妇女台账…流动人口台帐", 15 kinds /
// 40+ books per community), generated from the base data and the work records instead of kept by hand.
// Catalogue seed, idempotent by code: an installation's edits (new versions) are never overwritten.
import type { Queryable } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';
import type { LedgerDefinition } from '../../contracts/ledgers.ts';
import { ensureMonthlyArchive } from '../modules/ledgers/ledger-snapshots.ts';

type Def = Omit<LedgerDefinition, 'filters' | 'groupBy' | 'sort' | 'sensitive' | 'archive'> & Partial<Pick<LedgerDefinition, 'filters' | 'groupBy' | 'sort' | 'sensitive' | 'archive'>>;

const LIVING = { field: 'status', op: 'eq' as const, value: 'living' };
const PERSON = ['name', 'gender', 'birthDate', 'docNo', 'address', 'phone'].map((field) => ({ field }));
const tagged = (code: string, name: string, department: string, tag: string, extra: string[], more: Partial<Def> = {}): Def => ({
  code, name, department, source: 'persons_with_tag', tag, columns: [...PERSON, ...extra.map((field) => ({ field })), { field: 'gridName' }], filters: [LIVING], ...more,
});

export const DEFAULT_LEDGERS: Def[] = [
  tagged('party_members', '党员花名册', '街道党工委（组织）', 'party_member', ['attr.joinDate', 'attr.branch', 'education'], { sort: [{ field: 'attr.joinDate', dir: 'asc' }] }),
  tagged('low_income', '低保对象台账', '区民政局', 'low_income', ['attr.monthlyAmount', 'attr.startDate', 'attr.nextReviewDate'], { description: '低保以户为单位，户主持有标签' }),
  tagged('disabled', '残疾人台账', '区残疾人联合会', 'disabled', ['attr.category', 'attr.level', 'attr.certificateNo'], { groupBy: ['attr.category'] }),
  tagged('childbearing_women', '已婚育龄妇女台账', '区卫生健康委员会', 'childbearing_woman', ['age', 'maritalStatus', 'residencyType'], { filters: [LIVING, { field: 'age', op: 'between', value: [15, 49] }] }),
  { code: 'floating_population', name: '流动人口台账', department: '区公安分局', source: 'persons', description: '暂住登记在派出所办理；本台账由人口库生成，供社区协助核查',
    columns: [...PERSON, { field: 'registeredAddress' }, { field: 'employment' }, { field: 'gridName' }], filters: [LIVING, { field: 'residencyType', op: 'eq', value: 'floating' }] },
  tagged('elderly_alone', '独居老人台账', '区民政局', 'elderly_alone', ['age', 'attr.emergencyCall'], { sort: [{ field: 'age', dir: 'desc' }] }),
  tagged('empty_nest', '空巢老人台账', '区民政局', 'empty_nest', ['age']),
  { code: 'elderly_80', name: '80 岁以上高龄老人台账', department: '区民政局', source: 'persons', columns: [...PERSON, { field: 'age' }, { field: 'tags' }, { field: 'gridName' }],
    filters: [LIVING, { field: 'age', op: 'gte', value: 80 }], sort: [{ field: 'age', dir: 'desc' }] },
  { code: 'rented_houses', name: '出租房屋台账', department: '区公安分局', source: 'houses',
    columns: ['buildingName', 'unit', 'room', 'area', 'ownerName', 'residentCount', 'floatingCount', 'gridName'].map((field) => ({ field })), filters: [{ field: 'use', op: 'eq', value: 'rented' }] },
  { code: 'organisations', name: '辖区单位台账', department: '街道办事处', source: 'organisations', columns: ['name', 'kind', 'uscc', 'address', 'contactName', 'phone', 'gridName'].map((field) => ({ field })), groupBy: ['kind'] },
  { code: 'households', name: '户籍户卡台账', department: '区公安分局', source: 'households', columns: ['householdNo', 'headName', 'headDocNo', 'memberCount', 'address', 'lowIncome', 'gridName'].map((field) => ({ field })) },
  tagged('unemployed', '失业人员台账', '区人力资源和社会保障局', 'unemployed', ['age', 'education', 'attr.registeredDate']),
  tagged('entitled', '优抚对象台账', '区退役军人事务局', 'entitled', ['attr.kind']),
  tagged('volunteers', '志愿者台账', '团区委', 'volunteer', ['age', 'attr.hours'], { sort: [{ field: 'attr.hours', dir: 'desc' }] }),
  tagged('left_behind_children', '留守儿童台账', '区妇联', 'left_behind_child', ['age']),
  tagged('corrections', '社区矫正对象台账', '区司法局', 'corrections', ['attr.class', 'attr.startDate', 'attr.endDate'], { description: '敏感：仅持有社区矫正查看权限者可见', sensitive: ['name'], archive: 'none' }),
  tagged('mental_health', '严重精神障碍患者台账', '区卫生健康委员会', 'mental_health', ['attr.riskLevel'], { description: '敏感：仅持有严重精神障碍查看权限者可见', sensitive: ['name'], archive: 'none' }),
  tagged('released', '安置帮教对象台账', '区司法局', 'released', ['attr.releaseDate'], { sensitive: ['name'], archive: 'none' }),
  { code: 'visits', name: '入户走访台账', department: '街道办事处', source: 'visits', columns: ['visitedOn', 'householdNo', 'headName', 'visitType', 'notes', 'workerName', 'gridName'].map((field) => ({ field })), sort: [{ field: 'visitedOn', dir: 'desc' }] },
  { code: 'mediation', name: '矛盾纠纷排查调处台账', department: '区司法局', source: 'mediation', columns: ['openedOn', 'disputeType', 'parties', 'description', 'mediator', 'status', 'result', 'closedOn', 'gridName'].map((field) => ({ field })), sort: [{ field: 'openedOn', dir: 'desc' }] },
  { code: 'certificates_issued', name: '证明开具登记台账', department: '街道办事处', source: 'certificates', columns: ['serialNo', 'issuedAt', 'typeName', 'holderName', 'holderDocNo', 'purpose', 'requestedBy', 'status'].map((field) => ({ field })), sort: [{ field: 'issuedAt', dir: 'desc' }] },
  { code: 'applications', name: '便民服务办件登记台账', department: '街道办事处', source: 'applications', columns: ['no', 'createdAt', 'itemName', 'applicantName', 'channel', 'status', 'result', 'dueDate', 'finishedAt'].map((field) => ({ field })), sort: [{ field: 'createdAt', dir: 'desc' }] },
  { code: 'resident_cases', name: '民情事件办理台账', department: '街道办事处', source: 'cases', columns: ['caseNo', 'reportedAt', 'category', 'title', 'source', 'reporterName', 'reporterPhone', 'status', 'slaState', 'rating', 'closedAt', 'gridName'].map((field) => ({ field })), sort: [{ field: 'reportedAt', dir: 'desc' }] },
];

export function withDefaults(d: Def): LedgerDefinition {
  return { filters: [], groupBy: [], sort: [], sensitive: [], archive: 'month', ...d };
}

export async function seedLedgerCatalogue(_ctx: Ctx, q: Queryable): Promise<void> {
  for (const d of DEFAULT_LEDGERS) {
    const def = withDefaults(d);
    await q.query(
      `INSERT INTO ledger_definitions (code, name, department, source, definition, builtin) VALUES ($1,$2,$3,$4,$5,true) ON CONFLICT (code) DO NOTHING`,
      [def.code, def.name, def.department, def.source, JSON.stringify(def)]);
  }
  await ensureMonthlyArchive(q);
}
