// Who hears about a case: the owner's staff (a department's or a region's accounts) and the resident who reported it.
// Messages go through ctx.sender, which is pluggable (log + dev inbox by default, an SMS gateway in production).
import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';

type Owner = { assignee_type: string | null; assignee_region_id: number | null; assignee_department_id: string | null; community_id: number };

// Staff accounts only: a resident's account is scoped to a community too, but must not get staff notices.
const STAFF = `NOT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.code = 'resident') AND u.disabled_at IS NULL`;

export async function notifyOwners(ctx: Ctx, q: Queryable, owner: Owner, subject: string, body: string): Promise<number> {
  const users = owner.assignee_type === 'department' && owner.assignee_department_id
    ? await q.query<{ id: string; username: string }>(`SELECT u.id, u.username FROM users u WHERE u.department_id = $1 AND ${STAFF} ORDER BY u.username LIMIT 20`, [owner.assignee_department_id])
    : await q.query<{ id: string; username: string }>(`SELECT u.id, u.username FROM users u WHERE u.scope_region_id = $1 AND u.department_id IS NULL AND ${STAFF} ORDER BY u.username LIMIT 20`, [owner.assignee_region_id ?? owner.community_id]);
  for (const u of users) {
    await ctx.sender.send(q, { channel: 'inbox', recipient: u.username, userId: u.id, subject, body, regionId: owner.assignee_region_id ?? owner.community_id });
  }
  return users.length;
}

/** Staff of many owners in one query (the SLA sweep notifies hundreds of owners at once). Keys: d:<dept id>, r:<region id>. */
export async function staffOfOwners(q: Queryable, deptIds: string[], regionIds: number[]): Promise<Map<string, { id: string; username: string }[]>> {
  const rows = await q.query<{ id: string; username: string; department_id: string | null; scope_region_id: number }>(
    `SELECT u.id, u.username, u.department_id, u.scope_region_id FROM users u
     WHERE (u.department_id = ANY($1::uuid[]) OR (u.department_id IS NULL AND u.scope_region_id = ANY($2::bigint[]))) AND ${STAFF}
     ORDER BY u.username`, [deptIds, regionIds]);
  const m = new Map<string, { id: string; username: string }[]>();
  for (const r of rows) {
    const k = r.department_id ? `d:${r.department_id}` : `r:${Number(r.scope_region_id)}`;
    const list = m.get(k) ?? [];
    if (list.length < 20) m.set(k, [...list, { id: r.id, username: r.username }]);
  }
  return m;
}

export async function notifyRegionStaff(ctx: Ctx, q: Queryable, regionId: number, subject: string, body: string): Promise<number> {
  return notifyOwners(ctx, q, { assignee_type: 'community', assignee_region_id: regionId, assignee_department_id: null, community_id: regionId }, subject, body);
}

export async function notifyReporter(ctx: Ctx, q: Queryable, c: { reporter_user_id: string | null; community_id: number }, subject: string, body: string): Promise<number> {
  if (!c.reporter_user_id) return 0;
  const u = await q.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [c.reporter_user_id]);
  if (!u[0]) return 0;
  await ctx.sender.send(q, { channel: 'inbox', recipient: u[0].username, userId: c.reporter_user_id, subject, body, regionId: c.community_id });
  return 1;
}
