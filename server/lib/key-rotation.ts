// Re-encrypts every encrypted column (any column named *_enc, in any table with an id) under the primary key,
// in batches, so an old key can be retired. Safe to run while the server runs and to run again.
import type { Ctx } from './context.ts';

export type RotationReport = { table: string; column: string; rewritten: number }[];

export async function rotateEncryption(ctx: Ctx, batchSize = 1000): Promise<RotationReport> {
  const cols = await ctx.db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     WHERE c.table_schema = current_schema() AND c.column_name LIKE '%\\_enc' ESCAPE '\\' AND c.data_type = 'text'
       AND EXISTS (SELECT 1 FROM information_schema.columns i WHERE i.table_schema = c.table_schema AND i.table_name = c.table_name AND i.column_name = 'id')
     ORDER BY 1, 2`,
  );
  const report: RotationReport = [];
  const prefix = `${ctx.crypto.primaryKid}.`;
  for (const { table_name: t, column_name: c } of cols) {
    let rewritten = 0;
    for (;;) {
      // Identifiers come from the catalogue, not from users; quote them anyway.
      const rows = await ctx.db.query<{ id: string; v: string }>(
        `SELECT id::text AS id, "${c}" AS v FROM "${t}" WHERE "${c}" IS NOT NULL AND "${c}" NOT LIKE $1 LIMIT $2`,
        [`${prefix}%`, batchSize],
      );
      if (rows.length === 0) break;
      await ctx.db.tx(async (q) => {
        for (const r of rows) {
          await q.query(`UPDATE "${t}" SET "${c}" = $2 WHERE id::text = $1 AND "${c}" = $3`, [r.id, ctx.crypto.encrypt(ctx.crypto.decrypt(r.v)), r.v]);
        }
      });
      rewritten += rows.length;
    }
    report.push({ table: t, column: c, rewritten });
  }
  return report;
}
