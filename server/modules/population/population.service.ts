// Persons: create, change, events (move in/out, birth, death, household change), tags, reveal, the person page.
// One command = one transaction; every change writes entity_history (before/after, who, when) and the audit log.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { audit, auditNow } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import { visibleTagSql } from '../../lib/tags.ts';
import { namePinyin } from '../../lib/pinyin.ts';
import { personTimeline, registerTimelineSource } from '../../lib/timeline.ts';
import type { PersonInput, PersonPatch } from '../../../contracts/population.ts';
import { checkPerson, checkTagAttributes, errorsEn, errorsZh, type RuleError, type TagAttrDef } from './population-rules.ts';
import {
  diff, entityHistory, loadScoped, PERSON_JOINS, personSelect, personSnapshot, resolvePlacement, toPerson, writeHistory, type PersonRow,
} from './population-common.ts';
import { getHouse, getHousehold } from './population-places.ts';

function ruleError(errors: RuleError[]): AppError {
  return invalid(`输入有误：${errorsZh(errors)}`, `Invalid input: ${errorsEn(errors)}`, errors.map((e) => ({ path: e.field, messages: { 'zh-CN': e.zh, 'en-US': e.en } })));
}

export async function loadPerson(q: Queryable, actor: Actor, id: string, forUpdate = false): Promise<PersonRow> {
  return loadScoped<PersonRow>(q, actor, 'persons', id, ['人员', 'Person'], forUpdate);
}

async function readPerson(ctx: Ctx, q: Queryable, actor: Actor, id: string, decryptTags = false) {
  const p = params([id]);
  const rows = await q.query<PersonRow>(`SELECT ${personSelect(actor, p)} FROM persons p ${PERSON_JOINS} WHERE p.id = $1`, p.values);
  if (!rows[0]) throw notFound('人员', 'Person');
  return toPerson(ctx, rows[0], { decryptTags });
}

/** One person per document number. Out of scope, the owner's name is not disclosed. */
async function assertDocFree(q: Queryable, actor: Actor, bidx: string, exceptId: string | null) {
  const rows = await q.query<{ id: string; name: string; community_id: number; grid_id: number | null; community: string }>(
    'SELECT p.id, p.name, p.community_id, p.grid_id, c.name AS community FROM persons p JOIN regions c ON c.id = p.community_id WHERE p.doc_bidx = $1', [bidx]);
  const d = rows[0];
  if (!d || d.id === exceptId) return;
  let visible = true;
  try { await loadPerson(q, actor, d.id); } catch { visible = false; }
  const zh = visible ? `该证件号码已登记为「${d.name}」（${d.community}），请勿重复登记` : '该证件号码已在其他社区或网格登记，请联系街道核实后办理迁入';
  const err = conflict(zh, 'A person with this document number is already registered');
  err.fields.push({ path: 'docNumber', messages: { 'zh-CN': zh, 'en-US': 'Already registered' } });
  throw err;
}

/** Household and house must be in scope and in the person's community; the grid follows the house. */
async function placeIn(q: Queryable, actor: Actor, communityId: number, householdId: string | null | undefined, houseId: string | null | undefined) {
  let gridId: number | null | undefined;
  let house = houseId;
  if (householdId) {
    const h = await loadScoped<{ community_id: number; grid_id: number | null; house_id: string | null }>(q, actor, 'households', householdId, ['户', 'Household']);
    if (Number(h.community_id) !== communityId) throw invalid('该户不在此社区', 'The household is in another community');
    if (house === undefined) house = h.house_id;
    gridId = h.grid_id;
  }
  if (house) {
    const h = await loadScoped<{ community_id: number; grid_id: number | null }>(q, actor, 'houses', house, ['房屋', 'House']);
    if (Number(h.community_id) !== communityId) throw invalid('该房屋不在此社区', 'The house is in another community');
    gridId = h.grid_id;
  }
  return { houseId: house ?? null, gridId };
}

export async function createPerson(ctx: Ctx, actor: Actor, input: PersonInput) {
  const checked = checkPerson({ ...input, gender: input.gender ?? undefined, birthDate: input.birthDate ?? undefined });
  if (!checked.ok) throw ruleError(checked.errors);
  const v = checked.value;
  const bidx = ctx.crypto.blindIndex('doc', v.docNumber);
  return ctx.db.tx(async (q) => {
    const place = await resolvePlacement(q, actor, input);
    const inHouse = await placeIn(q, actor, place.communityId, input.householdId, input.houseId);
    await assertDocFree(q, actor, bidx, null);
    const py = namePinyin(v.name);
    const rows = await q.query<PersonRow>(
      `INSERT INTO persons (community_id, grid_id, household_id, house_id, name, name_pinyin, name_initials, former_names, gender, birth_date, doc_type,
         doc_enc, doc_bidx, doc_last4, phone_enc, phone_bidx, phone_last4, ethnicity, education, political_status, marital_status, employment,
         registered_address, residency_type, relation_to_head)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25) RETURNING *`,
      [place.communityId, inHouse.gridId ?? place.gridId, input.householdId ?? null, inHouse.houseId, v.name, py.full, py.initials, input.formerNames ?? [], v.gender, v.birthDate, v.docType,
        ctx.crypto.encrypt(v.docNumber), bidx, v.docNumber.slice(-4), v.phone ? ctx.crypto.encrypt(v.phone) : null, v.phone ? ctx.crypto.blindIndex('phone', v.phone) : null, v.phone ? v.phone.slice(-4) : null,
        input.ethnicity ?? null, input.education ?? null, input.politicalStatus ?? null, input.maritalStatus ?? null, input.employment ?? null,
        input.registeredAddress ?? null, v.residencyType, input.relationToHead ?? null],
    );
    const r = rows[0];
    await writeHistory(q, actor, { type: 'person', id: r.id, communityId: place.communityId, action: 'create', after: personSnapshot(r) });
    await q.query('INSERT INTO person_events (person_id, kind, date, note, actor_id) VALUES ($1,$2,$3,$4,$5)',
      [r.id, input.moveInDate ? 'move_in' : 'registered', input.moveInDate ?? new Date().toISOString().slice(0, 10), checked.notes.join('；') || null, actor.userId]);
    await audit(q, actor, { action: 'person.create', entityType: 'person', entityId: r.id, regionId: place.communityId, detail: { name: r.name, docLast4: r.doc_last4 } });
    return readPerson(ctx, q, actor, r.id);
  });
}

export async function updatePerson(ctx: Ctx, actor: Actor, id: string, patch: PersonPatch) {
  return ctx.db.tx(async (q) => {
    const cur = await loadPerson(q, actor, id, true);
    if (patch.version !== undefined && patch.version !== cur.version) {
      throw conflict('该人员信息已被他人修改，请刷新后重试', 'The person was changed by someone else; reload and try again');
    }
    const identityTouched = ['name', 'docType', 'docNumber', 'gender', 'birthDate', 'phone', 'residencyType'].some((k) => k in patch);
    const next: Record<string, unknown> = {};
    if (identityTouched) {
      const checked = checkPerson({
        name: patch.name ?? cur.name,
        docType: patch.docType ?? cur.doc_type,
        docNumber: patch.docNumber ?? (cur.doc_enc ? ctx.crypto.decrypt(cur.doc_enc) : ''),
        gender: patch.gender === undefined ? cur.gender : patch.gender,
        birthDate: patch.birthDate === undefined ? cur.birth_date : patch.birthDate,
        phone: patch.phone === undefined ? (cur.phone_enc ? ctx.crypto.decrypt(cur.phone_enc) : null) : patch.phone,
        residencyType: patch.residencyType ?? cur.residency_type,
      });
      if (!checked.ok) throw ruleError(checked.errors);
      const v = checked.value;
      const bidx = ctx.crypto.blindIndex('doc', v.docNumber);
      if (bidx !== cur.doc_bidx) {
        await assertDocFree(q, actor, bidx, id);
        Object.assign(next, { doc_enc: ctx.crypto.encrypt(v.docNumber), doc_bidx: bidx, doc_last4: v.docNumber.slice(-4) });
      }
      const phoneBidx = v.phone ? ctx.crypto.blindIndex('phone', v.phone) : null;
      if (phoneBidx !== cur.phone_bidx) Object.assign(next, { phone_enc: v.phone ? ctx.crypto.encrypt(v.phone) : null, phone_bidx: phoneBidx, phone_last4: v.phone ? v.phone.slice(-4) : null });
      const py = namePinyin(v.name);
      Object.assign(next, { name: v.name, name_pinyin: py.full, name_initials: py.initials, doc_type: v.docType, gender: v.gender, birth_date: v.birthDate, residency_type: v.residencyType });
    }
    const plain: [keyof PersonPatch, string][] = [['formerNames', 'former_names'], ['ethnicity', 'ethnicity'], ['education', 'education'], ['politicalStatus', 'political_status'],
      ['maritalStatus', 'marital_status'], ['employment', 'employment'], ['registeredAddress', 'registered_address'], ['relationToHead', 'relation_to_head']];
    for (const [k, col] of plain) if (patch[k] !== undefined) next[col] = patch[k];
    if (patch.householdId !== undefined || patch.houseId !== undefined || patch.gridId !== undefined) {
      const place = await placeIn(q, actor, Number(cur.community_id), patch.householdId === undefined ? cur.household_id : patch.householdId, patch.houseId === undefined ? (patch.householdId !== undefined ? undefined : cur.house_id) : patch.houseId);
      if (patch.gridId !== undefined && patch.gridId !== null) await resolvePlacement(q, actor, { communityId: Number(cur.community_id), gridId: patch.gridId });
      Object.assign(next, { household_id: patch.householdId === undefined ? cur.household_id : patch.householdId, house_id: place.houseId, grid_id: patch.gridId !== undefined ? patch.gridId : place.gridId ?? cur.grid_id });
    }
    const cols = Object.keys(next);
    if (!cols.length) return readPerson(ctx, q, actor, id);
    const values = cols.map((c) => next[c]);
    const rows = await q.query<PersonRow>(
      `UPDATE persons SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`, [id, ...values]);
    const d = diff(personSnapshot(cur), personSnapshot(rows[0]));
    if (d) {
      await writeHistory(q, actor, { type: 'person', id, communityId: Number(cur.community_id), action: 'update', ...d });
      if (d.after.householdId !== undefined) {
        await q.query('INSERT INTO person_events (person_id, kind, date, note, actor_id) VALUES ($1,$2,current_date,$3,$4)', [id, 'household_change', null, actor.userId]);
      }
      // Field names only: the audit log never holds values such as ID numbers or phones.
      await audit(q, actor, { action: 'person.update', entityType: 'person', entityId: id, regionId: Number(cur.community_id), detail: { fields: Object.keys(d.after) } });
    }
    return readPerson(ctx, q, actor, id);
  });
}

const EVENT_STATUS: Record<string, 'living' | 'moved_out' | 'deceased' | null> = { move_in: 'living', move_out: 'moved_out', death: 'deceased', birth: 'living', household_change: null };

export async function addEvent(ctx: Ctx, actor: Actor, id: string, input: { kind: 'move_in' | 'move_out' | 'birth' | 'death' | 'household_change'; date: string; note?: string | null; householdId?: string | null; houseId?: string | null }) {
  if (input.date > new Date().toISOString().slice(0, 10)) throw invalid('事件日期不能晚于今天', 'The event date cannot be in the future', [{ path: 'date', messages: { 'zh-CN': '事件日期不能晚于今天', 'en-US': 'Cannot be in the future' } }]);
  return ctx.db.tx(async (q) => {
    const cur = await loadPerson(q, actor, id, true);
    if (cur.status === 'deceased' && input.kind !== 'death') throw new AppError('INVALID_STATE', '该人员已登记死亡，不能再登记其他事件', 'The person is registered as deceased');
    if (input.kind === 'death' && cur.status === 'deceased') throw new AppError('INVALID_STATE', '已登记过死亡', 'Death is already registered');
    if (input.kind === 'move_out' && cur.status !== 'living') throw new AppError('INVALID_STATE', '该人员当前不在本地居住，不能登记迁出', 'The person does not live here');
    if (input.kind === 'household_change' && input.householdId === undefined) throw invalid('请选择新的户', 'Choose the new household', [{ path: 'householdId', messages: { 'zh-CN': '请选择新的户', 'en-US': 'Required' } }]);
    const sets: Record<string, unknown> = {};
    const status = EVENT_STATUS[input.kind];
    if (status) sets.status = status;
    if (input.kind === 'move_in' || input.kind === 'household_change') {
      const place = await placeIn(q, actor, Number(cur.community_id), input.householdId === undefined ? cur.household_id : input.householdId, input.houseId);
      Object.assign(sets, { household_id: input.householdId === undefined ? cur.household_id : input.householdId, house_id: place.houseId, grid_id: place.gridId ?? cur.grid_id });
    }
    if (input.kind === 'move_out' || input.kind === 'death') {
      // A person who left or died is no longer anyone's head of household.
      await q.query('UPDATE households SET head_person_id = NULL, updated_at = now() WHERE head_person_id = $1', [id]);
    }
    const cols = Object.keys(sets);
    const rows = cols.length
      ? await q.query<PersonRow>(`UPDATE persons SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`, [id, ...cols.map((c) => sets[c])])
      : [cur];
    const ev = await q.query<{ id: string }>('INSERT INTO person_events (person_id, kind, date, note, actor_id) VALUES ($1,$2,$3,$4,$5) RETURNING id', [id, input.kind, input.date, input.note ?? null, actor.userId]);
    const d = diff(personSnapshot(cur), personSnapshot(rows[0]));
    await writeHistory(q, actor, { type: 'person', id, communityId: Number(cur.community_id), action: `event.${input.kind}`, before: d?.before ?? {}, after: { ...(d?.after ?? {}), date: input.date } });
    await audit(q, actor, { action: `person.event.${input.kind}`, entityType: 'person', entityId: id, regionId: Number(cur.community_id), detail: { date: input.date, eventId: ev[0].id } });
    return readPerson(ctx, q, actor, id);
  });
}

type TagTypeRow = { code: string; name_zh: string; sensitive: boolean; permission: string | null; attributes: TagAttrDef[]; retired_at: Date | null };

async function visibleTagType(q: Queryable, actor: Actor, code: string): Promise<TagTypeRow> {
  const p = params([code]);
  const rows = await q.query<TagTypeRow>(`SELECT * FROM tag_types t WHERE t.code = $1 AND ${visibleTagSql(actor, p)}`, p.values);
  if (!rows[0]) throw notFound('标签', 'Tag');
  return rows[0];
}

export async function setTag(ctx: Ctx, actor: Actor, id: string, code: string, input: { attributes: Record<string, unknown>; startDate?: string | null; endDate?: string | null }) {
  return ctx.db.tx(async (q) => {
    const person = await loadPerson(q, actor, id, true);
    const t = await visibleTagType(q, actor, code);
    if (t.retired_at) throw new AppError('INVALID_STATE', `标签「${t.name_zh}」已停用`, 'The tag is retired');
    const checked = checkTagAttributes(t.attributes ?? [], input.attributes);
    if (!checked.ok) throw ruleError(checked.errors);
    if (input.startDate && input.endDate && input.endDate < input.startDate) throw invalid('结束日期早于开始日期', 'The end date is before the start date', [{ path: 'endDate', messages: { 'zh-CN': '结束日期早于开始日期', 'en-US': 'Before the start date' } }]);
    const prev = await q.query<{ attributes: Record<string, unknown>; attributes_enc: string | null }>('SELECT attributes, attributes_enc FROM person_tags WHERE person_id = $1 AND tag_code = $2', [id, code]);
    const attrs = t.sensitive ? '{}' : JSON.stringify(checked.value);
    const enc = t.sensitive ? ctx.crypto.encrypt(JSON.stringify(checked.value)) : null;
    await q.query(
      `INSERT INTO person_tags (person_id, tag_code, community_id, attributes, attributes_enc, start_date, end_date) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (person_id, tag_code) DO UPDATE SET attributes = EXCLUDED.attributes, attributes_enc = EXCLUDED.attributes_enc,
         start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, updated_at = now()`,
      [id, code, person.community_id, attrs, enc, input.startDate ?? null, input.endDate ?? null],
    );
    // Attributes of sensitive tags stay out of history and audit (they are encrypted at rest for a reason).
    const before = prev[0] ? { tag: code, ...(t.sensitive ? {} : { attributes: prev[0].attributes }) } : null;
    await writeHistory(q, actor, { type: 'person', id, communityId: Number(person.community_id), action: 'tag.set', before, after: { tag: code, ...(t.sensitive ? {} : { attributes: checked.value }), startDate: input.startDate ?? null, endDate: input.endDate ?? null } });
    await audit(q, actor, { action: 'person.tag.set', entityType: 'person', entityId: id, regionId: Number(person.community_id), detail: { tag: code } });
    return readPerson(ctx, q, actor, id, true);
  });
}

export async function removeTag(ctx: Ctx, actor: Actor, id: string, code: string) {
  return ctx.db.tx(async (q) => {
    const person = await loadPerson(q, actor, id, true);
    const t = await visibleTagType(q, actor, code);
    const rows = await q.query<{ attributes: Record<string, unknown> }>('DELETE FROM person_tags WHERE person_id = $1 AND tag_code = $2 RETURNING attributes', [id, code]);
    if (!rows[0]) throw notFound('标签', 'Tag');
    await writeHistory(q, actor, { type: 'person', id, communityId: Number(person.community_id), action: 'tag.remove', before: { tag: code, ...(t.sensitive ? {} : { attributes: rows[0].attributes }) } });
    await audit(q, actor, { action: 'person.tag.remove', entityType: 'person', entityId: id, regionId: Number(person.community_id), detail: { tag: code } });
    return readPerson(ctx, q, actor, id, true);
  });
}

/** The full ID number and phone, for a caller with person.reveal; every reveal is audited (what, whose, why). */
export async function revealPerson(ctx: Ctx, actor: Actor, id: string, input: { fields: ('docNumber' | 'phone')[]; reason?: string | null }) {
  const r = await loadPerson(ctx.db, actor, id);
  const out: { docNumber?: string | null; phone?: string | null } = {};
  if (input.fields.includes('docNumber')) out.docNumber = r.doc_enc ? ctx.crypto.decrypt(r.doc_enc) : null;
  if (input.fields.includes('phone')) out.phone = r.phone_enc ? ctx.crypto.decrypt(r.phone_enc) : null;
  await auditNow(ctx.db, actor, { action: 'person.reveal', entityType: 'person', entityId: id, regionId: Number(r.community_id), detail: { fields: input.fields, reason: input.reason ?? null } });
  return out;
}

export async function getPerson(ctx: Ctx, actor: Actor, id: string) {
  await loadPerson(ctx.db, actor, id);
  return readPerson(ctx, ctx.db, actor, id, true);
}

/** Everything about a person in one response: the person page. */
export async function personPage(ctx: Ctx, actor: Actor, id: string) {
  const person = await getPerson(ctx, actor, id);
  const household = person.householdId ? await getHousehold(ctx, actor, person.householdId).catch(() => null) : null;
  const house = person.houseId ? await getHouse(ctx, actor, person.houseId).catch(() => null) : null;
  const history = await entityHistory(ctx.db, actor, params(), 'person', id, 100);
  const events = await ctx.db.query<{ id: string; kind: string; date: string; note: string | null; created_at: Date }>(
    'SELECT id, kind, date, note, created_at FROM person_events WHERE person_id = $1 ORDER BY date DESC, created_at DESC', [id]);
  const timeline = await personTimeline(ctx.db, actor, id, params(), 100);
  return {
    person, household, house, history, timeline, canReveal: can(actor, 'person.reveal'),
    events: events.map((e) => ({ id: e.id, kind: e.kind, date: e.date, note: e.note, createdAt: new Date(e.created_at).toISOString() })),
  };
}

export async function listTagTypes(ctx: Ctx, actor: Actor) {
  const p = params();
  const rows = await ctx.db.query<TagTypeRow & { name_en: string; category: string }>(`SELECT * FROM tag_types t WHERE t.retired_at IS NULL AND ${visibleTagSql(actor, p)} ORDER BY t.sort`, p.values);
  return rows.map((t) => ({ code: t.code, nameZh: t.name_zh, nameEn: t.name_en, category: t.category, sensitive: t.sensitive, attributes: t.attributes ?? [] }));
}

// The population module's own timeline entries: dated events, and tags with their start dates.
const EVENT_ZH = `CASE e.kind WHEN 'move_in' THEN '迁入' WHEN 'move_out' THEN '迁出' WHEN 'birth' THEN '出生' WHEN 'death' THEN '死亡'
  WHEN 'household_change' THEN '户变更' WHEN 'registered' THEN '登记入库' ELSE e.kind END`;
registerTimelineSource({
  key: 'population.events',
  sql: (_p, ref) => `SELECT e.date::timestamptz AS at, 'population' AS source, e.kind, ${EVENT_ZH} AS title, e.note AS detail, 'person_event' AS ref_type, e.id::text AS ref_id
                     FROM person_events e WHERE e.person_id = ${ref}`,
});
// Imported persons get no event row each (a million extra rows per million imported): the import says it.
registerTimelineSource({
  key: 'population.imported',
  sql: (_p, ref) => `SELECT i.created_at AS at, 'population' AS source, 'registered' AS kind, '批量导入登记' AS title, i.file_name AS detail, 'person_import' AS ref_type, i.id::text AS ref_id
                     FROM persons x JOIN person_imports i ON i.id = x.import_id WHERE x.id = ${ref}`,
});
registerTimelineSource({
  key: 'population.tags',
  sql: (p, ref, actor) => `SELECT coalesce(pt.start_date::timestamptz, pt.created_at) AS at, 'population' AS source, 'tag' AS kind, '标记为' || t.name_zh AS title,
                     NULL::text AS detail, 'person_tag' AS ref_type, pt.tag_code AS ref_id
                     FROM person_tags pt JOIN tag_types t ON t.code = pt.tag_code WHERE pt.person_id = ${ref} AND ${visibleTagSql(actor, p)}`,
});
