// The certificate as a PDF: title, serial number, the filled text, purpose and validity, the issuing body and
// date, and a QR code to the public verification page. A revoked certificate carries a watermark.
import { qrDataUrl, renderPdf, zhDate } from '../../lib/pdf.ts';

export type CertPdfInput = {
  title: string;
  serialNo: string;
  body: string;
  purpose: string;
  validUntil: string | null;
  issuer: string;
  issuedAt: Date;
  verifyUrl: string;
  revoked: boolean;
  preview?: boolean;
};

export async function certificatePdf(c: CertPdfInput): Promise<Buffer> {
  const qr = await qrDataUrl(c.verifyUrl);
  const paragraphs = c.body.split(/\n+/).filter((s) => s.trim()).map((s) => ({ text: s.trim(), margin: [0, 0, 0, 10], leadingIndent: 22 }));
  const watermark = c.revoked ? { text: '已撤销 作废', color: '#c00', opacity: 0.25, bold: true } : c.preview ? { text: '预览 不作证明使用', color: '#888', opacity: 0.2 } : undefined;
  return renderPdf({
    info: { title: c.title, subject: c.serialNo, creator: 'Linli 邻里' },
    ...(watermark ? { watermark } : {}),
    content: [
      { text: c.title, fontSize: 24, alignment: 'center', margin: [0, 20, 0, 6], characterSpacing: 6 },
      { text: `编号：${c.serialNo}`, alignment: 'right', fontSize: 10, margin: [0, 0, 0, 24] },
      ...paragraphs,
      ...(c.purpose ? [{ text: `用途：${c.purpose}`, margin: [0, 10, 0, 0] }] : []),
      { text: c.validUntil ? `本证明有效期至 ${zhDate(c.validUntil)}。` : '', margin: [0, 6, 0, 0] },
      {
        margin: [0, 48, 0, 0],
        columns: [
          { width: 130, stack: [{ image: qr, width: 110 }, { text: '扫码核验真伪', fontSize: 9, alignment: 'left', margin: [8, 2, 0, 0] }] },
          { width: '*', stack: [{ text: c.issuer, alignment: 'right' }, { text: '（盖章）', alignment: 'right', color: '#999' }, { text: zhDate(c.issuedAt), alignment: 'right' }] },
        ],
      },
      { text: `核验网址：${c.verifyUrl}`, fontSize: 8, color: '#666', margin: [0, 24, 0, 0] },
    ],
  });
}
