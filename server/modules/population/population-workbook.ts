// Reading the spreadsheets communities really keep: a merged title row, two-level headers, local column names,
// signature lines at the bottom, CSV in UTF-8 or GBK. Rows are streamed, so a million-row file never sits in memory
// as cells (xlsx through exceljs' streaming reader, csv through csv-parse).
import fs from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { ImportField } from '../../../contracts/population.ts';

export type SheetRow = { rowNo: number; cells: unknown[] };
export type SheetSource = { data?: Buffer; path?: string; name: string };

/** Cell objects (rich text, formulas, hyperlinks) → plain values; strings trimmed. */
export function plainCell(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? null : s;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return plainCell(o.richText.map((t) => t.text).join(''));
    if ('result' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if (o.error) return null;
  }
  return String(v);
}

export function cellText(v: unknown): string | null {
  const p = plainCell(v);
  if (p === null) return null;
  if (p instanceof Date) return p.toISOString().slice(0, 10);
  return String(p);
}

function isCsv(name: string) {
  return /\.(csv|txt)$/i.test(name);
}

/** UTF-8 when it decodes cleanly, otherwise GB18030 (Excel's "CSV" on Chinese Windows). */
function decodeCsv(buf: Buffer): string {
  const utf8 = buf.toString('utf8');
  if (!utf8.includes('\uFFFD')) return utf8.replace(/^\uFEFF/, '');
  return new TextDecoder('gb18030').decode(buf);
}

/** The end of a slice of about `size` characters: just after a newline that is not inside a quoted cell. */
function sliceEnd(text: string, start: number, size: number): number {
  if (start + size >= text.length) return text.length;
  let inQuote = false;
  const target = start + size;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) inQuote = !inQuote; // a doubled quote toggles twice: still right
    else if (ch === 10 && !inQuote && i >= target) return i + 1;
  }
  return text.length;
}

export async function* readRows(src: SheetSource): AsyncGenerator<SheetRow> {
  for await (const batch of readRowBatches(src)) yield* batch;
}

/** Rows in arrays of up to a few thousand: a million awaits per file cost more than the parsing itself. */
export async function* readRowBatches(src: SheetSource): AsyncGenerator<SheetRow[]> {
  if (isCsv(src.name)) {
    const text = decodeCsv(src.data ?? fs.readFileSync(src.path!));
    // csv-parse's synchronous parser on ~4 MB slices cut at a line end outside quotes: 4–5× faster than
    // iterating its stream record by record, and a quoted cell with a line break still stays whole.
    let rowNo = 0;
    for (let start = 0; start < text.length; ) {
      const end = sliceEnd(text, start, 4 << 20);
      const records = parseCsvSync(text.slice(start, end), { relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
      yield records.map((rec) => ({ rowNo: ++rowNo, cells: rec.map((c) => plainCell(c)) }));
      start = end;
    }
    return;
  }
  // exceljs's streaming reader now and then fails with "reading 'sheets'" when it meets a worksheet entry before
  // workbook.xml. That happens before any row is read, so one fresh attempt is safe; rows are never yielded twice.
  for (let attempt = 1; ; attempt++) {
    let yielded = false;
    try {
      for await (const batch of xlsxBatches(src)) {
        yielded = true;
        yield batch;
      }
      return;
    } catch (e) {
      if (yielded || attempt >= 2 || !(e instanceof TypeError) || !/sheets/.test(e.message)) throw e;
    }
  }
}

async function* xlsxBatches(src: SheetSource): AsyncGenerator<SheetRow[]> {
  const input = src.path ? src.path : Readable.from(src.data!);
  const wb = new ExcelJS.stream.xlsx.WorkbookReader(input as string, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const ws of wb) {
    let batch: SheetRow[] = [];
    for await (const row of ws) {
      const values = (row.values as unknown[]) ?? [];
      // exceljs rows are 1-based (values[0] is empty)
      batch.push({ rowNo: row.number, cells: values.slice(1).map((c) => plainCell(c)) });
      if (batch.length >= 2000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    return; // the first sheet only
  }
}

const SYNONYMS: [ImportField, string[]][] = [
  ['name', ['姓名', '名字', '居民姓名', '人员姓名', '户主姓名及成员']],
  ['docNumber', ['公民身份号码', '身份证号', '身份证号码', '证件号码', '证件号', '身份证', '身份号码', '居民身份证号码', '身份证件号码']],
  ['docType', ['证件类型', '证件种类', '证件名称']],
  ['gender', ['性别']],
  ['birthDate', ['出生日期', '出生年月', '出生年月日', '生日']],
  ['phone', ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', '电话号码', '联系手机']],
  ['ethnicity', ['民族']],
  ['education', ['文化程度', '学历']],
  ['politicalStatus', ['政治面貌']],
  ['maritalStatus', ['婚姻状况', '婚姻状态', '婚否']],
  ['employment', ['就业状况', '就业情况', '职业', '工作单位', '职业或工作单位']],
  ['registeredAddress', ['户籍地址', '户籍地', '户口所在地', '户籍所在地', '户籍住址', '户籍详址']],
  ['residencyType', ['人口类型', '人员类型', '人口类别', '居住类型', '户籍类型', '人员类别']],
  ['relationToHead', ['与户主关系', '与户主的关系', '关系']],
  ['householdNo', ['户号', '户编号', '户籍户号']],
  ['building', ['楼号', '楼栋', '楼栋号', '楼栋名称']],
  ['unit', ['单元', '单元号']],
  ['room', ['房号', '门牌号', '室', '房间号', '房屋号']],
  ['formerNames', ['曾用名']],
  ['gridCode', ['网格编号', '网格代码', '所属网格编号']],
];

/** "身份证号码\n(18位)*" → "身份证号码" */
export function normalizeHeader(h: string): string {
  return h.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*:：★☆※]/g, '').replace(/必填|选填/g, '');
}

export function fieldForHeader(raw: string | null): ImportField | null {
  if (!raw) return null;
  const h = normalizeHeader(raw);
  if (!h) return null;
  for (const [field, names] of SYNONYMS) if (names.includes(h)) return field;
  // "户主身份证号", "本人联系电话": a known name at the end of a longer header
  let best: { field: ImportField; len: number } | null = null;
  for (const [field, names] of SYNONYMS) {
    for (const n of names) if (n.length >= 2 && h.endsWith(n) && (!best || n.length > best.len)) best = { field, len: n.length };
  }
  return best?.field ?? null;
}

const SIGNATURE = /制表|填表|填报|审核|负责人|签字|签名|盖章|日期[:：]|联系人[:：]|合计|总计|说明[:：]|备注[:：]|注[:：]/;

/** Empty rows, and the signature / stamp / totals lines at the bottom of a register, are not data. */
export function isIgnorableRow(cells: unknown[]): boolean {
  const texts = cells.map(cellText).filter((t): t is string => t !== null);
  if (!texts.length) return true;
  return texts.length <= 3 && SIGNATURE.test(texts.join(' '));
}

export type HeaderInfo = { headerRow: number; dataStart: number; headers: string[]; mapping: Record<string, ImportField | null> };

/**
 * The header is the row (among the first 30) where most cells name a known field. Title rows above it are ignored;
 * with two-level headers, a column empty in that row takes its name from the row above (a cell merged downwards,
 * e.g. 姓名 spanning both header rows while 基本信息 splits into 性别 | 出生日期 | 身份证号).
 */
export function detectHeader(rows: SheetRow[]): HeaderInfo | null {
  let best: { i: number; score: number } | null = null;
  rows.slice(0, 30).forEach((r, i) => {
    const fields = new Set(r.cells.map((c) => fieldForHeader(cellText(c))).filter(Boolean));
    if (fields.size >= 2 && (!best || fields.size > best.score)) best = { i, score: fields.size };
  });
  if (!best) return null;
  const { i } = best as { i: number; score: number };
  // Two header rows: when the next row also names fields, it is the lower level and this row the upper one.
  const next = rows[i + 1];
  const nextFields = next && next.rowNo === rows[i].rowNo + 1 ? new Set(next.cells.map((c) => fieldForHeader(cellText(c))).filter(Boolean)).size : 0;
  const row = nextFields >= 2 ? next : rows[i];
  const upper = nextFields >= 2 ? rows[i] : i > 0 ? rows[i - 1] : null;
  const above = upper && upper.rowNo === row.rowNo - 1 ? upper : null;
  const width = Math.max(row.cells.length, above?.cells.length ?? 0);
  const headers: string[] = [];
  const mapping: Record<string, ImportField | null> = {};
  const used = new Set<ImportField>();
  for (let c = 0; c < width; c++) {
    let h = cellText(row.cells[c]);
    if (!h && above) h = cellText(above.cells[c]);
    headers.push(h ?? '');
    const f = fieldForHeader(h);
    // The first column with a field wins; a second "电话" column stays unmapped until the user chooses.
    mapping[String(c)] = f && !used.has(f) ? f : null;
    if (f) used.add(f);
  }
  return { headerRow: row.rowNo, dataStart: row.rowNo + 1, headers, mapping };
}

export const REQUIRED_FIELDS: ImportField[] = ['name', 'docNumber'];
