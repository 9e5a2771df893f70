// Importing persons from a community's workbook: preview (detected header and mapping, which the user may correct),
// then a job that validates every row and upserts valid ones by document number in batches. Each batch is one
// transaction together with its checkpoint (person_imports.next_row), so a crash leaves no half batch and the job
// resumes where it stopped. Re-importing the same file changes nothing (unchanged rows are not even touched).
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { saveFile } from '../../lib/files.ts';
import { registerJobHandler, enqueueJob, type JobReporter } from '../../lib/jobs.ts';
import { loadUserActor } from '../../lib/auth.ts';
import { systemActor } from '../../lib/context.ts';
import type { ImportField } from '../../../contracts/population.ts';
import { cellText, detectHeader, isIgnorableRow, readRowBatches, readRows, REQUIRED_FIELDS, type SheetRow, type SheetSource } from './population-workbook.ts';
import { checkPerson, errorsEn, errorsZh } from './population-rules.ts';
import { resolvePlacement } from './population-common.ts';
import { writeBatch, type Prepared, type Reject, type BatchCounts, type ImportState, lookupExisting } from './population-import-batch.ts';
import { namePinyin } from '../../lib/pinyin.ts';

export type Mapping = Record<string, ImportField | null>;
type ImportRow = {
  id: string; community_id: number; file_id: string | null; file_name: string; source_path: string | null; mapping: Mapping; header_row: number | null;
  status: string; job_id: string | null; total_rows: number; next_row: number; valid: number; invalid: number; created: number; updated: number; unchanged: number; created_by: string | null;
};

const TEXT_FIELDS: [ImportField, string, number][] = [
  ['ethnicity', 'ethnicity', 20], ['education', 'education', 20], ['politicalStatus', 'political_status', 20], ['maritalStatus', 'marital_status', 20],
  ['employment', 'employment', 40], ['registeredAddress', 'registered_address', 200], ['relationToHead', 'relation_to_head', 20],
];

async function sourceOf(ctx: Ctx, imp: Pick<ImportRow, 'file_id' | 'source_path' | 'file_name'>): Promise<SheetSource> {
  if (imp.source_path) return { path: imp.source_path, name: imp.file_name };
  const f = await ctx.db.query<{ storage_key: string }>('SELECT storage_key FROM files WHERE id = $1', [imp.file_id]);
  return { data: await ctx.storage.get(f[0].storage_key), name: imp.file_name };
}

async function headRows(src: SheetSource, n: number): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of readRows(src)) {
    out.push(r);
    if (out.length >= n) break;
  }
  return out;
}

/** One data row → the raw values the rules judge, plus the extra columns. */
export function rowRecord(cells: unknown[], mapping: Mapping) {
  const raw: Record<string, unknown> = {};
  for (const [col, field] of Object.entries(mapping)) {
    if (!field) continue;
    const v = cells[Number(col)];
    if (v !== null && v !== undefined && raw[field] === undefined) raw[field] = v;
  }
  return raw as Partial<Record<ImportField, unknown>>;
}

function mappingProblems(mapping: Mapping): string[] {
  const fields = Object.values(mapping).filter((f): f is ImportField => !!f);
  const problems: string[] = [];
  for (const f of REQUIRED_FIELDS) if (!fields.includes(f)) problems.push(f);
  return problems;
}

async function buildPreview(ctx: Ctx, imp: ImportRow) {
  const src = await sourceOf(ctx, imp);
  const rows = await headRows(src, Math.max(40, (imp.header_row ?? 0) + 25));
  const data = rows.filter((r) => r.rowNo > (imp.header_row ?? 0) && !isIgnorableRow(r.cells));
  const header = detectHeader(rows);
  const headers = header?.headers ?? [];
  const width = Math.max(headers.length, ...Object.keys(imp.mapping).map((k) => Number(k) + 1));
  const columns = Array.from({ length: width }, (_, c) => ({
    index: c, header: headers[c] ?? '', field: imp.mapping[String(c)] ?? null,
    samples: data.slice(0, 3).map((r) => cellText(r.cells[c]) ?? ''),
  }));
  const sample = data.slice(0, 20).map((r) => {
    const rec = rowRecord(r.cells, imp.mapping);
    const checked = checkPerson(rec);
    const values: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(rec)) values[k] = k === 'docNumber' || k === 'phone' ? maskText(cellText(v)) : cellText(v);
    return { row: r.rowNo, ok: checked.ok, reason: checked.ok ? null : errorsZh(checked.errors), values };
  });
  return { importId: imp.id, fileName: imp.file_name, headerRow: imp.header_row ?? 0, columns, mapping: imp.mapping, missing: mappingProblems(imp.mapping) as ImportField[], rows: imp.total_rows, sample };
}

const maskText = (s: string | null) => (s && s.length > 4 ? '*'.repeat(s.length - 4) + s.slice(-4) : s);

async function loadImport(ctx: Ctx, actor: Actor, id: string): Promise<ImportRow> {
  const rows = await ctx.db.query<ImportRow & { path: string }>('SELECT i.*, r.path FROM person_imports i JOIN regions r ON r.id = i.community_id WHERE i.id = $1', [id]);
  if (!rows[0] || !rows[0].path.startsWith(actor.scopePath)) throw notFound('导入', 'Import');
  return rows[0];
}

/** Stores the file, finds the header, guesses the mapping and counts the data rows. */
export async function createImport(ctx: Ctx, actor: Actor, input: { communityId?: number; fileName: string; data?: Buffer; path?: string }) {
  const place = await resolvePlacement(ctx.db, actor, { communityId: input.communityId });
  if (!/\.(xlsx|csv|txt)$/i.test(input.fileName)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只支持 Excel（.xlsx）或 CSV 文件；.xls 请先在 Excel 中另存为 .xlsx', 'Only .xlsx or .csv files are supported');
  const src: SheetSource = { data: input.data, path: input.path, name: input.fileName };
  let head: SheetRow[];
  try {
    head = await headRows(src, 40);
  } catch {
    throw invalid('无法读取该文件，请确认是有效的 Excel（.xlsx）或 CSV 文件', 'The file could not be read as .xlsx or .csv');
  }
  const header = detectHeader(head);
  if (!header) throw invalid('没有找到表头：前 30 行中没有一行包含「姓名」「身份证号」等列名', 'No header row found in the first 30 rows');
  let total = 0;
  for await (const rows of readRowBatches(src)) for (const r of rows) if (r.rowNo >= header.dataStart && !isIgnorableRow(r.cells)) total++;
  const imp = await ctx.db.tx(async (q) => {
    const fileId = input.data ? (await saveFile(ctx, q, actor, { data: input.data, name: input.fileName, regionId: place.communityId })).id : null;
    const rows = await q.query<ImportRow>(
      `INSERT INTO person_imports (community_id, file_id, file_name, source_path, mapping, header_row, total_rows, next_row, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *`,
      [place.communityId, fileId, input.fileName, input.path ?? null, JSON.stringify(header.mapping), header.headerRow, total, header.dataStart, actor.userId],
    );
    await audit(q, actor, { action: 'person.import.upload', entityType: 'person_import', entityId: rows[0].id, regionId: place.communityId, detail: { file: input.fileName, rows: total } });
    return rows[0];
  });
  return buildPreview(ctx, imp);
}

/** The detected header texts, for the error workbook's columns. */
export async function importHeaders(ctx: Ctx, actor: Actor, id: string): Promise<string[]> {
  const imp = await loadImport(ctx, actor, id);
  return detectHeader(await headRows(await sourceOf(ctx, imp), 40))?.headers ?? [];
}

export async function getPreview(ctx: Ctx, actor: Actor, id: string) {
  return buildPreview(ctx, await loadImport(ctx, actor, id));
}

function checkMapping(mapping: Mapping) {
  const missing = mappingProblems(mapping);
  if (missing.length) throw invalid(`请为以下字段指定列：${missing.map((m) => ({ name: '姓名', docNumber: '证件号码' })[m as 'name'] ?? m).join('、')}`, `Map a column to: ${missing.join(', ')}`, [{ path: 'mapping', messages: { 'zh-CN': '缺少必需的列', 'en-US': 'Required columns missing' } }]);
  const seen = new Set<string>();
  for (const f of Object.values(mapping)) {
    if (!f) continue;
    if (seen.has(f)) throw invalid(`字段「${f}」被指定给了多列`, `Field ${f} is mapped to more than one column`, [{ path: 'mapping', messages: { 'zh-CN': '同一字段只能对应一列', 'en-US': 'One column per field' } }]);
    seen.add(f);
  }
}

/**
 * Confirms the (possibly corrected) mapping and queues the import job. With dryRun the whole file is checked now,
 * nothing is written but the rejected rows (so the error workbook can be read before committing).
 */
export async function commitImport(ctx: Ctx, actor: Actor, id: string, input: { mapping?: Mapping; dryRun?: boolean }) {
  const imp = await loadImport(ctx, actor, id);
  if (imp.status !== 'preview') throw new AppError('INVALID_STATE', '该导入已提交', 'The import was already committed');
  const mapping = input.mapping ?? imp.mapping;
  checkMapping(mapping);
  if (input.dryRun) {
    await ctx.db.query('UPDATE person_imports SET mapping = $2 WHERE id = $1', [id, JSON.stringify(mapping)]);
    const r = await runImport(ctx, id, { dryRun: true, actor });
    await ctx.db.tx(async (q) => {
      await q.query('DELETE FROM person_import_rejects WHERE import_id = $1', [id]);
      for (let i = 0; i < r.rejected.length; i += 1000) {
        const part = r.rejected.slice(i, i + 1000);
        await q.query(
          `INSERT INTO person_import_rejects (import_id, row_no, reason_zh, reason_en, data_enc)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[])`,
          [id, part.map((x) => x.row), part.map((x) => x.zh), part.map((x) => x.en), part.map((x) => ctx.crypto.encrypt(JSON.stringify(x.cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)))))],
        );
      }
    });
    return {
      importId: id, status: 'checked', rows: r.rows, valid: r.valid, invalid: r.invalid, created: r.created, updated: r.updated, unchanged: r.unchanged, nextRow: imp.next_row, jobId: null,
      rejected: r.rejected.slice(0, 1000).map((x) => ({ row: x.row, reason: x.zh, reasonEn: x.en })), rejectedTotal: r.rejected.length,
    };
  }
  await ctx.db.tx(async (q) => {
    const jobId = await enqueueJob(q, 'population.import', { importId: id }, { createdBy: actor.userId, regionId: Number(imp.community_id), maxAttempts: 5 });
    await q.query(`UPDATE person_imports SET mapping = $2, status = 'queued', job_id = $3 WHERE id = $1`, [id, JSON.stringify(mapping), jobId]);
    await audit(q, actor, { action: 'person.import.commit', entityType: 'person_import', entityId: id, regionId: Number(imp.community_id), detail: { file: imp.file_name, rows: imp.total_rows } });
  });
  return importSummary(ctx, actor, id);
}

export async function importSummary(ctx: Ctx, actor: Actor, id: string, limit = 1000) {
  const imp = await loadImport(ctx, actor, id);
  const rej = await ctx.db.query<{ row_no: number; reason_zh: string; reason_en: string }>('SELECT row_no, reason_zh, reason_en FROM person_import_rejects WHERE import_id = $1 ORDER BY row_no LIMIT $2', [id, limit]);
  const n = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM person_import_rejects WHERE import_id = $1', [id]);
  return {
    importId: imp.id, status: imp.status, rows: imp.total_rows, valid: imp.valid, invalid: imp.invalid, created: imp.created, updated: imp.updated, unchanged: imp.unchanged,
    nextRow: imp.next_row, jobId: imp.job_id, rejected: rej.map((r) => ({ row: r.row_no, reason: r.reason_zh, reasonEn: r.reason_en })), rejectedTotal: n[0].n,
  };
}

export type RunOptions = { dryRun?: boolean; batchSize?: number; report?: JobReporter; actor?: Actor; failInBatch?: number };
export type RunResult = BatchCounts & { rows: number; rejected: Reject[] };

/**
 * Validates every row and writes valid ones batch by batch. Resumes from the checkpoint. With dryRun nothing is
 * written (not even the checkpoint): the result says what would happen.
 */
export async function runImport(ctx: Ctx, importId: string, opts: RunOptions = {}): Promise<RunResult> {
  const impRows = await ctx.db.query<ImportRow>('SELECT * FROM person_imports WHERE id = $1', [importId]);
  const imp = impRows[0];
  if (!imp) throw notFound('导入', 'Import');
  const actor = opts.actor ?? (imp.created_by ? (await loadUserActor(ctx.db, imp.created_by, null, null))?.actor : null) ?? await cliActor(ctx);
  if (!opts.dryRun) {
    await ctx.db.query(`UPDATE person_imports SET status = 'running' WHERE id = $1`, [importId]);
    // Rejected rows left by a dry run are replaced by the real run's own.
    if (imp.valid + imp.invalid === 0) await ctx.db.query('DELETE FROM person_import_rejects WHERE import_id = $1', [importId]);
  }
  const batchSize = opts.batchSize ?? 5000;
  const state: ImportState = { importId, communityId: Number(imp.community_id), mapping: imp.mapping, caches: { grids: new Map(), buildings: new Map(), houses: new Map(), households: new Map() }, batchNo: 0, failInBatch: opts.failInBatch };
  const totals: BatchCounts = { valid: imp.valid, invalid: imp.invalid, created: imp.created, updated: imp.updated, unchanged: imp.unchanged };
  const allRejects: Reject[] = [];
  const seen = new Map<string, number>();
  const pinyinCache = new Map<string, { full: string; initials: string }>();
  const today = new Date();
  let batch: Prepared[] = [];
  let rejects: Reject[] = [];
  let processed = 0;
  let pending: Promise<void> | null = null;
  let rowsSeen = 0;
  let lastRow = 0;
  const resumeFrom = imp.next_row;
  const headerRow = imp.header_row ?? 0;

  const flush = async (nextRow: number) => {
    const b = batch, r = rejects;
    batch = [];
    rejects = [];
    if (pending) await pending;
    state.batchNo++;
    pending = (async () => {
      const c = opts.dryRun ? await dryCounts(ctx, state, b, r) : await writeBatch(ctx, actor, state, b, r, nextRow);
      for (const k of Object.keys(totals) as (keyof BatchCounts)[]) totals[k] += c[k];
      allRejects.push(...r);
      await opts.report?.progress(processed, imp.total_rows, `已处理 ${processed} / ${imp.total_rows} 行`);
    })();
    // Surface a failure at once, but keep the next batch's preparation overlapping the write otherwise.
    pending.catch(() => {});
  };

  for await (const rows of readRowBatches(await sourceOf(ctx, imp))) for (const row of rows) {
    if (row.rowNo <= headerRow || isIgnorableRow(row.cells)) continue;
    rowsSeen++;
    lastRow = row.rowNo;
    const rec = rowRecord(row.cells, imp.mapping);
    const checked = checkPerson(rec, today);
    const before = row.rowNo < resumeFrom;
    if (!checked.ok) {
      if (!before) rejects.push({ row: row.rowNo, zh: errorsZh(checked.errors), en: errorsEn(checked.errors), cells: row.cells });
    } else {
      const v = checked.value;
      const bidx = ctx.crypto.blindIndex('doc', v.docNumber);
      const first = seen.get(bidx);
      if (first !== undefined) {
        if (!before) rejects.push({ row: row.rowNo, zh: `证件号码与第 ${first} 行重复`, en: `Same document number as row ${first}`, cells: row.cells });
      } else {
        seen.set(bidx, row.rowNo);
        if (!before) {
          let py = pinyinCache.get(v.name);
          if (!py) {
            py = namePinyin(v.name);
            if (pinyinCache.size < 500000) pinyinCache.set(v.name, py);
          }
          const extra: Record<string, string | null> = {};
          for (const [f, col, max] of TEXT_FIELDS) {
            const t = cellText(rec[f]);
            extra[col] = t === null ? null : t.slice(0, max);
          }
          const former = cellText(rec.formerNames);
          batch.push({
            row: row.rowNo, facts: v, bidx, py, extra, formerNames: former ? former.split(/[,，、;；\s]+/).filter(Boolean) : null,
            place: { householdNo: cellText(rec.householdNo), building: cellText(rec.building), unit: cellText(rec.unit), room: cellText(rec.room), gridCode: cellText(rec.gridCode) },
            cells: row.cells,
          });
        }
      }
    }
    if (!before) processed++;
    if (batch.length + rejects.length >= batchSize) await flush(row.rowNo + 1);
  }
  await flush(Math.max(lastRow + 1, resumeFrom));
  if (pending) await pending;
  if (!opts.dryRun) {
    await ctx.db.query(`UPDATE person_imports SET status = 'done', finished_at = now() WHERE id = $1`, [importId]);
  }
  return { ...totals, rows: rowsSeen, rejected: allRejects };
}

/** Dry run: the same decisions as writeBatch, without writing. */
async function dryCounts(ctx: Ctx, state: ImportState, batch: Prepared[], rejects: Reject[]): Promise<BatchCounts> {
  const existing = await lookupExisting(ctx.db, batch.map((b) => b.bidx));
  let created = 0, updated = 0;
  const valid: Prepared[] = [];
  for (const b of batch) {
    const e = existing.get(b.bidx);
    if (e && Number(e.community_id) !== state.communityId) {
      rejects.push({ row: b.row, zh: '该证件号码已在其他社区登记，请先办理迁出', en: 'Already registered in another community', cells: b.cells });
      continue;
    }
    valid.push(b);
    if (e) updated++;
    else created++;
  }
  rejects.sort((a, b) => a.row - b.row);
  return { valid: valid.length, invalid: rejects.length, created, updated, unchanged: 0 };
}

async function cliActor(ctx: Ctx): Promise<Actor> {
  const root = await ctx.db.query<{ id: number; path: string }>('SELECT id, path FROM regions WHERE parent_id IS NULL ORDER BY id LIMIT 1');
  return systemActor({ id: Number(root[0].id), path: root[0].path }, 'cli');
}

/** For the CLI: an import record for a file on disk, with the detected mapping. */
export async function createCliImport(ctx: Ctx, communityCode: string, filePath: string, fileName: string) {
  const c = await ctx.db.query<{ id: number }>(`SELECT id FROM regions WHERE code = $1 AND level = 'community'`, [communityCode]);
  if (!c[0]) throw new Error(`no community with code ${communityCode} (see: linli communities)`);
  return createImport(ctx, await cliActor(ctx), { communityId: Number(c[0].id), fileName, path: filePath });
}

registerJobHandler('population.import', async (ctx, job, report) => {
  const r = await runImport(ctx, String(job.payload.importId), { report });
  return { valid: r.valid, invalid: r.invalid, created: r.created, updated: r.updated, unchanged: r.unchanged };
});
