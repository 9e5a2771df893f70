// Fixed-window counters in PostgreSQL, so the limit holds across several server processes.
import type { Queryable } from '../db/client.ts';

/** Counts one hit; returns true while the key is within `limit` hits per `windowSeconds`. */
export async function hit(q: Queryable, key: string, limit: number, windowSeconds: number): Promise<boolean> {
  const rows = await q.query<{ count: number }>(
    `INSERT INTO rate_counters (key, window_start, count)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
     RETURNING count`,
    [key, windowSeconds],
  );
  return rows[0].count <= limit;
}

export async function pruneRateCounters(q: Queryable): Promise<void> {
  await q.query(`DELETE FROM rate_counters WHERE window_start < now() - interval '1 day'`);
}
