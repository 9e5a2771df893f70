// Admission list, module settings and demo data for the burden-reduction modules. The default list follows the
// documents (seeds/001, 004): duties of a residents' committee under the Organic Law (依法履职), the work it
// assists with — where "权随责走、费随事转" requires funds or personnel to follow —, and a negative list of
// what the reports say must not be pushed down (economic work, demolition, levies, enforcement, appraisal
// campaigns, organisations and signboards, unverifiable certificates, duplicate data entry).
import type { Queryable } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';
import { systemActor, type Actor } from '../lib/context.ts';
import type { AdmissionItemInput } from '../../contracts/admission.ts';
import { deliverTasks } from '../modules/admission/admission-tasks.service.ts';
import { addDays, addWorkingDays, loadAdmissionCalendar, today } from '../modules/admission/admission-dates.ts';

const LAW = '《中华人民共和国城市居民委员会组织法》第三条';

export const DEFAULT_ADMISSION_ITEMS: AdmissionItemInput[] = [
  { code: 'S-01', kind: 'statutory', title: '宣传宪法、法律、法规和国家政策，开展精神文明建设和文明创建', legalBasis: LAW, fundsRequired: false, personnelRequired: false },
  { code: 'S-02', kind: 'statutory', title: '办理本居住地区居民的公共事务和公益事业', legalBasis: LAW, fundsRequired: false, personnelRequired: false },
  { code: 'S-03', kind: 'statutory', title: '调解民间纠纷（人民调解）', legalBasis: `${LAW}；《中华人民共和国人民调解法》`, department: '区司法局', fundsRequired: false, personnelRequired: false },
  { code: 'S-04', kind: 'statutory', title: '向人民政府或者它的派出机关反映居民的意见、要求和提出建议', legalBasis: LAW, fundsRequired: false, personnelRequired: false },
  { code: 'S-05', kind: 'statutory', title: '组织居民会议、居务公开和民主评议等自治活动', legalBasis: LAW, fundsRequired: false, personnelRequired: false },
  { code: 'A-01', kind: 'assist', title: '协助做好社会治安综合治理、矛盾纠纷排查', legalBasis: LAW, department: '区委政法委', fundsRequired: false, personnelRequired: false },
  { code: 'A-02', kind: 'assist', title: '协助做好公共卫生、爱国卫生和健康宣传', legalBasis: LAW, department: '区卫生健康委员会', fundsRequired: true, personnelRequired: false },
  { code: 'A-03', kind: 'assist', title: '协助做好计划生育服务（育龄妇女信息、生育服务登记）', legalBasis: LAW, department: '区卫生健康委员会', fundsRequired: true, personnelRequired: false },
  { code: 'A-04', kind: 'assist', title: '协助做好最低生活保障、临时救助的申请受理和入户调查', legalBasis: `${LAW}；《社会救助暂行办法》`, department: '区民政局', fundsRequired: true, personnelRequired: false },
  { code: 'A-05', kind: 'assist', title: '协助做好残疾人证办理初审和残疾人两项补贴申报', legalBasis: LAW, department: '区残疾人联合会', fundsRequired: true, personnelRequired: false },
  { code: 'A-06', kind: 'assist', title: '协助做好失业登记、失业证办理及年审和就业服务', legalBasis: LAW, department: '区人力资源和社会保障局', fundsRequired: false, personnelRequired: false },
  { code: 'A-07', kind: 'assist', title: '协助代办城乡居民医疗保险收缴和灵活就业人员养老保险', legalBasis: LAW, department: '区人力资源和社会保障局', fundsRequired: true, personnelRequired: false },
  { code: 'A-08', kind: 'assist', title: '协助做好老龄工作（高龄津贴、困难老人补贴申报与资格认证）', legalBasis: LAW, department: '区民政局', fundsRequired: true, personnelRequired: false },
  { code: 'A-09', kind: 'assist', title: '协助做好流动人口服务和出租房屋信息登记', legalBasis: LAW, department: '区公安分局', fundsRequired: true, personnelRequired: true, note: '暂住登记在派出所办理，社区只协助，不单独建立流动人口台账' },
  { code: 'A-10', kind: 'assist', title: '协助做好社区矫正和刑满释放人员安置帮教', legalBasis: `${LAW}；《中华人民共和国社区矫正法》`, department: '区司法局', fundsRequired: false, personnelRequired: true },
  { code: 'A-11', kind: 'assist', title: '协助开展人口普查、经济普查等国家统计调查', legalBasis: `${LAW}；《中华人民共和国统计法》`, department: '区统计局', fundsRequired: true, personnelRequired: true },
  { code: 'A-12', kind: 'assist', title: '协助做好优抚对象服务、征兵和国防教育', legalBasis: LAW, department: '区退役军人事务局', fundsRequired: false, personnelRequired: false },
  { code: 'A-13', kind: 'assist', title: '协助做好防灾减灾、应急疏散和安全宣传', legalBasis: LAW, department: '区应急管理局', fundsRequired: false, personnelRequired: false },
  { code: 'N-01', kind: 'negative', title: '招商引资、协税护税等经济工作', note: '社区不承担经济指标', fundsRequired: false, personnelRequired: false },
  { code: 'N-02', kind: 'negative', title: '房屋征收拆迁、拆除违法建设', note: '属行政执法与征收实施单位职责', fundsRequired: false, personnelRequired: false },
  { code: 'N-03', kind: 'negative', title: '报刊征订、慈善捐赠、无偿献血等摊派任务', fundsRequired: false, personnelRequired: false },
  { code: 'N-04', kind: 'negative', title: '行政执法事项（开墙破店治理、经营商户安全生产监管、城管执法）', fundsRequired: false, personnelRequired: false },
  { code: 'N-05', kind: 'negative', title: '与居民利益无关的创建达标、评比表彰活动', fundsRequired: false, personnelRequired: false },
  { code: 'N-06', kind: 'negative', title: '要求社区设立部门的工作机构、加挂牌子', fundsRequired: false, personnelRequired: false },
  { code: 'N-07', kind: 'negative', title: '出具社区无法核实或应由部门出具的证明（唯一住房、死亡、法定继承人、贷款资信等）', fundsRequired: false, personnelRequired: false },
  { code: 'N-08', kind: 'negative', title: '在部门自建信息系统中重复录入人口基础数据', note: '部门应从社区综合服务信息平台共享读取', fundsRequired: false, personnelRequired: false },
];

export const ADMISSION_SETTINGS: { key: string; value: unknown; description: string }[] = [
  { key: 'admission.review_working_days', value: 15, description: '准入事项申请的街道审核时限（工作日）' },
  { key: 'admission.report_schedule', value: { quarterly: true, monthly: false, summaryDay: 3 }, description: '准入任务进展报告：每季度末报送季度报告；期满后次月几日前报送工作总结' },
  { key: 'admission.funds_per_hour', value: 30, description: '费随事转测算标准（元/工时）：部门应随任务拨付的经费 = 预估工时 × 本标准。文件未规定，请按本地标准修改' },
  { key: 'ledger.pdf_max_rows', value: 2000, description: '台账 PDF 导出的最大行数（更多请导出 Excel）' },
  { key: 'ledger.export_page_size', value: 2000, description: '台账导出时每次从数据库读取的行数' },
  { key: 'report.age_bands', value: [0, 15, 35, 60, 80], description: '统计报表年龄段的下限（岁）' },
];

/** Each district without an admission list gets the default one, published as version 1. */
export async function ensureDefaultLists(q: Queryable): Promise<void> {
  const districts = await q.query<{ id: number }>(`SELECT r.id FROM regions r WHERE r.level = 'district' AND NOT EXISTS (SELECT 1 FROM admission_lists l WHERE l.district_id = r.id)`);
  for (const d of districts) {
    const l = await q.query<{ id: string }>(
      `INSERT INTO admission_lists (district_id, version, title, status, effective_from, published_at) VALUES ($1, 1, '社区工作事项准入清单', 'published', current_date, now()) RETURNING id`, [d.id]);
    for (const [i, it] of DEFAULT_ADMISSION_ITEMS.entries()) {
      await q.query(
        `INSERT INTO admission_items (list_id, code, kind, title, legal_basis, department, funds_required, personnel_required, note, sort) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [l[0].id, it.code, it.kind, it.title, it.legalBasis ?? null, it.department ?? null, it.fundsRequired, it.personnelRequired, it.note ?? null, (i + 1) * 10]);
    }
  }
}

export async function seedAdmissionCatalogue(_ctx: Ctx, q: Queryable): Promise<void> {
  for (const s of ADMISSION_SETTINGS) {
    await q.query('INSERT INTO settings (key, value, description) VALUES ($1,$2,$3) ON CONFLICT (key) DO NOTHING', [s.key, JSON.stringify(s.value), s.description]);
  }
  await ensureDefaultLists(q);
}

type DemoRequest = {
  dept: string; item: string | null; title: string; targets: string[]; households: number; hours: number; funds: number; personnel: number;
  decision: 'approved' | 'submitted' | 'returned' | 'auto'; reason?: string; authority?: string;
};

const DEMO_REQUESTS: DemoRequest[] = [
  { dept: 'mzj', item: 'A-08', title: '高龄津贴年度资格认证入户核查', targets: ['370199001001', '370199001002'], households: 320, hours: 120, funds: 3000, personnel: 0, decision: 'approved', authority: '资格认证结果录入权限' },
  { dept: 'cl', item: 'A-05', title: '残疾人两项补贴资格复核', targets: ['370199002001', '370199002003'], households: 80, hours: 40, funds: 2000, personnel: 1, decision: 'approved' },
  { dept: 'cgj', item: 'N-04', title: '开墙破店违法经营排查整治', targets: ['370199001001', '370199001003'], households: 0, hours: 200, funds: 0, personnel: 0, decision: 'auto' },
  { dept: 'rsj', item: 'A-07', title: '灵活就业人员养老保险代办集中攻坚', targets: ['370199001001'], households: 150, hours: 60, funds: 0, personnel: 0, decision: 'auto' },
  { dept: 'wjw', item: 'A-02', title: '爱国卫生月入户宣传与病媒生物防制调查', targets: ['370199001001', '370199001003'], households: 600, hours: 80, funds: 1500, personnel: 0, decision: 'submitted' },
  { dept: 'gaj', item: null, title: '出租房屋和流动人口信息集中核查', targets: ['370199002001', '370199002002'], households: 400, hours: 100, funds: 2500, personnel: 2, decision: 'submitted' },
  { dept: 'zjj', item: null, title: '老旧小区住房状况入户调查', targets: ['370199001002'], households: 500, hours: 150, funds: 0, personnel: 0, decision: 'returned', reason: '住房状况调查属住建部门职责，请说明需社区协助的具体内容，并随任务拨付经费、派出人员' },
];

const BURDEN_SAMPLES: [string, 'inspection' | 'assessment' | 'meeting' | 'report' | 'signboard', string, number][] = [
  ['wjw', 'inspection', '创建卫生城市达标检查', 4], ['wjw', 'report', '人口和计划生育统计月报', 2], ['mzj', 'report', '低保对象动态管理统计表', 2],
  ['rsj', 'report', '就业再就业情况统计报表', 1.5], ['sfj', 'assessment', '平安社区建设考核', 6], ['sfj', 'inspection', '社区矫正工作检查', 3],
  ['gaj', 'meeting', '社会治安综合治理工作例会', 2], ['cgj', 'inspection', '市容环境卫生检查', 3], ['mzj', 'meeting', '民政工作推进会', 2],
  ['cl', 'report', '残疾人基本服务状况调查表', 3], ['zjj', 'meeting', '老旧小区改造协调会', 2], ['wjw', 'signboard', '健康教育示范点挂牌', 1],
  ['mzj', 'signboard', '关心下一代工作站挂牌', 1], ['rsj', 'assessment', '充分就业社区考核评比', 5], ['gaj', 'inspection', '消防安全检查', 2],
];

/** Demo: a few requests in every state (two approved with funds credited), and a year of burden log entries. */
export async function seedAdmissionDemo(ctx: Ctx, q: Queryable): Promise<void> {
  await ensureDefaultLists(q);
  const region = new Map((await q.query<{ id: number; code: string; parent_id: number }>('SELECT id, code, parent_id FROM regions')).map((r) => [r.code, { id: Number(r.id), parent: Number(r.parent_id) }]));
  const dept = new Map((await q.query<{ id: string; code: string; name: string }>('SELECT id, code, name FROM departments')).map((d) => [d.code, d]));
  const items = new Map((await q.query<{ id: string; code: string; title: string }>(`SELECT i.id, i.code, i.title FROM admission_items i JOIN admission_lists l ON l.id = i.list_id WHERE l.status = 'published' AND l.district_id = $1`, [region.get('370199')!.id])).map((i) => [i.code, i]));
  const street = await q.query<{ id: string; display_name: string; username: string }>(`SELECT id, display_name, username FROM users WHERE username = 'street'`);
  const root = region.get('370199')!;
  const reviewer: Actor = { ...systemActor({ id: root.id, path: `/${root.id}/` }, street[0] ? `${street[0].display_name}(street)` : 'system'), userId: street[0]?.id ?? null };
  const cal = await loadAdmissionCalendar(q);
  const now = today();
  const year = now.slice(0, 4);
  const periodStart = `${year}-${String(Math.floor((Number(now.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  // Tasks run from the start of this quarter to the end of the half-year after next.
  const periodEnd = Number(now.slice(5, 7)) <= 6 ? `${year}-12-31` : `${Number(year) + 1}-06-30`;
  for (const [n, r] of DEMO_REQUESTS.entries()) {
    const d = dept.get(r.dept);
    if (!d) continue;
    const item = r.item ? items.get(r.item) ?? null : null;
    const targets = r.targets.map((c) => region.get(c)!);
    const status = r.decision === 'auto' ? 'refused' : r.decision;
    const reason = r.decision === 'auto'
      ? (r.item?.startsWith('N-') ? `「${item?.title}」属于负面清单事项，不得下派社区（系统自动不予准入）` : `准入清单要求「${item?.title}」经费随事转，申请未附工作经费（系统自动不予准入）`)
      : r.reason ?? null;
    const submitted = addDays(now, -(20 - n * 2));
    const ins = await q.query<{ id: string }>(
      `INSERT INTO task_requests (no, department_id, street_id, list_item_id, title, description, legal_basis, target_community_ids, households, hours, period_start, period_end,
         funds_per_community, personnel, authority, status, auto_decided, needs_explicit, decision_reason, submitted_at, review_due, reviewed_at, reviewed_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23) RETURNING id`,
      [`ZR${year}-${String(n + 1).padStart(5, '0')}`, d.id, targets[0].parent, item?.id ?? null, r.title, `${d.name}申请由社区协助开展${r.title}`, item ? null : '部门“三定”方案',
        targets.map((t) => t.id), r.households, r.hours, periodStart, periodEnd, r.funds, r.personnel, r.authority ?? null, status, r.decision === 'auto', !item, reason,
        `${submitted}T09:00:00+08:00`, status === 'submitted' ? addWorkingDays(cal, submitted, 15) : null,
        status === 'submitted' ? null : `${r.decision === 'auto' ? submitted : addDays(submitted, 3)}T15:00:00+08:00`, r.decision === 'auto' || status === 'submitted' ? null : reviewer.userId]);
    await q.query('INSERT INTO task_request_events (request_id, action, actor_label, at) VALUES ($1, $2, $3, $4)', [ins[0].id, 'submit', d.name, `${submitted}T09:00:00+08:00`]);
    if (r.decision === 'auto') await q.query('INSERT INTO task_request_events (request_id, action, reason, actor_label) VALUES ($1, $2, $3, $4)', [ins[0].id, 'auto_refuse', reason, '系统']);
    if (status === 'approved' || status === 'returned') {
      await q.query('INSERT INTO task_request_events (request_id, action, reason, actor_id, actor_label) VALUES ($1, $2, $3, $4, $5)', [ins[0].id, status === 'approved' ? 'approve' : 'return', reason, reviewer.userId, reviewer.label]);
    }
    if (status === 'approved') await deliverTasks(ctx, q, reviewer, ins[0].id);
  }

  // Burden log: deterministic spread over the last twelve months, heavier in the first community.
  let seed = 7;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const communities = ['370199001001', '370199001002', '370199001003', '370199002001', '370199002002', '370199002003'];
  const rows: unknown[][] = [];
  for (const [ci, code] of communities.entries()) {
    const c = region.get(code);
    if (!c) continue;
    for (let k = 0; k < 24 - ci * 2; k++) {
      const [dc, kind, title, hours] = BURDEN_SAMPLES[Math.floor(rnd() * BURDEN_SAMPLES.length)];
      const d = dept.get(dc);
      if (!d) continue;
      rows.push([c.id, d.id, d.name, kind, addDays(now, -Math.floor(rnd() * 330) - 1), hours, title]);
    }
  }
  for (const r of rows) {
    await q.query('INSERT INTO burden_entries (community_id, department_id, department_name, kind, date, hours, title) VALUES ($1,$2,$3,$4,$5,$6,$7)', r);
  }
}
