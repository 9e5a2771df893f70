// Gapless numbers per (kind, community, year): certificates, applications. The counter row is locked
// FOR UPDATE inside the caller's transaction, so concurrent issues queue on it and a rollback returns the
// number; no sequence (sequences leave gaps on rollback) and no max()+1 (duplicates under concurrency).
// Call it before audit() in the same transaction, so every writer takes the two locks in the same order.
import type { Queryable } from '../db/client.ts';

export async function nextNumber(q: Queryable, kind: string, communityId: number, year: number): Promise<number> {
  await q.query('INSERT INTO doc_counters (kind, community_id, year) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [kind, communityId, year]);
  const rows = await q.query<{ last: number }>('SELECT last FROM doc_counters WHERE kind = $1 AND community_id = $2 AND year = $3 FOR UPDATE', [kind, communityId, year]);
  const next = Number(rows[0].last) + 1;
  await q.query('UPDATE doc_counters SET last = $4 WHERE kind = $1 AND community_id = $2 AND year = $3', [kind, communityId, year, next]);
  return next;
}

