// One import batch = one transaction: new persons by COPY, changed persons updated, their history,
// rejected rows, an audit entry and the checkpoint. If anything fails, nothing of the batch stays.
import crypto from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { audit } from '../../lib/audit.ts';
import { bulkTx, type BulkQueryable } from '../../lib/bulk.ts';
import type { PersonFacts } from './population-rules.ts';

export type Reject = { row: number; zh: string; en: string; cells: unknown[] };
export type Place = { householdNo: string | null; building: string | null; unit: string | null; room: string | null; gridCode: string | null };
export type Prepared = {
  row: number; facts: PersonFacts; bidx: string; py: { full: string; initials: string }; extra: Record<string, string | null>;
  formerNames: string[] | null; place: Place; cells: unknown[];
};
export type BatchCounts = { valid: number; invalid: number; created: number; updated: number; unchanged: number };
type Caches = { grids: Map<string, number | null>; buildings: Map<string, { id: string; gridId: number | null }>; houses: Map<string, { id: string; gridId: number | null }>; households: Map<string, { id: string }> };
export type ImportState = { importId: string; communityId: number; mapping: Record<string, string | null>; caches: Caches; batchNo: number; failInBatch?: number };

type Existing = {
  id: string; community_id: number; grid_id: number | null; household_id: string | null; house_id: string | null; name: string; former_names: string[]; gender: string | null;
  birth_date: string | null; doc_type: string; phone_bidx: string | null; ethnicity: string | null; education: string | null; political_status: string | null;
  marital_status: string | null; employment: string | null; registered_address: string | null; residency_type: string; relation_to_head: string | null;
};

export async function lookupExisting(q: Queryable, bidxs: string[]): Promise<Map<string, Existing & { doc_bidx: string }>> {
  if (!bidxs.length) return new Map();
  const rows = await q.query<Existing & { doc_bidx: string }>(
    `SELECT id, doc_bidx, community_id, grid_id, household_id, house_id, name, former_names, gender, birth_date, doc_type, phone_bidx, ethnicity, education,
            political_status, marital_status, employment, registered_address, residency_type, relation_to_head
       FROM persons WHERE doc_bidx = ANY($1)`, [bidxs]);
  return new Map(rows.map((r) => [r.doc_bidx, r]));
}

const PERSON_COLS = ['id', 'community_id', 'grid_id', 'household_id', 'house_id', 'name', 'name_pinyin', 'name_initials', 'former_names', 'gender', 'birth_date', 'doc_type',
  'doc_enc', 'doc_bidx', 'doc_last4', 'phone_enc', 'phone_bidx', 'phone_last4', 'ethnicity', 'education', 'political_status', 'marital_status', 'employment',
  'registered_address', 'residency_type', 'relation_to_head'];
export const IMPORT_PERSON_COLS = PERSON_COLS;
const CREATE_COLS = [...PERSON_COLS, 'import_id', 'import_row'];

const unitOf = (s: string | null) => {
  const m = s ? /\d+/.exec(s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))) : null;
  return m ? Math.max(1, Number(m[0])) : 1;
};
const roomOf = (s: string) => s.replace(/室$/, '').trim();
const floorOf = (room: string) => {
  const m = /^(\d+)$/.exec(room);
  return m && m[1].length >= 3 ? Math.floor(Number(m[1]) / 100) : 1;
};

/** Grid, building, house and household for a row: found, or created in this batch (caches merge after commit). */
async function placeFor(q: Queryable, state: ImportState, local: Caches, p: Place): Promise<{ gridId: number | null; houseId: string | null; householdId: string | null } | string> {
  const get = <K extends keyof Caches>(k: K, key: string) => (local[k].get(key) ?? state.caches[k].get(key)) as ReturnType<Caches[K]['get']>;
  let gridId: number | null = null;
  if (p.gridCode) {
    let g = get('grids', p.gridCode);
    if (g === undefined) {
      const r = await q.query<{ id: number }>(`SELECT id FROM regions WHERE code = $1 AND parent_id = $2 AND level = 'grid'`, [p.gridCode, state.communityId]);
      g = r[0] ? Number(r[0].id) : null;
      local.grids.set(p.gridCode, g);
    }
    if (g === null) return `网格编号 ${p.gridCode} 不属于本社区`;
    gridId = g;
  }
  let houseId: string | null = null;
  if (p.building && p.room) {
    let b = get('buildings', p.building);
    if (!b) {
      const r = await q.query<{ id: string; grid_id: number | null }>('SELECT id, grid_id FROM buildings WHERE community_id = $1 AND name = $2 ORDER BY created_at LIMIT 1', [state.communityId, p.building]);
      const row = r[0] ?? (await q.query<{ id: string; grid_id: number | null }>('INSERT INTO buildings (community_id, grid_id, name, floors) VALUES ($1,$2,$3,$4) RETURNING id, grid_id', [state.communityId, gridId, p.building, 1]))[0];
      b = { id: row.id, gridId: row.grid_id === null ? null : Number(row.grid_id) };
      local.buildings.set(p.building, b);
    }
    const unit = unitOf(p.unit), room = roomOf(p.room);
    const key = `${b.id}|${unit}|${room}`;
    let h = get('houses', key);
    if (!h) {
      const r = await q.query<{ id: string; grid_id: number | null }>('SELECT id, grid_id FROM houses WHERE building_id = $1 AND unit = $2 AND room = $3', [b.id, unit, room]);
      const floor = floorOf(room);
      const row = r[0] ?? (await q.query<{ id: string; grid_id: number | null }>('INSERT INTO houses (building_id, community_id, grid_id, unit, floor, room) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id, grid_id', [b.id, state.communityId, b.gridId, unit, floor, room]))[0];
      // Keep the building's declared size in step with what the register shows.
      if (!r[0]) await q.query('UPDATE buildings SET units = greatest(units, $2), floors = greatest(floors, $3) WHERE id = $1', [b.id, unit, floor]);
      h = { id: row.id, gridId: row.grid_id === null ? null : Number(row.grid_id) };
      local.houses.set(key, h);
    }
    houseId = h.id;
    gridId = gridId ?? h.gridId;
  }
  let householdId: string | null = null;
  if (p.householdNo) {
    let x = get('households', p.householdNo);
    if (!x) {
      const r = await q.query<{ id: string }>('SELECT id FROM households WHERE community_id = $1 AND household_no = $2 ORDER BY created_at LIMIT 1', [state.communityId, p.householdNo]);
      const row = r[0] ?? (await q.query<{ id: string }>('INSERT INTO households (community_id, grid_id, household_no, house_id) VALUES ($1,$2,$3,$4) RETURNING id', [state.communityId, gridId, p.householdNo, houseId]))[0];
      x = { id: row.id };
      local.households.set(p.householdNo, x);
    }
    householdId = x.id;
  }
  return { gridId, houseId, householdId };
}

export async function writeBatch(ctx: Ctx, actor: Actor, state: ImportState, batch: Prepared[], rejects: Reject[], nextRow: number): Promise<BatchCounts> {
  const local: Caches = { grids: new Map(), buildings: new Map(), houses: new Map(), households: new Map() };
  const placeMapped = ['householdNo', 'building', 'room', 'gridCode'].some((f) => Object.values(state.mapping).includes(f));
  const counts = await bulkTx(ctx.db, async (q: BulkQueryable) => {
    const existing = await lookupExisting(q, batch.map((b) => b.bidx));
    const creates: unknown[][] = [], history: unknown[][] = [];
    let updated = 0, unchanged = 0;
    const households = new Set<string>();
    for (const b of batch) {
      const e = existing.get(b.bidx);
      if (e && Number(e.community_id) !== state.communityId) {
        rejects.push({ row: b.row, zh: '该证件号码已在其他社区登记，请先办理迁出或联系街道核实', en: 'Already registered in another community', cells: b.cells });
        continue;
      }
      const place = placeMapped ? await placeFor(q, state, local, b.place) : { gridId: null, houseId: null, householdId: null };
      if (typeof place === 'string') {
        rejects.push({ row: b.row, zh: place, en: 'The grid code is not in this community', cells: b.cells });
        continue;
      }
      if (place.householdId) households.add(place.householdId);
      const f = b.facts;
      const phone = f.phone ? { enc: ctx.crypto.encrypt(f.phone), bidx: ctx.crypto.blindIndex('phone', f.phone), last4: f.phone.slice(-4) } : null;
      if (!e) {
        const id = crypto.randomUUID();
        creates.push([id, state.communityId, place.gridId, place.householdId, place.houseId, f.name, b.py.full, b.py.initials, b.formerNames ?? [], f.gender, f.birthDate, f.docType,
          ctx.crypto.encrypt(f.docNumber), b.bidx, f.docNumber.slice(-4), phone?.enc ?? null, phone?.bidx ?? null, phone?.last4 ?? null,
          b.extra.ethnicity, b.extra.education, b.extra.political_status, b.extra.marital_status, b.extra.employment, b.extra.registered_address, f.residencyType, b.extra.relation_to_head,
          state.importId, b.row]);
        // Creation is recorded by import_id/import_row on the person (history shows it as an "import" entry).
        continue;
      }
      // Only what the file says changes a record: empty cells and unmapped columns keep the stored values.
      const next: Record<string, unknown> = { name: f.name, gender: f.gender, birth_date: f.birthDate, doc_type: f.docType };
      if (Object.values(state.mapping).includes('residencyType')) next.residency_type = f.residencyType;
      for (const [col, v] of Object.entries(b.extra)) if (v !== null) next[col] = v;
      if (phone) next.phone_bidx = phone.bidx;
      if (b.formerNames) next.former_names = b.formerNames;
      if (place.householdId) next.household_id = place.householdId;
      if (place.houseId) next.house_id = place.houseId;
      if (place.gridId) next.grid_id = place.gridId;
      const before: Record<string, unknown> = {}, after: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(next)) {
        const cur = (e as Record<string, unknown>)[k];
        const same = Array.isArray(v) ? JSON.stringify(v) === JSON.stringify(cur) : String(cur ?? '') === String(v ?? '');
        if (!same) {
          before[k] = k === 'phone_bidx' ? '(旧号码)' : cur;
          after[k] = k === 'phone_bidx' ? `*******${phone!.last4}` : v;
        }
      }
      if (!Object.keys(after).length) {
        unchanged++;
        continue;
      }
      const sets: Record<string, unknown> = {};
      for (const k of Object.keys(after)) sets[k] = next[k];
      if ('phone_bidx' in sets) Object.assign(sets, { phone_enc: phone!.enc, phone_last4: phone!.last4 });
      if ('name' in sets) Object.assign(sets, { name_pinyin: b.py.full, name_initials: b.py.initials });
      const cols = Object.keys(sets);
      await q.query(`UPDATE persons SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`, [e.id, ...cols.map((c) => sets[c])]);
      history.push(['person', e.id, state.communityId, 'import.update', before, { ...after, importId: state.importId, row: b.row }, actor.userId]);
      updated++;
    }
    await q.copyRows('persons', CREATE_COLS, creates);
    if (state.failInBatch === state.batchNo) throw new Error(`simulated failure in batch ${state.batchNo}`);
    await q.copyRows('entity_history', ['entity_type', 'entity_id', 'community_id', 'action', 'before', 'after', 'actor_id'], history);
    if (households.size) {
      await q.query(`UPDATE households h SET head_person_id = p.id, updated_at = now() FROM persons p
                      WHERE p.household_id = h.id AND p.relation_to_head = '户主' AND h.head_person_id IS NULL AND h.id = ANY($1)`, [[...households]]);
    }
    rejects.sort((a, b) => a.row - b.row);
    await q.copyRows('person_import_rejects', ['import_id', 'row_no', 'reason_zh', 'reason_en', 'data_enc'],
      rejects.map((r) => [state.importId, r.row, r.zh, r.en, ctx.crypto.encrypt(JSON.stringify(r.cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c))))]));
    const c: BatchCounts = { valid: creates.length + updated + unchanged, invalid: rejects.length, created: creates.length, updated, unchanged };
    await audit(q, actor, { action: 'person.import.batch', entityType: 'person_import', entityId: state.importId, regionId: state.communityId, detail: { batch: state.batchNo, created: c.created, updated, unchanged, rejected: c.invalid } });
    await q.query(`UPDATE person_imports SET next_row = $2, valid = valid + $3, invalid = invalid + $4, created = created + $5, updated = updated + $6, unchanged = unchanged + $7 WHERE id = $1`,
      [state.importId, nextRow, c.valid, c.invalid, c.created, c.updated, c.unchanged]);
    return c;
  });
  for (const k of Object.keys(local) as (keyof Caches)[]) for (const [key, v] of local[k]) (state.caches[k] as Map<string, unknown>).set(key, v);
  return counts;
}
