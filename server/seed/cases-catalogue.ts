// Default catalogue for residents' opinions and incidents (民情事件): the category tree with codes, default
// handling unit, urgency and time limits; the 2026 public-holiday calendar; the module's settings.
// Defaults a locality edits (via the API); nothing in code depends on these numbers.
import type { Queryable } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';

type Limit = { value: number; unit: 'hours' | 'days' };
export type StageLimits = { accept: Limit; handle: Limit; reply: Limit };
export type UrgencyLimits = { normal: StageLimits; urgent: StageLimits; critical: StageLimits };

const h = (value: number): Limit => ({ value, unit: 'hours' });
const d = (value: number): Limit => ({ value, unit: 'days' });

// 接诉即办 practice: respond within hours, settle within days; urgent matters faster.
export const DEFAULT_LIMITS: UrgencyLimits = {
  normal: { accept: h(2), handle: d(5), reply: d(1) },
  urgent: { accept: h(1), handle: d(2), reply: h(4) },
  critical: { accept: h(0.5), handle: d(1), reply: h(2) },
};
const FAST: UrgencyLimits = {
  normal: { accept: h(1), handle: d(2), reply: h(4) },
  urgent: { accept: h(0.5), handle: d(1), reply: h(2) },
  critical: { accept: h(0.5), handle: h(4), reply: h(1) },
};
const SLOW: UrgencyLimits = {
  normal: { accept: h(4), handle: d(15), reply: d(2) },
  urgent: { accept: h(2), handle: d(5), reply: d(1) },
  critical: { accept: h(1), handle: d(2), reply: h(4) },
};

export type CategoryDef = {
  code: string; name: string; unitType: 'community' | 'street' | 'department'; department?: string;
  urgency?: 'normal' | 'urgent' | 'critical'; limits?: UrgencyLimits; children?: CategoryDef[];
};

export const DEFAULT_CATEGORIES: CategoryDef[] = [
  { code: '01', name: '环境卫生', unitType: 'community', children: [
    { code: '0101', name: '垃圾清运', unitType: 'community' },
    { code: '0102', name: '乱堆乱放', unitType: 'community' },
    { code: '0103', name: '公厕保洁', unitType: 'department', department: 'cgj' },
    { code: '0104', name: '绿化养护', unitType: 'department', department: 'cgj', limits: SLOW },
  ] },
  { code: '02', name: '物业管理', unitType: 'community', children: [
    { code: '0201', name: '电梯故障', unitType: 'department', department: 'zjj', urgency: 'urgent', limits: FAST },
    { code: '0202', name: '小区设施维修', unitType: 'community' },
    { code: '0203', name: '物业服务纠纷', unitType: 'community', limits: SLOW },
    { code: '0204', name: '停车管理', unitType: 'community' },
  ] },
  { code: '03', name: '市政设施', unitType: 'department', department: 'cgj', children: [
    { code: '0301', name: '路灯损坏', unitType: 'department', department: 'cgj' },
    { code: '0302', name: '道路破损', unitType: 'department', department: 'cgj', limits: SLOW },
    { code: '0303', name: '井盖缺失', unitType: 'department', department: 'cgj', urgency: 'critical', limits: FAST },
    { code: '0304', name: '供水排水', unitType: 'department', department: 'zjj', urgency: 'urgent' },
  ] },
  { code: '04', name: '公共安全', unitType: 'street', children: [
    { code: '0401', name: '消防隐患', unitType: 'street', urgency: 'urgent', limits: FAST },
    { code: '0402', name: '治安问题', unitType: 'department', department: 'gaj', urgency: 'urgent' },
    { code: '0403', name: '违章搭建', unitType: 'street', limits: SLOW },
  ] },
  { code: '05', name: '邻里纠纷', unitType: 'community', children: [
    { code: '0501', name: '噪音扰民', unitType: 'community' },
    { code: '0502', name: '漏水纠纷', unitType: 'community' },
    { code: '0503', name: '宠物饲养', unitType: 'community' },
  ] },
  { code: '06', name: '公共服务', unitType: 'community', children: [
    { code: '0601', name: '社区服务', unitType: 'community' },
    { code: '0602', name: '医疗卫生', unitType: 'department', department: 'wjw' },
    { code: '0603', name: '就业社保', unitType: 'department', department: 'rsj' },
  ] },
  { code: '07', name: '民生救助', unitType: 'community', children: [
    { code: '0701', name: '低保救助', unitType: 'department', department: 'mzj', limits: SLOW },
    { code: '0702', name: '困难帮扶', unitType: 'community' },
    { code: '0703', name: '残疾人服务', unitType: 'department', department: 'cl' },
    { code: '0704', name: '养老服务', unitType: 'department', department: 'mzj' },
  ] },
  { code: '99', name: '其他', unitType: 'community' },
];

// 国务院办公厅关于2026年部分节假日安排的通知: holidays and make-up working days (调休上班).
export const CALENDAR_2026: { date: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...range('2026-01-01', 3, '元旦'), { date: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
  ...range('2026-02-15', 9, '春节'), { date: '2026-02-14', kind: 'workday', name: '春节调休上班' }, { date: '2026-02-28', kind: 'workday', name: '春节调休上班' },
  ...range('2026-04-04', 3, '清明节'),
  ...range('2026-05-01', 5, '劳动节'), { date: '2026-05-09', kind: 'workday', name: '劳动节调休上班' },
  ...range('2026-06-19', 3, '端午节'),
  ...range('2026-09-25', 3, '中秋节'),
  ...range('2026-10-01', 7, '国庆节'), { date: '2026-09-20', kind: 'workday', name: '国庆节调休上班' }, { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
];

function range(start: string, days: number, name: string) {
  const t = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => ({ date: new Date(t + i * 86_400_000).toISOString().slice(0, 10), kind: 'holiday' as const, name }));
}

export const CASE_SETTINGS: { key: string; value: unknown; description: string }[] = [
  { key: 'calendar.work_hours', value: [['09:00', '12:00'], ['13:00', '18:00']], description: '工作时段（本地时间），用于按工作时计算办理时限' },
  { key: 'calendar.utc_offset_minutes', value: 480, description: '本地时间与 UTC 的差（分钟），北京时间为 480' },
  { key: 'cases.max_reopen', value: 1, description: '居民不满意时工单最多可重办的次数' },
  { key: 'cases.duplicate_window_days', value: 7, description: '同一地点同一类别在多少天内的诉求提示为重复' },
  { key: 'cases.due_soon_ratio', value: 0.2, description: '剩余时限不足该比例时标记为“即将超期”' },
  { key: 'cases.escalation', value: { streetAfterHours: 8, districtAfterHours: 24 }, description: '超期后多少个工作时升级到街道、区级督办' },
  { key: 'cases.sla_sweep_minutes', value: 5, description: '时限巡检（超期标记、提醒、升级）间隔（分钟）' },
];

/** Idempotent: runs at every start. */
export async function seedCaseCatalogue(_ctx: Ctx, q: Queryable): Promise<void> {
  for (const s of CASE_SETTINGS) {
    await q.query('INSERT INTO settings (key, value, description) VALUES ($1,$2,$3) ON CONFLICT (key) DO NOTHING', [s.key, JSON.stringify(s.value), s.description]);
  }
  const insert = async (c: CategoryDef, parent: { id: string; limits: UrgencyLimits } | null, sort: number) => {
    const limits = c.limits ?? parent?.limits ?? DEFAULT_LIMITS;
    await q.query(
      `INSERT INTO case_categories (code, name, parent_id, unit_type, department_code, default_urgency, limits, sort)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (code) DO NOTHING`,
      [c.code, c.name, parent?.id ?? null, c.unitType, c.department ?? null, c.urgency ?? 'normal', JSON.stringify(limits), sort],
    );
    const row = await q.query<{ id: string }>('SELECT id FROM case_categories WHERE code = $1', [c.code]);
    for (const [i, child] of (c.children ?? []).entries()) await insert(child, { id: row[0].id, limits }, (i + 1) * 10);
  };
  for (const [i, c] of DEFAULT_CATEGORIES.entries()) await insert(c, null, (i + 1) * 10);
  for (const day of CALENDAR_2026) {
    await q.query('INSERT INTO work_calendar (day, kind, name) VALUES ($1,$2,$3) ON CONFLICT (day) DO NOTHING', [day.date, day.kind, day.name]);
  }
}
