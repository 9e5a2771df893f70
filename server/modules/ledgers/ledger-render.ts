// Rendering a ledger for a viewer: paged rows on screen, a streamed xlsx and a PDF with the standard header
// (title, community, period) and footer (prepared by, reviewed by, date). Sensitive values are masked unless the
// viewer asked to reveal and holds person.reveal; every reveal is audited (without the values).
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { AppError, invalidState } from '../../lib/errors.ts';
import { auditNow } from '../../lib/audit.ts';
import { assertRegionInScope } from '../../lib/scope.ts';
import { maskDocLast4, maskName } from '../../lib/mask.ts';
import { xlsxStream } from '../../lib/xlsx.ts';
import { renderPdf } from '../../lib/pdf.ts';
import type { LedgerDefinition } from '../../../contracts/ledgers.ts';
import { getSetting, today } from '../admission/admission-dates.ts';
import { buildPageByIds, buildQuery, validateDefinition, type Built, type Plan } from './ledger-query.ts';
import { ledgerRow, sourceAvailable } from './ledgers.service.ts';

export type Cell = string | number | boolean | null;
type Region = { id: number; name: string; path: string; level: string };

export type Prepared = { id: string; code: string; name: string; version: number; plan: Plan; region: Region };

export async function loadRegion(ctx: Ctx, actor: Actor, regionId?: number): Promise<Region> {
  const id = regionId ?? actor.scopeRegionId;
  await assertRegionInScope(ctx.db, actor, id);
  const r = await ctx.db.query<Region>('SELECT id, name, path, level FROM regions WHERE id = $1', [id]);
  return { ...r[0], id: Number(r[0].id) };
}

export async function prepareLedger(ctx: Ctx, actor: Actor, id: string, regionId?: number): Promise<Prepared> {
  const row = await ledgerRow(ctx, actor, id);
  const plan = await validateDefinition(ctx.db, row.definition as LedgerDefinition);
  if (!(await sourceAvailable(ctx, actor, plan.src))) {
    throw invalidState(`数据来源「${plan.src.label}」所属模块尚未启用，暂不能生成该台账`, `The module behind source ${plan.src.name} is not available yet`);
  }
  return { id: row.id, code: row.code, name: row.name, version: row.version, plan, region: await loadRegion(ctx, actor, regionId) };
}

/** Turns a database row into display cells: enum labels, yes/no, masks or revealed values. */
export function formatRow(ctx: Ctx, plan: Plan, row: Record<string, unknown>, reveal: boolean): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  let attrs: Record<string, unknown> | null = null;
  plan.columns.forEach((c, i) => {
    const f = c.field;
    let v = row[`c${i}`] as Cell | Date | undefined;
    if (f.encryptedAttr) {
      if (attrs === null) {
        try { attrs = v ? (JSON.parse(ctx.crypto.decrypt(String(v))) as Record<string, unknown>) : {}; } catch { attrs = {}; }
      }
      const a = attrs[f.encryptedAttr];
      out[c.key] = a === undefined || a === null ? null : String(a);
      return;
    }
    if (f.mask) {
      const full = reveal && f.revealSql ? (row[`r${i}`] as string | null) : null;
      if (full) {
        try { out[c.key] = ctx.crypto.decrypt(full); return; } catch { /* fall back to the mask */ }
      }
      out[c.key] = v === null || v === undefined ? null : f.mask === 'doc' ? maskDocLast4(String(v)) : f.mask === 'phone' ? `*******${v}` : maskName(String(v));
      return;
    }
    if (v instanceof Date) v = v.toISOString().slice(0, 10);
    if (v !== null && v !== undefined) {
      if (f.type === 'enum' && f.options) v = f.options[String(v)] ?? String(v);
      else if (f.type === 'bool') v = v ? '是' : '否';
      else if (f.type === 'number') v = Number(v);
    }
    if (c.sensitive && !reveal && v !== null && v !== undefined) v = typeof v === 'string' ? maskName(v) : '***';
    out[c.key] = (v ?? null) as Cell;
  });
  return out;
}

export function mayReveal(actor: Actor, plan: Plan, asked: boolean): boolean {
  return asked && can(actor, 'person.reveal') && plan.columns.some((c) => c.sensitive);
}

export function periodLabel(period?: string): string {
  const p = period ?? today().slice(0, 7);
  return p.length === 7 ? `${p.slice(0, 4)}年${Number(p.slice(5))}月` : `${p}年`;
}

function pageFetcher(ctx: Ctx, plan: Plan, b: Built, reveal: boolean) {
  return async (offset: number, limit: number) => {
    const rows = await ctx.db.query<Record<string, unknown>>(
      `SELECT ${b.select} FROM ${b.from} WHERE ${b.where} ORDER BY ${b.order} LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}`, b.p.values);
    return rows.map((r) => formatRow(ctx, plan, r, reveal));
  };
}

async function auditReveal(ctx: Ctx, actor: Actor, l: Prepared, action: string, extra: Record<string, unknown>) {
  await auditNow(ctx.db, actor, {
    action, entityType: 'ledger', entityId: l.id, regionId: l.region.id,
    detail: { code: l.code, fields: l.plan.columns.filter((c) => c.sensitive).map((c) => c.key), ...extra },
  });
}

export async function ledgerRows(ctx: Ctx, actor: Actor, id: string, q: { regionId?: number; period?: string; reveal: boolean; page: number; pageSize: number }) {
  const l = await prepareLedger(ctx, actor, id, q.regionId);
  const reveal = mayReveal(actor, l.plan, q.reveal);
  const b = buildQuery(l.plan, actor, l.region, reveal);
  const total = (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${b.from} WHERE ${b.where}`, b.p.values))[0].n;
  const items = await pageFetcher(ctx, l.plan, b, reveal)((q.page - 1) * q.pageSize, q.pageSize);
  let groups: { key: string[]; count: number }[] = [];
  if (b.groupSelect) {
    const keys = l.plan.def.groupBy.map((_, i) => i + 1).join(', ');
    const g = await ctx.db.query<Record<string, unknown>>(`SELECT ${b.groupSelect}, count(*)::int AS n FROM ${b.from} WHERE ${b.where} GROUP BY ${keys} ORDER BY ${keys} LIMIT 500`, b.p.values);
    groups = g.map((r) => ({
      key: l.plan.def.groupBy.map((field, i) => {
        const f = l.plan.fields[field];
        const v = r[`g${i}`];
        if (v === null || v === undefined) return '（空）';
        return f.type === 'enum' && f.options ? f.options[String(v)] ?? String(v) : f.type === 'bool' ? (v ? '是' : '否') : String(v);
      }),
      count: Number(r.n),
    }));
  }
  if (reveal) await auditReveal(ctx, actor, l, 'ledger.reveal', { rows: items.length, page: q.page });
  return {
    title: l.name, regionName: l.region.name, period: periodLabel(q.period),
    columns: l.plan.columns.map((c) => ({ key: c.key, label: c.label })), items, groups, total, page: q.page, pageSize: q.pageSize, revealed: reveal,
  };
}

/**
 * All rows of a ledger in order, for exports and snapshots: the ordered ids once, then the columns page by page.
 * Memory holds the id list (about 80 bytes a row) and one page of rows.
 */
export async function* allRows(ctx: Ctx, actor: Actor, l: { plan: Plan; region: Region }, reveal: boolean, pageSize = 2000, db: Queryable = ctx.db): AsyncGenerator<Record<string, Cell>> {
  const b = buildQuery(l.plan, actor, l.region, reveal, { idsOnly: true });
  const ids = (await db.query<{ id: string }>(`SELECT ${b.select} FROM ${b.from} WHERE ${b.where} ORDER BY ${b.order}`, b.p.values)).map((r) => r.id);
  for (let i = 0; i < ids.length; i += pageSize) {
    const q = buildPageByIds(l.plan, actor, reveal, ids.slice(i, i + pageSize));
    for (const r of await db.query<Record<string, unknown>>(q.text, q.values)) yield formatRow(ctx, l.plan, r, reveal);
  }
}

type ExportQuery = { regionId?: number; period?: string; reveal: boolean; preparedBy?: string; reviewedBy?: string };

export function headerLines(l: { name: string; region: { name: string } }, actor: Actor, q: ExportQuery) {
  const preparer = q.preparedBy ?? actor.label.replace(/\(.*\)$/, '');
  return {
    title: l.name,
    subtitle: `社区：${l.region.name}    期间：${periodLabel(q.period)}`,
    footer: `制表人：${preparer}    审核人：${q.reviewedBy ?? '__________'}    制表日期：${today()}`,
  };
}

/** Streams the whole ledger (any size) into an xlsx, page by page. */
export async function ledgerXlsx(ctx: Ctx, actor: Actor, id: string, q: ExportQuery) {
  const l = await prepareLedger(ctx, actor, id, q.regionId);
  const reveal = mayReveal(actor, l.plan, q.reveal);
  await auditReveal(ctx, actor, l, reveal ? 'ledger.export.reveal' : 'ledger.export', { format: 'xlsx' });
  const pageSize = Number(await getSetting<number>(ctx.db, 'ledger.export_page_size', 2000));
  const columns = l.plan.columns.map((c) => ({ header: c.label, key: c.key, width: c.width ?? (c.field.type === 'text' ? 18 : 12) }));
  const stream = xlsxStream(l.name, columns, allRows(ctx, actor, l, reveal, pageSize), headerLines(l, actor, q));
  return { stream, filename: `${l.name}-${l.region.name}-${q.period ?? today().slice(0, 7)}.xlsx` };
}

export async function ledgerPdf(ctx: Ctx, actor: Actor, id: string, q: ExportQuery) {
  const l = await prepareLedger(ctx, actor, id, q.regionId);
  const reveal = mayReveal(actor, l.plan, q.reveal);
  const b = buildQuery(l.plan, actor, l.region, reveal);
  const max = Number(await getSetting<number>(ctx.db, 'ledger.pdf_max_rows', 2000));
  const total = (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${b.from} WHERE ${b.where}`, b.p.values))[0].n;
  if (total > max) throw new AppError('VALIDATION', `台账共 ${total} 行，超过 PDF 上限 ${max} 行，请导出 Excel 或缩小范围`, `${total} rows exceed the PDF limit of ${max}; export xlsx instead`);
  await auditReveal(ctx, actor, l, reveal ? 'ledger.export.reveal' : 'ledger.export', { format: 'pdf' });
  const rows = await pageFetcher(ctx, l.plan, b, reveal)(0, max);
  const h = headerLines(l, actor, q);
  const wide = l.plan.columns.length > 6;
  const pdf = await renderPdf({
    pageOrientation: wide ? 'landscape' : 'portrait',
    pageMargins: [30, 40, 30, 40],
    defaultStyle: { fontSize: wide ? 7 : 9, lineHeight: 1.2 },
    content: [
      { text: h.title, fontSize: 16, alignment: 'center', margin: [0, 0, 0, 6] },
      { text: h.subtitle, margin: [0, 0, 0, 8] },
      {
        table: {
          headerRows: 1,
          widths: l.plan.columns.map(() => '*'),
          body: [
            l.plan.columns.map((c) => ({ text: c.label, bold: true, fillColor: '#eeeeee' })),
            ...rows.map((r) => l.plan.columns.map((c) => String(r[c.key] ?? ''))),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: `共 ${rows.length} 条`, margin: [0, 6, 0, 0] },
      { text: h.footer, margin: [0, 12, 0, 0] },
    ],
  });
  return { pdf, filename: `${l.name}-${l.region.name}-${q.period ?? today().slice(0, 7)}.pdf` };
}
