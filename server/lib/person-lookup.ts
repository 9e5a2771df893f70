// A small, scoped person picker for counters (certificate issuing, window intake): name prefix, pinyin
// initials, the last 4 digits of the document number, or a full ID number (exact, by blind index). Masked
// output only. The population module's full search (/api/persons) does more; this is what a window needs.
import type { Actor, Ctx } from './context.ts';
import { params, likeEscape } from './sql.ts';
import { scopeSql } from './scope.ts';
import { maskDocLast4 } from './mask.ts';
import { normalizeIdInput } from './id-number.ts';

export type PersonBrief = { id: string; name: string; gender: string | null; birthYear: number | null; docMasked: string | null; address: string; communityName: string };

export async function lookupPersons(ctx: Ctx, actor: Actor, text: string): Promise<PersonBrief[]> {
  const q = text.trim();
  if (!q) return [];
  const p = params();
  let cond: string;
  const id = normalizeIdInput(q);
  if (/^\d{17}[\dX]$/.test(id) || /^\d{15}$/.test(id)) cond = `x.doc_bidx = ${p.add(ctx.crypto.blindIndex('doc', id))}`;
  else if (/^\d{3}[\dXx]$/.test(q)) cond = `x.doc_last4 = ${p.add(q.toUpperCase())}`;
  else if (/^[a-zA-Z]+$/.test(q)) cond = `x.name_initials LIKE ${p.add(likeEscape(q.toLowerCase()) + '%')}`;
  else cond = `x.name LIKE ${p.add(likeEscape(q) + '%')}`;
  const rows = await ctx.db.query<{ id: string; name: string; gender: string | null; birth_date: string | null; doc_last4: string | null; address: string; community_name: string }>(
    `SELECT x.id, x.name, x.gender, x.birth_date, x.doc_last4, c.name AS community_name,
            coalesce(c.name || b.name || h.unit || '单元' || h.room || '室', x.registered_address, '') AS address
     FROM persons x JOIN regions c ON c.id = x.community_id LEFT JOIN houses h ON h.id = x.house_id LEFT JOIN buildings b ON b.id = h.building_id
     WHERE x.status = 'living' AND ${cond} AND ${scopeSql(actor, p, { community: 'x.community_id', grid: 'x.grid_id' })}
     ORDER BY x.name, x.id LIMIT 20`,
    p.values,
  );
  return rows.map((r) => ({
    id: r.id, name: r.name, gender: r.gender === 'M' ? '男' : r.gender === 'F' ? '女' : null, birthYear: r.birth_date ? Number(r.birth_date.slice(0, 4)) : null,
    docMasked: maskDocLast4(r.doc_last4), address: r.address, communityName: r.community_name,
  }));
}
