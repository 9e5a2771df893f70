// Shared pieces of the population module: row shapes, masking, history, and where a new record belongs.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Params } from '../../lib/sql.ts';
import { visibleTagSql } from '../../lib/tags.ts';
import { assertRegionInScope, assertRowInScope } from '../../lib/scope.ts';
import { ageOn, formatPhone } from './population-rules.ts';
import { maskPhone } from '../../lib/mask.ts';

export type PersonRow = {
  id: string; community_id: number; grid_id: number | null; household_id: string | null; house_id: string | null;
  name: string; name_pinyin: string; name_initials: string; former_names: string[]; gender: 'M' | 'F' | null; birth_date: string | null;
  doc_type: 'resident_id' | 'passport' | 'hk_macao_permit' | 'taiwan_permit' | 'foreign_pr'; doc_enc: string | null; doc_bidx: string | null; doc_last4: string | null;
  phone_enc: string | null; phone_bidx: string | null; phone_last4: string | null;
  ethnicity: string | null; education: string | null; political_status: string | null; marital_status: string | null; employment: string | null;
  registered_address: string | null; residency_type: 'registered' | 'resident' | 'floating' | 'overseas' | 'separated'; relation_to_head: string | null;
  status: 'living' | 'moved_out' | 'deceased'; version: number; created_at: Date; updated_at: Date;
  community_name?: string | null; grid_name?: string | null; address?: string | null;
  tags?: { code: string; name: string; sensitive: boolean; attributes: Record<string, unknown>; enc: string | null; startDate: string | null; endDate: string | null }[];
};

/** Columns joined onto persons p for display: region names, current address, visible tags. */
export function personSelect(actor: Actor, p: Params): string {
  return `p.*, c.name AS community_name, g.name AS grid_name,
    CASE WHEN hs.id IS NULL THEN NULL ELSE b.name || ' ' || hs.unit || '单元 ' || hs.room || '室' END AS address,
    (SELECT coalesce(json_agg(json_build_object('code', t.code, 'name', t.name_zh, 'sensitive', t.sensitive, 'attributes', pt.attributes,
              'enc', pt.attributes_enc, 'startDate', pt.start_date, 'endDate', pt.end_date) ORDER BY t.sort), '[]'::json)
       FROM person_tags pt JOIN tag_types t ON t.code = pt.tag_code
      WHERE pt.person_id = p.id AND ${visibleTagSql(actor, p)}) AS tags`;
}
export const PERSON_JOINS = `JOIN regions c ON c.id = p.community_id LEFT JOIN regions g ON g.id = p.grid_id
  LEFT JOIN houses hs ON hs.id = p.house_id LEFT JOIN buildings b ON b.id = hs.building_id`;

export function maskDoc(docType: string, last4: string | null): string | null {
  if (!last4) return null;
  return (docType === 'resident_id' ? '*'.repeat(14) : '****') + last4;
}
export { maskPhone };

export function toPerson(ctx: Ctx, r: PersonRow, opts: { decryptTags?: boolean; reveal?: boolean; today?: Date } = {}) {
  const iso = (d: Date) => new Date(d).toISOString();
  return {
    id: r.id, communityId: Number(r.community_id), communityName: r.community_name ?? null, gridId: r.grid_id === null ? null : Number(r.grid_id), gridName: r.grid_name ?? null,
    householdId: r.household_id, houseId: r.house_id, name: r.name, namePinyin: r.name_pinyin, formerNames: r.former_names ?? [],
    gender: r.gender, birthDate: r.birth_date, age: r.birth_date ? ageOn(r.birth_date, opts.today) : null, docType: r.doc_type,
    docNumber: opts.reveal && r.doc_enc ? ctx.crypto.decrypt(r.doc_enc) : maskDoc(r.doc_type, r.doc_last4),
    phone: opts.reveal && r.phone_enc ? formatPhone(ctx.crypto.decrypt(r.phone_enc)) : maskPhone(r.phone_last4),
    ethnicity: r.ethnicity, education: r.education, politicalStatus: r.political_status, maritalStatus: r.marital_status, employment: r.employment,
    registeredAddress: r.registered_address, address: r.address ?? null, residencyType: r.residency_type, relationToHead: r.relation_to_head, status: r.status,
    version: r.version,
    tags: (r.tags ?? []).map((t) => ({
      code: t.code, name: t.name, sensitive: t.sensitive, startDate: t.startDate, endDate: t.endDate,
      attributes: t.enc ? (opts.decryptTags ? (JSON.parse(ctx.crypto.decrypt(t.enc)) as Record<string, unknown>) : {}) : t.attributes,
    })),
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

/** What history keeps of a person: never the full ID number or phone, only their last 4 digits. */
export function personSnapshot(r: PersonRow): Record<string, unknown> {
  return {
    name: r.name, formerNames: r.former_names, gender: r.gender, birthDate: r.birth_date, docType: r.doc_type, docLast4: r.doc_last4, phoneLast4: r.phone_last4,
    ethnicity: r.ethnicity, education: r.education, politicalStatus: r.political_status, maritalStatus: r.marital_status, employment: r.employment,
    registeredAddress: r.registered_address, residencyType: r.residency_type, relationToHead: r.relation_to_head, status: r.status,
    communityId: Number(r.community_id), gridId: r.grid_id === null ? null : Number(r.grid_id), householdId: r.household_id, houseId: r.house_id,
  };
}

/** Keeps only the keys whose values changed, so a history row says exactly what was edited. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {}, a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) {
      b[k] = before[k] ?? null;
      a[k] = after[k] ?? null;
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

export async function writeHistory(q: Queryable, actor: Actor, e: { type: string; id: string; communityId: number; action: string; before?: unknown; after?: unknown }) {
  await q.query('INSERT INTO entity_history (entity_type, entity_id, community_id, action, before, after, actor_id) VALUES ($1,$2,$3,$4,$5,$6,$7)',
    [e.type, e.id, e.communityId, e.action, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after), actor.userId]);
}

type HistoryRow = { id: number; entity_type: string; entity_id: string; action: string; before: unknown; after: unknown; actor: string | null; at: Date };

/** History of one record. Rows about sensitive tags the actor may not see are left out (their existence is secret too). */
export async function entityHistory(q: Queryable, actor: Actor, p: Params, type: string, id: string, limit = 200) {
  const typeRef = p.add(type), idRef = p.add(id);
  // Imported persons: their creation is the import itself (persons.import_id), shown as the oldest entry.
  const imported = type === 'person'
    ? `UNION ALL SELECT 0, 'person', x.id, 'import', NULL::jsonb, jsonb_build_object('importId', i.id, 'file', i.file_name, 'row', x.import_row), coalesce(u.display_name, '系统'), i.created_at
         FROM persons x JOIN person_imports i ON i.id = x.import_id LEFT JOIN users u ON u.id = i.created_by WHERE x.id = ${idRef}::uuid`
    : '';
  const rows = await q.query<HistoryRow>(
    `SELECT * FROM (
       SELECT h.id, h.entity_type, h.entity_id, h.action, h.before, h.after, coalesce(u.display_name, '系统') AS actor, h.at
         FROM entity_history h LEFT JOIN users u ON u.id = h.actor_id
        WHERE h.entity_type = ${typeRef} AND h.entity_id = ${idRef}::uuid
          AND (h.action NOT LIKE 'tag.%' OR EXISTS (SELECT 1 FROM tag_types t WHERE t.code = coalesce(h.after->>'tag', h.before->>'tag') AND ${visibleTagSql(actor, p)}))
       ${imported}) x
      ORDER BY at DESC, id DESC LIMIT ${p.add(limit)}`,
    p.values,
  );
  return rows.map((r) => ({ id: Number(r.id), entityType: r.entity_type, entityId: r.entity_id, action: r.action, before: r.before, after: r.after, actor: r.actor, at: new Date(r.at).toISOString() }));
}

type RegionRow = { id: number; level: string; parent_id: number | null; path: string };

/**
 * Where a new record goes: an explicit community (must be in scope), or the actor's own community (community and
 * grid actors). A grid worker's records land in their grid. District and street staff must say which community.
 */
export async function resolvePlacement(q: Queryable, actor: Actor, input: { communityId?: number; gridId?: number | null }): Promise<{ communityId: number; gridId: number | null }> {
  let communityId = input.communityId ?? null;
  let gridId = input.gridId ?? null;
  if (actor.scopeLevel === 'grid') {
    const g = await q.query<RegionRow>('SELECT id, level, parent_id, path FROM regions WHERE id = $1', [actor.scopeRegionId]);
    if (communityId && communityId !== Number(g[0].parent_id)) throw notFound('社区', 'Community');
    if (gridId && gridId !== actor.scopeRegionId) throw notFound('网格', 'Grid');
    return { communityId: Number(g[0].parent_id), gridId: actor.scopeRegionId };
  }
  if (!communityId) {
    if (actor.scopeLevel !== 'community') {
      throw new AppError('VALIDATION', '请选择所属社区', 'Choose the community', [{ path: 'communityId', messages: { 'zh-CN': '请选择所属社区', 'en-US': 'Choose the community' } }]);
    }
    communityId = actor.scopeRegionId;
  }
  const c = await q.query<RegionRow>('SELECT id, level, parent_id, path FROM regions WHERE id = $1', [communityId]);
  if (!c[0] || c[0].level !== 'community' || !c[0].path.startsWith(actor.scopePath)) throw notFound('社区', 'Community');
  if (gridId) {
    const g = await q.query<RegionRow>('SELECT id, level, parent_id, path FROM regions WHERE id = $1', [gridId]);
    if (!g[0] || g[0].level !== 'grid' || Number(g[0].parent_id) !== Number(communityId)) {
      throw new AppError('VALIDATION', '网格不属于该社区', 'The grid is not in that community', [{ path: 'gridId', messages: { 'zh-CN': '网格不属于该社区', 'en-US': 'The grid is not in that community' } }]);
    }
  }
  return { communityId: Number(communityId), gridId: gridId ? Number(gridId) : null };
}

/** Loads a scoped row (by table) or throws NOT_FOUND; FOR UPDATE when the caller is about to change it. */
export async function loadScoped<T extends { community_id: number; grid_id: number | null }>(q: Queryable, actor: Actor, table: string, id: string, what: [string, string], forUpdate = false): Promise<T> {
  const rows = await q.query<T>(`SELECT * FROM ${table} WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound(what[0], what[1]);
  try {
    await assertRowInScope(q, actor, rows[0]);
  } catch {
    throw notFound(what[0], what[1]);
  }
  return rows[0];
}

export { assertRegionInScope };
