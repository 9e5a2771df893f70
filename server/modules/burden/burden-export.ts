// The burden account as an xlsx workbook a street hands to the district: one sheet per department, one per
// community and month, each with the standard title line, region and period, and the preparer's footer.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Actor, Ctx } from '../../lib/context.ts';
import { safeCell } from '../../lib/xlsx.ts';
import { burdenSummary } from './burden.service.ts';
import { today } from '../admission/admission-dates.ts';

type Col = { header: string; key: string; width?: number };
const COUNT_COLS: Col[] = [
  { header: '检查（次）', key: 'inspection' }, { header: '考核评比（次）', key: 'assessment' }, { header: '会议（次）', key: 'meeting' },
  { header: '统计报表（份）', key: 'report' }, { header: '挂牌（块）', key: 'signboard' }, { header: '其他', key: 'other' }, { header: '登记耗时（小时）', key: 'loggedHours' },
];
const DEPT_COLS: Col[] = [
  { header: '部门', key: 'departmentName', width: 28 }, { header: '申请下派事项', key: 'tasksRequested' }, { header: '准入', key: 'tasksApproved' },
  { header: '不予准入', key: 'tasksRefused' }, { header: '退回', key: 'tasksReturned' }, { header: '待审核', key: 'tasksPending' },
  { header: '预估工作量（小时）', key: 'estimatedHours' }, { header: '已拨经费（元）', key: 'fundsSent' }, { header: '应随事转经费（元）', key: 'fundsOwed' }, ...COUNT_COLS,
];
const COMMUNITY_COLS: Col[] = [
  { header: '社区', key: 'communityName', width: 20 }, { header: '月份', key: 'month', width: 10 }, { header: '下达任务', key: 'tasks' },
  { header: '任务预估工时', key: 'estimatedHours' }, ...COUNT_COLS,
];

export async function burdenWorkbook(ctx: Ctx, actor: Actor, query: { regionId?: number; from?: string; to?: string }) {
  const s = await burdenSummary(ctx, actor, query);
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = (name: string, title: string, cols: Col[], rows: Record<string, unknown>[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = cols.map((c) => ({ key: c.key, width: c.width ?? 14 }));
    const t = ws.addRow([title]);
    t.font = { bold: true, size: 14 };
    t.commit();
    ws.addRow([`区域：${s.regionName}    期间：${s.from} 至 ${s.to}`]).commit();
    const h = ws.addRow(cols.map((c) => c.header));
    h.font = { bold: true };
    h.commit();
    for (const r of rows) ws.addRow(cols.map((c) => safeCell(r[c.key]))).commit();
    ws.addRow([]).commit();
    ws.addRow([`制表人：${actor.label.replace(/\(.*\)$/, '')}    审核人：          日期：${today()}`]).commit();
    ws.commit();
  };
  (async () => {
    sheet('按部门', `${s.regionName}社区负担统计（按部门）`, DEPT_COLS, s.departments);
    sheet('按社区按月', `${s.regionName}社区负担统计（按社区、按月）`, COMMUNITY_COLS, s.communities);
    await wb.commit();
  })().catch((e) => out.destroy(e as Error));
  return { stream: out, filename: `社区负担统计-${s.regionName}-${s.from}至${s.to}.xlsx` };
}
