// The source registry: the only SQL a ledger can run. A definition names a source and fields from here;
// user text never reaches the SQL text (fields are whitelisted, values are parameters). Sources owned by other
// modules (cases, visits, mediation, applications, certificates) are probed at call time: until their tables
// and columns exist (or if a later migration renames a column) they report "not available", and definitions over
// them stay valid.
import type { Actor } from '../../lib/context.ts';
import type { Params } from '../../lib/sql.ts';
import { visibleTagSql } from '../../lib/tags.ts';

export type FieldType = 'text' | 'number' | 'date' | 'enum' | 'bool';
export type MaskKind = 'doc' | 'phone' | 'name';
export type FieldDef = {
  label: string;
  type: FieldType;
  sql: string | ((p: Params, actor: Actor) => string);
  options?: Record<string, string>;
  /** Always masked; revealSql (an encrypted column) gives the full value to those who may reveal. */
  mask?: MaskKind;
  revealSql?: string;
  /** Values only available after decryption (sensitive tag attributes): shown, never filtered or sorted on. */
  encryptedAttr?: string;
  filterable?: boolean;
};
export type SourceDef = {
  name: string;
  label: string;
  module: string;
  from: string;
  community: string;
  grid?: string;
  id: string;
  needsTag?: boolean;
  fields: Record<string, FieldDef>;
  defaultSort: string[];
};

const GENDER = { M: '男', F: '女' };
const RESIDENCY = { registered: '户籍人口', resident: '常住人口', floating: '流动人口', overseas: '境外人员', separated: '人户分离' };
const PERSON_STATUS = { living: '在册', moved_out: '已迁出', deceased: '已死亡' };
const DOC_TYPE = { resident_id: '居民身份证', passport: '护照', hk_macao_permit: '港澳居民来往内地通行证', taiwan_permit: '台湾居民来往大陆通行证', foreign_pr: '外国人永久居留身份证' };
const HOUSE_USE = { owner_occupied: '自住', rented: '出租', vacant: '空置', business: '经营' };

const REGION_FIELDS: Record<string, FieldDef> = {
  communityName: { label: '社区', type: 'text', sql: 'rc.name' },
  gridName: { label: '网格', type: 'text', sql: 'rg.name' },
};
const regionJoins = (alias: string) => `JOIN regions rc ON rc.id = ${alias}.community_id LEFT JOIN regions rg ON rg.id = ${alias}.grid_id`;

const PERSON_FIELDS: Record<string, FieldDef> = {
  name: { label: '姓名', type: 'text', sql: 'x.name' },
  gender: { label: '性别', type: 'enum', sql: 'x.gender', options: GENDER },
  birthDate: { label: '出生日期', type: 'date', sql: 'x.birth_date' },
  age: { label: '年龄', type: 'number', sql: `date_part('year', age(current_date, x.birth_date))::int` },
  docType: { label: '证件类型', type: 'enum', sql: 'x.doc_type', options: DOC_TYPE },
  docNo: { label: '证件号码', type: 'text', sql: 'x.doc_last4', mask: 'doc', revealSql: 'x.doc_enc', filterable: false },
  phone: { label: '联系电话', type: 'text', sql: 'x.phone_last4', mask: 'phone', revealSql: 'x.phone_enc', filterable: false },
  ethnicity: { label: '民族', type: 'text', sql: 'x.ethnicity' },
  education: { label: '文化程度', type: 'text', sql: 'x.education' },
  politicalStatus: { label: '政治面貌', type: 'text', sql: 'x.political_status' },
  maritalStatus: { label: '婚姻状况', type: 'text', sql: 'x.marital_status' },
  employment: { label: '就业状况', type: 'text', sql: 'x.employment' },
  registeredAddress: { label: '户籍地址', type: 'text', sql: 'x.registered_address' },
  residencyType: { label: '人口类型', type: 'enum', sql: 'x.residency_type', options: RESIDENCY },
  relationToHead: { label: '与户主关系', type: 'text', sql: 'x.relation_to_head' },
  status: { label: '状态', type: 'enum', sql: 'x.status', options: PERSON_STATUS },
  address: { label: '现住址', type: 'text', sql: `concat_ws('', bu.name, ho.unit || '单元', ho.room || '室')` },
  householdNo: { label: '户号', type: 'text', sql: 'hh.household_no' },
  tags: {
    label: '人员标签', type: 'text', filterable: false,
    sql: (p, actor) => `(SELECT string_agg(t.name_zh, '、' ORDER BY t.sort) FROM person_tags pt2 JOIN tag_types t ON t.code = pt2.tag_code WHERE pt2.person_id = x.id AND ${visibleTagSql(actor, p, 't')})`,
  },
  ...REGION_FIELDS,
};
const PERSON_FROM = `persons x ${regionJoins('x')} LEFT JOIN houses ho ON ho.id = x.house_id LEFT JOIN buildings bu ON bu.id = ho.building_id LEFT JOIN households hh ON hh.id = x.household_id`;

export const SOURCES: Record<string, SourceDef> = {
  persons: {
    name: 'persons', label: '人员', module: 'population', from: PERSON_FROM, community: 'x.community_id', grid: 'x.grid_id', id: 'x.id',
    fields: PERSON_FIELDS, defaultSort: ['communityName', 'householdNo', 'name'],
  },
  persons_with_tag: {
    name: 'persons_with_tag', label: '带标签人员（特殊群体）', module: 'population', needsTag: true,
    // The tag code is bound as a parameter by the query builder ($TAG is replaced with a placeholder).
    from: `${PERSON_FROM} JOIN person_tags pt ON pt.person_id = x.id AND pt.tag_code = $TAG JOIN tag_types tt ON tt.code = pt.tag_code`,
    community: 'x.community_id', grid: 'x.grid_id', id: 'x.id',
    fields: {
      ...PERSON_FIELDS,
      tagName: { label: '类别', type: 'text', sql: 'tt.name_zh' },
      tagStart: { label: '起始日期', type: 'date', sql: 'pt.start_date' },
      tagEnd: { label: '终止日期', type: 'date', sql: 'pt.end_date' },
      taggedAt: { label: '登记日期', type: 'date', sql: 'pt.created_at::date' },
    },
    defaultSort: ['communityName', 'gridName', 'name'],
  },
  households: {
    name: 'households', label: '户', module: 'population', id: 'x.id', community: 'x.community_id', grid: 'x.grid_id',
    from: `households x ${regionJoins('x')} LEFT JOIN houses ho ON ho.id = x.house_id LEFT JOIN buildings bu ON bu.id = ho.building_id LEFT JOIN persons hp ON hp.id = x.head_person_id`,
    fields: {
      householdNo: { label: '户号', type: 'text', sql: 'x.household_no' },
      kind: { label: '户别', type: 'enum', sql: 'x.kind', options: { family: '家庭户', collective: '集体户' } },
      headName: { label: '户主姓名', type: 'text', sql: 'hp.name' },
      headDocNo: { label: '户主证件号码', type: 'text', sql: 'hp.doc_last4', mask: 'doc', revealSql: 'hp.doc_enc', filterable: false },
      headPhone: { label: '户主电话', type: 'text', sql: 'hp.phone_last4', mask: 'phone', revealSql: 'hp.phone_enc', filterable: false },
      memberCount: { label: '在册人数', type: 'number', sql: `(SELECT count(*)::int FROM persons m WHERE m.household_id = x.id AND m.status = 'living')` },
      registeredAddress: { label: '户籍地址', type: 'text', sql: 'x.registered_address' },
      address: { label: '现住址', type: 'text', sql: `concat_ws('', bu.name, ho.unit || '单元', ho.room || '室')` },
      lowIncome: { label: '低保户', type: 'bool', sql: `EXISTS (SELECT 1 FROM persons m JOIN person_tags mt ON mt.person_id = m.id WHERE m.household_id = x.id AND mt.tag_code = 'low_income')` },
      ...REGION_FIELDS,
    },
    defaultSort: ['communityName', 'householdNo'],
  },
  houses: {
    name: 'houses', label: '房屋', module: 'population', id: 'x.id', community: 'x.community_id', grid: 'x.grid_id',
    from: `houses x ${regionJoins('x')} JOIN buildings bu ON bu.id = x.building_id`,
    fields: {
      buildingName: { label: '楼栋', type: 'text', sql: 'bu.name' },
      unit: { label: '单元', type: 'number', sql: 'x.unit' },
      floor: { label: '楼层', type: 'number', sql: 'x.floor' },
      room: { label: '房号', type: 'text', sql: 'x.room' },
      area: { label: '面积（㎡）', type: 'number', sql: 'x.area' },
      use: { label: '房屋用途', type: 'enum', sql: 'x.use', options: HOUSE_USE },
      ownerName: { label: '产权人', type: 'text', sql: 'x.owner_name' },
      residentCount: { label: '居住人数', type: 'number', sql: `(SELECT count(*)::int FROM persons m WHERE m.house_id = x.id AND m.status = 'living')` },
      floatingCount: { label: '流动人口数', type: 'number', sql: `(SELECT count(*)::int FROM persons m WHERE m.house_id = x.id AND m.status = 'living' AND m.residency_type = 'floating')` },
      address: { label: '地址', type: 'text', sql: `concat_ws('', bu.address, bu.name, x.unit || '单元', x.room || '室')` },
      ...REGION_FIELDS,
    },
    defaultSort: ['communityName', 'buildingName', 'unit', 'room'],
  },
  organisations: {
    name: 'organisations', label: '驻区单位与组织', module: 'population', id: 'x.id', community: 'x.community_id', grid: 'x.grid_id',
    from: `organisations x ${regionJoins('x')}`,
    fields: {
      name: { label: '单位名称', type: 'text', sql: 'x.name' },
      kind: { label: '单位类别', type: 'text', sql: 'x.kind' },
      uscc: { label: '统一社会信用代码', type: 'text', sql: 'x.uscc' },
      address: { label: '地址', type: 'text', sql: 'x.address' },
      contactName: { label: '联系人', type: 'text', sql: 'x.contact_name' },
      phone: { label: '联系电话', type: 'text', sql: 'x.phone_last4', mask: 'phone', revealSql: 'x.phone_enc', filterable: false },
      ...REGION_FIELDS,
    },
    defaultSort: ['communityName', 'kind', 'name'],
  },
  applications: {
    name: 'applications', label: '服务办件', module: 'services', id: 'x.id', community: 'x.community_id', grid: 'x.grid_id',
    from: `applications x ${regionJoins('x')} JOIN service_items si ON si.id = x.item_id`,
    fields: {
      no: { label: '办件编号', type: 'text', sql: 'x.no' },
      itemName: { label: '服务事项', type: 'text', sql: 'si.name' },
      category: { label: '事项类别', type: 'text', sql: 'si.category' },
      applicantName: { label: '申请人', type: 'text', sql: 'x.applicant_name' },
      channel: { label: '受理渠道', type: 'enum', sql: 'x.channel', options: { window: '窗口', online: '网上' } },
      status: { label: '办理状态', type: 'enum', sql: 'x.status', options: { submitted: '已提交', incomplete: '待补正', in_progress: '办理中', returned: '已退回', ready: '待领取', collected: '已领取', archived: '已归档', cancelled: '已撤销' } },
      result: { label: '办理结果', type: 'enum', sql: 'x.result', options: { approved: '准予', rejected: '不予' } },
      createdAt: { label: '申请日期', type: 'date', sql: `(x.created_at AT TIME ZONE 'Asia/Shanghai')::date` },
      dueDate: { label: '承诺办结日期', type: 'date', sql: 'x.due_date' },
      finishedAt: { label: '办结日期', type: 'date', sql: `(x.finished_at AT TIME ZONE 'Asia/Shanghai')::date` },
      ...REGION_FIELDS,
    },
    defaultSort: ['createdAt', 'no'],
  },
  certificates: {
    name: 'certificates', label: '证明开具', module: 'certificates', id: 'x.id', community: 'x.community_id', grid: 'x.grid_id',
    from: `certificates x ${regionJoins('x')} JOIN cert_type_versions cv ON cv.id = x.version_id`,
    fields: {
      serialNo: { label: '证明编号', type: 'text', sql: 'x.serial_no' },
      typeName: { label: '证明事项', type: 'text', sql: 'cv.name' },
      holderName: { label: '开具对象', type: 'text', sql: 'x.holder_name' },
      holderDocNo: { label: '证件号码', type: 'text', sql: 'x.holder_doc_last4', mask: 'doc', filterable: false },
      purpose: { label: '用途', type: 'text', sql: 'x.purpose' },
      requestedBy: { label: '索要单位', type: 'text', sql: 'x.requested_by' },
      status: { label: '状态', type: 'enum', sql: 'x.status', options: { valid: '有效', revoked: '已撤销' } },
      issuedAt: { label: '开具日期', type: 'date', sql: `(x.issued_at AT TIME ZONE 'Asia/Shanghai')::date` },
      validUntil: { label: '有效期至', type: 'date', sql: 'x.valid_until' },
      ...REGION_FIELDS,
    },
    defaultSort: ['issuedAt', 'serialNo'],
  },
  // Residents' cases (民情事件, server/modules/cases) and grid work (server/modules/grid): visits and mediation.
  cases: {
    name: 'cases', label: '民情事件（工单）', module: 'cases', id: 'x.id', community: 'x.community_id', grid: 'x.grid_id',
    from: `cases x ${regionJoins('x')} JOIN case_categories cc ON cc.id = x.category_id`,
    fields: {
      caseNo: { label: '事件编号', type: 'text', sql: 'x.case_no' },
      title: { label: '事件标题', type: 'text', sql: 'x.title' },
      category: { label: '事件类别', type: 'text', sql: 'cc.name' },
      source: { label: '来源', type: 'enum', sql: 'x.source', options: { patrol: '网格巡查', visit: '入户走访', resident: '居民反映', hotline: '热线', window: '窗口', survey: '民意调查', department: '部门转办' } },
      requestType: { label: '诉求类型', type: 'enum', sql: 'x.request_type', options: { consult: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议' } },
      urgency: { label: '紧急程度', type: 'enum', sql: 'x.urgency', options: { normal: '一般', urgent: '紧急', critical: '特急' } },
      status: { label: '状态', type: 'enum', sql: 'x.status', options: { reported: '已登记', accepted: '已受理', dispatched: '已交办', handling: '办理中', paused: '已暂停', returned: '已退回', handled: '已办结', replied: '已答复', rated: '已评价', closed: '已关闭', archived: '已归档', merged: '已合并' } },
      address: { label: '地点', type: 'text', sql: 'x.address' },
      reporterName: { label: '反映人', type: 'text', sql: `CASE WHEN x.anonymous THEN '匿名' ELSE x.reporter_name END` },
      reporterPhone: { label: '反映人电话', type: 'text', sql: `CASE WHEN x.anonymous THEN NULL ELSE x.reporter_phone_last4 END`, mask: 'phone', revealSql: `CASE WHEN x.anonymous THEN NULL ELSE x.reporter_phone_enc END`, filterable: false },
      slaState: { label: '时限状态', type: 'enum', sql: 'x.sla_state', options: { normal: '正常', due_soon: '即将超时', overdue: '已超时' } },
      rating: { label: '评价', type: 'enum', sql: 'x.rating', options: { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' } },
      reportedAt: { label: '登记日期', type: 'date', sql: `(x.created_at AT TIME ZONE 'Asia/Shanghai')::date` },
      closedAt: { label: '办结日期', type: 'date', sql: `(x.closed_at AT TIME ZONE 'Asia/Shanghai')::date` },
      ...REGION_FIELDS,
    },
    defaultSort: ['reportedAt', 'caseNo'],
  },
  visits: {
    name: 'visits', label: '入户走访', module: 'grid', id: 'x.id', community: 'x.community_id', grid: 'x.grid_id',
    from: `grid_visits x ${regionJoins('x')} LEFT JOIN households vh ON vh.id = x.household_id LEFT JOIN persons hp ON hp.id = vh.head_person_id LEFT JOIN users vw ON vw.id = x.worker_id`,
    fields: {
      visitedOn: { label: '走访日期', type: 'date', sql: `(x.visited_at AT TIME ZONE 'Asia/Shanghai')::date` },
      householdNo: { label: '户号', type: 'text', sql: 'vh.household_no' },
      headName: { label: '户主', type: 'text', sql: 'hp.name' },
      visitType: { label: '走访类型', type: 'enum', sql: 'x.visit_type', options: { routine: '日常走访', care: '关爱走访', policy: '政策宣传', dispute: '矛盾排查', survey: '入户调查' } },
      notes: { label: '走访情况', type: 'text', sql: 'x.notes' },
      workerName: { label: '走访人', type: 'text', sql: 'vw.display_name' },
      nextVisitDate: { label: '下次走访', type: 'date', sql: 'x.next_visit_date' },
      ...REGION_FIELDS,
    },
    defaultSort: ['visitedOn'],
  },
  mediation: {
    name: 'mediation', label: '矛盾纠纷调处', module: 'grid', id: 'x.id', community: 'x.community_id', grid: 'x.grid_id',
    from: `grid_mediations x ${regionJoins('x')} LEFT JOIN users mw ON mw.id = x.worker_id`,
    fields: {
      disputeType: { label: '纠纷类别', type: 'enum', sql: 'x.dispute_type', options: { neighbour: '邻里纠纷', family: '家庭纠纷', property: '物业纠纷', tenancy: '租赁纠纷', labour: '劳动纠纷', other: '其他' } },
      parties: { label: '当事人', type: 'text', sql: `(SELECT string_agg(e->>'name', '、') FROM jsonb_array_elements(x.parties) e)`, filterable: false },
      description: { label: '纠纷简况', type: 'text', sql: 'x.description' },
      status: { label: '调处状态', type: 'enum', sql: 'x.status', options: { open: '调处中', resolved: '调解成功', failed: '调解不成', referred: '已移交' } },
      result: { label: '调处结果', type: 'text', sql: 'x.result' },
      agreement: { label: '协议内容', type: 'text', sql: 'x.agreement' },
      mediator: { label: '调解员', type: 'text', sql: 'mw.display_name' },
      openedOn: { label: '受理日期', type: 'date', sql: `(x.opened_at AT TIME ZONE 'Asia/Shanghai')::date` },
      closedOn: { label: '办结日期', type: 'date', sql: `(x.closed_at AT TIME ZONE 'Asia/Shanghai')::date` },
      ...REGION_FIELDS,
    },
    defaultSort: ['openedOn'],
  },
};

export type TagInfo = { code: string; name_zh: string; sensitive: boolean; permission: string | null; attributes: { key: string; label: string; type: string; options?: string[] }[] };

/** The fields of a source, with the attributes of the tag for persons_with_tag (attr.<key>). */
export function fieldsOf(src: SourceDef, tag: TagInfo | null): Record<string, FieldDef> {
  if (!src.needsTag || !tag) return src.fields;
  const out: Record<string, FieldDef> = { ...src.fields };
  for (const a of tag.attributes ?? []) {
    if (!/^[a-zA-Z][a-zA-Z0-9_]{0,40}$/.test(a.key)) continue;
    const type: FieldType = a.type === 'number' ? 'number' : a.type === 'date' ? 'date' : 'text';
    if (tag.sensitive) {
      out[`attr.${a.key}`] = { label: a.label, type, sql: 'pt.attributes_enc', encryptedAttr: a.key, filterable: false };
    } else {
      // The key passed the pattern above and is also bound as a parameter-free literal only after that check.
      const raw = `(pt.attributes->>'${a.key}')`;
      const sql = type === 'number' ? `CASE WHEN ${raw} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN ${raw}::numeric END` : type === 'date' ? `CASE WHEN ${raw} ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN ${raw}::date END` : raw;
      out[`attr.${a.key}`] = { label: a.label, type, sql };
    }
  }
  return out;
}
