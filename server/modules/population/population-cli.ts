// `linli import persons FILE --community CODE [--dry-run] [--report errors.xlsx] [--json]` and `linli import resume ID`.
// The CLI runs the same import as the web job, in this process; an interrupted import resumes from its checkpoint.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Ctx } from '../../lib/context.ts';
import { createCliImport, runImport, type RunResult } from './population-import.ts';
import { detectHeader, readRows, type SheetRow } from './population-workbook.ts';
import { errorsStream } from './population-export.ts';

type Opts = { community?: string; dryRun: boolean; report?: string; json: boolean };

async function headers(file: string): Promise<string[]> {
  const rows: SheetRow[] = [];
  for await (const r of readRows({ path: file, name: file })) {
    rows.push(r);
    if (rows.length >= 40) break;
  }
  return detectHeader(rows)?.headers ?? [];
}

async function writeReport(file: string, reportPath: string, r: RunResult) {
  async function* rows() {
    for (const x of r.rejected) yield { row: x.row, reason: x.zh, cells: x.cells };
  }
  await pipeline(errorsStream(await headers(file), rows()), fs.createWriteStream(reportPath));
}

function print(r: RunResult, opts: Opts, extra: Record<string, unknown>) {
  const summary = { rows: r.rows, valid: r.valid, invalid: r.invalid, created: r.created, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected.map((x) => ({ row: x.row, reason: x.zh })), ...extra };
  if (opts.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(`${opts.dryRun ? '试运行（未写入）' : '导入完成'}：共 ${r.rows} 行，有效 ${r.valid}，无效 ${r.invalid}；新增 ${r.created}，更新 ${r.updated}，未变 ${r.unchanged}`);
  for (const x of r.rejected.slice(0, 50)) console.log(`  第 ${x.row} 行：${x.zh}`);
  if (r.rejected.length > 50) console.log(`  …… 另有 ${r.rejected.length - 50} 行，见 --report`);
}

export async function importCommand(ctx: Ctx, positionals: string[], opts: Opts): Promise<void> {
  const [what, arg] = positionals;
  if (what === 'resume') {
    if (!arg) throw new Error('usage: linli import resume IMPORT_ID');
    const t = Date.now();
    const r = await runImport(ctx, arg);
    print(r, opts, { importId: arg, seconds: (Date.now() - t) / 1000 });
    return;
  }
  if (what !== 'persons' || !arg) throw new Error('usage: linli import persons FILE.xlsx|csv --community CODE [--dry-run] [--report errors.xlsx] [--json]');
  if (!opts.community) throw new Error('--community CODE is required (list them with: linli communities)');
  const file = path.resolve(arg);
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  const t = Date.now();
  const preview = await createCliImport(ctx, opts.community, file, path.basename(file));
  if (preview.missing.length) {
    await ctx.db.query('DELETE FROM person_imports WHERE id = $1', [preview.importId]);
    const cols = preview.columns.map((c) => `${c.index + 1}:${c.header || '(空)'}`).join('  ');
    throw new Error(`could not find the column(s) ${preview.missing.join(', ')} in the header (row ${preview.headerRow}): ${cols}`);
  }
  if (!opts.json) console.log(`表头在第 ${preview.headerRow} 行；列对应：${preview.columns.filter((c) => c.field).map((c) => `${c.header.replace(/\s+/g, '')}→${c.field}`).join('，')}`);
  const r = await runImport(ctx, preview.importId, { dryRun: opts.dryRun });
  // A dry run leaves no trace of itself either.
  if (opts.dryRun) await ctx.db.query('DELETE FROM person_imports WHERE id = $1', [preview.importId]);
  if (opts.report) await writeReport(file, path.resolve(opts.report), r);
  print(r, opts, { importId: opts.dryRun ? null : preview.importId, seconds: (Date.now() - t) / 1000 });
}
