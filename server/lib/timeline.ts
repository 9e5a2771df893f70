// A person's timeline is a union of SQL fragments that modules register: population adds events and changes,
// later modules add cases, visits, applications and certificates without touching the population module.
// Each fragment selects exactly these columns, for one person given as a parameter:
//   at timestamptz, source text, kind text, title text, detail text, ref_type text, ref_id text
// A fragment may name the permission needed to see its rows; fragments the actor may not see are left out.
import type { Queryable } from '../db/client.ts';
import type { Actor } from './context.ts';
import { can } from './context.ts';
import type { Params } from './sql.ts';

export type TimelineSource = {
  key: string;
  permission?: string;
  /** Returns a SELECT producing the columns above; add values with p.add(). personRef is the parameter for the person id. */
  sql(p: Params, personRef: string, actor: Actor): string;
};

export type TimelineEntry = { at: string; source: string; kind: string; title: string; detail: string | null; refType: string | null; refId: string | null };

const sources = new Map<string, TimelineSource>();

export function registerTimelineSource(source: TimelineSource): void {
  sources.set(source.key, source);
}

export function timelineSources(): string[] {
  return [...sources.keys()];
}

export async function personTimeline(q: Queryable, actor: Actor, personId: string, p: Params, limit = 100): Promise<TimelineEntry[]> {
  const personRef = p.add(personId);
  const parts = [...sources.values()].filter((s) => !s.permission || can(actor, s.permission)).map((s) => `(${s.sql(p, personRef, actor)})`);
  if (!parts.length) return [];
  const rows = await q.query<{ at: Date; source: string; kind: string; title: string; detail: string | null; ref_type: string | null; ref_id: string | null }>(
    `SELECT * FROM (${parts.join(' UNION ALL ')}) t ORDER BY at DESC LIMIT ${p.add(limit)}`,
    p.values,
  );
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), source: r.source, kind: r.kind, title: r.title, detail: r.detail, refType: r.ref_type, refId: r.ref_id }));
}
