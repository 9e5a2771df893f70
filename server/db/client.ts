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

export async function openPglite(dataDir: string | null): Promise<Db> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: dataDir ?? undefined,
    extensions: { pg_trgm },
    parsers: pgliteParsers,
  });
  return {
    kind: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      const r = await db.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async tx(fn) {
      return db.transaction(async (t) =>
        fn({
          async query<T>(text: string, params?: unknown[]) {
            const r = await t.query<T>(text, params as unknown[]);
            return r.rows;
          },
          async exec(sql: string) {
            await t.exec(sql);
          },
        }),
      );
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
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          async query<T>(text: string, params?: unknown[]) {
            const r = await client.query(text, params as unknown[]);
            return r.rows as T[];
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
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
