// Grid work: grid workers' load against the norm, patrols (巡查) and their findings; a finding becomes a case in one step.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { audit } from '../../lib/audit.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { params } from '../../lib/sql.ts';
import { assertRegionInScope, assertRowInScope, regionScopeSql, scopeSql } from '../../lib/scope.ts';
import { readSetting } from '../calendar/calendar.service.ts';
import { assertFiles } from '../cases/case-files.ts';
import { insertCase } from '../cases/cases.service.ts';
import { getCaseDetail } from '../cases/cases.service.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function gridWorkload(ctx: Ctx, actor: Actor) {
  const norm = await readSetting<number>(ctx.db, 'grid.households_per_worker', 300);
  const p = params();
  const rows = await ctx.db.query<{ id: number; name: string; community_id: number; community_name: string; households: number; persons: number; open_cases: number; patrols: number; visits: number; workers: { id: string; name: string }[] | null }>(
    `SELECT g.id, g.name, c.id AS community_id, c.name AS community_name,
            (SELECT count(*)::int FROM households h WHERE h.grid_id = g.id) AS households,
            (SELECT count(*)::int FROM persons x WHERE x.grid_id = g.id AND x.status = 'living') AS persons,
            (SELECT count(*)::int FROM cases k WHERE k.grid_id = g.id AND k.status NOT IN ('closed', 'archived', 'merged')) AS open_cases,
            (SELECT count(*)::int FROM grid_patrols gp WHERE gp.grid_id = g.id AND gp.started_at > now() - interval '30 days') AS patrols,
            (SELECT count(*)::int FROM grid_visits gv WHERE gv.grid_id = g.id AND gv.visited_at > now() - interval '30 days') AS visits,
            (SELECT json_agg(json_build_object('id', u.id, 'name', u.display_name) ORDER BY u.display_name) FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
              WHERE r.code = 'grid_worker' AND u.scope_region_id = g.id AND u.disabled_at IS NULL) AS workers
     FROM regions g JOIN regions c ON c.id = g.parent_id
     WHERE g.level = 'grid' AND g.retired_at IS NULL AND ${regionScopeSql(actor, p, 'g.path')}
     ORDER BY c.code, g.code`, p.values);
  return rows.map((r) => {
    const workers = r.workers ?? [];
    const per = workers.length ? Math.round(r.households / workers.length) : null;
    return {
      gridId: Number(r.id), gridName: r.name, communityId: Number(r.community_id), communityName: r.community_name, households: r.households, persons: r.persons,
      workers, householdsPerWorker: per, norm, overNorm: per === null ? r.households > 0 : per > norm,
      openCases: r.open_cases, patrolsLast30Days: r.patrols, visitsLast30Days: r.visits,
    };
  });
}

type FindingRow = { id: string; source_type: 'patrol' | 'visit'; source_id: string; community_id: number; grid_id: number | null; description: string; address: string | null; building_id: string | null; photos: string[]; case_id: string | null; created_at: Date };
export const toFinding = (f: FindingRow) => ({ id: f.id, sourceType: f.source_type, sourceId: f.source_id, description: f.description, address: f.address, buildingId: f.building_id, photos: f.photos ?? [], caseId: f.case_id, createdAt: iso(f.created_at)! });

export type FindingInput = { description: string; address?: string; buildingId?: string; photos: string[] };

export async function insertFindings(q: Queryable, actor: Actor, source: { type: 'patrol' | 'visit'; id: string; communityId: number; gridId: number | null }, items: FindingInput[]) {
  for (const [i, f] of items.entries()) {
    const photos = await assertFiles(q, actor, f.photos);
    if (f.buildingId) {
      const b = await q.query<{ community_id: number }>('SELECT community_id FROM buildings WHERE id = $1', [f.buildingId]);
      if (!b[0] || Number(b[0].community_id) !== Number(source.communityId)) throw invalid('楼栋不在本社区', 'The building is not in this community', [{ path: `findings.${i}.buildingId`, messages: { 'zh-CN': '楼栋不在本社区', 'en-US': 'Building not in this community' } }]);
    }
    await q.query('INSERT INTO grid_findings (source_type, source_id, community_id, grid_id, description, address, building_id, photos, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [source.type, source.id, source.communityId, source.gridId, f.description, f.address ?? null, f.buildingId ?? null, photos, actor.userId]);
  }
}

async function findingsOf(q: Queryable, type: 'patrol' | 'visit', ids: string[]) {
  if (!ids.length) return new Map<string, ReturnType<typeof toFinding>[]>();
  const rows = await q.query<FindingRow>('SELECT * FROM grid_findings WHERE source_type = $1 AND source_id = ANY($2::uuid[]) ORDER BY created_at', [type, ids]);
  const m = new Map<string, ReturnType<typeof toFinding>[]>();
  for (const r of rows) m.set(r.source_id, [...(m.get(r.source_id) ?? []), toFinding(r)]);
  return m;
}
export { findingsOf };

type PatrolRow = { id: string; grid_id: number; grid_name: string; community_id: number; worker_id: string; worker_name: string; kind: string; started_at: Date; ended_at: Date | null; route_notes: string | null };
const PATROL_SELECT = `SELECT gp.*, g.name AS grid_name, u.display_name AS worker_name FROM grid_patrols gp JOIN regions g ON g.id = gp.grid_id JOIN users u ON u.id = gp.worker_id`;

async function patrolOut(q: Queryable, rows: PatrolRow[]) {
  const f = await findingsOf(q, 'patrol', rows.map((r) => r.id));
  return rows.map((r) => ({ id: r.id, gridId: Number(r.grid_id), gridName: r.grid_name, communityId: Number(r.community_id), workerId: r.worker_id, workerName: r.worker_name, kind: r.kind,
    startedAt: iso(r.started_at)!, endedAt: iso(r.ended_at), routeNotes: r.route_notes, findings: f.get(r.id) ?? [] }));
}

export async function startPatrol(ctx: Ctx, actor: Actor, input: { gridId?: number; kind: string }) {
  const gridId = input.gridId ?? (actor.scopeLevel === 'grid' ? actor.scopeRegionId : null);
  if (!gridId) throw invalid('请选择巡查的网格', 'Choose the grid', [{ path: 'gridId', messages: { 'zh-CN': '请选择网格', 'en-US': 'Choose the grid' } }]);
  return ctx.db.tx(async (q) => {
    const g = await q.query<{ parent_id: number; level: string }>('SELECT parent_id, level FROM regions WHERE id = $1', [gridId]);
    if (!g[0] || g[0].level !== 'grid') throw invalid('网格不存在', 'Unknown grid', [{ path: 'gridId', messages: { 'zh-CN': '网格不存在', 'en-US': 'Unknown grid' } }]);
    await assertRegionInScope(q, actor, gridId);
    const open = await q.query(`SELECT 1 FROM grid_patrols WHERE worker_id = $1 AND ended_at IS NULL`, [actor.userId]);
    if (open[0]) throw conflict('您还有一次巡查未结束，请先结束', 'You have a patrol in progress; end it first');
    const rows = await q.query<{ id: string }>('INSERT INTO grid_patrols (community_id, grid_id, worker_id, kind) VALUES ($1,$2,$3,$4) RETURNING id', [g[0].parent_id, gridId, actor.userId, input.kind]);
    await audit(q, actor, { action: 'grid.patrol.start', entityType: 'grid_patrol', entityId: rows[0].id, regionId: gridId });
    return (await patrolOut(q, await q.query<PatrolRow>(`${PATROL_SELECT} WHERE gp.id = $1`, [rows[0].id])))[0];
  });
}

async function loadPatrol(q: Queryable, actor: Actor, id: string, lock = false) {
  const rows = await q.query<PatrolRow>(`${PATROL_SELECT} WHERE gp.id = $1 ${lock ? 'FOR UPDATE OF gp' : ''}`, [id]);
  if (!rows[0]) throw notFound('巡查记录', 'Patrol');
  await assertRowInScope(q, actor, rows[0]);
  return rows[0];
}

export async function endPatrol(ctx: Ctx, actor: Actor, id: string, input: { routeNotes?: string; findings: FindingInput[] }) {
  return ctx.db.tx(async (q) => {
    const p = await loadPatrol(q, actor, id, true);
    if (p.worker_id !== actor.userId) throw new AppError('FORBIDDEN', '只有巡查人本人可以结束巡查', 'Only the patrolling worker can end the patrol');
    if (p.ended_at) throw conflict('该巡查已结束', 'The patrol has already ended');
    await q.query('UPDATE grid_patrols SET ended_at = now(), route_notes = $2 WHERE id = $1', [id, input.routeNotes ?? null]);
    await insertFindings(q, actor, { type: 'patrol', id, communityId: Number(p.community_id), gridId: Number(p.grid_id) }, input.findings);
    await audit(q, actor, { action: 'grid.patrol.end', entityType: 'grid_patrol', entityId: id, regionId: Number(p.grid_id), detail: { findings: input.findings.length } });
    return (await patrolOut(q, await q.query<PatrolRow>(`${PATROL_SELECT} WHERE gp.id = $1`, [id])))[0];
  });
}

export async function getPatrol(ctx: Ctx, actor: Actor, id: string) {
  return (await patrolOut(ctx.db, [await loadPatrol(ctx.db, actor, id)]))[0];
}

export async function listPatrols(ctx: Ctx, actor: Actor, f: { page: number; pageSize: number; gridId?: number; from?: string; to?: string }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'gp.community_id', grid: 'gp.grid_id' })];
  if (f.gridId) where.push(`gp.grid_id = ${p.add(f.gridId)}`);
  if (f.from) where.push(`gp.started_at >= (${p.add(f.from)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.to) where.push(`gp.started_at < (${p.add(f.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM grid_patrols gp WHERE ${where.join(' AND ')}`, p.values);
  const rows = await ctx.db.query<PatrolRow>(`${PATROL_SELECT} WHERE ${where.join(' AND ')} ORDER BY gp.started_at DESC LIMIT ${p.add(f.pageSize)} OFFSET ${p.add((f.page - 1) * f.pageSize)}`, p.values);
  return { items: await patrolOut(ctx.db, rows), total: total[0].n, page: f.page, pageSize: f.pageSize };
}

/** One step from a finding to a case: the place, description and photos are carried over. */
export async function findingToCase(ctx: Ctx, actor: Actor, id: string, input: { categoryId: string; requestType: string; urgency?: 'normal' | 'urgent' | 'critical'; title?: string }) {
  const caseId = await ctx.db.tx(async (q) => {
    const rows = await q.query<FindingRow>('SELECT * FROM grid_findings WHERE id = $1 FOR UPDATE', [id]);
    const f = rows[0];
    if (!f) throw notFound('发现的问题', 'Finding');
    await assertRowInScope(q, actor, f);
    if (f.case_id) throw conflict('该问题已转为工单', 'This finding is already a case');
    const cid = await insertCase(ctx, q, actor, {
      source: f.source_type, requestType: input.requestType, categoryId: input.categoryId, urgency: input.urgency, title: input.title, description: f.description,
      place: { communityId: Number(f.community_id), gridId: f.grid_id === null ? null : Number(f.grid_id), buildingId: f.building_id, houseId: null, address: f.address },
      anonymous: false, reporterUserId: null, reporterPersonId: null, reporterName: null, reporterPhone: null, personIds: [], photos: f.photos ?? [], accept: false,
    });
    await q.query('UPDATE grid_findings SET case_id = $2 WHERE id = $1', [id, cid]);
    return cid;
  });
  return getCaseDetail(ctx, actor, caseId);
}
