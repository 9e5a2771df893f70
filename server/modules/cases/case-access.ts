// Who may see and act on a case. Visibility is one SQL condition used by lists and single reads alike:
// the actor's region scope (community, street, grid worker's grid) and, for department staff, only cases
// that were dispatched to their department. Out-of-scope cases answer NOT_FOUND.
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import { params, type Params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import { STATUS_ZH, type CaseStatus, type Rating, type Urgency } from '../../../contracts/cases.ts';

export type CaseRow = {
  id: string; case_no: string; source: string; request_type: string; category_id: string; urgency: Urgency; title: string; description: string;
  community_id: number; grid_id: number | null; building_id: string | null; house_id: string | null; address: string | null;
  anonymous: boolean; reporter_user_id: string | null; reporter_person_id: string | null; reporter_name: string | null; reporter_phone_last4: string | null;
  status: CaseStatus; paused_from: CaseStatus | null; assignee_type: 'community' | 'street' | 'department' | null; assignee_region_id: number | null; assignee_department_id: string | null;
  stage: string | null; stage_started_at: Date | null; warn_at: Date | null; due_at: Date | null; sla_state: 'normal' | 'due_soon' | 'overdue';
  paused_remaining_min: number | null; paused_total_min: number; handle_due_at: Date | null; supervision_level: string | null; urge_count: number;
  accepted_at: Date | null; dispatched_at: Date | null; signed_at: Date | null; responded_on_time: boolean | null; handled_on_time: boolean | null; handled_at: Date | null; replied_at: Date | null; reply_text: string | null;
  rating: Rating | null; resolved: boolean | null; reopen_count: number; extension_count: number; closed_at: Date | null; merged_into_id: string | null;
  version: number; created_at: Date;
  // joined
  category_name: string; community_name: string; community_path: string; assignee_name: string | null; assignee_path: string | null;
};

export const CASE_SELECT = `
  SELECT c.*, cat.name AS category_name, cr.name AS community_name, cr.path AS community_path,
         coalesce(ad.name, ar.name) AS assignee_name, ar.path AS assignee_path
  FROM cases c
  JOIN case_categories cat ON cat.id = c.category_id
  JOIN regions cr ON cr.id = c.community_id
  LEFT JOIN regions ar ON ar.id = c.assignee_region_id
  LEFT JOIN departments ad ON ad.id = c.assignee_department_id`;

export function caseVisibilitySql(actor: Actor, p: Params, alias = 'c'): string {
  const parts = [scopeSql(actor, p, { community: `${alias}.community_id`, grid: `${alias}.grid_id` })];
  if (actor.departmentId) {
    const d = p.add(actor.departmentId);
    // Every dispatch writes an assignment row, so this covers the current owner and earlier ones alike, as an
    // indexed set of case ids (an OR with the current-owner column would defeat the indexes at a million cases).
    parts.push(`${alias}.id IN (SELECT ca.case_id FROM case_assignments ca WHERE ca.department_id = ${d})`);
  }
  return parts.join(' AND ');
}

/**
 * The same visibility for lists, with the actor's communities (or grids) resolved to ids first: at a million cases
 * the planner then knows how much of the table the scope covers (all of it for the district, 1/151 for a community)
 * instead of guessing from a sub-select, which made it loop over every region of the district.
 */
export async function caseListVisibilitySql(q: Queryable, actor: Actor, p: Params, alias = 'c'): Promise<{ region: string; department: ((p: Params) => string) | null }> {
  const level = actor.scopeLevel === 'grid' ? 'grid' : 'community';
  const ids = (await q.query<{ id: number }>(`SELECT id FROM regions WHERE level = $1 AND path LIKE $2`, [level, actor.scopePath + '%'])).map((r) => Number(r.id));
  return {
    region: `${alias}.${level}_id = ANY(${p.add(ids)}::bigint[])`,
    department: actor.departmentId ? (pp: Params) => `${alias}.id IN (SELECT ca.case_id FROM case_assignments ca WHERE ca.department_id = ${pp.add(actor.departmentId)})` : null,
  };
}

export async function loadCase(q: Queryable, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow> {
  const p = params([id]);
  const rows = await q.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1 AND ${caseVisibilitySql(actor, p)} ${opts.forUpdate ? 'FOR UPDATE OF c' : ''}`, p.values);
  if (!rows[0]) throw notFound('工单', 'Case');
  return rows[0];
}

/** The resident's own case (they reported it), whatever its place. */
export async function loadOwnCase(q: Queryable, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow> {
  const rows = await q.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1 AND c.reporter_user_id = $2 ${opts.forUpdate ? 'FOR UPDATE OF c' : ''}`, [id, actor.userId]);
  if (!rows[0]) throw notFound('工单', 'Case');
  return rows[0];
}

/** The current owner acts on it: the department's staff, or the staff of the community / street it was given to. */
export function isAssignee(actor: Actor, c: CaseRow): boolean {
  if (!c.assignee_type) return false;
  if (c.assignee_type === 'department') return !!actor.departmentId && actor.departmentId === c.assignee_department_id;
  if (actor.departmentId || !c.assignee_path) return false;
  if (c.assignee_path.startsWith(actor.scopePath)) return true; // the owner's own staff or a level above
  return c.assignee_type === 'community' && actor.scopePath.startsWith(c.assignee_path); // a grid worker of that community
}

/** Persons and places a grid worker may link are those of their community (people move between grids). */
export function communityPathPrefix(actor: Actor): string {
  return actor.scopeLevel === 'grid' ? actor.scopePath.split('/').slice(0, -2).join('/') + '/' : actor.scopePath;
}

/** Dispatchers are region staff (not department staff) whose scope covers the case. */
export function isDispatcher(actor: Actor): boolean {
  return !actor.departmentId && actor.scopeLevel !== 'grid';
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The SLA state right now from the running clock (the sweep's marks may be up to one interval behind). */
export function liveSla(c: CaseRow, now = new Date()): CaseRow['sla_state'] {
  if (!c.due_at) return c.sla_state;
  if (now >= new Date(c.due_at)) return 'overdue';
  if (c.warn_at && now >= new Date(c.warn_at)) return 'due_soon';
  return c.sla_state === 'overdue' ? 'overdue' : 'normal';
}

export function toCaseItem(c: CaseRow) {
  return {
    id: c.id, caseNo: c.case_no, title: c.title, source: c.source as never, requestType: c.request_type as never, urgency: c.urgency,
    status: c.status, statusName: STATUS_ZH[c.status], categoryId: c.category_id, categoryName: c.category_name,
    communityId: Number(c.community_id), communityName: c.community_name, gridId: c.grid_id === null ? null : Number(c.grid_id),
    address: c.address, assigneeType: c.assignee_type, assigneeName: c.assignee_name, slaState: liveSla(c), dueAt: iso(c.due_at),
    supervisionLevel: c.supervision_level, rating: c.rating, reopenCount: c.reopen_count, createdAt: iso(c.created_at)!,
  };
}

export { iso };
