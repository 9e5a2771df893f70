// Unit tests for every validation rule (no database).
import { describe, expect, it } from 'vitest';
import { checkChar, makeResidentId, normalizeIdInput, parseResidentId } from '../../lib/id-number.ts';
import {
  ageOn, checkDocument, checkName, checkPerson, checkTagAttributes, excelSerialToDate, formatPhone, normalizeName, normalizePhone,
  parseDocType, parseGender, parseLooseDate, parseResidency,
} from './population-rules.ts';

const TODAY = new Date('2026-11-22T00:00:00Z');
const ID_M = makeResidentId('370102', '1950-03-02', 11, 'M'); // male, born 1950-03-02
const ID_F = makeResidentId('370102', '1988-12-31', 22, 'F');

describe('resident ID (GB 11643)', () => {
  it('accepts a number with the right check digit and derives birth date and gender', () => {
    const r = parseResidentId(ID_M, TODAY);
    expect(r).toMatchObject({ ok: true, id: ID_M, birthDate: '1950-03-02', gender: 'M', converted15: false });
    expect(parseResidentId(ID_F, TODAY)).toMatchObject({ ok: true, gender: 'F', birthDate: '1988-12-31' });
  });
  it('computes the ISO 7064 MOD 11-2 check character (known example 11010519491231002X)', () => {
    expect(checkChar('11010519491231002')).toBe('X');
    expect(parseResidentId('11010519491231002X', TODAY).ok).toBe(true);
  });
  it('refuses a wrong check digit with a Chinese message', () => {
    const wrong = ID_M.slice(0, 17) + (ID_M[17] === '1' ? '2' : '1');
    const r = parseResidentId(wrong, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.zh).toContain('校验位');
  });
  it('converts the 15-digit first-generation number to 18 digits', () => {
    const r = parseResidentId('370102500302011', TODAY);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.id).toHaveLength(18);
      expect(r.id.slice(0, 17)).toBe('37010219500302011');
      expect(r.id[17]).toBe(checkChar(r.id.slice(0, 17)));
      expect(r.birthDate).toBe('1950-03-02');
      expect(r.gender).toBe('M');
      expect(r.converted15).toBe(true);
    }
  });
  it('normalises full-width digits, spaces and lower-case x', () => {
    expect(normalizeIdInput('１１０１０５ 1949 1231 002ｘ')).toBe('11010519491231002X');
    expect(normalizeIdInput(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(parseResidentId('１１０１０５１９４９１２３１００２x', TODAY).ok).toBe(true);
  });
  it('refuses impossible dates (Feb 30, month 13) and future birth dates', () => {
    const feb30 = '37010219500230011';
    expect(parseResidentId(feb30 + checkChar(feb30), TODAY)).toMatchObject({ ok: false });
    const m13 = '37010219501301011';
    expect(parseResidentId(m13 + checkChar(m13), TODAY)).toMatchObject({ ok: false });
    const future = makeResidentId('370102', '2027-01-01', 1, 'M');
    const r = parseResidentId(future, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.zh).toContain('晚于今天');
  });
  it('refuses wrong lengths and letters', () => {
    expect(parseResidentId('12345', TODAY).ok).toBe(false);
    expect(parseResidentId('37010219500302011A', TODAY).ok).toBe(false);
  });
});

describe('names', () => {
  it('keeps the middle dot and unifies its variants', () => {
    expect(checkName('阿不都·热合曼')).toEqual({ ok: true, value: '阿不都·热合曼' });
    expect(normalizeName('阿不都•热合曼')).toBe('阿不都·热合曼');
    expect(normalizeName('阿不都 ・ 热合曼')).toBe('阿不都·热合曼');
  });
  it('trims trailing and full-width spaces and removes spaces inside Chinese names', () => {
    expect(checkName('张三  ')).toEqual({ ok: true, value: '张三' });
    expect(checkName('\u3000王 小 明\u3000')).toEqual({ ok: true, value: '王小明' });
  });
  it('accepts Latin names of foreigners', () => {
    expect(checkName(' John  SMITH ')).toEqual({ ok: true, value: 'John SMITH' });
  });
  it('refuses empty names, digits and misplaced dots', () => {
    expect(checkName('  ').ok).toBe(false);
    expect(checkName('张3').ok).toBe(false);
    expect(checkName('·热合曼').ok).toBe(false);
    expect(checkName('阿不都··热合曼').ok).toBe(false);
  });
});

describe('phones', () => {
  it('accepts mobiles with dashes, spaces, +86 and full-width digits', () => {
    expect(normalizePhone('138-0013-8000')).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
    expect(normalizePhone('+86 138 0013 8000')).toMatchObject({ value: '13800138000' });
    expect(normalizePhone('１３８００１３８０００')).toMatchObject({ value: '13800138000' });
    expect(normalizePhone(13800138000)).toMatchObject({ value: '13800138000' });
  });
  it('accepts landlines with area code and formats them', () => {
    expect(normalizePhone('0531-88886666')).toEqual({ ok: true, value: '053188886666', kind: 'landline' });
    expect(normalizePhone('(010) 6512 3456')).toMatchObject({ value: '01065123456', kind: 'landline' });
    expect(formatPhone('053188886666')).toBe('0531-88886666');
    expect(formatPhone('01065123456')).toBe('010-65123456');
  });
  it('refuses landlines without area code and garbage', () => {
    const r = normalizePhone('88886666');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.zh).toContain('区号');
    expect(normalizePhone('1380013800').ok).toBe(false);
    expect(normalizePhone('abc').ok).toBe(false);
  });
  it('treats empty as no phone', () => {
    expect(normalizePhone('')).toEqual({ ok: true, value: null, kind: null });
    expect(normalizePhone(null)).toEqual({ ok: true, value: null, kind: null });
  });
});

describe('dates', () => {
  it.each([
    ['1950-3-2', '1950-03-02'], ['1950.3.2', '1950-03-02'], ['1950/03/02', '1950-03-02'], ['1950年3月2日', '1950-03-02'],
    ['19500302', '1950-03-02'], [18324, '1950-03-02'], ['18324', '1950-03-02'], [new Date(Date.UTC(1950, 2, 2)), '1950-03-02'], [19500302, '1950-03-02'],
  ])('%s → %s', (raw, iso) => {
    expect(parseLooseDate(raw, 'birthDate', TODAY)).toEqual({ ok: true, value: iso });
  });
  it('handles the Excel 1900 leap-year bug', () => {
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45000)).toBe('2023-03-15');
  });
  it('refuses impossible and future dates', () => {
    expect(parseLooseDate('1950-2-30', 'birthDate', TODAY).ok).toBe(false);
    expect(parseLooseDate('1950年13月1日', 'birthDate', TODAY).ok).toBe(false);
    const f = parseLooseDate('2030-1-1', 'birthDate', TODAY);
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.error.zh).toContain('晚于今天');
    expect(parseLooseDate('明天', 'birthDate', TODAY).ok).toBe(false);
    expect(parseLooseDate('1850-1-1', 'birthDate', TODAY).ok).toBe(false);
  });
  it('computes ages', () => {
    expect(ageOn('1950-03-02', TODAY)).toBe(76);
    expect(ageOn('1950-12-31', TODAY)).toBe(75);
  });
});

describe('codes from labels', () => {
  it('gender, document type and residency from Chinese labels', () => {
    expect(parseGender('男')).toEqual({ ok: true, value: 'M' });
    expect(parseGender(' 女 ')).toEqual({ ok: true, value: 'F' });
    expect(parseGender('?').ok).toBe(false);
    expect(parseDocType('身份证')).toBe('resident_id');
    expect(parseDocType('')).toBe('resident_id');
    expect(parseDocType('护照')).toBe('passport');
    expect(parseDocType('驾照')).toBeNull();
    expect(parseResidency('流动人口')).toBe('floating');
    expect(parseResidency('人户分离')).toBe('separated');
    expect(parseResidency(undefined)).toBe('registered');
    expect(parseResidency('外星')).toBeNull();
  });
  it('other documents: letters and digits, upper-cased', () => {
    expect(checkDocument('passport', 'e1234 5678', TODAY)).toMatchObject({ ok: true, value: 'E12345678' });
    expect(checkDocument('passport', '12', TODAY).ok).toBe(false);
  });
});

describe('a whole person', () => {
  it('derives birth date and gender from the ID', () => {
    const r = checkPerson({ name: '张三 ', docNumber: ID_M }, TODAY);
    expect(r).toMatchObject({ ok: true, value: { name: '张三', birthDate: '1950-03-02', gender: 'M', docType: 'resident_id', residencyType: 'registered' } });
  });
  it('agreeing columns are fine', () => {
    expect(checkPerson({ name: '张三', docNumber: ID_M, birthDate: '1950.3.2', gender: '男' }, TODAY).ok).toBe(true);
  });
  it('a disagreeing birth date column is an error, not an overwrite', () => {
    const r = checkPerson({ name: '张三', docNumber: ID_M, birthDate: '1950-3-3' }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ field: 'birthDate' });
    if (!r.ok) expect(r.errors[0].zh).toContain('不一致');
  });
  it('a disagreeing gender column is an error', () => {
    const r = checkPerson({ name: '张三', docNumber: ID_M, gender: '女' }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['gender']);
  });
  it('reports every problem of a row at once', () => {
    const r = checkPerson({ name: '', docNumber: '123', phone: '88886666', residencyType: '外星' }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field).sort()).toEqual(['docNumber', 'name', 'phone', 'residencyType']);
  });
  it('notes a converted 15-digit number', () => {
    const r = checkPerson({ name: '李四', docNumber: '370102500302011' }, TODAY);
    expect(r.ok && r.notes.length).toBe(1);
  });
});

describe('tag attributes', () => {
  const defs = [
    { key: 'category', label: '残疾类别', type: 'enum' as const, options: ['视力', '肢体'], required: true },
    { key: 'level', label: '等级', type: 'text' as const },
    { key: 'amount', label: '金额', type: 'number' as const },
    { key: 'nextReviewDate', label: '复核日期', type: 'date' as const },
  ];
  it('accepts valid values and coerces numbers and dates', () => {
    expect(checkTagAttributes(defs, { category: '视力', amount: '500', nextReviewDate: '2027.1.5' }, TODAY)).toEqual({ ok: true, value: { category: '视力', amount: 500, nextReviewDate: '2027-01-05' } });
  });
  it('refuses unknown keys, missing required values, bad enums and numbers', () => {
    const r = checkTagAttributes(defs, { category: '听觉', amount: 'x', foo: 1 }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field).sort()).toEqual(['attributes.amount', 'attributes.category', 'attributes.foo']);
    const m = checkTagAttributes(defs, {}, TODAY);
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.errors[0].zh).toContain('残疾类别');
  });
});
