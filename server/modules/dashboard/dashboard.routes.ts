import type { TypedApp } from '../../app.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { dashboardSummary } from '../../../contracts/platform.ts';
import { params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import { visibleTagSql } from '../../lib/tags.ts';

/** Real figures for the home page, always within the caller's scope. */
export async function summary(ctx: Ctx, actor: Actor) {
  const scope = actor.scopePath + '%';
  const levels = await ctx.db.query<{ level: string; n: number }>(
    `SELECT level, count(*)::int AS n FROM regions WHERE path LIKE $1 AND retired_at IS NULL GROUP BY level`, [scope]);
  const count = (l: string) => levels.find((x) => x.level === l)?.n ?? 0;
  const users = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users u JOIN regions r ON r.id = u.scope_region_id WHERE r.path LIKE $1`, [scope]);
  const pp = params();
  const personScope = scopeSql(actor, pp, { community: 'p.community_id', grid: 'p.grid_id' });
  const persons = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons p WHERE p.status = 'living' AND ${personScope}`, pp.values);
  const hp = params();
  const households = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM households h WHERE ${scopeSql(actor, hp, { community: 'h.community_id', grid: 'h.grid_id' })}`, hp.values);
  const byCommunity = await ctx.db.query<{ id: number; name: string; street: string; persons: number; households: number; grids: number }>(
    `SELECT c.id, c.name, s.name AS street,
            (SELECT count(*)::int FROM persons p WHERE p.community_id = c.id AND p.status = 'living') AS persons,
            (SELECT count(*)::int FROM households h WHERE h.community_id = c.id) AS households,
            (SELECT count(*)::int FROM regions g WHERE g.parent_id = c.id AND g.retired_at IS NULL) AS grids
     FROM regions c JOIN regions s ON s.id = c.parent_id
     WHERE c.level = 'community' AND c.retired_at IS NULL AND (c.path LIKE $1 OR $2 LIKE c.path || '%') ORDER BY c.code`,
    [scope, actor.scopePath],
  );
  const gp = params();
  const groups = await ctx.db.query<{ code: string; name: string; count: number }>(
    `SELECT t.code, t.name_zh AS name, count(pt.id)::int AS count
     FROM tag_types t LEFT JOIN person_tags pt ON pt.tag_code = t.code AND ${scopeSql(actor, gp, { community: 'pt.community_id' })}
     WHERE t.retired_at IS NULL AND ${visibleTagSql(actor, gp)}
     GROUP BY t.code, t.name_zh, t.sort ORDER BY t.sort`,
    gp.values,
  );
  // A grid worker sees only their own grid's figures, not whole communities.
  const rows = actor.scopeLevel === 'grid' ? [] : byCommunity;
  return {
    regions: { streets: count('street'), communities: count('community'), grids: count('grid') },
    users: users[0].n,
    persons: persons[0].n,
    households: households[0].n,
    byCommunity: rows.map((r) => ({ ...r, id: Number(r.id) })),
    groups,
  };
}

export function dashboardRoutes(app: TypedApp, ctx: Ctx) {
  app.get('/api/dashboard/summary', { config: { perm: 'dashboard.read' }, schema: { tags: ['dashboard'], response: { 200: dashboardSummary } } }, async (req) =>
    summary(ctx, requireActor(req)));
}
