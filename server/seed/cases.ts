// Demo data for residents' opinions and grid work: a few dozen realistic cases in every state across the demo
// district (with their timelines, assignments and ratings), and patrols, visits and mediations in 花园社区.
// Deterministic; runs once inside the demo district's transaction.
import type { Queryable } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';
import { addLimit, workingMinutesBetween } from '../lib/working-time.ts';
import { loadSla, NO_CLOCK, stageValues, stageWithDue, stageWithLimit, STAGE_COLS, type StageFields } from '../modules/cases/case-sla.ts';
import { stageLimit, type CategoryRow } from '../modules/cases/case-categories.ts';
import { rng } from './generate.ts';

const MATTERS: [code: string, type: string, title: string, text: string][] = [
  ['0301', 'help', '东门路灯不亮', '小区东门的路灯坏了三天，晚上出入很黑，老人容易摔倒。'],
  ['0101', 'complaint', '垃圾桶满溢无人清运', '3号楼旁垃圾桶已经满溢两天，气味很大，希望尽快清运。'],
  ['0201', 'help', '电梯频繁停运', '5号楼电梯这周停了三次，楼里老人上下楼很困难。'],
  ['0501', 'complaint', '饭店夜间噪音扰民', '楼下饭店每晚营业到凌晨，排风机噪音很大，影响休息。'],
  ['0502', 'help', '楼上漏水天花板发霉', '楼上卫生间漏水，我家天花板已经发霉，协商未果。'],
  ['0204', 'complaint', '消防通道被占用', '小区消防通道长期停放私家车，存在安全隐患。'],
  ['0302', 'report', '人行道砖块松动', '花园路人行道多处砖块松动，下雨天踩上去溅水。'],
  ['0401', 'report', '楼道电动车充电', '有住户在楼道里给电动车充电，电线从窗户拉出来，很危险。'],
  ['0704', 'help', '独居老人申请助餐', '我父亲独居，80岁，想申请社区助餐服务，不知道怎么办。'],
  ['0701', 'consult', '咨询低保申请条件', '想咨询低保申请需要什么条件和材料，到哪里办理。'],
  ['0102', 'complaint', '楼道堆放杂物', '2单元楼道堆满纸箱和旧家具，影响通行和消防安全。'],
  ['0303', 'report', '路口井盖缺失', '文化路与花园路交叉口井盖缺失，已有人用树枝临时标示。'],
  ['0602', 'suggestion', '卫生服务站周末开放', '建议社区卫生服务站周末上午开放，方便上班族看病。'],
  ['0603', 'consult', '灵活就业养老保险', '咨询灵活就业人员养老保险怎么缴费，每月缴多少。'],
  ['0104', 'help', '树枝遮挡采光', '小区树木多年未修剪，枝叶遮挡一楼住户采光。'],
  ['0202', 'help', '单元门禁损坏', '4号楼1单元门禁坏了一周，陌生人随便进出。'],
  ['0503', 'complaint', '宠物狗不拴绳', '小区里有人遛狗不拴绳，孩子被吓哭了。'],
  ['0702', 'help', '困难家庭求助', '家中老人重病，孩子上学，生活困难，希望得到帮扶。'],
];

// Where each demo case stops on the loop (the last step done), in proportion to a realistic mix.
const DEPTH = ['archive', 'archive', 'close', 'close', 'close', 'rate', 'reply', 'handle', 'sign', 'sign', 'dispatch', 'accept', 'report'] as const;
const FLOW = ['report', 'accept', 'dispatch', 'sign', 'handle', 'reply', 'rate', 'close', 'archive'] as const;
const STATUS_AFTER: Record<(typeof FLOW)[number], string> = { report: 'reported', accept: 'accepted', dispatch: 'dispatched', sign: 'handling', handle: 'handled', reply: 'replied', rate: 'rated', close: 'closed', archive: 'archived' };
const SOURCES = ['resident', 'hotline', 'patrol', 'window', 'visit', 'resident', 'survey', 'hotline'];

export async function seedCasesDemo(ctx: Ctx, q: Queryable): Promise<void> {
  const r = rng(4040);
  const { cal, sla } = await loadSla(q);
  const now = new Date();
  const cats = new Map((await q.query<CategoryRow>('SELECT * FROM case_categories')).map((c) => [c.code, c]));
  const depts = new Map((await q.query<{ id: string; code: string; name: string }>('SELECT id, code, name FROM departments')).map((d) => [d.code, d]));
  const communities = await q.query<{ id: number; name: string; street_id: number; code: string }>(`SELECT id, name, parent_id AS street_id, code FROM regions WHERE level = 'community' ORDER BY code`);
  const users = new Map((await q.query<{ id: string; username: string; display_name: string }>('SELECT id, username, display_name FROM users')).map((u) => [u.username, u]));
  const resident = await q.query<{ id: string; person_id: string; scope_region_id: number }>(`SELECT u.id, u.person_id, u.scope_region_id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.code = 'resident' AND u.person_id IS NOT NULL ORDER BY u.created_at LIMIT 1`);
  const label = (u: string) => { const x = users.get(u); return x ? `${x.display_name}(${x.username})` : '社区工作人员'; };

  let seq = 0;
  const total = 48;
  for (let i = 0; i < total; i++) {
    const [code, type, title, text] = MATTERS[i % MATTERS.length];
    const cat = cats.get(code);
    if (!cat) continue;
    // Half in 花园社区 (where the demo accounts work), the rest spread over the district.
    const comm = i % 2 === 0 ? communities[0] : communities[1 + (i % (communities.length - 1))];
    const grid = await q.query<{ id: number }>('SELECT id FROM regions WHERE parent_id = $1 ORDER BY code LIMIT 1 OFFSET $2', [comm.id, i % 4]);
    const building = await q.query<{ id: string; name: string; address: string }>('SELECT id, name, address FROM buildings WHERE grid_id = $1 ORDER BY name LIMIT 1', [grid[0].id]);
    const isResident = SOURCES[i % SOURCES.length] === 'resident' || i === 6; // i = 6 waits for the demo resident's rating
    const ownResident = isResident && comm.id === communities[0].id && i < 12 && resident[0];
    const depth = DEPTH[i % DEPTH.length];
    const created = new Date(now.getTime() - (i < 6 ? 2 + i * 3 : 24 * (3 + ((i * 37) % 150))) * 3600_000);
    const urgency = cat.default_urgency;
    seq++;
    const caseNo = `MQ${new Date(created.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')}${String(900000 + seq)}`;
    const staff = comm.id === communities[0].id ? 'worker' : comm.code === '370199002001' ? 'worker2' : 'street';
    const owner = cat.unit_type === 'department' && cat.department_code && depts.get(cat.department_code)
      ? { type: 'department', region: null as number | null, dept: depts.get(cat.department_code)!.id, actor: cat.department_code === 'mzj' ? 'dept' : '' }
      : cat.unit_type === 'street' ? { type: 'street', region: Number(comm.street_id), dept: null as string | null, actor: 'street' }
      : { type: 'community', region: Number(comm.id), dept: null as string | null, actor: staff };
    const unsatisfied = i % 9 === 6;
    const rating = unsatisfied ? 'unsatisfied' : i % 5 === 0 ? 'basically_satisfied' : 'satisfied';

    const f: Record<string, unknown> = {};
    const events: [string, string, string, Date, string | null][] = [];
    let t = created;
    let status = 'reported';
    const steps = FLOW.slice(0, FLOW.indexOf(depth) + 1);
    let dispatchDue: Date | null = null;
    for (const step of steps) {
      const from = status;
      if (step !== 'report') t = new Date(t.getTime() + (1 + r() * (step === 'handle' ? 40 : 6)) * 3600_000);
      if (t > now) t = new Date(now.getTime() - 60_000);
      status = STATUS_AFTER[step];
      let who = staff, note: string | null = null;
      if (step === 'accept') { f.accepted_at = t; f.handle_due_at = addLimit(cal, t, stageLimit(cat, urgency, 'handle')); }
      if (step === 'dispatch') { f.dispatched_at = t; f.assignee_type = owner.type; f.assignee_region_id = owner.region; f.assignee_department_id = owner.dept; dispatchDue = addLimit(cal, t, stageLimit(cat, urgency, 'accept')); }
      if (step === 'sign') { who = owner.actor; f.signed_at = t; f.responded_on_time = dispatchDue ? t <= dispatchDue : true; }
      if (step === 'handle') { who = owner.actor; note = '已现场核实并处理完毕'; f.handled_at = t; f.handled_on_time = t <= (f.handle_due_at as Date); f.handling_minutes = Math.max(0, workingMinutesBetween(cal, f.accepted_at as Date, t)); }
      if (step === 'reply') { who = owner.actor; note = `您好，您反映的「${title}」问题已处理，感谢您对社区工作的支持。`; f.replied_at = t; f.reply_text = note; }
      if (step === 'rate') { who = ownResident ? 'resident' : staff; f.rating = rating; f.resolved = rating !== 'unsatisfied'; f.rated_at = t; }
      if (step === 'close') f.closed_at = t;
      if (step === 'archive') f.archived_at = t;
      events.push([step, from, status, t, note]);
      void who;
    }
    let stage: StageFields = NO_CLOCK;
    if (status === 'reported') stage = stageWithLimit(cal, sla, 'accept', created, stageLimit(cat, urgency, 'accept'), now);
    if (status === 'accepted') stage = stageWithLimit(cal, sla, 'dispatch', f.accepted_at as Date, stageLimit(cat, urgency, 'accept'), now);
    if (status === 'dispatched') stage = stageWithDue(cal, sla, 'sign', f.dispatched_at as Date, dispatchDue!, now);
    if (status === 'handling') stage = stageWithDue(cal, sla, 'handle', f.signed_at as Date, f.handle_due_at as Date, now);
    if (status === 'handled') stage = stageWithLimit(cal, sla, 'reply', f.handled_at as Date, stageLimit(cat, urgency, 'reply'), now);
    if (stage.sla_state === 'overdue') f.supervision_level = 'community';
    if (unsatisfied && status === 'closed') f.reopen_count = 1;

    const cols = ['case_no', 'source', 'request_type', 'category_id', 'urgency', 'title', 'description', 'community_id', 'grid_id', 'building_id', 'address', 'anonymous',
      'reporter_user_id', 'reporter_person_id', 'reporter_name', 'status', 'created_at', 'updated_at', ...STAGE_COLS, ...Object.keys(f)];
    const vals = [caseNo, isResident ? 'resident' : SOURCES[i % SOURCES.length], type, cat.id, urgency, title, text, comm.id, grid[0].id, building[0]?.id ?? null,
      `${comm.name.replace('社区', '')}${building[0]?.name ?? ''}`, i % 11 === 3, ownResident ? resident[0].id : null, ownResident ? resident[0].person_id : null,
      ownResident || i % 11 === 3 ? null : ['王先生', '李女士', '张大爷', '刘阿姨', '陈先生'][i % 5], status, created, now, ...stageValues(stage), ...Object.values(f)];
    const ins = await q.query<{ id: string }>(`INSERT INTO cases (${cols.join(',')}) VALUES (${cols.map((_, k) => `$${k + 1}`).join(',')}) RETURNING id`, vals);
    const id = ins[0].id;
    if (f.dispatched_at) {
      await q.query('INSERT INTO case_assignments (case_id, assignee_type, region_id, department_id, assigned_by, assigned_at) VALUES ($1,$2,$3,$4,$5,$6)',
        [id, owner.type, owner.region, owner.dept, users.get(staff)?.id ?? null, f.dispatched_at]);
    }
    for (const [action, from, to, at, note] of events) {
      const actor = action === 'report' ? (ownResident ? (i % 11 === 3 ? '匿名居民' : 'resident') : staff)
        : ['sign', 'handle', 'reply'].includes(action) ? (owner.actor || 'dept') : action === 'rate' && ownResident ? 'resident' : staff;
      const lbl = actor === 'resident' ? '居民' : actor === '匿名居民' ? actor : owner.type === 'department' && ['sign', 'handle', 'reply'].includes(action) && !owner.actor ? `${[...depts.values()].find((d) => d.id === owner.dept)?.name ?? '部门'}工作人员` : label(actor);
      await q.query(`INSERT INTO case_events (case_id, action, from_status, to_status, actor_id, actor_label, note, detail, public, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [id, action, action === 'report' ? null : from, to, users.get(actor)?.id ?? null, lbl, note, JSON.stringify(action === 'rate' ? { rating, resolved: rating !== 'unsatisfied' } : {}), !['archive'].includes(action), at]);
    }
  }
  await q.query(`SELECT setval('case_no_seq', greatest((SELECT last_value FROM case_no_seq), 1000))`);
  await seedGridDemo(q, communities[0].id, users, r);
}

async function seedGridDemo(q: Queryable, gardenId: number, users: Map<string, { id: string; username: string; display_name: string }>, r: () => number) {
  const grid = users.get('grid');
  const worker = users.get('worker');
  if (!grid || !worker) return;
  const g1 = await q.query<{ id: number }>(`SELECT scope_region_id AS id FROM users WHERE username = 'grid'`);
  const gridId = Number(g1[0].id);
  const day = 86_400_000;
  const now = Date.now();
  const notes = ['1号楼—2号楼—小广场—东门', '3号楼—4号楼—地下车库', '沿街商铺—南门—垃圾分类点', '5号楼—6号楼—健身器材区'];
  const findings = ['健身器材螺丝松动', '地下车库照明不足', '沿街商铺占道经营', '垃圾分类点混投严重'];
  for (let i = 0; i < 6; i++) {
    const start = new Date(now - (i * 4 + 1) * day);
    const p = await q.query<{ id: string }>(`INSERT INTO grid_patrols (community_id, grid_id, worker_id, kind, started_at, ended_at, route_notes) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
      [gardenId, gridId, grid.id, i === 2 ? 'joint' : 'routine', start, new Date(start.getTime() + 90 * 60_000), notes[i % notes.length]]);
    if (i % 2 === 0) {
      await q.query(`INSERT INTO grid_findings (source_type, source_id, community_id, grid_id, description, address, created_by, created_at) VALUES ('patrol',$1,$2,$3,$4,$5,$6,$7)`,
        [p[0].id, gardenId, gridId, findings[i % findings.length], '花园社区', grid.id, start]);
    }
  }
  const hh = await q.query<{ id: string; person: string | null }>(`SELECT h.id, h.head_person_id AS person FROM households h WHERE h.grid_id = $1 ORDER BY h.household_no LIMIT 10`, [gridId]);
  const types = ['routine', 'care', 'policy', 'survey', 'care'];
  const visitNotes = ['家中一切正常，宣传了垃圾分类政策', '老人独居，身体尚可，已登记助餐需求', '宣传医保缴费政策，已缴纳', '了解对社区服务的意见，建议增加文体活动', '慰问空巢老人，检查燃气安全'];
  for (const [i, h] of hh.entries()) {
    const at = new Date(now - (i * 3 + 2) * day);
    await q.query(`INSERT INTO grid_visits (community_id, grid_id, household_id, worker_id, visit_type, persons_met, notes, visited_at, next_visit_date) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [gardenId, gridId, h.id, grid.id, types[i % types.length], h.person ? [h.person] : [], visitNotes[i % visitNotes.length], at, new Date(at.getTime() + (30 + Math.floor(r() * 30)) * day).toISOString().slice(0, 10)]);
  }
  const disputes: [string, string, string, string | null, string | null][] = [
    ['neighbour', '楼上漏水导致楼下墙面受损，双方对赔偿金额有分歧', 'resolved', '经两次调解，双方同意由楼上承担维修费用', '楼上住户承担维修费 1200 元，一周内完成维修'],
    ['tenancy', '租户提前退租，房东拒退押金', 'resolved', '依据租赁合同条款调解', '房东退还押金 70%，租户当日搬离'],
    ['property', '业主与物业就停车费标准产生争议', 'open', null, null],
    ['family', '兄弟二人因老人赡养问题发生争执', 'referred', '调解未果，已引导至司法所', null],
  ];
  for (const [i, [type, desc, status, result, agreement]] of disputes.entries()) {
    const opened = new Date(now - (i * 9 + 5) * day);
    const a = hh[i * 2]?.person, b = hh[i * 2 + 1]?.person;
    const names = await q.query<{ id: string; name: string }>('SELECT id, name FROM persons WHERE id = ANY($1::uuid[])', [[a, b].filter(Boolean)]);
    const parties = names.map((n, k) => ({ personId: n.id, name: n.name, role: k === 0 ? '申请人' : '被申请人' }));
    const steps = [{ at: new Date(opened.getTime() + day).toISOString(), note: '分别走访双方了解情况', by: `${grid.display_name}(grid)` }];
    await q.query(`INSERT INTO grid_mediations (community_id, grid_id, worker_id, dispute_type, parties, description, steps, status, result, agreement, opened_at, closed_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [gardenId, gridId, grid.id, type, JSON.stringify(parties), desc, JSON.stringify(steps), status, result, agreement, opened, status === 'open' ? null : new Date(opened.getTime() + 3 * day)]);
  }
}
