// The service menu from the documents (seeds/001: "应由社区办理的工作主要有：失业证的办理及年审、社保补贴的审核与发放、
// 城镇居民医疗保险的收缴，灵活就业人员养老保险的代办、卫生费收缴、…计生证的办理…、低保的办理与审核、残疾证的办理、
// 老龄困难补贴、各类救助、经济适用房的申报等"), and demo applications. Time limits and fees are defaults a district
// edits (the documents give none); fees marked 示例 are placeholders for the local price bureau's figures.
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Ctx } from '../lib/context.ts';
import type { Queryable } from '../db/client.ts';
import { nextNumber } from '../lib/counters.ts';
import { serviceItemBody } from '../../contracts/services.ts';
import { insertItem } from '../modules/services/services-catalogue.ts';

type Seed = z.input<typeof serviceItemBody>;
const ID = { key: 'id_card', name: '居民身份证', note: '原件及复印件' };
const HUKOU = { key: 'hukou', name: '居民户口簿', note: '原件及复印件；非本地户籍提供居住证' };
const PHOTO = { key: 'photo', name: '近期一寸免冠照片', note: '2 张' };
const FORM = (name: string) => ({ key: 'form', name, note: '窗口领取或在线下载填写' });
const w = (key: string, name: string, limitDays: number) => ({ key, name, kind: 'window' as const, limitDays });
const st = (key: string, name: string, limitDays: number) => ({ key, name, kind: 'street' as const, limitDays });
const dp = (key: string, name: string, departmentCode: string, limitDays: number) => ({ key, name, kind: 'department' as const, departmentCode, limitDays });

export const SERVICE_ITEM_SEEDS: Seed[] = [
  { code: 'unemployment_registration', name: '失业登记（就业失业登记证办理）', category: '就业社保', departmentCode: 'rsj', legalBasis: '《就业服务与就业管理规定》',
    conditions: { minAge: 16, maxAge: 60 }, materials: [ID, HUKOU, PHOTO, { key: 'termination', name: '解除或终止劳动合同证明', required: false, note: '曾就业的提供' }],
    timeLimitDays: 5, channels: ['window', 'online'], steps: [w('accept', '窗口受理', 1), dp('review', '区人社局审核', 'rsj', 3), w('issue', '发证', 1)] },
  { code: 'unemployment_review', name: '就业失业登记证年审', category: '就业社保', departmentCode: 'rsj', legalBasis: '《就业服务与就业管理规定》',
    conditions: { tags: ['unemployed'] }, materials: [{ key: 'register_card', name: '就业失业登记证', note: '原件' }, ID],
    timeLimitDays: 3, channels: ['window', 'online'], steps: [w('accept', '窗口受理', 1), dp('review', '区人社局审核', 'rsj', 2)] },
  { code: 'social_insurance_subsidy', name: '灵活就业人员社会保险补贴审核发放', category: '就业社保', departmentCode: 'rsj', legalBasis: '《就业补助资金管理办法》',
    conditions: { anyTags: ['unemployed'] }, materials: [ID, { key: 'register_card', name: '就业失业登记证', note: '' }, { key: 'payment_proof', name: '社会保险缴费凭证', note: '申请期内的缴费记录' }, { key: 'bank_card', name: '本人银行卡', note: '复印件' }],
    timeLimitDays: 15, channels: ['window'], steps: [w('accept', '窗口受理', 1), w('check', '社区初审公示', 3), dp('review', '区人社局审核', 'rsj', 10)] },
  { code: 'resident_medical_insurance', name: '城乡居民基本医疗保险参保缴费', category: '就业社保', departmentCode: 'rsj', legalBasis: '《中华人民共和国社会保险法》第二十五条',
    materials: [ID, HUKOU], timeLimitDays: 1, feeCents: 40000, feeNote: '个人缴费，示例：每人每年 400 元，以当年公布标准为准', channels: ['window', 'online'], steps: [w('accept', '窗口受理并缴费', 1)] },
  { code: 'flexible_pension', name: '灵活就业人员养老保险代办', category: '就业社保', departmentCode: 'rsj', legalBasis: '《中华人民共和国社会保险法》第十条',
    conditions: { minAge: 16, maxAge: 60 }, materials: [ID, HUKOU, { key: 'bank_card', name: '本人银行卡', note: '用于代扣保险费' }],
    timeLimitDays: 5, feeNote: '代办免费；养老保险费按本人选择的缴费基数缴纳', channels: ['window', 'online'], steps: [w('accept', '窗口受理', 1), dp('register', '区人社局参保登记', 'rsj', 3)] },
  { code: 'sanitation_fee', name: '卫生费收缴', category: '城市管理', departmentCode: 'cgj', legalBasis: '城市生活垃圾处理收费规定（以本地物价部门核定为准）',
    materials: [{ key: 'house_no', name: '房屋门牌号或上年缴费凭证', note: '' }], timeLimitDays: 0, feeCents: 3600, feeNote: '示例：每户每年 36 元，以物价部门核定标准为准', channels: ['window', 'online'], steps: [w('accept', '窗口收费', 0)] },
  { code: 'family_planning_certificate', name: '生育登记（计划生育服务证）', category: '卫生计生', departmentCode: 'wjw', legalBasis: '《中华人民共和国人口与计划生育法》',
    materials: [{ key: 'id_both', name: '夫妻双方居民身份证', note: '' }, HUKOU, { key: 'marriage', name: '结婚证', note: '' }], timeLimitDays: 5, channels: ['window', 'online'],
    steps: [w('accept', '窗口受理', 1), dp('review', '区卫生健康委审核', 'wjw', 3)] },
  { code: 'low_income_application', name: '最低生活保障（低保）申请', category: '社会救助', departmentCode: 'mzj', legalBasis: '《社会救助暂行办法》第二章；《最低生活保障审核确认办法》',
    conditions: { residency: ['registered'] }, materials: [FORM('低保申请书'), ID, HUKOU, { key: 'income', name: '家庭成员收入情况说明', note: '由申请人如实申报，不需社区出具证明' }, { key: 'assets', name: '家庭财产申报及授权核查书', note: '授权民政部门核对收入财产' }],
    timeLimitDays: 30, channels: ['window'], steps: [w('accept', '窗口受理', 1), w('visit', '入户调查', 10), st('street_review', '街道审核（民主评议、公示）', 10), dp('approve', '区民政局审批', 'mzj', 9)] },
  { code: 'low_income_review', name: '低保年度复核', category: '社会救助', departmentCode: 'mzj', legalBasis: '《最低生活保障审核确认办法》',
    conditions: { tags: ['low_income'] }, materials: [ID, HUKOU, { key: 'income', name: '家庭收入变化情况说明', note: '' }],
    timeLimitDays: 15, channels: ['window', 'online'], steps: [w('accept', '窗口受理', 1), w('visit', '入户核查', 5), st('street_review', '街道审核', 5), dp('approve', '区民政局审批', 'mzj', 4)] },
  { code: 'disability_certificate', name: '残疾人证办理', category: '助残', departmentCode: 'cl', legalBasis: '《中华人民共和国残疾人保障法》；《中华人民共和国残疾人证管理办法》',
    materials: [ID, HUKOU, { key: 'photo', name: '近期二寸免冠彩色照片', note: '3 张' }, { key: 'assessment', name: '残疾评定表', note: '由指定医疗机构评定' }],
    timeLimitDays: 20, channels: ['window'], steps: [w('accept', '窗口受理', 1), dp('review', '区残联审核发证', 'cl', 15), w('issue', '通知领证', 1)] },
  { code: 'elderly_hardship_subsidy', name: '老龄困难补贴（高龄、困难老人补贴）', category: '养老', departmentCode: 'mzj', legalBasis: '《中华人民共和国老年人权益保障法》',
    conditions: { minAge: 60 }, materials: [ID, HUKOU, { key: 'bank_card', name: '本人银行卡或社保卡', note: '用于发放补贴' }],
    timeLimitDays: 20, channels: ['window', 'online'], steps: [w('accept', '窗口受理', 1), st('street_review', '街道审核', 5), dp('approve', '区民政局审批', 'mzj', 10)] },
  { code: 'temporary_relief', name: '临时救助', category: '社会救助', departmentCode: 'mzj', legalBasis: '《社会救助暂行办法》第十一章',
    materials: [FORM('临时救助申请书'), ID, HUKOU, { key: 'hardship', name: '遭遇困难的情况说明及相关票据', note: '如医疗费票据、事故证明' }],
    timeLimitDays: 15, channels: ['window', 'online'], steps: [w('accept', '窗口受理', 1), w('visit', '入户调查', 3), st('street_approve', '街道审批', 5)] },
  { code: 'medical_relief', name: '医疗救助', category: '社会救助', departmentCode: 'mzj', legalBasis: '《社会救助暂行办法》第六章',
    conditions: { anyTags: ['low_income', 'disabled', 'entitled'] }, materials: [ID, { key: 'bills', name: '医疗费用票据和费用清单', note: '原件' }, { key: 'settlement', name: '医保结算单', note: '' }],
    timeLimitDays: 20, channels: ['window'], steps: [w('accept', '窗口受理', 1), st('street_review', '街道审核', 5), dp('approve', '区民政局审批', 'mzj', 10)] },
  { code: 'affordable_housing', name: '保障性住房（经济适用住房）申请', category: '住房', departmentCode: 'zjj', legalBasis: '《经济适用住房管理办法》',
    conditions: { residency: ['registered'] }, materials: [FORM('保障性住房申请表'), ID, HUKOU, { key: 'income', name: '家庭收入情况说明', note: '如实申报' }, { key: 'housing', name: '家庭住房情况声明', note: '由住建部门核查，不需社区出具“唯一住房证明”' }],
    timeLimitDays: 30, channels: ['window'], steps: [w('accept', '窗口受理', 1), w('publicity', '社区初审公示', 10), st('street_review', '街道审核', 5), dp('review', '区住建局审核', 'zjj', 14)] },
  { code: 'elderly_card', name: '老年人优待证办理', category: '养老', departmentCode: 'mzj', legalBasis: '《中华人民共和国老年人权益保障法》',
    conditions: { minAge: 60 }, materials: [ID, PHOTO], timeLimitDays: 5, channels: ['window', 'online'], steps: [w('accept', '窗口受理', 1), st('make', '街道制证', 3), w('issue', '通知领证', 1)] },
];

export async function seedServiceCatalogue(_ctx: Ctx, q: Queryable): Promise<void> {
  for (const [i, s] of SERVICE_ITEM_SEEDS.entries()) await insertItem(q, serviceItemBody.parse({ ...s, sort: (i + 1) * 10 }));
}

/** A few applications in 花园社区 in different states, so lists, the inbox and the statistics show something. */
export async function seedServiceDemo(_ctx: Ctx, q: Queryable): Promise<void> {
  const garden = (await q.query<{ id: number; code: string }>(`SELECT id, code FROM regions WHERE code = '370199001001'`))[0];
  if (!garden) return;
  const worker = (await q.query<{ id: string }>(`SELECT id FROM users WHERE username = 'worker'`))[0];
  const items = new Map((await q.query<{ id: string; code: string; steps: Seed['steps']; materials: { key: string; name: string; required?: boolean }[]; time_limit_days: number }>('SELECT id, code, steps, materials, time_limit_days FROM service_items')).map((r) => [r.code, r]));
  const persons = await q.query<{ id: string; name: string; grid_id: number }>(`SELECT id, name, grid_id FROM persons WHERE community_id = $1 AND status = 'living' ORDER BY (birth_date < '1960-01-01') DESC NULLS LAST, id LIMIT 4`, [garden.id]);
  const year = new Date().getUTCFullYear();
  const plan: [string, string, number][] = [['elderly_card', 'ready', 3], ['elderly_hardship_subsidy', 'in_progress', 1], ['temporary_relief', 'incomplete', 0], ['elderly_card', 'archived', 3]];
  for (const [i, [code, status, doneSteps]] of plan.entries()) {
    const item = items.get(code);
    const p = persons[i];
    if (!item || !p || !worker) continue; // a tiny test district may have fewer persons
    const seq = await nextNumber(q, 'application', garden.id, year);
    const materials = item.materials.map((m, k) => ({ key: m.key, name: m.name, required: m.required ?? true, provided: status !== 'incomplete' || k === 0, fileIds: [], note: '' }));
    const a = await q.query<{ id: string }>(
      `INSERT INTO applications (no, item_id, person_id, community_id, grid_id, channel, status, result, materials, steps, time_limit_days, applicant_name, public_code, intake_by, created_by,
         accepted_at, due_date, finished_at, collected_at, archived_at, current_seq)
       VALUES ($1,$2,$3,$4,$5,'window',$6,$7,$8,$9,$10,$11,$12,$13,$13, CASE WHEN $14 > 0 THEN now() - interval '3 days' END, CASE WHEN $14 > 0 THEN current_date + 10 END,
         CASE WHEN $6 IN ('ready', 'archived') THEN now() END, CASE WHEN $6 = 'archived' THEN now() END, CASE WHEN $6 = 'archived' THEN now() END, CASE WHEN $6 = 'in_progress' THEN $14 END)
       RETURNING id`,
      [`BJ${garden.code}${year}${String(seq).padStart(5, '0')}`, item.id, p.id, garden.id, p.grid_id, status, ['ready', 'archived'].includes(status) ? 'approved' : null,
        JSON.stringify(materials), JSON.stringify(item.steps), item.time_limit_days, p.name, crypto.randomBytes(12).toString('base64url'), worker.id, doneSteps],
    );
    const steps = item.steps ?? [];
    for (let s = 0; s < Math.min(doneSteps + (status === 'in_progress' ? 1 : 0), steps.length); s++) {
      const active = status === 'in_progress' && s === doneSteps;
      await q.query(
        `INSERT INTO application_steps (application_id, seq, key, name, kind, department_id, status, outcome, limit_days, started_at, due_date, completed_at, actor_id)
         VALUES ($1,$2,$3,$4,$5,(SELECT id FROM departments WHERE code = $6),$7,$8,$9, now() - interval '2 days', current_date + $9::int, $10, $11)`,
        [a[0].id, s, steps[s].key, steps[s].name, steps[s].kind, (steps[s] as { departmentCode?: string }).departmentCode ?? null, active ? 'active' : 'done', active ? null : 'pass',
          steps[s].limitDays ?? 1, active ? null : new Date(), active ? null : worker.id],
      );
    }
    await q.query(`INSERT INTO application_events (application_id, kind, title) VALUES ($1, 'submitted', '窗口登记申请')`, [a[0].id]);
    if (status === 'archived') await q.query(`INSERT INTO application_ratings (application_id, community_id, score, rated_by) VALUES ($1, $2, 5, $3)`, [a[0].id, garden.id, worker.id]);
  }
}
