// Sensitive tags (community corrections, severe mental disorder, …) name the permission that reveals them:
// without it, a user cannot even see that a person carries the tag.
import type { Actor } from './context.ts';
import type { Params } from './sql.ts';

/** SQL condition on a tag_types alias: true for tags the actor may see. */
export function visibleTagSql(actor: Actor, p: Params, alias = 't'): string {
  if (actor.permissions.has('*')) return 'true';
  const perms = [...actor.permissions].filter((x) => x.startsWith('tag.sensitive.'));
  return `(NOT ${alias}.sensitive OR ${alias}.permission = ANY(${p.add(perms)}))`;
}
