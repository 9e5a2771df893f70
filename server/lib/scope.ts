// Scope is enforced in the data-access layer: every query on scoped rows adds scopeSql(), and every
// single-record read or write checks the record's region with assertRegionInScope().
import type { Queryable } from '../db/client.ts';
import type { Actor } from './context.ts';
import type { Params } from './sql.ts';
import { notFound } from './errors.ts';

/**
 * SQL condition limiting rows to the actor's subtree.
 * A grid-level actor (grid worker) is limited by the grid column; everyone else by the community column.
 * Tables without a grid column are limited to the grid's community for grid-level actors.
 */
export function scopeSql(actor: Actor, p: Params, cols: { community: string; grid?: string }): string {
  if (actor.scopeLevel === 'grid') {
    if (cols.grid) return `${cols.grid} IN (SELECT id FROM regions WHERE path LIKE ${p.add(actor.scopePath + '%')})`;
    const communityPath = actor.scopePath.split('/').slice(0, -2).join('/') + '/';
    return `${cols.community} IN (SELECT id FROM regions WHERE path = ${p.add(communityPath)})`;
  }
  return `${cols.community} IN (SELECT id FROM regions WHERE path LIKE ${p.add(actor.scopePath + '%')})`;
}

/** Region subtree condition for the regions table itself. */
export function regionScopeSql(actor: Actor, p: Params, pathCol = 'r.path'): string {
  return `${pathCol} LIKE ${p.add(actor.scopePath + '%')}`;
}

export function pathInScope(actor: Actor, path: string): boolean {
  return path.startsWith(actor.scopePath);
}

/** Throws NOT_FOUND (not FORBIDDEN: existence is not disclosed) when the region is outside the actor's scope. */
export async function assertRegionInScope(q: Queryable, actor: Actor, regionId: number | string | null): Promise<void> {
  if (regionId === null) throw notFound();
  const rows = await q.query<{ path: string }>('SELECT path FROM regions WHERE id = $1', [regionId]);
  if (!rows[0] || !pathInScope(actor, rows[0].path)) throw notFound();
}

/** For a row with community and grid: grid workers must match the grid; others the community. */
export async function assertRowInScope(q: Queryable, actor: Actor, row: { community_id: number; grid_id?: number | null }): Promise<void> {
  if (actor.scopeLevel === 'grid' && row.grid_id !== undefined) {
    return assertRegionInScope(q, actor, row.grid_id ?? null);
  }
  if (actor.scopeLevel === 'grid') {
    const rows = await q.query<{ path: string }>('SELECT path FROM regions WHERE id = $1', [row.community_id]);
    if (!rows[0] || !actor.scopePath.startsWith(rows[0].path)) throw notFound();
    return;
  }
  return assertRegionInScope(q, actor, row.community_id);
}
