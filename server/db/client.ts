// One small interface over PGlite (embedded) and node-postgres, so every module writes plain SQL once.
import fs from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

export type Row = Record<string, unknown>;
export type Queryable = {
  query<T = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
};
export type Db = Queryable & {
  kind: 'pglite' | 'postgres';
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The PGlite instance, for COPY from a blob; null on PostgreSQL. */
  pglite: PGlite | null;
  /** The node-postgres pool, for COPY streams and dedicated connections; null on PGlite. */
  pool: pg.Pool | null;
};

// Normalise types once, so both drivers return the same JS values:
// int8 and numeric as numbers (counts, sums), date as 'YYYY-MM-DD' strings (no timezone shift).
const INT8 = 20, NUMERIC = 1700, DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

const pgliteParsers = {
  [INT8]: (v: string) => Number(v),
  [NUMERIC]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
};

type PgliteTx = Parameters<Parameters<PGlite['transaction']>[0]>[0];

/** A Queryable over one PGlite transaction. */
export function pgliteQueryable(t: PGlite | PgliteTx): Queryable {
  return {
    async query<T>(text: string, params?: unknown[]) {
      return (await t.query<T>(text, params as unknown[])).rows;
    },
    async exec(sql: string) {
      await t.exec(sql);
    },
  };
}

/** A Queryable over one node-postgres client (a transaction's connection). */
export function pgQueryable(client: pg.PoolClient): Queryable {
  return {
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query(text, params as unknown[])).rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** BEGIN … COMMIT on one pooled connection, ROLLBACK on any error; the connection always goes back. */
export async function pgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

export async function openPglite(dataDir: string | null): Promise<Db> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: dataDir ?? undefined,
    extensions: { pg_trgm },
    parsers: pgliteParsers,
  });
  return {
    kind: 'pglite',
    ...pgliteQueryable(db),
    async tx(fn) {
      return db.transaction(async (t) => fn(pgliteQueryable(t)));
    },
    async close() {
      await db.close();
    },
    pglite: db,
    pool: null,
  };
}

export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {}); // idle client errors are reported on next use
  return {
    kind: 'postgres',
    async query<T>(text: string, params?: unknown[]) {
      const r = await pool.query(text, params as unknown[]);
      return r.rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async tx(fn) {
      return pgTransaction(pool, (client) => fn(pgQueryable(client)));
    },
    async close() {
      await pool.end();
    },
    pglite: null,
    pool,
  };
}

export async function openDb(opts: { databaseUrl: string | null; dataDir: string | null }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
