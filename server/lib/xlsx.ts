// Streaming xlsx export with bounded memory. Every text cell is defused so none can start a formula.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

export type Column = { header: string; key: string; width?: number };

/** Text starting with = + - @ (or tab/CR) would run as a formula in Excel: prefix it with an apostrophe. */
export function safeCell(v: unknown): unknown {
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
}

/**
 * Writes rows from an async iterator into an xlsx stream. Rows are committed one by one, so memory stays
 * flat however many rows there are. Optional title and footer lines frame the table (ledgers use them).
 */
export function xlsxStream(
  sheetName: string,
  columns: Column[],
  rows: AsyncIterable<Record<string, unknown>>,
  opts: { title?: string; subtitle?: string; footer?: string } = {},
): PassThrough {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width ?? 16 }));
  (async () => {
    if (opts.title) {
      const r = ws.addRow([opts.title]);
      r.font = { bold: true, size: 14 };
      r.commit();
    }
    if (opts.subtitle) ws.addRow([opts.subtitle]).commit();
    const head = ws.addRow(columns.map((c) => c.header));
    head.font = { bold: true };
    head.commit();
    for await (const row of rows) {
      ws.addRow(columns.map((c) => safeCell(row[c.key]))).commit();
    }
    if (opts.footer) ws.addRow([opts.footer]).commit();
    ws.commit();
    await wb.commit();
  })().catch((e) => out.destroy(e as Error));
  return out;
}

/** Pages through a query so an export never holds the whole result set. */
export async function* pagedRows<T>(fetch: (offset: number, limit: number) => Promise<T[]>, pageSize = 2000): AsyncGenerator<T> {
  for (let offset = 0; ; offset += pageSize) {
    const page = await fetch(offset, pageSize);
    for (const r of page) yield r;
    if (page.length < pageSize) return;
  }
}

export function contentDisposition(filename: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
