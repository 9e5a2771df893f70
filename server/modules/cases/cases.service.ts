// Registering, listing and reading cases. Workflow actions live in case-workflow.ts.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { audit } from '../../lib/audit.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { likeEscape, params } from '../../lib/sql.ts';
import { assertRegionInScope } from '../../lib/scope.ts';
import { readSetting } from '../calendar/calendar.service.ts';
import { REQUEST_TYPE_ZH, STATUS_ZH, type CaseListQuery, type CreateCaseInput, type Urgency } from '../../../contracts/cases.ts';
import { getCategory, stageLimit } from './case-categories.ts';
import { CASE_SELECT, caseListVisibilitySql, caseVisibilitySql, communityPathPrefix, iso, loadCase, loadOwnCase, toCaseItem, type CaseRow } from './case-access.ts';
import { loadSla, stageValues, stageWithLimit, STAGE_COLS } from './case-sla.ts';
import { ACTION_ZH, allowedActions } from './case-workflow.ts';
import { assertFiles } from './case-files.ts';
import { notifyRegionStaff } from './case-notify.ts';

const fieldErr = (path: string, zh: string, en: string) => invalid(zh, en, [{ path, messages: { 'zh-CN': zh, 'en-US': en } }]);

type Place = { communityId: number; gridId: number | null; buildingId: string | null; houseId: string | null; address: string | null };

/** Place from the most precise thing given: house → building → grid → community; all must be in scope. */
export async function resolvePlace(q: Queryable, actor: Actor, input: { communityId?: number; gridId?: number; buildingId?: string; houseId?: string; address?: string }): Promise<Place> {
  let place: Place | null = null;
  if (input.houseId) {
    const h = await q.query<{ community_id: number; grid_id: number | null; building_id: string; address: string | null; unit: number; room: string; name: string }>(
      'SELECT h.community_id, h.grid_id, h.building_id, b.address, h.unit, h.room, b.name FROM houses h JOIN buildings b ON b.id = h.building_id WHERE h.id = $1', [input.houseId]);
    if (!h[0]) throw fieldErr('houseId', '房屋不存在', 'Unknown house');
    place = { communityId: Number(h[0].community_id), gridId: h[0].grid_id === null ? null : Number(h[0].grid_id), buildingId: h[0].building_id, houseId: input.houseId,
      address: input.address ?? `${h[0].name}${h[0].unit}单元${h[0].room}室` };
  } else if (input.buildingId) {
    const b = await q.query<{ community_id: number; grid_id: number | null; address: string | null; name: string }>('SELECT community_id, grid_id, address, name FROM buildings WHERE id = $1', [input.buildingId]);
    if (!b[0]) throw fieldErr('buildingId', '楼栋不存在', 'Unknown building');
    place = { communityId: Number(b[0].community_id), gridId: b[0].grid_id === null ? null : Number(b[0].grid_id), buildingId: input.buildingId, houseId: null, address: input.address ?? `${b[0].name}（${b[0].address ?? ''}）` };
  } else if (input.gridId) {
    const g = await q.query<{ parent_id: number; level: string }>('SELECT parent_id, level FROM regions WHERE id = $1', [input.gridId]);
    if (!g[0] || g[0].level !== 'grid') throw fieldErr('gridId', '网格不存在', 'Unknown grid');
    place = { communityId: Number(g[0].parent_id), gridId: input.gridId, buildingId: null, houseId: null, address: input.address ?? null };
  } else {
    const communityId = input.communityId ?? (actor.scopeLevel === 'community' ? actor.scopeRegionId : actor.scopeLevel === 'grid' ? null : null);
    if (actor.scopeLevel === 'grid' && !input.communityId) {
      const g = await q.query<{ parent_id: number }>('SELECT parent_id FROM regions WHERE id = $1', [actor.scopeRegionId]);
      place = { communityId: Number(g[0].parent_id), gridId: actor.scopeRegionId, buildingId: null, houseId: null, address: input.address ?? null };
    } else {
      if (!communityId) throw fieldErr('communityId', '请选择事发地所在社区（或网格、楼栋、房屋）', 'Choose the community (or grid, building, house) where it happened');
      const r = await q.query<{ level: string }>('SELECT level FROM regions WHERE id = $1', [communityId]);
      if (!r[0] || r[0].level !== 'community') throw fieldErr('communityId', '社区不存在', 'Unknown community');
      place = { communityId: Number(communityId), gridId: null, buildingId: null, houseId: null, address: input.address ?? null };
    }
  }
  if (input.communityId && Number(input.communityId) !== place.communityId) throw fieldErr('communityId', '所选社区与楼栋、房屋或网格不一致', 'The community does not match the building, house or grid');
  await assertRegionInScope(q, actor, place.gridId && actor.scopeLevel === 'grid' ? place.gridId : place.communityId);
  return place;
}

async function nextCaseNo(q: Queryable, now: Date): Promise<string> {
  const seq = await q.query<{ n: number }>(`SELECT nextval('case_no_seq')::int AS n`);
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `MQ${day}${String(seq[0].n).padStart(6, '0')}`;
}

type NewCase = {
  source: string; requestType: string; categoryId: string; urgency?: Urgency; title?: string; description: string; place: Place; anonymous: boolean;
  reporterUserId: string | null; reporterPersonId: string | null; reporterName: string | null; reporterPhone: string | null; personIds: string[]; photos: string[]; accept: boolean;
};

/** The one insert path for every source (staff entry, resident phone, grid finding). */
export async function insertCase(ctx: Ctx, q: Queryable, actor: Actor, n: NewCase): Promise<string> {
  const cat = await getCategory(q, n.categoryId, { active: true });
  const urgency = n.urgency ?? cat.default_urgency;
  const now = new Date();
  const { cal, sla } = await loadSla(q);
  const files = await assertFiles(q, actor, n.photos);
  if (n.personIds.length) {
    const ok = await q.query<{ id: string }>('SELECT id FROM persons WHERE id = ANY($1::uuid[]) AND community_id IN (SELECT id FROM regions WHERE path LIKE $2)', [n.personIds, communityPathPrefix(actor) + '%']);
    if (ok.length !== new Set(n.personIds).size) throw fieldErr('personIds', '关联人员不存在或不在本辖区', 'A linked person is unknown or outside your area');
  }
  const stage = n.accept
    ? stageWithLimit(cal, sla, 'dispatch', now, stageLimit(cat, urgency, 'accept'), now)
    : stageWithLimit(cal, sla, 'accept', now, stageLimit(cat, urgency, 'accept'), now);
  const handleDue = n.accept ? stageWithLimit(cal, sla, 'handle', now, stageLimit(cat, urgency, 'handle'), now).due_at : null;
  const title = n.title ?? `${cat.name}：${n.description.replace(/\s+/g, ' ').slice(0, 24)}`;
  const caseNo = await nextCaseNo(q, now);
  const phone = n.reporterPhone;
  const cols = ['case_no', 'source', 'request_type', 'category_id', 'urgency', 'title', 'description', 'community_id', 'grid_id', 'building_id', 'house_id', 'address',
    'anonymous', 'reporter_user_id', 'reporter_person_id', 'reporter_name', 'reporter_phone_enc', 'reporter_phone_bidx', 'reporter_phone_last4',
    'status', 'accepted_at', 'handle_due_at', 'created_by', 'created_at', ...STAGE_COLS];
  const vals = [caseNo, n.source, n.requestType, cat.id, urgency, title, n.description, n.place.communityId, n.place.gridId, n.place.buildingId, n.place.houseId, n.place.address,
    n.anonymous, n.reporterUserId, n.reporterPersonId, n.reporterName, phone ? ctx.crypto.encrypt(phone) : null, phone ? ctx.crypto.blindIndex('phone', phone) : null, phone ? phone.slice(-4) : null,
    n.accept ? 'accepted' : 'reported', n.accept ? now : null, handleDue, actor.userId, now, ...stageValues(stage)];
  const rows = await q.query<{ id: string }>(`INSERT INTO cases (${cols.join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')}) RETURNING id`, vals);
  const id = rows[0].id;
  const persons = [...new Set(n.personIds)];
  if (n.reporterPersonId && !persons.includes(n.reporterPersonId)) await q.query(`INSERT INTO case_persons (case_id, person_id, role) VALUES ($1,$2,'reporter')`, [id, n.reporterPersonId]);
  for (const p of persons) await q.query(`INSERT INTO case_persons (case_id, person_id, role) VALUES ($1,$2,'involved') ON CONFLICT DO NOTHING`, [id, p]);
  await q.query(`INSERT INTO case_events (case_id, action, to_status, actor_id, actor_label, note, attachments, detail, public, at) VALUES ($1,'report','reported',$2,$3,$4,$5,$6,true,$7)`,
    [id, actor.userId, n.anonymous && n.source === 'resident' ? '匿名居民' : actor.label, null, files, JSON.stringify({ source: n.source, requestType: REQUEST_TYPE_ZH[n.requestType as 'consult'] }), now]);
  if (n.accept) await q.query(`INSERT INTO case_events (case_id, action, from_status, to_status, actor_id, actor_label, public, at) VALUES ($1,'accept','reported','accepted',$2,$3,true,$4)`, [id, actor.userId, actor.label, now]);
  await audit(q, actor, { action: 'case.create', entityType: 'case', entityId: id, regionId: n.place.communityId, detail: { caseNo, source: n.source, category: cat.code, anonymous: n.anonymous } });
  if (!n.accept) await notifyRegionStaff(ctx, q, n.place.communityId, '新的民情诉求', `${n.place.address ?? ''}有新的诉求 ${caseNo}「${title}」，请及时受理。`);
  return id;
}

export async function createCase(ctx: Ctx, actor: Actor, input: CreateCaseInput) {
  const id = await ctx.db.tx(async (q) => {
    const place = await resolvePlace(q, actor, input);
    if (input.reporterPersonId) {
      const p = await q.query('SELECT 1 FROM persons WHERE id = $1 AND community_id IN (SELECT id FROM regions WHERE path LIKE $2)', [input.reporterPersonId, communityPathPrefix(actor) + '%']);
      if (!p[0]) throw fieldErr('reporterPersonId', '反映人不存在或不在本辖区', 'Unknown reporter person');
    }
    return insertCase(ctx, q, actor, {
      source: input.source, requestType: input.requestType, categoryId: input.categoryId, urgency: input.urgency, title: input.title, description: input.description, place,
      anonymous: input.anonymous, reporterUserId: null, reporterPersonId: input.anonymous ? null : input.reporterPersonId ?? null,
      reporterName: input.anonymous ? null : input.reporterName ?? null, reporterPhone: input.anonymous ? null : input.reporterPhone ?? null,
      personIds: input.personIds, photos: input.photos, accept: input.accept,
    });
  });
  return { case: await getCaseDetail(ctx, actor, id), duplicates: await findDuplicates(ctx, actor, id) };
}

/** A resident reports from a phone: the place is in their own community; anonymous hides them from staff. */
export async function reportCase(ctx: Ctx, actor: Actor, input: { requestType: string; categoryId: string; title?: string; description: string; address: string; buildingId?: string; anonymous: boolean; photos: string[] }) {
  const id = await ctx.db.tx(async (q) => {
    const me = actor.personId ? await q.query<{ community_id: number; grid_id: number | null; name: string }>('SELECT community_id, grid_id, name FROM persons WHERE id = $1', [actor.personId]) : [];
    const communityId = me[0] ? Number(me[0].community_id) : actor.scopeLevel === 'community' ? actor.scopeRegionId : null;
    if (!communityId) throw invalid('您的账号未关联社区，请到社区登记', 'Your account is not linked to a community');
    let place: Place = { communityId, gridId: me[0]?.grid_id === undefined || me[0]?.grid_id === null ? null : Number(me[0].grid_id), buildingId: null, houseId: null, address: input.address };
    if (input.buildingId) {
      const b = await q.query<{ community_id: number; grid_id: number | null }>('SELECT community_id, grid_id FROM buildings WHERE id = $1', [input.buildingId]);
      if (!b[0] || Number(b[0].community_id) !== communityId) throw fieldErr('buildingId', '楼栋不在您所在社区', 'The building is not in your community');
      place = { ...place, buildingId: input.buildingId, gridId: b[0].grid_id === null ? null : Number(b[0].grid_id) };
    }
    return insertCase(ctx, q, actor, {
      source: 'resident', requestType: input.requestType, categoryId: input.categoryId, title: input.title, description: input.description, place,
      anonymous: input.anonymous, reporterUserId: actor.userId, reporterPersonId: actor.personId, reporterName: me[0]?.name ?? null, reporterPhone: null,
      personIds: [], photos: input.photos, accept: false,
    });
  });
  return getMyCase(ctx, actor, id);
}

/** Open cases at the same place (house, building, or same address/grid) and category within the window. */
export async function findDuplicates(ctx: Ctx, actor: Actor, id: string) {
  const c = await loadCase(ctx.db, actor, id);
  const days = await readSetting<number>(ctx.db, 'cases.duplicate_window_days', 7);
  const p = params([c.id, c.category_id, c.community_id, days, c.created_at]);
  const samePlace = c.house_id ? `c.house_id = ${p.add(c.house_id)}`
    : c.building_id ? `c.building_id = ${p.add(c.building_id)}`
    : c.address ? `c.address = ${p.add(c.address)}`
    : c.grid_id ? `c.grid_id = ${p.add(c.grid_id)}` : 'false';
  const rows = await ctx.db.query<CaseRow>(
    `${CASE_SELECT} WHERE c.id <> $1 AND c.category_id = $2 AND c.community_id = $3 AND (${samePlace})
       AND c.created_at BETWEEN $5::timestamptz - make_interval(days => $4) AND $5::timestamptz + make_interval(days => $4)
       AND c.status NOT IN ('merged', 'archived') AND ${caseVisibilitySql(actor, p)}
     ORDER BY c.created_at DESC LIMIT 10`, p.values);
  return rows.map(toCaseItem);
}

// Exact totals up to this many; beyond it the list says "1000+" (counting further costs more than it tells).
const LIST_COUNT_CAP = 1_000;

export async function listCases(ctx: Ctx, actor: Actor, f: CaseListQuery) {
  const p = params();
  const vis = await caseListVisibilitySql(ctx.db, actor, p);
  const where = [vis.region];
  // A single value as "=", so an index on (…, status, created_at) can return rows already in date order.
  const oneOrAny = (col: string, vals: string[], type: string) => (vals.length === 1 ? `${col} = ${p.add(vals[0])}` : `${col} = ANY(${p.add(vals)}::${type}[])`);
  if (f.status) where.push(oneOrAny('c.status', f.status.split(','), 'text'));
  if (f.open === 'true') where.push(`c.status NOT IN ('closed', 'archived', 'merged')`);
  if (f.open === 'false') where.push(`c.status IN ('closed', 'archived', 'merged')`);
  if (f.categoryId) {
    // Resolved to ids first: the planner estimates a literal list well, and a sub-select badly, at a million rows.
    const ids = (await ctx.db.query<{ id: string }>('SELECT id FROM case_categories WHERE id = $1 OR parent_id = $1', [f.categoryId])).map((r) => r.id);
    where.push(oneOrAny('c.category_id', ids.length ? ids : [f.categoryId], 'uuid'));
  }
  if (f.source) where.push(`c.source = ${p.add(f.source)}`);
  if (f.requestType) where.push(`c.request_type = ${p.add(f.requestType)}`);
  if (f.urgency) where.push(`c.urgency = ${p.add(f.urgency)}`);
  // Due soon / overdue from the running clock itself (indexed, and exact between sweeps), not from sla_state,
  // which no index mentions so that the sweep's updates stay HOT.
  if (f.sla === 'overdue') where.push(`c.due_at IS NOT NULL AND c.due_at <= now()`);
  if (f.sla === 'due_soon') where.push(`c.due_at IS NOT NULL AND c.warn_at <= now() AND c.due_at > now()`);
  if (f.communityId) where.push(`c.community_id = ${p.add(f.communityId)}`);
  if (f.gridId) where.push(`c.grid_id = ${p.add(f.gridId)}`);
  if (f.departmentId) where.push(`c.assignee_department_id = ${p.add(f.departmentId)}`);
  if (f.supervised === 'true') where.push(`c.supervision_level IS NOT NULL`);
  // Dates are local (Asia/Shanghai) days, whatever the database server's time zone.
  if (f.from) where.push(`c.created_at >= (${p.add(f.from)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.to) where.push(`c.created_at < (${p.add(f.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.q) {
    if (/^MQ\d+$/i.test(f.q)) where.push(`c.case_no LIKE ${p.add(likeEscape(f.q.toUpperCase()) + '%')}`);
    else where.push(`c.title LIKE ${p.add('%' + likeEscape(f.q) + '%')}`);
  }
  const base = where.join(' AND ');
  // Counting a million rows on every page turn is the slow part of a list: count up to a cap and say so.
  // A department's count starts from its assignments (a few thousand) rather than from the district's cases.
  const cp = params([...p.values]);
  const cnt = actor.departmentId
    ? await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT DISTINCT ca.case_id FROM case_assignments ca JOIN cases c ON c.id = ca.case_id
       WHERE ca.department_id = ${cp.add(actor.departmentId)} AND ${base} LIMIT ${LIST_COUNT_CAP + 1}) x`, cp.values)
    : await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${base} LIMIT ${LIST_COUNT_CAP + 1}) x`, cp.values);
  const w = vis.department ? `${base} AND ${vis.department(p)}` : base;
  const rows = await ctx.db.query<CaseRow>(
    `${CASE_SELECT} WHERE c.id IN (SELECT c.id FROM cases c WHERE ${w} ORDER BY c.created_at DESC, c.id DESC LIMIT ${p.add(f.pageSize)} OFFSET ${p.add((f.page - 1) * f.pageSize)})
     ORDER BY c.created_at DESC, c.id DESC`, p.values);
  const total = cnt[0].n;
  return { items: rows.map(toCaseItem), total: Math.min(total, LIST_COUNT_CAP), totalExact: total <= LIST_COUNT_CAP, page: f.page, pageSize: f.pageSize };
}

export async function getCaseDetail(ctx: Ctx, actor: Actor, id: string) {
  const c = await loadCase(ctx.db, actor, id);
  const [events, persons, exts] = await Promise.all([
    ctx.db.query<{ id: number; action: string; from_status: string | null; to_status: string | null; actor_label: string; note: string | null; attachments: string[]; detail: Record<string, unknown>; at: Date }>(
      'SELECT * FROM case_events WHERE case_id = $1 ORDER BY at, id', [id]),
    ctx.db.query<{ person_id: string; name: string; role: string }>('SELECT cp.person_id, p.name, cp.role FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = $1 ORDER BY p.name', [id]),
    ctx.db.query<{ id: string; days: number; reason: string; status: string; requested_at: Date; decision_note: string | null }>('SELECT * FROM case_extensions WHERE case_id = $1 ORDER BY requested_at', [id]),
  ]);
  return {
    ...toCaseItem(c),
    description: c.description, buildingId: c.building_id, houseId: c.house_id, anonymous: c.anonymous,
    reporter: c.anonymous ? null : { name: c.reporter_name, phoneMasked: c.reporter_phone_last4 ? `*******${c.reporter_phone_last4}` : null, personId: c.reporter_person_id },
    persons: persons.map((x) => ({ personId: x.person_id, name: x.name, role: x.role })),
    assigneeRegionId: c.assignee_region_id === null ? null : Number(c.assignee_region_id), assigneeDepartmentId: c.assignee_department_id,
    handleDueAt: iso(c.handle_due_at), warnAt: iso(c.warn_at), stage: c.stage, replyText: c.reply_text, repliedAt: iso(c.replied_at), resolved: c.resolved,
    urgeCount: c.urge_count, mergedIntoId: c.merged_into_id, version: c.version,
    extensions: exts.map((e) => ({ id: e.id, days: e.days, reason: e.reason, status: e.status, requestedAt: iso(e.requested_at)!, decisionNote: e.decision_note })),
    timeline: events.map((e) => ({ id: Number(e.id), action: e.action, actionName: ACTION_ZH[e.action] ?? e.action, fromStatus: e.from_status, toStatus: e.to_status,
      actorLabel: e.actor_label, note: e.note, attachments: e.attachments ?? [], detail: e.detail ?? {}, at: iso(e.at)! })),
    allowedActions: allowedActions(actor, c, exts.some((e) => e.status === 'pending')),
  };
}

// Notes a resident may read: their own words, the reply, a refusal or merge reason. Staff notes stay internal.
const RESIDENT_NOTES = new Set(['reject', 'reply', 'rate', 'merge']);

export async function getMyCase(ctx: Ctx, actor: Actor, id: string) {
  const c = await loadOwnCase(ctx.db, actor, id);
  const events = await ctx.db.query<{ action: string; note: string | null; attachments: string[]; at: Date }>('SELECT action, note, attachments, at FROM case_events WHERE case_id = $1 AND public ORDER BY at, id', [id]);
  return {
    id: c.id, caseNo: c.case_no, title: c.title, description: c.description, status: c.status, statusName: STATUS_ZH[c.status], categoryName: c.category_name,
    address: c.address, anonymous: c.anonymous, createdAt: iso(c.created_at)!, replyText: c.reply_text, repliedAt: iso(c.replied_at), rating: c.rating,
    canRate: c.status === 'replied', photos: events.find((e) => e.action === 'report')?.attachments ?? [],
    timeline: events.map((e) => ({ action: e.action, actionName: ACTION_ZH[e.action] ?? e.action, note: RESIDENT_NOTES.has(e.action) ? e.note : null, at: iso(e.at)! })),
  };
}

export async function listMyCases(ctx: Ctx, actor: Actor, page: number, pageSize: number) {
  const total = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE reporter_user_id = $1', [actor.userId]);
  const rows = await ctx.db.query<CaseRow>(`${CASE_SELECT} WHERE c.reporter_user_id = $1 ORDER BY c.created_at DESC LIMIT $2 OFFSET $3`, [actor.userId, pageSize, (page - 1) * pageSize]);
  return { items: rows.map(toCaseItem), total: total[0].n, page, pageSize };
}

export async function assertCaseExists(ctx: Ctx, actor: Actor, id: string) {
  const c = await loadCase(ctx.db, actor, id).catch(() => null);
  if (!c) throw notFound('工单', 'Case');
  return c;
}
