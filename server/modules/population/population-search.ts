// Person search. One box recognises what was typed: a full ID number (blind index), its last 4 digits, a phone
// (blind index), pinyin or initials ("zs" → 张三), or a name. 1–2 Chinese characters use the btree prefix index
// (trigrams need 3+ characters); 3+ use the trigram index. Filters narrow it down; the caller's scope always applies.
import type { Actor, Ctx } from '../../lib/context.ts';
import { params, likeEscape, type Params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import { visibleTagSql } from '../../lib/tags.ts';
import { normalizeIdInput, parseResidentId } from '../../lib/id-number.ts';
import type { SearchQuery } from '../../../contracts/population.ts';
import { normalizePhone } from './population-rules.ts';
import { PERSON_JOINS, personSelect, toPerson, type PersonRow } from './population-common.ts';

export const COUNT_LIMIT = 1000;

const AGE_BANDS: Record<string, [number, number | null]> = { '0-6': [0, 6], '7-17': [7, 17], '18-34': [18, 34], '35-59': [35, 59], '60-79': [60, 79], '80+': [80, null] };

/** Birth dates for an age range on a day: age ≥ min ⇔ born on or before today − min years. */
function birthRange(min: number | undefined, max: number | null | undefined, today: Date): { from: string | null; to: string | null } {
  const shift = (years: number, days = 0) => {
    const d = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate()));
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  return { to: min !== undefined ? shift(min) : null, from: max !== undefined && max !== null ? shift(max + 1, 1) : null };
}

/** indexOrder: the order comes from an index, so the capped count may follow it too and stop early. */
export type BuiltSearch = { from: string; where: string; order: string; matchedBy: string; indexOrder: boolean };

/** Turns the text box into one indexed condition. */
function textCondition(ctx: Ctx, p: Params, raw: string): { cond: string; matchedBy: string; order?: string } {
  const q = raw.trim();
  const compact = normalizeIdInput(q);
  if (/^\d{15}$|^\d{17}[\dX]$/.test(compact)) {
    const r = parseResidentId(compact);
    const id = r.ok ? r.id : compact;
    return { cond: `p.doc_bidx = ${p.add(ctx.crypto.blindIndex('doc', id))}`, matchedBy: 'docNumber' };
  }
  if (/^\d{3}[\dX]$/.test(compact)) return { cond: `p.doc_last4 = ${p.add(compact)}`, matchedBy: 'docLast4' };
  const phone = /^[\d\s+\-()（）]{7,}$/.test(q) ? normalizePhone(q) : null;
  if (phone?.ok && phone.value) return { cond: `p.phone_bidx = ${p.add(ctx.crypto.blindIndex('phone', phone.value))}`, matchedBy: 'phone' };
  if (/^[A-Z]{1,2}\d{6,}$/.test(compact)) return { cond: `p.doc_bidx = ${p.add(ctx.crypto.blindIndex('doc', compact))}`, matchedBy: 'docNumber' };
  if (/^[a-zA-Z]+$/.test(q)) {
    const s = likeEscape(q.toLowerCase());
    // Only consonants ("zs", "wxl") are initials; anything with a vowel is full pinyin ("zhangsan", "zhangs", "li").
    // One column each, so the prefix range also gives the order and the page stops early. (Initials of vowel
    // syllables, e.g. 欧阳 "oy", are found by their full pinyin "ouyang".)
    if (!/[aeiouv]/.test(s)) return { cond: `p.name_initials COLLATE "C" LIKE ${p.add(`${s}%`)}`, matchedBy: 'pinyin', order: 'p.name_initials COLLATE "C", p.id' };
    return { cond: `p.name_pinyin COLLATE "C" LIKE ${p.add(`${s}%`)}`, matchedBy: 'pinyin', order: 'p.name_pinyin COLLATE "C", p.id' };
  }
  const name = q.replace(/\s+/g, '');
  const s = likeEscape(name);
  // "C" collation: the prefix LIKE and the ORDER BY both use persons_name_c_idx (migration 0004).
  if ([...name].length <= 2) return { cond: `p.name COLLATE "C" LIKE ${p.add(`${s}%`)}`, matchedBy: 'namePrefix', order: 'p.name COLLATE "C", p.id' };
  return { cond: `(p.name LIKE ${p.add(`%${s}%`)})`, matchedBy: 'name' };
}

export function buildSearch(ctx: Ctx, actor: Actor, q: SearchQuery, p: Params, today = new Date()): BuiltSearch {
  const where = [scopeSql(actor, p, { community: 'p.community_id', grid: 'p.grid_id' })];
  let matchedBy = 'filters';
  let order = 'p.community_id, p.household_id, p.id';
  let indexOrder = false;
  if (q.q) {
    const t = textCondition(ctx, p, q.q);
    where.push(t.cond);
    matchedBy = t.matchedBy;
    if (t.order) {
      order = t.order;
      indexOrder = true;
    }
  }
  if (q.status !== 'all') where.push(`p.status = ${p.add(q.status)}`);
  if (q.gender) where.push(`p.gender = ${p.add(q.gender)}`);
  if (q.residencyType) where.push(`p.residency_type = ${p.add(q.residencyType)}`);
  if (q.communityId) where.push(`p.community_id = ${p.add(q.communityId)}`);
  if (q.gridId) where.push(`p.grid_id = ${p.add(q.gridId)}`);
  if (q.householdId) where.push(`p.household_id = ${p.add(q.householdId)}`);
  if (q.buildingId) where.push(`p.house_id IN (SELECT id FROM houses WHERE building_id = ${p.add(q.buildingId)})`);
  let from = 'persons p';
  if (q.tag && !q.q) {
    // A tag list is driven from person_tags (tag_code, person_id): person order for free, early stop after a page.
    // A sensitive tag the caller may not see matches nothing, so the filter reveals nothing either.
    from = 'person_tags ptf JOIN persons p ON p.id = ptf.person_id';
    const tag = p.add(q.tag);
    where.push(`ptf.tag_code = ${tag}`, scopeSql(actor, p, { community: 'ptf.community_id' }), `EXISTS (SELECT 1 FROM tag_types t WHERE t.code = ${tag} AND ${visibleTagSql(actor, p)})`);
    order = 'p.id';
    indexOrder = true;
  } else if (q.tag) {
    where.push(`EXISTS (SELECT 1 FROM person_tags pt JOIN tag_types t ON t.code = pt.tag_code
      WHERE pt.person_id = p.id AND pt.tag_code = ${p.add(q.tag)} AND ${visibleTagSql(actor, p)})`);
  }
  const band = q.ageBand ? AGE_BANDS[q.ageBand] : null;
  const min = band ? band[0] : q.ageMin;
  const max = band ? band[1] : q.ageMax;
  if (min !== undefined || (max !== undefined && max !== null)) {
    const r = birthRange(min, max, today);
    if (r.to) where.push(`p.birth_date <= ${p.add(r.to)}`);
    if (r.from) where.push(`p.birth_date >= ${p.add(r.from)}`);
  }
  if (q.address) {
    const a = `%${likeEscape(q.address)}%`;
    where.push(`(p.registered_address LIKE ${p.add(a)} OR p.house_id IN (SELECT h.id FROM houses h JOIN buildings b ON b.id = h.building_id
      WHERE b.address LIKE ${p.add(a)} OR (b.name || h.unit || '单元' || h.room) LIKE ${p.add(`%${likeEscape(q.address.replace(/\s+/g, ''))}%`)}))`);
  }
  return { from, where: where.join(' AND '), order, matchedBy, indexOrder };
}

export async function searchPersons(ctx: Ctx, actor: Actor, q: SearchQuery) {
  const p = params();
  const s = buildSearch(ctx, actor, q, p);
  const countP = params([...p.values]);
  // Counting is capped: "1,000+" is as useful to a person as the exact figure, and far cheaper at a million rows.
  const count = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${s.from} WHERE ${s.where} ${s.indexOrder ? `ORDER BY ${s.order.replace(/, p\.id$/, '')}` : ''} LIMIT ${COUNT_LIMIT + 1}) x`, countP.values);
  const sel = personSelect(actor, p);
  const rows = await ctx.db.query<PersonRow>(
    `SELECT ${sel} FROM (SELECT p.* FROM ${s.from} WHERE ${s.where} ORDER BY ${s.order} LIMIT ${p.add(q.pageSize)} OFFSET ${p.add((q.page - 1) * q.pageSize)}) p ${PERSON_JOINS} ORDER BY ${s.order}`,
    p.values,
  );
  const total = Math.min(count[0].n, COUNT_LIMIT);
  return { items: rows.map((r) => toPerson(ctx, r)), total, totalCapped: count[0].n > COUNT_LIMIT, page: q.page, pageSize: q.pageSize, matchedBy: s.matchedBy };
}
