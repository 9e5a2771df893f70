// Export any search result to xlsx, streamed page by page (memory stays flat at a million rows). ID numbers and
// phones are masked unless the caller asked for them and holds person.reveal; every export is audited, and one that
// reveals says so. xlsxStream defuses formula-like text in every cell.
import type { PassThrough } from 'node:stream';
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { auditNow } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import { pagedRows, xlsxStream, type Column } from '../../lib/xlsx.ts';
import type { SearchQuery } from '../../../contracts/population.ts';
import { buildSearch } from './population-search.ts';
import { PERSON_JOINS, personSelect, toPerson, type PersonRow } from './population-common.ts';
import { DOC_TYPE_ZH, RESIDENCY_ZH } from './population-rules.ts';

const COLUMNS: Column[] = [
  { header: '姓名', key: 'name', width: 12 }, { header: '性别', key: 'gender', width: 6 }, { header: '出生日期', key: 'birthDate', width: 12 },
  { header: '年龄', key: 'age', width: 6 }, { header: '证件类型', key: 'docType', width: 14 }, { header: '证件号码', key: 'docNumber', width: 22 },
  { header: '联系电话', key: 'phone', width: 15 }, { header: '民族', key: 'ethnicity', width: 8 }, { header: '人口类型', key: 'residency', width: 10 },
  { header: '社区', key: 'community', width: 12 }, { header: '网格', key: 'grid', width: 10 }, { header: '现住址', key: 'address', width: 22 },
  { header: '户籍地址', key: 'registeredAddress', width: 26 }, { header: '与户主关系', key: 'relation', width: 10 }, { header: '状态', key: 'status', width: 8 },
  { header: '人员标签', key: 'tags', width: 24 },
];
const STATUS_ZH = { living: '在住', moved_out: '已迁出', deceased: '已死亡' } as const;

export async function exportPersons(ctx: Ctx, actor: Actor, q: SearchQuery & { reveal?: boolean }): Promise<{ stream: PassThrough; filename: string }> {
  const reveal = !!q.reveal && can(actor, 'person.reveal');
  const filters = Object.fromEntries(Object.entries(q).filter(([k, v]) => v !== undefined && !['page', 'pageSize', 'reveal'].includes(k)));
  // A search box holding an ID number or phone must not land in the audit log in full.
  if (typeof filters.q === 'string' && /\d{5,}/.test(filters.q)) filters.q = `***${filters.q.slice(-4)}`;
  await auditNow(ctx.db, actor, { action: reveal ? 'person.export.reveal' : 'person.export', entityType: 'person', regionId: actor.scopeRegionId, detail: { filters, revealed: reveal } });
  const fetchPage = async (offset: number, limit: number) => {
    const p = params();
    const s = buildSearch(ctx, actor, q, p);
    const rows = await ctx.db.query<PersonRow>(
      `SELECT ${personSelect(actor, p)} FROM (SELECT p.* FROM ${s.from} WHERE ${s.where} ORDER BY ${s.order}, p.id LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}) p ${PERSON_JOINS} ORDER BY ${s.order}, p.id`,
      p.values,
    );
    return rows.map((r) => {
      const x = toPerson(ctx, r, { reveal });
      return {
        name: x.name, gender: x.gender === 'M' ? '男' : x.gender === 'F' ? '女' : '', birthDate: x.birthDate, age: x.age, docType: DOC_TYPE_ZH[x.docType],
        docNumber: x.docNumber, phone: x.phone, ethnicity: x.ethnicity, residency: RESIDENCY_ZH[x.residencyType], community: x.communityName, grid: x.gridName,
        address: x.address, registeredAddress: x.registeredAddress, relation: x.relationToHead, status: STATUS_ZH[x.status], tags: x.tags.map((t) => t.name).join('、'),
      };
    });
  };
  const stamp = new Date().toISOString().slice(0, 10);
  const stream = xlsxStream('人员名单', COLUMNS, pagedRows(fetchPage, 2000), {
    title: '人员名单', subtitle: `导出时间 ${stamp}${reveal ? '（含完整证件号码，注意保密）' : '（证件号码、电话已脱敏）'}`,
  });
  return { stream, filename: `人员名单-${stamp}.xlsx` };
}

/** Rejected rows as a workbook: row number, the original cells, and an error column to fix them by. */
export function errorsStream(headers: string[], rows: AsyncIterable<{ row: number; reason: string; cells: unknown[] }>): PassThrough {
  const columns: Column[] = [{ header: '原表行号', key: 'row', width: 10 }, ...headers.map((h, i) => ({ header: h || `第${i + 1}列`, key: `c${i}`, width: 16 })), { header: '错误原因', key: 'reason', width: 50 }];
  async function* shaped() {
    for await (const r of rows) {
      const out: Record<string, unknown> = { row: r.row, reason: r.reason };
      headers.forEach((_, i) => (out[`c${i}`] = r.cells[i] ?? null));
      yield out;
    }
  }
  return xlsxStream('错误行', columns, shaped(), { title: '导入未通过的行（改正后可重新导入）' });
}

export async function importErrorsWorkbook(ctx: Ctx, actor: Actor, importId: string, headers: string[]): Promise<{ stream: PassThrough; filename: string }> {
  await auditNow(ctx.db, actor, { action: 'person.import.errors', entityType: 'person_import', entityId: importId, regionId: actor.scopeRegionId });
  const fetchPage = async (offset: number, limit: number) => {
    const rows = await ctx.db.query<{ row_no: number; reason_zh: string; data_enc: string | null }>(
      'SELECT row_no, reason_zh, data_enc FROM person_import_rejects WHERE import_id = $1 ORDER BY row_no LIMIT $2 OFFSET $3', [importId, limit, offset]);
    return rows.map((r) => ({ row: r.row_no, reason: r.reason_zh, cells: r.data_enc ? (JSON.parse(ctx.crypto.decrypt(r.data_enc)) as unknown[]) : [] }));
  };
  return { stream: errorsStream(headers, pagedRows(fetchPage, 2000)), filename: `导入错误行-${importId.slice(0, 8)}.xlsx` };
}
