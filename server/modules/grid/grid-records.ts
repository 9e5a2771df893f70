// Household visits (入户走访, 分片包户) and dispute mediation (矛盾纠纷排查调处) records of grid work.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { audit } from '../../lib/audit.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { params } from '../../lib/sql.ts';
import { assertRegionInScope, assertRowInScope, scopeSql } from '../../lib/scope.ts';
import { assertFiles } from '../cases/case-files.ts';
import { getCaseDetail, insertCase, resolvePlace } from '../cases/cases.service.ts';
import { communityPathPrefix } from '../cases/case-access.ts';
import { findingsOf, insertFindings, type FindingInput } from './grid.service.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const fieldErr = (path: string, zh: string, en: string) => invalid(zh, en, [{ path, messages: { 'zh-CN': zh, 'en-US': en } }]);

type VisitRow = { id: string; household_id: string; household_no: string | null; address: string | null; community_id: number; grid_id: number | null; worker_name: string; visit_type: string; persons_met: string[]; notes: string | null; visited_at: Date; next_visit_date: string | null };
const VISIT_SELECT = `SELECT v.*, h.household_no, h.registered_address AS address, u.display_name AS worker_name FROM grid_visits v JOIN households h ON h.id = v.household_id JOIN users u ON u.id = v.worker_id`;

async function visitOut(q: Queryable, rows: VisitRow[]) {
  const f = await findingsOf(q, 'visit', rows.map((r) => r.id));
  const ids = [...new Set(rows.flatMap((r) => r.persons_met ?? []))];
  const names = ids.length ? await q.query<{ id: string; name: string }>('SELECT id, name FROM persons WHERE id = ANY($1::uuid[])', [ids]) : [];
  const byId = new Map(names.map((n) => [n.id, n.name]));
  return rows.map((r) => ({ id: r.id, householdId: r.household_id, householdNo: r.household_no, address: r.address, communityId: Number(r.community_id), gridId: r.grid_id === null ? null : Number(r.grid_id),
    workerName: r.worker_name, visitType: r.visit_type as never, personsMet: (r.persons_met ?? []).map((id) => ({ id, name: byId.get(id) ?? '' })), notes: r.notes,
    visitedAt: iso(r.visited_at)!, nextVisitDate: r.next_visit_date, findings: f.get(r.id) ?? [] }));
}

export async function createVisit(ctx: Ctx, actor: Actor, input: { householdId: string; visitType: string; personsMet: string[]; notes?: string; visitedAt?: string; nextVisitDate?: string; findings: FindingInput[] }) {
  return ctx.db.tx(async (q) => {
    const h = await q.query<{ community_id: number; grid_id: number | null }>('SELECT community_id, grid_id FROM households WHERE id = $1', [input.householdId]);
    if (!h[0]) throw fieldErr('householdId', '户不存在', 'Unknown household');
    await assertRowInScope(q, actor, h[0]).catch(() => { throw fieldErr('householdId', '户不存在或不在您的网格', 'Household not found in your area'); });
    const met = [...new Set(input.personsMet)];
    if (met.length) {
      const ok = await q.query('SELECT 1 FROM persons WHERE id = ANY($1::uuid[]) AND community_id = $2', [met, h[0].community_id]);
      if (ok.length !== met.length) throw fieldErr('personsMet', '见到的人员须为本社区登记人员', 'Persons met must be registered in this community');
    }
    if (input.nextVisitDate && input.visitedAt && input.nextVisitDate < input.visitedAt.slice(0, 10)) throw fieldErr('nextVisitDate', '下次走访日期不能早于本次', 'The next visit cannot be before this one');
    const rows = await q.query<{ id: string }>(
      'INSERT INTO grid_visits (community_id, grid_id, household_id, worker_id, visit_type, persons_met, notes, visited_at, next_visit_date) VALUES ($1,$2,$3,$4,$5,$6,$7,coalesce($8::timestamptz, now()),$9) RETURNING id',
      [h[0].community_id, h[0].grid_id, input.householdId, actor.userId, input.visitType, met, input.notes ?? null, input.visitedAt ?? null, input.nextVisitDate ?? null]);
    await insertFindings(q, actor, { type: 'visit', id: rows[0].id, communityId: Number(h[0].community_id), gridId: h[0].grid_id === null ? null : Number(h[0].grid_id) }, input.findings);
    await audit(q, actor, { action: 'grid.visit.create', entityType: 'grid_visit', entityId: rows[0].id, regionId: Number(h[0].community_id), detail: { visitType: input.visitType, findings: input.findings.length } });
    return (await visitOut(q, await q.query<VisitRow>(`${VISIT_SELECT} WHERE v.id = $1`, [rows[0].id])))[0];
  });
}

export async function getVisit(ctx: Ctx, actor: Actor, id: string) {
  const rows = await ctx.db.query<VisitRow>(`${VISIT_SELECT} WHERE v.id = $1`, [id]);
  if (!rows[0]) throw notFound('走访记录', 'Visit');
  await assertRowInScope(ctx.db, actor, rows[0]);
  return (await visitOut(ctx.db, rows))[0];
}

export async function listVisits(ctx: Ctx, actor: Actor, f: { page: number; pageSize: number; gridId?: number; from?: string; to?: string; householdId?: string }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'v.community_id', grid: 'v.grid_id' })];
  if (f.gridId) where.push(`v.grid_id = ${p.add(f.gridId)}`);
  if (f.householdId) where.push(`v.household_id = ${p.add(f.householdId)}`);
  if (f.from) where.push(`v.visited_at >= (${p.add(f.from)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.to) where.push(`v.visited_at < (${p.add(f.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM grid_visits v WHERE ${where.join(' AND ')}`, p.values);
  const rows = await ctx.db.query<VisitRow>(`${VISIT_SELECT} WHERE ${where.join(' AND ')} ORDER BY v.visited_at DESC LIMIT ${p.add(f.pageSize)} OFFSET ${p.add((f.page - 1) * f.pageSize)}`, p.values);
  return { items: await visitOut(ctx.db, rows), total: total[0].n, page: f.page, pageSize: f.pageSize };
}

type MediationRow = { id: string; community_id: number; grid_id: number | null; worker_name: string; dispute_type: string; parties: { personId: string | null; name: string; role: string }[]; description: string; steps: { at: string; note: string; by: string }[]; status: string; result: string | null; agreement: string | null; attachments: string[]; case_id: string | null; opened_at: Date; closed_at: Date | null };
const MEDIATION_SELECT = `SELECT m.*, u.display_name AS worker_name FROM grid_mediations m JOIN users u ON u.id = m.worker_id`;
const toMediation = (m: MediationRow) => ({ id: m.id, communityId: Number(m.community_id), gridId: m.grid_id === null ? null : Number(m.grid_id), workerName: m.worker_name, disputeType: m.dispute_type as never,
  parties: m.parties, description: m.description, steps: m.steps, status: m.status, result: m.result, agreement: m.agreement, attachments: m.attachments ?? [], caseId: m.case_id,
  openedAt: iso(m.opened_at)!, closedAt: iso(m.closed_at) });

async function loadMediation(q: Queryable, actor: Actor, id: string, lock = false) {
  const rows = await q.query<MediationRow>(`${MEDIATION_SELECT} WHERE m.id = $1 ${lock ? 'FOR UPDATE OF m' : ''}`, [id]);
  if (!rows[0]) throw notFound('纠纷调解记录', 'Mediation');
  await assertRowInScope(q, actor, rows[0]);
  return rows[0];
}

export async function createMediation(ctx: Ctx, actor: Actor, input: { gridId?: number; communityId?: number; disputeType: string; parties: { personId?: string; name?: string; role: string }[]; description: string }) {
  return ctx.db.tx(async (q) => {
    const place = await resolvePlace(q, actor, { gridId: input.gridId, communityId: input.communityId });
    if (place.gridId) await assertRegionInScope(q, actor, place.gridId);
    const ids = input.parties.map((x) => x.personId).filter((x): x is string => !!x);
    const persons = ids.length ? await q.query<{ id: string; name: string }>('SELECT id, name FROM persons WHERE id = ANY($1::uuid[]) AND community_id IN (SELECT id FROM regions WHERE path LIKE $2)', [ids, communityPathPrefix(actor) + '%']) : [];
    if (persons.length !== new Set(ids).size) throw fieldErr('parties', '当事人不存在或不在本辖区', 'A party is unknown or outside your area');
    const byId = new Map(persons.map((x) => [x.id, x.name]));
    const parties = input.parties.map((x) => ({ personId: x.personId ?? null, name: x.personId ? byId.get(x.personId)! : x.name!, role: x.role }));
    const rows = await q.query<{ id: string }>('INSERT INTO grid_mediations (community_id, grid_id, worker_id, dispute_type, parties, description) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id',
      [place.communityId, place.gridId, actor.userId, input.disputeType, JSON.stringify(parties), input.description]);
    await audit(q, actor, { action: 'grid.mediation.create', entityType: 'grid_mediation', entityId: rows[0].id, regionId: place.communityId, detail: { disputeType: input.disputeType, parties: parties.length } });
    return toMediation((await q.query<MediationRow>(`${MEDIATION_SELECT} WHERE m.id = $1`, [rows[0].id]))[0]);
  });
}

export async function addMediationStep(ctx: Ctx, actor: Actor, id: string, note: string) {
  return ctx.db.tx(async (q) => {
    const m = await loadMediation(q, actor, id, true);
    if (m.status !== 'open') throw conflict('调解已结束，不能再添加过程记录', 'The mediation is closed');
    const step = { at: new Date().toISOString(), note, by: actor.label };
    await q.query('UPDATE grid_mediations SET steps = steps || $2::jsonb WHERE id = $1', [id, JSON.stringify([step])]);
    await audit(q, actor, { action: 'grid.mediation.step', entityType: 'grid_mediation', entityId: id, regionId: Number(m.community_id) });
    return toMediation(await loadMediation(q, actor, id));
  });
}

export async function closeMediation(ctx: Ctx, actor: Actor, id: string, input: { status: string; result: string; agreement?: string; attachments: string[] }) {
  return ctx.db.tx(async (q) => {
    const m = await loadMediation(q, actor, id, true);
    if (m.status !== 'open') throw conflict('调解已结束', 'The mediation is already closed');
    if (input.status === 'resolved' && !input.agreement) throw fieldErr('agreement', '调解成功请填写调解协议内容', 'A resolved mediation needs the agreement');
    const files = await assertFiles(q, actor, input.attachments);
    await q.query('UPDATE grid_mediations SET status = $2, result = $3, agreement = $4, attachments = $5, closed_at = now() WHERE id = $1', [id, input.status, input.result, input.agreement ?? null, files]);
    await audit(q, actor, { action: 'grid.mediation.close', entityType: 'grid_mediation', entityId: id, regionId: Number(m.community_id), detail: { status: input.status } });
    return toMediation(await loadMediation(q, actor, id));
  });
}

export async function getMediation(ctx: Ctx, actor: Actor, id: string) {
  return toMediation(await loadMediation(ctx.db, actor, id));
}

export async function listMediations(ctx: Ctx, actor: Actor, f: { page: number; pageSize: number; gridId?: number; from?: string; to?: string }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'm.community_id', grid: 'm.grid_id' })];
  if (f.gridId) where.push(`m.grid_id = ${p.add(f.gridId)}`);
  if (f.from) where.push(`m.opened_at >= (${p.add(f.from)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.to) where.push(`m.opened_at < (${p.add(f.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM grid_mediations m WHERE ${where.join(' AND ')}`, p.values);
  const rows = await ctx.db.query<MediationRow>(`${MEDIATION_SELECT} WHERE ${where.join(' AND ')} ORDER BY m.opened_at DESC LIMIT ${p.add(f.pageSize)} OFFSET ${p.add((f.page - 1) * f.pageSize)}`, p.values);
  return { items: rows.map(toMediation), total: total[0].n, page: f.page, pageSize: f.pageSize };
}

/** A dispute that mediation could not settle (or that needs a department) becomes a case in one step. */
export async function mediationToCase(ctx: Ctx, actor: Actor, id: string, input: { categoryId: string; requestType: string; urgency?: 'normal' | 'urgent' | 'critical'; title?: string }) {
  const caseId = await ctx.db.tx(async (q) => {
    const m = await loadMediation(q, actor, id, true);
    if (m.case_id) throw conflict('该纠纷已转为工单', 'This dispute is already a case');
    const cid = await insertCase(ctx, q, actor, {
      source: 'visit', requestType: input.requestType, categoryId: input.categoryId, urgency: input.urgency, title: input.title,
      description: `${m.description}${m.result ? `\n调解情况：${m.result}` : ''}`,
      place: { communityId: Number(m.community_id), gridId: m.grid_id === null ? null : Number(m.grid_id), buildingId: null, houseId: null, address: null },
      anonymous: false, reporterUserId: null, reporterPersonId: null, reporterName: null, reporterPhone: null,
      personIds: m.parties.map((x) => x.personId).filter((x): x is string => !!x), photos: [], accept: false,
    });
    await q.query('UPDATE grid_mediations SET case_id = $2 WHERE id = $1', [id, cid]);
    return cid;
  });
  return getCaseDetail(ctx, actor, caseId);
}
