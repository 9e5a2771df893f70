// The certificate catalogue from the documents (seeds/001: "应由社区出具的…；如果居民提供相关依据可以出具的…；
// 社区无法确认真实性、不能出具证明信及盖章的…15种"), and demo certificates. Idempotent by code: an installation's
// own edits (new versions) are never overwritten. See docs/certificates.md for the 亲属关系 decision.
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Queryable } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';
import { systemActor } from '../lib/context.ts';
import { nextNumber } from '../lib/counters.ts';
import { certTypeBody } from '../../contracts/certificates.ts';
import { insertCertType } from '../modules/certificates/certificates-catalogue.ts';
import { fillTemplate, issuerName, loadCertPerson, templateFields } from '../modules/certificates/certificates-person.ts';

const HEAD = '兹证明{{name}}（{{gender}}，{{docType}}：{{docNo}}）';
const CLOSE = '\n特此证明。';
const EVIDENCE_BODY = `${HEAD}，现住{{address}}。经核验本人提供的依据材料，{{details}}。\n本证明仅证明上述依据材料所载明的情况。${CLOSE}`;
const BASIS_RESIDENTS_COMMITTEE = '《中华人民共和国城市居民委员会组织法》第三条';
const BASIS_CLEANUP = '国务院办公厅关于做好证明事项清理工作的通知（国办发〔2018〕47号）；本区社区出具证明事项清单';

type Seed = z.input<typeof certTypeBody>;

export const CERT_TYPE_SEEDS: Seed[] = [
  // 社区可出具（from the base data）
  { code: 'residence', name: '居住证明', policy: 'issue', category: '居住', legalBasis: BASIS_RESIDENTS_COMMITTEE, purpose: '用于办理居住登记、子女入学、就业登记等需要证明实际居住情况的事项',
    template: `${HEAD}现居住在{{address}}，系本社区{{residencyType}}。${CLOSE}`, validityDays: 90 },
  // 居民提供依据后可出具
  { code: 'kinship', name: '亲属关系证明', policy: 'issue_with_evidence', category: '家庭', legalBasis: `${BASIS_RESIDENTS_COMMITTEE}；本区社区出具证明事项清单（凭依据出具）`,
    purpose: '证明依据材料所载明的亲属关系', template: EVIDENCE_BODY, validityDays: 90, evidence: ['居民户口簿', '结婚证或出生医学证明等载明亲属关系的材料'] },
  { code: 'political_review', name: '无工作单位人员政审证明', policy: 'issue_with_evidence', category: '就业', legalBasis: BASIS_RESIDENTS_COMMITTEE,
    purpose: '无工作单位人员参军、升学、招录时的现实表现情况', template: EVIDENCE_BODY, validityDays: 90, evidence: ['居民身份证', '居民户口簿', '本人书面承诺'] },
  { code: 'graduate_info', name: '毕业生基础信息证明', policy: 'issue_with_evidence', category: '就业', legalBasis: BASIS_RESIDENTS_COMMITTEE,
    purpose: '毕业生报到、落户时的基础信息', template: EVIDENCE_BODY, validityDays: 90, evidence: ['毕业证书或就业报到证', '居民身份证'] },
  { code: 'taxi_inspection', name: '出租车年检证明', policy: 'issue_with_evidence', category: '就业', legalBasis: BASIS_RESIDENTS_COMMITTEE,
    purpose: '出租汽车驾驶员年度审验', template: EVIDENCE_BODY, validityDays: 30, evidence: ['机动车驾驶证', '道路运输从业资格证'] },
  { code: 'spouse_relation', name: '夫妻关系证明（结婚证遗失）', policy: 'issue_with_evidence', category: '家庭', legalBasis: BASIS_RESIDENTS_COMMITTEE,
    purpose: '结婚证遗失、尚未补领期间证明夫妻关系', template: EVIDENCE_BODY, validityDays: 90, evidence: ['居民户口簿（婚姻状况栏）', '婚姻登记档案查询结果'] },
  { code: 'family_hardship', name: '家庭困难证明', policy: 'issue_with_evidence', category: '救助', legalBasis: BASIS_RESIDENTS_COMMITTEE,
    purpose: '申请助学、减免等需要说明家庭经济困难情况', template: EVIDENCE_BODY, validityDays: 180, evidence: ['收入情况说明或单位收入证明', '低保证、残疾人证或大额医疗费用票据等'] },
  // 社区不出具（由有关部门出具，或以告知承诺代替）
  ...([
    ['kinship_unverifiable', '亲属关系证明（无户籍、婚姻等依据）', '户籍所在地公安派出所；公证机构', '持户口簿到派出所查询户籍登记的亲属关系；户籍无法反映的（如已分户、亲子关系）请办理亲属关系公证。社区无法核实，不予出具。'],
    ['no_criminal_record', '无犯罪记录证明', '户籍地或居住地公安派出所', '本人持居民身份证到公安派出所申请开具，或通过公安政务服务平台网上申请。'],
    ['marital_status', '婚姻状况证明', '民政部门婚姻登记机关', '持身份证、户口簿到婚姻登记机关查询婚姻登记记录；需要证明未婚的，可按告知承诺制由本人书面承诺。'],
    ['birth', '出生证明', '卫生健康部门（助产医疗机构）', '向出生时的医疗机构申领或补发《出生医学证明》。'],
    ['death', '死亡证明', '卫生健康部门（医疗机构）；公安机关', '在医疗机构死亡的由医疗机构出具《居民死亡医学证明（推断）书》；非正常死亡由公安机关出具。'],
    ['alive', '健在证明（生存证明）', '社会保险经办机构；公证机构', '养老金领取资格通过社保经办机构人脸识别自助认证；境外使用的向公证机构办理生存公证。'],
    ['illness', '疾病证明', '医疗机构', '由诊治的医疗机构出具诊断证明书。'],
    ['disability', '残疾证明', '区残疾人联合会', '持《中华人民共和国残疾人证》；未办证的，经评定后向残联申领残疾人证（本平台服务事项“残疾人证办理”）。'],
    ['property', '财产（收入、存款）证明', '开户银行；工作单位；不动产登记机构', '存款证明向开户银行申请；收入证明由工作单位出具；房产情况向不动产登记机构查询。'],
    ['house_ownership', '房屋权属证明', '不动产登记机构', '持身份证到不动产登记机构查询不动产登记信息。'],
    ['inheritance', '遗产继承权（法定继承人）证明', '公证机构；人民法院', '办理继承权公证，或通过诉讼由人民法院确认。'],
    ['sole_housing', '唯一住房证明', '住房和城乡建设部门（不动产登记机构）', '向不动产登记机构申请出具家庭住房情况查询结果，或按告知承诺制由本人书面承诺。'],
    ['lost_documents', '证件遗失证明（身份证、存单、票据丢失）', '公安派出所；开户银行；出具票据的单位', '身份证到派出所挂失补领；存单到开户银行挂失；票据向原出具单位申请补开。'],
    ['business_premises', '开店营业（开墙破店）证明', '市场监督管理部门；住房和城乡建设、城市管理部门', '办理营业执照实行经营场所申报承诺制，由申请人书面承诺，不需社区证明。'],
    ['hospitalisation', '住院证明', '医疗机构', '由住院的医疗机构出具住院证明或出院小结。'],
    ['loan_credit', '贷款资质诚信证明', '中国人民银行征信中心；贷款银行', '本人查询个人信用报告（征信中心网站、银行网点或自助查询机）。'],
    ['vehicle_damage', '投保车辆损坏程度证明', '保险公司；公安交通管理部门', '由保险公司查勘定损；交通事故由公安交管部门出具事故认定书。'],
    ['house_fees_paid', '卖房各项费用缴清证明', '供水、供电、供气、物业等收费单位', '由各收费单位出具缴费凭证或结清证明。'],
  ] as const).map(([code, name, dept, alt]) => ({
    code, name, policy: 'not_issue' as const, category: '不予出具', legalBasis: BASIS_CLEANUP, purpose: '', template: '',
    responsibleDepartment: dept, alternative: alt,
  })),
];

export async function seedCertificateCatalogue(_ctx: Ctx, q: Queryable): Promise<void> {
  for (const [i, s] of CERT_TYPE_SEEDS.entries()) {
    await insertCertType(q, certTypeBody.parse({ ...s, changeNote: '初始目录' }), null, (i + 1) * 10);
  }
}

/** A few issued certificates and refused requests, so the register and the statistics are not empty. */
export async function seedCertificateDemo(ctx: Ctx, q: Queryable): Promise<void> {
  const root = await q.query<{ id: number; path: string }>(`SELECT id, path FROM regions WHERE level = 'district' ORDER BY id LIMIT 1`);
  const actor = systemActor({ id: Number(root[0].id), path: root[0].path }, '演示数据');
  const type = await q.query<{ id: string; version_id: string; template: string; name: string; validity_days: number }>(
    `SELECT t.id, v.id AS version_id, v.template, v.name, v.validity_days FROM cert_types t JOIN cert_type_versions v ON v.type_id = t.id AND v.version = t.current_version WHERE t.code = 'residence'`,
  );
  const persons = await q.query<{ id: string; code: string }>(
    `SELECT x.id, x.code FROM (SELECT p.id, c.code, row_number() OVER (PARTITION BY c.id ORDER BY p.created_at, p.id) AS n
       FROM persons p JOIN regions c ON c.id = p.community_id WHERE c.code IN ('370199001001', '370199002001') AND p.status = 'living') x WHERE x.n <= 3 ORDER BY x.code, x.n`,
  );
  const year = new Date().getUTCFullYear();
  for (const [i, row] of persons.entries()) {
    const p = await loadCertPerson(q, actor, row.id);
    const fields = templateFields(ctx, p, { purpose: '子女入学', details: '', issuedOn: new Date() });
    const seq = await nextNumber(q, 'certificate', Number(p.community_id), year);
    const content = { title: type[0].name, body: fillTemplate(type[0].template, fields), issuer: issuerName(p), purpose: '子女入学' };
    await q.query(
      `INSERT INTO certificates (serial_no, year, seq, community_id, grid_id, person_id, type_id, version_id, holder_name, holder_doc_last4, purpose,
         requested_by, content_enc, verify_code, valid_until, status, revoked_at, revoke_reason)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14, (now() AT TIME ZONE 'Asia/Shanghai')::date + $15::int, $16, $17, $18)`,
      [`${row.code}-${year}-${String(seq).padStart(6, '0')}`, year, seq, p.community_id, p.grid_id, p.id, type[0].id, type[0].version_id, p.name, p.doc_last4,
        '子女入学', '区教育局', ctx.crypto.encrypt(JSON.stringify(content)), crypto.randomBytes(12).toString('base64url'), type[0].validity_days,
        i === 2 ? 'revoked' : 'valid', i === 2 ? new Date() : null, i === 2 ? '住址登记有误，已重新开具' : null],
    );
  }
  const refusals: [string, string][] = [['no_criminal_record', '某人力资源公司'], ['sole_housing', '某商业银行'], ['sole_housing', '某商业银行'], ['alive', '区社会保险事业中心'], ['marital_status', '某商业银行']];
  const garden = await q.query<{ id: number }>(`SELECT id FROM regions WHERE code = '370199001001'`);
  for (const [code, by] of refusals) {
    await q.query(
      `INSERT INTO cert_refusals (type_id, version_id, community_id, requested_by)
       SELECT t.id, v.id, $2, $3 FROM cert_types t JOIN cert_type_versions v ON v.type_id = t.id AND v.version = t.current_version WHERE t.code = $1`,
      [code, garden[0].id, by],
    );
  }
}
