// Validation rules for person data, pure (no database): the web form, the API and the importer all use them,
// so a row is judged the same way wherever it comes from. Every failure carries a Chinese and an English message.
import { parseResidentId, normalizeIdInput } from '../../lib/id-number.ts';

export type RuleError = { field: string; zh: string; en: string };
export type DocType = 'resident_id' | 'passport' | 'hk_macao_permit' | 'taiwan_permit' | 'foreign_pr';
export type Gender = 'M' | 'F';
export type Residency = 'registered' | 'resident' | 'floating' | 'overseas' | 'separated';

const FULLWIDTH_DIGIT = /[\uFF10-\uFF19]/g;
const toHalfDigits = (s: string) => s.replace(FULLWIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48));

// Middle dots as they appear in real spreadsheets (·, •, ・, ‧, ･, ．between names): one canonical U+00B7.
const DOTS = /[\u00B7\u2022\u30FB\u2027\uFF65\u2219\u22C5\u0387]/g;

/** Trims, removes spaces inside Chinese names, unifies middle dots. Latin names keep single inner spaces. */
export function normalizeName(raw: string): string {
  let s = raw.replace(/[\u3000\u00A0]/g, ' ').trim().replace(DOTS, '·');
  s = s.replace(/\s*·\s*/g, '·');
  if (/[\u4E00-\u9FFF]/.test(s)) s = s.replace(/\s+/g, '');
  else s = s.replace(/\s+/g, ' ');
  return s;
}

export function checkName(raw: string | null | undefined): { ok: true; value: string } | { ok: false; error: RuleError } {
  const s = normalizeName(raw ?? '');
  if (!s) return { ok: false, error: { field: 'name', zh: '姓名不能为空', en: 'The name is required' } };
  if (s.length > 40) return { ok: false, error: { field: 'name', zh: '姓名过长（最多 40 个字符）', en: 'The name is too long (at most 40 characters)' } };
  if (/^·|·$|··/.test(s)) return { ok: false, error: { field: 'name', zh: `姓名「${s}」中的间隔号位置不正确`, en: 'Misplaced middle dot in the name' } };
  // Chinese characters (incl. extension A and rare-character blocks), the middle dot, Latin letters for foreign names.
  if (!/^[\u3400-\u9FFF\uF900-\uFAFF\u{20000}-\u{2FA1F}·A-Za-z .'-]+$/u.test(s)) {
    return { ok: false, error: { field: 'name', zh: `姓名「${s}」含有数字或不允许的符号`, en: 'The name contains digits or characters that are not allowed' } };
  }
  return { ok: true, value: s };
}

/**
 * Phones: mobile numbers (11 digits, 1[3-9]) and landlines WITH area code (0531-88886666 → 053188886666) are accepted,
 * because many elderly residents only have a landline. Dashes, spaces, brackets, full-width digits and a +86/0086
 * prefix are removed. A landline without its area code is refused (it cannot be dialled from elsewhere), as are
 * extensions. The canonical form is digits only; that is what the blind index hashes.
 */
export function normalizePhone(raw: string | number | null | undefined): { ok: true; value: string | null; kind: 'mobile' | 'landline' | null } | { ok: false; error: RuleError } {
  if (raw === null || raw === undefined) return { ok: true, value: null, kind: null };
  let s = toHalfDigits(String(raw)).replace(/[\s\u3000\-–—()（）.]/g, '');
  if (!s) return { ok: true, value: null, kind: null };
  s = s.replace(/^(\+86|0086)/, '');
  if (/^1[3-9]\d{9}$/.test(s)) return { ok: true, value: s, kind: 'mobile' };
  if (/^0[1-9]\d{1,2}\d{7,8}$/.test(s) && s.length >= 10 && s.length <= 12) return { ok: true, value: s, kind: 'landline' };
  if (/^\d{7,8}$/.test(s)) return { ok: false, error: { field: 'phone', zh: `固定电话「${raw}」缺少区号，请写成如 0531-88886666`, en: 'A landline needs its area code, e.g. 0531-88886666' } };
  return { ok: false, error: { field: 'phone', zh: `联系电话「${raw}」格式不正确（手机 11 位，固话需带区号）`, en: 'Invalid phone (11-digit mobile, or landline with area code)' } };
}

/** Formats a canonical phone for display: 0531-88886666, mobiles unchanged. */
export function formatPhone(p: string): string {
  if (p.startsWith('0')) {
    const area = /^0(10|2\d)/.test(p) ? 3 : 4;
    return `${p.slice(0, area)}-${p.slice(area)}`;
  }
  return p;
}

function validYmd(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Excel's day 1 is 1900-01-01, and it counts the non-existent 1900-02-29 (the Lotus bug): day 60 is skipped. */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const days = Math.floor(serial) - (serial >= 61 ? 1 : 0);
  const dt = new Date(Date.UTC(1899, 11, 31) + days * 86400000);
  return dt.toISOString().slice(0, 10);
}

/**
 * Dates as communities type them: 1950-3-2, 1950.3.2, 1950/03/02, 1950年3月2日, 19500302, Excel serials and
 * Date cells. Returns 'YYYY-MM-DD'. Impossible dates (1950-2-30) and future dates are refused.
 */
export function parseLooseDate(raw: unknown, field = 'birthDate', today = new Date()): { ok: true; value: string | null } | { ok: false; error: RuleError } {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  let iso: string | null = null;
  let bad = false;
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) bad = true;
    // exceljs gives date cells as UTC midnight; add 12 h so any local offset stays on the same day
    else iso = new Date(raw.getTime() + 12 * 3600000).toISOString().slice(0, 10);
  } else if (typeof raw === 'number') {
    iso = raw > 19000000 && raw < 30000000 ? ymd(String(raw)) : excelSerialToDate(raw);
    if (!iso) bad = true;
  } else {
    const s = toHalfDigits(String(raw)).trim().replace(/\s+/g, '');
    let m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(s);
    if (m) {
      if (!validYmd(+m[1], +m[2], +m[3])) bad = true;
      else iso = `${m[1]}-${pad(+m[2])}-${pad(+m[3])}`;
    } else if (/^\d{8}$/.test(s)) {
      iso = ymd(s);
      if (!iso) bad = true;
    } else if (/^\d{4,5}(\.\d+)?$/.test(s)) {
      iso = excelSerialToDate(Number(s));
      if (!iso) bad = true;
    } else if ((m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(s))) {
      iso = `${m[1]}-${m[2]}-${m[3]}`;
    } else bad = true;
  }
  const label = field === 'birthDate' ? '出生日期' : '日期';
  if (bad || !iso) return { ok: false, error: { field, zh: `${label}「${String(raw)}」不是有效日期（可写作 1950-3-2、1950.3.2 或 1950年3月2日）`, en: `"${String(raw)}" is not a valid date` } };
  if (Number(iso.slice(0, 4)) < 1880) return { ok: false, error: { field, zh: `${label} ${iso} 早于 1880 年，请核对`, en: `The date ${iso} is before 1880` } };
  if (iso > today.toISOString().slice(0, 10)) return { ok: false, error: { field, zh: `${label} ${iso} 晚于今天`, en: `The date ${iso} is in the future` } };
  return { ok: true, value: iso };
}

function ymd(s: string): string | null {
  const y = +s.slice(0, 4), m = +s.slice(4, 6), d = +s.slice(6, 8);
  return validYmd(y, m, d) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null;
}

export function parseGender(raw: unknown): { ok: true; value: Gender | null } | { ok: false; error: RuleError } {
  if (raw === null || raw === undefined || String(raw).trim() === '') return { ok: true, value: null };
  const s = String(raw).trim().toLowerCase();
  if (['男', 'm', 'male', '1', '男性'].includes(s)) return { ok: true, value: 'M' };
  if (['女', 'f', 'female', '2', '女性'].includes(s)) return { ok: true, value: 'F' };
  return { ok: false, error: { field: 'gender', zh: `性别「${raw}」无法识别（应为 男 或 女）`, en: 'Gender must be 男 (M) or 女 (F)' } };
}

const DOC_TYPE_LABELS: [DocType, string[]][] = [
  ['resident_id', ['居民身份证', '身份证', 'resident_id', '二代身份证']],
  ['passport', ['护照', 'passport', '外国护照']],
  ['hk_macao_permit', ['港澳居民来往内地通行证', '港澳通行证', '回乡证', '港澳居民居住证', 'hk_macao_permit']],
  ['taiwan_permit', ['台湾居民来往大陆通行证', '台胞证', '台湾居民居住证', 'taiwan_permit']],
  ['foreign_pr', ['外国人永久居留身份证', '外国人永久居留证', '永久居留证', 'foreign_pr']],
];

export function parseDocType(raw: unknown): DocType | null {
  if (raw === null || raw === undefined || String(raw).trim() === '') return 'resident_id';
  const s = String(raw).trim().toLowerCase();
  for (const [code, labels] of DOC_TYPE_LABELS) if (labels.some((l) => l.toLowerCase() === s)) return code;
  return null;
}

const RESIDENCY_LABELS: [Residency, string[]][] = [
  ['registered', ['户籍', '户籍人口', '本地户籍', 'registered']],
  ['resident', ['常住', '常住人口', '寄住', 'resident']],
  ['floating', ['流动', '流动人口', '外来', '暂住', 'floating']],
  ['overseas', ['境外', '境外人员', '外籍', 'overseas']],
  ['separated', ['人户分离', '户在人不在', '人在户不在', 'separated']],
];

export function parseResidency(raw: unknown): Residency | null {
  if (raw === null || raw === undefined || String(raw).trim() === '') return 'registered';
  const s = String(raw).trim().toLowerCase();
  for (const [code, labels] of RESIDENCY_LABELS) if (labels.includes(s)) return code;
  return null;
}

export const RESIDENCY_ZH: Record<Residency, string> = { registered: '户籍', resident: '常住', floating: '流动', overseas: '境外', separated: '人户分离' };
export const DOC_TYPE_ZH: Record<DocType, string> = { resident_id: '居民身份证', passport: '护照', hk_macao_permit: '港澳居民来往内地通行证', taiwan_permit: '台湾居民来往大陆通行证', foreign_pr: '外国人永久居留身份证' };

/** Other document types: letters and digits only, checked for plausible length; the canonical form is upper case. */
export function checkDocument(docType: DocType, raw: string, today = new Date()):
  | { ok: true; value: string; birthDate: string | null; gender: Gender | null; converted15: boolean }
  | { ok: false; error: RuleError } {
  if (!raw || !String(raw).trim()) return { ok: false, error: { field: 'docNumber', zh: '证件号码不能为空', en: 'The document number is required' } };
  if (docType === 'resident_id') {
    const r = parseResidentId(String(raw), today);
    if (!r.ok) return { ok: false, error: { field: 'docNumber', zh: r.zh, en: r.en } };
    return { ok: true, value: r.id, birthDate: r.birthDate, gender: r.gender, converted15: r.converted15 };
  }
  const v = normalizeIdInput(String(raw));
  if (!/^[A-Z0-9]{6,20}$/.test(v)) return { ok: false, error: { field: 'docNumber', zh: `${DOC_TYPE_ZH[docType]}号码「${raw}」格式不正确（6–20 位字母或数字）`, en: 'The document number must be 6–20 letters or digits' } };
  return { ok: true, value: v, birthDate: null, gender: null, converted15: false };
}

export type PersonFacts = {
  name: string;
  docType: DocType;
  docNumber: string;
  gender: Gender | null;
  birthDate: string | null;
  phone: string | null;
  residencyType: Residency;
};

export type RawPerson = {
  name?: unknown;
  docType?: unknown;
  docNumber?: unknown;
  gender?: unknown;
  birthDate?: unknown;
  phone?: unknown;
  residencyType?: unknown;
};

/**
 * Judges the identity fields of one person. Birth date and gender come from a resident ID; a birth-date or
 * gender column that disagrees with the ID is an error (someone typed one of them wrong), never silently replaced.
 */
export function checkPerson(raw: RawPerson, today = new Date()): { ok: true; value: PersonFacts; notes: string[] } | { ok: false; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const notes: string[] = [];
  const name = checkName(raw.name === undefined || raw.name === null ? '' : String(raw.name));
  if (!name.ok) errors.push(name.error);
  const docType = parseDocType(raw.docType);
  if (!docType) errors.push({ field: 'docType', zh: `证件类型「${raw.docType}」无法识别`, en: 'Unknown document type' });
  const gender = parseGender(raw.gender);
  if (!gender.ok) errors.push(gender.error);
  const birth = parseLooseDate(raw.birthDate, 'birthDate', today);
  if (!birth.ok) errors.push(birth.error);
  const phone = normalizePhone(raw.phone as string | number | null | undefined);
  if (!phone.ok) errors.push(phone.error);
  const residency = parseResidency(raw.residencyType);
  if (!residency) errors.push({ field: 'residencyType', zh: `人口类型「${raw.residencyType}」无法识别（户籍/常住/流动/境外/人户分离）`, en: 'Unknown residency type' });
  let docValue = '';
  let birthDate: string | null = birth.ok ? birth.value : null;
  let g: Gender | null = gender.ok ? gender.value : null;
  if (docType) {
    const doc = checkDocument(docType, raw.docNumber === undefined || raw.docNumber === null ? '' : String(raw.docNumber), today);
    if (!doc.ok) errors.push(doc.error);
    else {
      docValue = doc.value;
      if (doc.converted15) notes.push('15 位身份证号已升位为 18 位');
      if (doc.birthDate) {
        if (birth.ok && birth.value && birth.value !== doc.birthDate) {
          errors.push({ field: 'birthDate', zh: `出生日期 ${birth.value} 与身份证号中的 ${doc.birthDate} 不一致`, en: `Birth date ${birth.value} disagrees with ${doc.birthDate} in the ID number` });
        }
        birthDate = doc.birthDate;
      }
      if (doc.gender) {
        if (gender.ok && gender.value && gender.value !== doc.gender) {
          errors.push({ field: 'gender', zh: `性别「${gender.value === 'M' ? '男' : '女'}」与身份证号（${doc.gender === 'M' ? '男' : '女'}）不一致`, en: 'The gender disagrees with the ID number' });
        }
        g = doc.gender;
      }
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { name: (name as { value: string }).value, docType: docType!, docNumber: docValue, gender: g, birthDate, phone: phone.ok ? phone.value : null, residencyType: residency! }, notes };
}

export function errorsZh(errors: RuleError[]): string {
  return errors.map((e) => e.zh).join('；');
}
export function errorsEn(errors: RuleError[]): string {
  return errors.map((e) => e.en).join('; ');
}

export type TagAttrDef = { key: string; label: string; type: 'text' | 'number' | 'date' | 'enum'; options?: string[]; required?: boolean };

/** Tag attributes against the tag type's declared attributes: unknown keys, missing required values, wrong types. */
export function checkTagAttributes(defs: TagAttrDef[], input: Record<string, unknown>, today = new Date()): { ok: true; value: Record<string, unknown> } | { ok: false; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const out: Record<string, unknown> = {};
  const known = new Set(defs.map((d) => d.key));
  for (const k of Object.keys(input)) {
    if (!known.has(k)) errors.push({ field: `attributes.${k}`, zh: `该标签没有属性「${k}」`, en: `Unknown attribute "${k}"` });
  }
  for (const d of defs) {
    const v = input[d.key];
    const empty = v === undefined || v === null || v === '';
    if (empty) {
      if (d.required) errors.push({ field: `attributes.${d.key}`, zh: `请填写「${d.label}」`, en: `"${d.key}" is required` });
      continue;
    }
    if (d.type === 'number') {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (!Number.isFinite(n)) errors.push({ field: `attributes.${d.key}`, zh: `「${d.label}」应为数字`, en: `"${d.key}" must be a number` });
      else out[d.key] = n;
    } else if (d.type === 'date') {
      // Review and end dates may lie in the future, so only the format is checked here.
      const r = parseLooseDate(v, `attributes.${d.key}`, new Date(Date.UTC(today.getUTCFullYear() + 100, 0, 1)));
      if (!r.ok) errors.push({ ...r.error, zh: `「${d.label}」${r.error.zh.replace(/^日期/, '')}` });
      else out[d.key] = r.value;
    } else if (d.type === 'enum') {
      if (!d.options?.includes(String(v))) errors.push({ field: `attributes.${d.key}`, zh: `「${d.label}」应为：${(d.options ?? []).join('、')}`, en: `"${d.key}" must be one of ${(d.options ?? []).join(', ')}` });
      else out[d.key] = String(v);
    } else {
      const s = String(v).trim();
      if (s.length > 200) errors.push({ field: `attributes.${d.key}`, zh: `「${d.label}」过长`, en: `"${d.key}" is too long` });
      else out[d.key] = s;
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}

/** Age in whole years on a day. */
export function ageOn(birthDate: string, today = new Date()): number {
  const t = today.toISOString().slice(0, 10);
  let a = Number(t.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (t.slice(5) < birthDate.slice(5)) a--;
  return a;
}
