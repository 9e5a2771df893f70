// Admission lists (准入清单): one current, published version per district, public to everyone; edits make a
// new draft version which replaces the current one when published (older versions stay readable).
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, invalidState, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import type { AdmissionItemInput } from '../../../contracts/admission.ts';

type ListRow = {
  id: string; district_id: number; district_name: string; district_path: string; version: number; title: string; status: 'draft' | 'published' | 'superseded';
  effective_from: string | null; published_at: Date | null; item_count: number;
};
type ItemRow = {
  id: string; code: string; kind: 'statutory' | 'assist' | 'negative'; title: string; legal_basis: string | null; department: string | null;
  funds_required: boolean; personnel_required: boolean; note: string | null;
};

const SELECT_LIST = `SELECT l.id, l.district_id, r.name AS district_name, r.path AS district_path, l.version, l.title, l.status, l.effective_from, l.published_at,
  (SELECT count(*)::int FROM admission_items i WHERE i.list_id = l.id) AS item_count
  FROM admission_lists l JOIN regions r ON r.id = l.district_id`;

const toList = (r: ListRow) => ({
  id: r.id, districtId: Number(r.district_id), districtName: r.district_name, version: r.version, title: r.title, status: r.status,
  effectiveFrom: r.effective_from, publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null, itemCount: r.item_count,
});
const toItem = (r: ItemRow) => ({
  id: r.id, code: r.code, kind: r.kind, title: r.title, legalBasis: r.legal_basis, department: r.department,
  fundsRequired: r.funds_required, personnelRequired: r.personnel_required, note: r.note,
});

/** The district an actor belongs to: the first node of the scope path. */
export function districtOf(actor: Actor): number {
  return Number(actor.homePath.split('/')[1]);
}

export async function listPublicLists(ctx: Ctx, query: { districtId?: number; history: boolean }) {
  const p = params();
  const where = [query.history ? `l.status IN ('published', 'superseded')` : `l.status = 'published'`];
  if (query.districtId) where.push(`l.district_id = ${p.add(query.districtId)}`);
  const rows = await ctx.db.query<ListRow>(`${SELECT_LIST} WHERE ${where.join(' AND ')} ORDER BY r.code, l.version DESC`, p.values);
  return rows.map(toList);
}

/** Drafts and history of the lists in the actor's district (admission.write). */
export async function listManagedLists(ctx: Ctx, actor: Actor) {
  const rows = await ctx.db.query<ListRow>(`${SELECT_LIST} WHERE r.path LIKE $1 OR $2 LIKE r.path || '%' ORDER BY r.code, l.version DESC`, [actor.scopePath + '%', actor.scopePath]);
  return rows.map(toList);
}

async function itemsOf(q: Queryable, listId: string) {
  return (await q.query<ItemRow>('SELECT * FROM admission_items WHERE list_id = $1 ORDER BY sort, code', [listId])).map(toItem);
}

/** Published and superseded lists are public; a draft only for its district's admission managers. */
export async function getList(ctx: Ctx, actor: Actor | null, id: string) {
  const rows = await ctx.db.query<ListRow>(`${SELECT_LIST} WHERE l.id = $1`, [id]);
  const r = rows[0];
  const mayManage = !!actor && (actor.permissions.has('*') || actor.permissions.has('admission.write')) && actor.homePath.startsWith(r?.district_path ?? '-');
  if (!r || (r.status === 'draft' && !mayManage)) throw notFound('准入清单', 'Admission list');
  return { ...toList(r), items: await itemsOf(ctx.db, id) };
}

function checkItems(items: AdmissionItemInput[]) {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    if (seen.has(it.code)) {
      throw new AppError('VALIDATION', `事项编号 ${it.code} 重复`, `Duplicate item code ${it.code}`, [{ path: `items.${i}.code`, messages: { 'zh-CN': `事项编号 ${it.code} 重复`, 'en-US': 'Duplicate code' } }]);
    }
    seen.add(it.code);
  });
}

async function writeItems(q: Queryable, listId: string, items: AdmissionItemInput[]) {
  await q.query('DELETE FROM admission_items WHERE list_id = $1', [listId]);
  for (const [i, it] of items.entries()) {
    await q.query(
      `INSERT INTO admission_items (list_id, code, kind, title, legal_basis, department, funds_required, personnel_required, note, sort) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [listId, it.code, it.kind, it.title, it.legalBasis ?? null, it.department ?? null, it.fundsRequired, it.personnelRequired, it.note ?? null, (i + 1) * 10],
    );
  }
}

export async function createList(ctx: Ctx, actor: Actor, body: { title: string; effectiveFrom?: string; items: AdmissionItemInput[] }) {
  checkItems(body.items);
  const districtId = districtOf(actor);
  return ctx.db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [7313030]);
    const v = await q.query<{ v: number }>('SELECT coalesce(max(version), 0)::int + 1 AS v FROM admission_lists WHERE district_id = $1', [districtId]);
    const ins = await q.query<{ id: string }>(
      `INSERT INTO admission_lists (district_id, version, title, effective_from, created_by) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
      [districtId, v[0].v, body.title, body.effectiveFrom ?? null, actor.userId],
    );
    await writeItems(q, ins[0].id, body.items);
    await audit(q, actor, { action: 'admission.list.create', entityType: 'admission_list', entityId: ins[0].id, regionId: districtId, detail: { version: v[0].v, items: body.items.length } });
    return ins[0].id;
  }).then((id) => getList(ctx, actor, id));
}

async function draftInScope(q: Queryable, actor: Actor, id: string): Promise<ListRow> {
  const rows = await q.query<ListRow>(`${SELECT_LIST} WHERE l.id = $1`, [id]);
  const r = rows[0];
  if (!r || !actor.homePath.startsWith(r.district_path)) throw notFound('准入清单', 'Admission list');
  if (r.status !== 'draft') throw invalidState('已发布的清单不能修改，请新建一个版本', 'A published list cannot change; create a new version');
  return r;
}

export async function updateList(ctx: Ctx, actor: Actor, id: string, body: { title: string; effectiveFrom?: string; items: AdmissionItemInput[] }) {
  checkItems(body.items);
  await ctx.db.tx(async (q) => {
    const r = await draftInScope(q, actor, id);
    await q.query('UPDATE admission_lists SET title = $2, effective_from = $3, updated_at = now() WHERE id = $1', [id, body.title, body.effectiveFrom ?? null]);
    await writeItems(q, id, body.items);
    await audit(q, actor, { action: 'admission.list.update', entityType: 'admission_list', entityId: id, regionId: Number(r.district_id), detail: { items: body.items.length } });
  });
  return getList(ctx, actor, id);
}

export async function publishList(ctx: Ctx, actor: Actor, id: string) {
  await ctx.db.tx(async (q) => {
    const r = await draftInScope(q, actor, id);
    await q.query(`UPDATE admission_lists SET status = 'superseded', updated_at = now() WHERE district_id = $1 AND status = 'published'`, [r.district_id]);
    await q.query(`UPDATE admission_lists SET status = 'published', published_at = now(), effective_from = coalesce(effective_from, current_date), updated_at = now() WHERE id = $1`, [id]);
    await audit(q, actor, { action: 'admission.list.publish', entityType: 'admission_list', entityId: id, regionId: Number(r.district_id), detail: { version: r.version } });
  });
  return getList(ctx, actor, id);
}

/** The item a request names, which must be on the district's current list. */
export async function currentItem(q: Queryable, districtId: number, itemId: string) {
  const rows = await q.query<ItemRow>(
    `SELECT i.* FROM admission_items i JOIN admission_lists l ON l.id = i.list_id WHERE i.id = $1 AND l.district_id = $2 AND l.status = 'published'`,
    [itemId, districtId],
  );
  return rows[0] ? toItem(rows[0]) : null;
}
