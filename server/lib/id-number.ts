// Resident identity numbers (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence
// (odd = male), check character from ISO 7064 MOD 11-2.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Full-width digits and X, spaces, lower-case x → canonical form. */
export function normalizeIdInput(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

export type IdParse =
  | { ok: true; id: string; birthDate: string; gender: 'M' | 'F'; converted15: boolean }
  | { ok: false; zh: string; en: string };

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Validates an 18-digit number, or converts a 15-digit first-generation number (19xx births). */
export function parseResidentId(raw: string, today = new Date()): IdParse {
  let id = normalizeIdInput(raw);
  let converted15 = false;
  if (/^\d{15}$/.test(id)) {
    id = id.slice(0, 6) + '19' + id.slice(6);
    id += checkChar(id);
    converted15 = true;
  }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, zh: '身份证号应为 18 位（最后一位可为 X）或 15 位数字', en: 'A resident ID has 18 characters (last may be X) or 15 digits' };
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  if (!validDate(y, m, d) || y < 1880) return { ok: false, zh: `身份证号中的出生日期 ${id.slice(6, 14)} 不是有效日期`, en: `The birth date ${id.slice(6, 14)} in the ID is not a real date` };
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (new Date(`${birth}T00:00:00Z`) > today) return { ok: false, zh: `身份证号中的出生日期 ${birth} 晚于今天`, en: `The birth date ${birth} in the ID is in the future` };
  if (!converted15 && checkChar(id) !== id[17]) return { ok: false, zh: '身份证号校验位不正确，请核对号码', en: 'The ID check digit is wrong' };
  return { ok: true, id, birthDate: birth, gender: Number(id[16]) % 2 === 1 ? 'M' : 'F', converted15 };
}

export function makeResidentId(area: string, birthDate: string, seq: number, gender: 'M' | 'F'): string {
  let s = seq % 1000;
  if ((s % 2 === 1) !== (gender === 'M')) s = (s + 1) % 1000;
  const first17 = area + birthDate.replace(/-/g, '') + String(s).padStart(3, '0');
  return first17 + checkChar(first17);
}
