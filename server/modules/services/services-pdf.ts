// Receipt (受理回执) with the number and a QR code to the progress page, and the one-time notice
// (一次性告知书) listing everything missing at once, so a resident never comes back twice for the same item.
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { auditNow } from '../../lib/audit.ts';
import { qrDataUrl, renderPdf, zhDate } from '../../lib/pdf.ts';
import { loadItem, toItem } from './services-catalogue.ts';
import { getApplication, STATUS_ZH } from './services.service.ts';

const fee = (cents: number, note: string) => (cents === 0 ? '免费' : `${(cents / 100).toFixed(2)} 元${note ? `（${note}）` : ''}`);

function table(rows: string[][], widths: (number | string)[]) {
  return { table: { widths, body: rows.map((r) => r.map((c) => ({ text: c, margin: [4, 3, 4, 3] }))) }, layout: 'lightHorizontalLines', margin: [0, 6, 0, 10] };
}

export async function receiptPdf(ctx: Ctx, actor: Actor, id: string): Promise<{ pdf: Buffer; no: string }> {
  const a = await getApplication(ctx, actor, id);
  const item = toItem(await loadItem(ctx.db, a.itemId));
  const qr = await qrDataUrl(a.progressUrl);
  const provided = a.materials.filter((m) => m.provided).map((m) => m.name);
  await auditNow(ctx.db, actor, { action: 'application.receipt', entityType: 'application', entityId: id, regionId: a.communityId, detail: { no: a.no } });
  const pdf = await renderPdf({
    info: { title: `受理回执 ${a.no}` },
    content: [
      { text: `${a.communityName}便民服务站`, alignment: 'center', fontSize: 12 },
      { text: '受理回执', fontSize: 22, alignment: 'center', margin: [0, 4, 0, 16] },
      table([
        ['办件编号', a.no], ['服务事项', a.itemName], ['申请人', a.applicantName], ['受理渠道', a.channel === 'window' ? '窗口受理' : '网上申请'],
        ['申请日期', zhDate(a.createdAt)], ['当前状态', STATUS_ZH[a.status]], ['承诺时限', `${item.timeLimitDays} 个工作日`],
        ['预计办结', a.dueDate ? zhDate(a.dueDate) : '材料齐全受理后计算'], ['收费标准', fee(item.feeCents, item.feeNote)],
        ['已收材料', provided.length ? provided.join('、') : '无'], ...(a.missing.length ? [['待补材料', a.missing.join('、')]] : []),
      ], [90, '*']),
      {
        columns: [
          { width: 130, stack: [{ image: qr, width: 110 }, { text: '扫码查询办理进度', fontSize: 9, margin: [6, 2, 0, 0] }] },
          { width: '*', stack: [{ text: '温馨提示：', margin: [0, 8, 0, 2] }, { text: '请妥善保管本回执，凭回执和本人身份证件领取办理结果。', fontSize: 10 }, { text: '办理完成后，请对我们的服务进行评价。', fontSize: 10 }] },
        ],
      },
      { text: `查询网址：${a.progressUrl}`, fontSize: 8, color: '#666', margin: [0, 16, 0, 0] },
    ],
  });
  return { pdf, no: a.no };
}

export async function noticePdf(ctx: Ctx, actor: Actor, id: string): Promise<{ pdf: Buffer; no: string }> {
  const a = await getApplication(ctx, actor, id);
  if (!a.missing.length) throw new AppError('INVALID_STATE', '材料齐全，无需一次性告知', 'Nothing is missing');
  const item = toItem(await loadItem(ctx.db, a.itemId));
  const missing = item.materials.filter((m) => a.missing.includes(m.name));
  await auditNow(ctx.db, actor, { action: 'application.notice', entityType: 'application', entityId: id, regionId: a.communityId, detail: { no: a.no, missing: missing.map((m) => m.key) } });
  const pdf = await renderPdf({
    info: { title: `一次性告知书 ${a.no}` },
    content: [
      { text: '一次性告知书', fontSize: 22, alignment: 'center', margin: [0, 10, 0, 16] },
      { text: `${a.applicantName}：`, margin: [0, 0, 0, 6] },
      { text: `您申请办理的「${a.itemName}」（办件编号 ${a.no}），经审查，申请材料尚不齐全。现将需要补正的全部材料一次性告知如下：`, leadingIndent: 22 },
      table([['序号', '需补正的材料', '说明'], ...missing.map((m, i) => [String(i + 1), m.name, m.note || '—'])], [36, 160, '*']),
      ...(item.legalBasis ? [{ text: `办理依据：${item.legalBasis}`, fontSize: 10 }] : []),
      { text: `承诺时限：材料齐全受理后 ${item.timeLimitDays} 个工作日；收费：${fee(item.feeCents, item.feeNote)}。`, fontSize: 10, margin: [0, 4, 0, 0] },
      { text: '请备齐上述材料后到社区服务窗口补正，或在手机上补传材料。除上述材料外，不再要求您提供其他材料。', margin: [0, 10, 0, 0] },
      { text: `${a.communityName}便民服务站`, alignment: 'right', margin: [0, 40, 0, 0] },
      { text: zhDate(new Date()), alignment: 'right' },
    ],
  });
  return { pdf, no: a.no };
}
