// Snapshots (月度归档): a ledger rendered per community at a date and kept, so inspectors see history without
// anyone keeping books. Rows are stored as an ordinary viewer sees them (sensitive values masked).
// Taking snapshots is a job; a monthly job archives every available ledger and schedules the next month.
// Exports of very large ledgers can also run as a job that leaves the (masked) xlsx as a file for its requester.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { systemActor } from '../../lib/context.ts';
import { invalid, invalidState, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { enqueueJob, registerJobHandler, type JobReporter } from '../../lib/jobs.ts';
import { params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import { pagedRows, xlsxStream } from '../../lib/xlsx.ts';
import { today } from '../admission/admission-dates.ts';
import { allRows, headerLines, ledgerXlsx, loadRegion, prepareLedger, type Cell } from './ledger-render.ts';
import { loadUserActor } from '../../lib/auth.ts';
import { saveFile } from '../../lib/files.ts';
import { ledgerRow } from './ledgers.service.ts';

// Attributes of sensitive tags (corrections class, risk level) are kept only encrypted on the person's tag: an
// archive would hold them in clear, so ledgers over sensitive tags are not archived.
function assertArchivable(l: { plan: { tag: { sensitive: boolean } | null } }) {
  if (l.plan.tag?.sensitive) throw invalidState('涉及敏感人群的台账不归档（敏感信息只加密保存在人员标签中）', 'Ledgers over sensitive groups are not archived');
}

export async function requestSnapshot(ctx: Ctx, actor: Actor, ledgerId: string, body: { regionId?: number; asOf?: string }) {
  assertArchivable(await prepareLedger(ctx, actor, ledgerId, body.regionId));
  const asOf = body.asOf ?? today();
  if (asOf > today()) throw invalid('归档日期不能晚于今天', 'The date is in the future', [{ path: 'asOf', messages: { 'zh-CN': '归档日期不能晚于今天', 'en-US': 'The date is in the future' } }]);
  const regionId = body.regionId ?? actor.scopeRegionId;
  const jobId = await ctx.db.tx(async (q) => {
    const id = await enqueueJob(q, 'ledger.snapshot', { ledgerId, regionId, asOf }, { createdBy: actor.userId, regionId, maxAttempts: 2 });
    await audit(q, actor, { action: 'ledger.snapshot', entityType: 'ledger', entityId: ledgerId, regionId, detail: { asOf, jobId: id } });
    return id;
  });
  return { jobId };
}

async function communitiesUnder(q: Queryable, path: string, level: string): Promise<{ id: number; path: string }[]> {
  const p = level === 'grid' ? path.split('/').slice(0, -2).join('/') + '/' : path;
  const rows = await q.query<{ id: number; path: string }>(`SELECT id, path FROM regions WHERE level = 'community' AND retired_at IS NULL AND path LIKE $1 ORDER BY code`, [p + '%']);
  return rows.map((r) => ({ id: Number(r.id), path: r.path }));
}

/** Snapshots one ledger for each community under a region, replacing an earlier snapshot of the same date. */
export async function takeSnapshots(ctx: Ctx, ledgerId: string, regionId: number, asOf: string, report?: JobReporter): Promise<{ snapshots: number; rows: number }> {
  // The archive acts for the district the region belongs to (the first node of its path).
  const at = (await ctx.db.query<{ path: string }>('SELECT path FROM regions WHERE id = $1', [regionId]))[0];
  if (!at) throw notFound('区划', 'Region');
  const districtId = Number(at.path.split('/')[1]);
  const sys = systemActor({ id: districtId, path: `/${districtId}/` }, 'ledger-archive');
  const region = await loadRegion(ctx, sys, regionId);
  const communities = await communitiesUnder(ctx.db, region.path, region.level);
  let rows = 0;
  for (const [i, c] of communities.entries()) {
    const l = await prepareLedger(ctx, sys, ledgerId, c.id);
    assertArchivable(l);
    const columns = l.plan.columns.map((col) => ({ key: col.key, label: col.label }));
    const snapshotId = await ctx.db.tx(async (q) => {
      await q.query('DELETE FROM ledger_snapshots WHERE ledger_id = $1 AND community_id = $2 AND as_of = $3', [ledgerId, c.id, asOf]);
      const ins = await q.query<{ id: string }>(
        `INSERT INTO ledger_snapshots (ledger_id, ledger_version, community_id, as_of, title, columns) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
        [ledgerId, l.version, c.id, asOf, l.name, JSON.stringify(columns)]);
      let seq = 0;
      let batch: Record<string, Cell>[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const values: unknown[] = [];
        const tuples = batch.map((r) => { values.push(ins[0].id, ++seq, JSON.stringify(r)); return `($${values.length - 2}, $${values.length - 1}, $${values.length})`; });
        await q.query(`INSERT INTO ledger_snapshot_rows (snapshot_id, seq, data) VALUES ${tuples.join(',')}`, values);
        batch = [];
      };
      // Read through the transaction's own connection: on PGlite a second connection would wait for this one.
      for await (const r of allRows(ctx, sys, l, false, 2000, q)) {
        batch.push(r);
        if (batch.length >= 500) await flush();
      }
      await flush();
      await q.query('UPDATE ledger_snapshots SET row_count = $2 WHERE id = $1', [ins[0].id, seq]);
      rows += seq;
      return ins[0].id;
    });
    void snapshotId;
    await report?.progress(i + 1, communities.length, `已归档 ${i + 1}/${communities.length} 个社区`);
  }
  return { snapshots: communities.length, rows };
}

registerJobHandler('ledger.snapshot', async (ctx, job, report) => {
  const { ledgerId, regionId, asOf } = job.payload as { ledgerId: string; regionId: number; asOf: string };
  return takeSnapshots(ctx, ledgerId, regionId, asOf, report);
});

/** First day of next month, 01:00 Asia/Shanghai, as a UTC instant. */
export function nextMonthlyRun(now = new Date()): Date {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1, 1) - 8 * 3600_000);
}

/** Archives ledgers as of the last day of the previous month (quarterly and yearly ones at quarter and year ends), then reschedules. */
registerJobHandler('ledger.monthly-archive', async (ctx, _job, report) => {
  const asOf = new Date(Date.parse(`${today().slice(0, 7)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const root = (await ctx.db.query<{ id: number }>('SELECT id FROM regions WHERE parent_id IS NULL ORDER BY id'));
  const defs = await ctx.db.query<{ id: string; definition: { archive?: string } }>(`SELECT id, definition FROM ledger_definitions WHERE retired_at IS NULL`);
  let done = 0, skipped = 0;
  for (const d of defs) {
    const cadence = d.definition.archive ?? 'month';
    const month = Number(asOf.slice(5, 7));
    if (cadence === 'none' || (cadence === 'quarter' && month % 3 !== 0) || (cadence === 'year' && month !== 12)) continue;
    for (const r of root) {
      try {
        await takeSnapshots(ctx, d.id, Number(r.id), asOf);
        done++;
      } catch {
        skipped++; // a source whose module is not there yet
      }
    }
    await report.progress(done + skipped, defs.length);
  }
  await ensureMonthlyArchive(ctx.db);
  return { asOf, done, skipped };
});

/** Keeps exactly one future monthly-archive job queued (called from the catalogue seed and by the job itself). */
export async function ensureMonthlyArchive(q: Queryable): Promise<void> {
  const queued = await q.query(`SELECT 1 FROM jobs WHERE kind = 'ledger.monthly-archive' AND status = 'queued' LIMIT 1`);
  if (!queued[0]) await enqueueJob(q, 'ledger.monthly-archive', {}, { runAt: nextMonthlyRun(), maxAttempts: 3 });
}

type SnapRow = { id: string; ledger_id: string; ledger_version: number; community_id: number; community_name: string; as_of: string; title: string; columns: { key: string; label: string }[]; row_count: number; created_at: Date };
const toSnap = (r: SnapRow) => ({
  id: r.id, ledgerId: r.ledger_id, ledgerVersion: r.ledger_version, communityId: Number(r.community_id), communityName: r.community_name,
  asOf: r.as_of, title: r.title, rowCount: r.row_count, createdAt: new Date(r.created_at).toISOString(),
});
const SELECT_SNAP = `SELECT s.*, c.name AS community_name FROM ledger_snapshots s JOIN regions c ON c.id = s.community_id`;

export async function listSnapshots(ctx: Ctx, actor: Actor, ledgerId: string) {
  await ledgerRow(ctx, actor, ledgerId);
  const p = params([ledgerId]);
  const rows = await ctx.db.query<SnapRow>(`${SELECT_SNAP} WHERE s.ledger_id = $1 AND ${scopeSql(actor, p, { community: 's.community_id' })} ORDER BY s.as_of DESC, c.code LIMIT 500`, p.values);
  return rows.map(toSnap);
}

async function snapshotRow(ctx: Ctx, actor: Actor, id: string): Promise<SnapRow> {
  const p = params([id]);
  const rows = await ctx.db.query<SnapRow>(`${SELECT_SNAP} WHERE s.id = $1 AND ${scopeSql(actor, p, { community: 's.community_id' })}`, p.values);
  if (!rows[0]) throw notFound('归档', 'Snapshot');
  await ledgerRow(ctx, actor, rows[0].ledger_id); // sensitive-tag ledgers stay invisible in their history too
  return rows[0];
}

export async function snapshotRows(ctx: Ctx, actor: Actor, id: string, q: { page: number; pageSize: number }) {
  const s = await snapshotRow(ctx, actor, id);
  const rows = await ctx.db.query<{ data: Record<string, unknown> }>('SELECT data FROM ledger_snapshot_rows WHERE snapshot_id = $1 ORDER BY seq LIMIT $2 OFFSET $3', [id, q.pageSize, (q.page - 1) * q.pageSize]);
  return { snapshot: toSnap(s), columns: s.columns, items: rows.map((r) => r.data), total: s.row_count, page: q.page, pageSize: q.pageSize };
}

export async function snapshotXlsx(ctx: Ctx, actor: Actor, id: string, q: { preparedBy?: string; reviewedBy?: string }) {
  const s = await snapshotRow(ctx, actor, id);
  const h = headerLines({ name: `${s.title}（${s.as_of} 归档）`, region: { name: s.community_name } }, actor, { ...q, reveal: false, period: s.as_of.slice(0, 7) });
  const rows = pagedRows(async (offset, limit) =>
    (await ctx.db.query<{ data: Record<string, unknown> }>('SELECT data FROM ledger_snapshot_rows WHERE snapshot_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [id, offset, limit])).map((r) => r.data));
  return { stream: xlsxStream(s.title, s.columns.map((c) => ({ header: c.label, key: c.key })), rows, h), filename: `${s.title}-${s.community_name}-${s.as_of}.xlsx` };
}

type ExportJob = { ledgerId: string; regionId?: number; period?: string; preparedBy?: string; reviewedBy?: string };

export async function requestExportJob(ctx: Ctx, actor: Actor, ledgerId: string, body: Omit<ExportJob, 'ledgerId'>) {
  await prepareLedger(ctx, actor, ledgerId, body.regionId);
  if (!actor.userId) throw invalidState('只有登录用户可以申请后台导出', 'Only a logged-in user can request a background export');
  const jobId = await enqueueJob(ctx.db, 'ledger.export', { ledgerId, ...body }, { createdBy: actor.userId, regionId: body.regionId ?? actor.scopeRegionId, maxAttempts: 2 });
  return { jobId };
}

// The job acts as its requester (same scope and permissions, reloaded now) and never reveals: a stored file
// must not hold full ID numbers.
registerJobHandler('ledger.export', async (ctx, job, report) => {
  const p = job.payload as ExportJob;
  const loaded = job.created_by ? await loadUserActor(ctx.db, job.created_by, null, null) : null;
  if (!loaded) throw new Error('requester no longer exists');
  await report.progress(0, 1, '正在生成 Excel');
  const { stream, filename } = await ledgerXlsx(ctx, loaded.actor, p.ledgerId, { ...p, reveal: false });
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const file = await ctx.db.tx((q) => saveFile(ctx, q, loaded.actor, { data: Buffer.concat(chunks), name: filename, regionId: p.regionId ?? loaded.actor.scopeRegionId }));
  await report.progress(1, 1, '已生成');
  return { fileId: file.id, name: filename, size: file.size };
});
