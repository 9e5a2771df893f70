// Bulk loading inside one transaction: COPY … FROM STDIN on PostgreSQL (a minimal copy-in submittable for `pg`,
// since pg-copy-streams is not a dependency), COPY … FROM '/dev/blob' on PGlite. Imports and the million-person
// seed use it; one call = one transaction, so a failure anywhere leaves nothing of the batch behind.
import type pg from 'pg';
import { pgQueryable, pgTransaction, pgliteQueryable, type Db, type Queryable } from '../db/client.ts';

export type BulkQueryable = Queryable & {
  /** Loads rows with COPY (text format). Values: null → \N; arrays → {…}; objects → JSON. */
  copyRows(table: string, cols: string[], rows: unknown[][]): Promise<number>;
};

function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let s: string;
  if (Array.isArray(v)) s = `{${v.map((x) => `"${String(x).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  else if (v instanceof Date) s = v.toISOString();
  else if (typeof v === 'object') s = JSON.stringify(v);
  else s = String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function copyText(rows: unknown[][]): string {
  let out = '';
  for (const r of rows) out += r.map(field).join('\t') + '\n';
  return out;
}

/** The COPY sub-protocol for node-postgres: send the statement, stream CopyData, finish with CopyDone. */
class CopyIn {
  text: string;
  callback: (err: Error | null) => void = () => {};
  private chunks: Buffer[];
  rowCount = 0;
  constructor(text: string, data: string) {
    this.text = text;
    const buf = Buffer.from(data, 'utf8');
    this.chunks = [];
    for (let i = 0; i < buf.length; i += 1 << 20) this.chunks.push(buf.subarray(i, i + (1 << 20)));
  }
  submit(connection: { query(text: string): void }) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
    for (const c of this.chunks) connection.sendCopyFromChunk(c);
    connection.endCopyFrom();
  }
  handleCommandComplete(msg: { text?: string }) {
    const m = /(\d+)$/.exec(msg.text ?? '');
    if (m) this.rowCount = Number(m[1]);
  }
  // pg drops the active query on an error, so ReadyForQuery never reaches it: finish here.
  handleError(err: Error) {
    this.callback(err);
  }
  handleReadyForQuery() {
    this.callback(null);
  }
  handleEmptyQuery() {}
  handleRowDescription() {}
  handleDataRow() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

async function pgCopy(client: pg.PoolClient | pg.Client, table: string, cols: string[], rows: unknown[][]): Promise<number> {
  if (!rows.length) return 0;
  const op = new CopyIn(`COPY ${table} (${cols.join(',')}) FROM STDIN`, copyText(rows));
  await new Promise<void>((resolve, reject) => {
    op.callback = (err) => (err ? reject(err) : resolve());
    (client as unknown as { query(o: unknown): void }).query(op);
  });
  return op.rowCount;
}

export async function bulkTx<T>(db: Db, fn: (q: BulkQueryable) => Promise<T>): Promise<T> {
  if (db.pool) {
    return pgTransaction(db.pool, (client) => fn({ ...pgQueryable(client), copyRows: (table, cols, rows) => pgCopy(client, table, cols, rows) }));
  }
  return db.pglite!.transaction(async (t) =>
    fn({
      ...pgliteQueryable(t),
      async copyRows(table, cols, rows) {
        if (!rows.length) return 0;
        await t.query(`COPY ${table} (${cols.join(',')}) FROM '/dev/blob'`, [], { blob: new Blob([copyText(rows)]) });
        return rows.length;
      },
    }),
  );
}
