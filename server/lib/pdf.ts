// PDFs (certificates, receipts, notices) with pdfmake 0.3 and an embedded Chinese font (Noto Sans SC, subset
// by pdfkit, so a page is ~10–20 KB). QR codes as PNG data URLs. pdfmake may read only the font file: no URLs,
// no other local paths, so user text can never pull in a resource.
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const FONT_FILE = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const PDF_FONT = 'NotoSansSC';

let configured = false;
function configure() {
  if (configured) return;
  pdfmake.setFonts({ [PDF_FONT]: { normal: FONT_FILE, bold: FONT_FILE, italics: FONT_FILE, bolditalics: FONT_FILE } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => p === FONT_FILE);
  configured = true;
}

/** Renders a pdfmake document definition (A4 and the Chinese font by default) to a Buffer. */
export async function renderPdf(doc: Record<string, unknown>): Promise<Buffer> {
  configure();
  const defaultStyle = { font: PDF_FONT, fontSize: 11, lineHeight: 1.4, ...((doc.defaultStyle as object | undefined) ?? {}) };
  return pdfmake.createPdf({ pageSize: 'A4', pageMargins: [56, 56, 56, 56], ...doc, defaultStyle }).getBuffer();
}

export async function qrDataUrl(text: string, width = 240): Promise<string> {
  return QRCode.toDataURL(text, { margin: 1, width, errorCorrectionLevel: 'M' });
}

/** 2026-11-22 → 2026年11月22日 (the date as Chinese official documents write it). */
export function zhDate(d: Date | string): string {
  const s = typeof d === 'string' ? d.slice(0, 10) : shanghaiDate(d);
  const [y, m, day] = s.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
}

/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving) as YYYY-MM-DD. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
