// Places and units: buildings (楼栋), houses (房屋), households (户), organisations (驻区单位、商户、物业).
// Same rules as persons: scoped reads and writes, history for households and houses, audit for every write.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { conflict, invalid } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import { ageOn, formatPhone, normalizePhone } from './population-rules.ts';
import { diff, entityHistory, loadScoped, maskPhone, resolvePlacement, writeHistory } from './population-common.ts';

type BuildingRow = { id: string; community_id: number; grid_id: number | null; name: string; address: string | null; kind: 'residential' | 'commercial' | 'mixed'; units: number; floors: number; houses?: number; persons?: number };
type HouseRow = { id: string; building_id: string; building_name?: string; community_id: number; grid_id: number | null; unit: number; floor: number; room: string; area: number | null; use: 'owner_occupied' | 'rented' | 'vacant' | 'business'; owner_name: string | null; owner_person_id: string | null };
type HouseholdRow = { id: string; community_id: number; grid_id: number | null; household_no: string | null; kind: 'family' | 'collective'; registered_address: string | null; house_id: string | null; head_person_id: string | null; head_name?: string | null; address?: string | null; member_count?: number };
type OrgRow = { id: string; community_id: number; grid_id: number | null; name: string; kind: string; uscc: string | null; address: string | null; contact_name: string | null; phone_enc: string | null; phone_bidx: string | null; phone_last4: string | null };

const num = (v: number | null) => (v === null ? null : Number(v));
const toBuilding = (b: BuildingRow) => ({ id: b.id, communityId: Number(b.community_id), gridId: num(b.grid_id), name: b.name, address: b.address, kind: b.kind, units: b.units, floors: b.floors, houses: b.houses ?? 0, persons: b.persons ?? 0 });
const toHouse = (h: HouseRow) => ({ id: h.id, buildingId: h.building_id, buildingName: h.building_name ?? '', communityId: Number(h.community_id), gridId: num(h.grid_id), unit: h.unit, floor: h.floor, room: h.room, area: num(h.area), use: h.use, ownerName: h.owner_name, ownerPersonId: h.owner_person_id });
const toHousehold = (h: HouseholdRow) => ({ id: h.id, communityId: Number(h.community_id), gridId: num(h.grid_id), householdNo: h.household_no, kind: h.kind, registeredAddress: h.registered_address, houseId: h.house_id, address: h.address ?? null, headPersonId: h.head_person_id, headName: h.head_name ?? null, memberCount: h.member_count ?? 0 });
const toOrg = (o: OrgRow) => ({ id: o.id, communityId: Number(o.community_id), gridId: num(o.grid_id), name: o.name, kind: o.kind, uscc: o.uscc, address: o.address, contactName: o.contact_name, phone: maskPhone(o.phone_last4) });

type Page = { page: number; pageSize: number };

async function pageOf<T, U>(ctx: Ctx, sql: string, countSql: string, values: unknown[], q: Page, map: (r: T) => U) {
  const total = await ctx.db.query<{ n: number }>(countSql, values);
  const rows = await ctx.db.query<T>(`${sql} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, values);
  return { items: rows.map(map), total: total[0].n, page: q.page, pageSize: q.pageSize };
}

// ---------- buildings ----------
const BUILDING_COUNTS = `(SELECT count(*)::int FROM houses h WHERE h.building_id = b.id) AS houses,
  (SELECT count(*)::int FROM persons p JOIN houses h ON h.id = p.house_id WHERE h.building_id = b.id AND p.status = 'living') AS persons`;

export async function listBuildings(ctx: Ctx, actor: Actor, q: Page & { communityId?: number; gridId?: number; name?: string }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'b.community_id', grid: 'b.grid_id' })];
  if (q.communityId) where.push(`b.community_id = ${p.add(q.communityId)}`);
  if (q.gridId) where.push(`b.grid_id = ${p.add(q.gridId)}`);
  if (q.name) where.push(`(b.name LIKE ${p.add(`%${q.name}%`)} OR b.address LIKE ${p.add(`%${q.name}%`)})`);
  return pageOf<BuildingRow, ReturnType<typeof toBuilding>>(ctx, `SELECT b.*, ${BUILDING_COUNTS} FROM buildings b WHERE ${where.join(' AND ')} ORDER BY b.community_id, length(b.name), b.name`,
    `SELECT count(*)::int AS n FROM buildings b WHERE ${where.join(' AND ')}`, p.values, q, toBuilding);
}

export async function createBuilding(ctx: Ctx, actor: Actor, input: { communityId?: number; gridId?: number | null; name: string; address?: string | null; kind: BuildingRow['kind']; units: number; floors: number }) {
  return ctx.db.tx(async (q) => {
    const place = await resolvePlacement(q, actor, input);
    const rows = await q.query<BuildingRow>('INSERT INTO buildings (community_id, grid_id, name, address, kind, units, floors) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *',
      [place.communityId, place.gridId, input.name, input.address ?? null, input.kind, input.units, input.floors]);
    await writeHistory(q, actor, { type: 'building', id: rows[0].id, communityId: place.communityId, action: 'create', after: toBuilding(rows[0]) });
    await audit(q, actor, { action: 'building.create', entityType: 'building', entityId: rows[0].id, regionId: place.communityId, detail: { name: input.name } });
    return toBuilding(rows[0]);
  });
}

export async function updateBuilding(ctx: Ctx, actor: Actor, id: string, patch: Partial<{ gridId: number | null; name: string; address: string | null; kind: BuildingRow['kind']; units: number; floors: number }>) {
  return ctx.db.tx(async (q) => {
    const cur = await loadScoped<BuildingRow>(q, actor, 'buildings', id, ['楼栋', 'Building'], true);
    if (patch.gridId) await resolvePlacement(q, actor, { communityId: Number(cur.community_id), gridId: patch.gridId });
    const next = { ...cur, grid_id: patch.gridId === undefined ? cur.grid_id : patch.gridId, name: patch.name ?? cur.name, address: patch.address === undefined ? cur.address : patch.address, kind: patch.kind ?? cur.kind, units: patch.units ?? cur.units, floors: patch.floors ?? cur.floors };
    const rows = await q.query<BuildingRow>('UPDATE buildings SET grid_id=$2, name=$3, address=$4, kind=$5, units=$6, floors=$7, updated_at=now() WHERE id=$1 RETURNING *',
      [id, next.grid_id, next.name, next.address, next.kind, next.units, next.floors]);
    const d = diff(toBuilding(cur), toBuilding(rows[0]));
    if (d) {
      await writeHistory(q, actor, { type: 'building', id, communityId: Number(cur.community_id), action: 'update', ...d });
      await audit(q, actor, { action: 'building.update', entityType: 'building', entityId: id, regionId: Number(cur.community_id), detail: { fields: Object.keys(d.after) } });
    }
    return toBuilding(rows[0]);
  });
}

/** The building drawn as communities draw it by hand: units × floors × rooms, with who lives where and each room's use. */
export async function buildingLayout(ctx: Ctx, actor: Actor, id: string) {
  const b = await loadScoped<BuildingRow>(ctx.db, actor, 'buildings', id, ['楼栋', 'Building']);
  const counts = await ctx.db.query<BuildingRow>(`SELECT b.*, ${BUILDING_COUNTS} FROM buildings b WHERE b.id = $1`, [id]);
  const houses = await ctx.db.query<HouseRow>('SELECT * FROM houses WHERE building_id = $1 ORDER BY unit, floor DESC, room', [id]);
  const occupants = await ctx.db.query<{ id: string; name: string; relation_to_head: string | null; residency_type: 'registered' | 'resident' | 'floating' | 'overseas' | 'separated'; house_id: string }>(
    `SELECT p.id, p.name, p.relation_to_head, p.residency_type, p.house_id FROM persons p JOIN houses h ON h.id = p.house_id
      WHERE h.building_id = $1 AND p.status = 'living' ORDER BY (p.relation_to_head = '户主') DESC, p.birth_date`, [id]);
  const byHouse = new Map<string, { id: string; name: string; relationToHead: string | null; residencyType: typeof occupants[number]['residency_type'] }[]>();
  for (const o of occupants) {
    const list = byHouse.get(o.house_id) ?? [];
    list.push({ id: o.id, name: o.name, relationToHead: o.relation_to_head, residencyType: o.residency_type });
    byHouse.set(o.house_id, list);
  }
  const units = new Map<number, Map<number, unknown[]>>();
  for (const h of houses) {
    if (!units.has(h.unit)) units.set(h.unit, new Map());
    const floors = units.get(h.unit)!;
    if (!floors.has(h.floor)) floors.set(h.floor, []);
    floors.get(h.floor)!.push({ houseId: h.id, room: h.room, use: h.use, area: num(h.area), ownerName: h.owner_name, occupants: byHouse.get(h.id) ?? [] });
  }
  return {
    building: toBuilding(counts[0] ?? b),
    units: [...units.entries()].map(([unit, floors]) => ({ unit, floors: [...floors.entries()].map(([floor, rooms]) => ({ floor, rooms })) })) as never,
  };
}

// ---------- houses ----------
const HOUSE_SELECT = 'SELECT h.*, b.name AS building_name FROM houses h JOIN buildings b ON b.id = h.building_id';

export async function getHouse(ctx: Ctx, actor: Actor, id: string) {
  await loadScoped<HouseRow>(ctx.db, actor, 'houses', id, ['房屋', 'House']);
  const rows = await ctx.db.query<HouseRow>(`${HOUSE_SELECT} WHERE h.id = $1`, [id]);
  return toHouse(rows[0]);
}

export async function listHouses(ctx: Ctx, actor: Actor, q: Page & { buildingId?: string; use?: HouseRow['use'] }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'h.community_id', grid: 'h.grid_id' })];
  if (q.buildingId) where.push(`h.building_id = ${p.add(q.buildingId)}`);
  if (q.use) where.push(`h.use = ${p.add(q.use)}`);
  return pageOf<HouseRow, ReturnType<typeof toHouse>>(ctx, `${HOUSE_SELECT} WHERE ${where.join(' AND ')} ORDER BY b.name, h.unit, h.floor, h.room`,
    `SELECT count(*)::int AS n FROM houses h WHERE ${where.join(' AND ')}`, p.values, q, toHouse);
}

async function assertRoomFree(q: Queryable, buildingId: string, unit: number, room: string, exceptId: string | null) {
  const dup = await q.query<{ id: string }>('SELECT id FROM houses WHERE building_id = $1 AND unit = $2 AND room = $3', [buildingId, unit, room]);
  if (dup[0] && dup[0].id !== exceptId) throw conflict(`${unit} 单元 ${room} 室已存在`, `Unit ${unit} room ${room} already exists`);
}

export async function createHouse(ctx: Ctx, actor: Actor, input: { buildingId: string; unit: number; floor: number; room: string; area?: number | null; use: HouseRow['use']; ownerName?: string | null; ownerPersonId?: string | null }) {
  return ctx.db.tx(async (q) => {
    const b = await loadScoped<BuildingRow>(q, actor, 'buildings', input.buildingId, ['楼栋', 'Building']);
    if (input.unit > b.units || input.floor > b.floors) throw invalid(`该楼只有 ${b.units} 个单元、${b.floors} 层`, `The building has ${b.units} unit(s) and ${b.floors} floor(s)`);
    await assertRoomFree(q, b.id, input.unit, input.room, null);
    if (input.ownerPersonId) await loadScoped(q, actor, 'persons', input.ownerPersonId, ['人员', 'Person']);
    const rows = await q.query<HouseRow>('INSERT INTO houses (building_id, community_id, grid_id, unit, floor, room, area, use, owner_name, owner_person_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING *',
      [b.id, b.community_id, b.grid_id, input.unit, input.floor, input.room, input.area ?? null, input.use, input.ownerName ?? null, input.ownerPersonId ?? null]);
    await writeHistory(q, actor, { type: 'house', id: rows[0].id, communityId: Number(b.community_id), action: 'create', after: toHouse(rows[0]) });
    await audit(q, actor, { action: 'house.create', entityType: 'house', entityId: rows[0].id, regionId: Number(b.community_id), detail: { building: b.name, unit: input.unit, room: input.room } });
    return { ...toHouse(rows[0]), buildingName: b.name };
  });
}

export async function updateHouse(ctx: Ctx, actor: Actor, id: string, patch: Partial<{ unit: number; floor: number; room: string; area: number | null; use: HouseRow['use']; ownerName: string | null; ownerPersonId: string | null }>) {
  return ctx.db.tx(async (q) => {
    const cur = await loadScoped<HouseRow>(q, actor, 'houses', id, ['房屋', 'House'], true);
    const next = { unit: patch.unit ?? cur.unit, floor: patch.floor ?? cur.floor, room: patch.room ?? cur.room, area: patch.area === undefined ? cur.area : patch.area, use: patch.use ?? cur.use,
      owner_name: patch.ownerName === undefined ? cur.owner_name : patch.ownerName, owner_person_id: patch.ownerPersonId === undefined ? cur.owner_person_id : patch.ownerPersonId };
    if (next.unit !== cur.unit || next.room !== cur.room) await assertRoomFree(q, cur.building_id, next.unit, next.room, id);
    if (patch.ownerPersonId) await loadScoped(q, actor, 'persons', patch.ownerPersonId, ['人员', 'Person']);
    const rows = await q.query<HouseRow>('UPDATE houses SET unit=$2, floor=$3, room=$4, area=$5, use=$6, owner_name=$7, owner_person_id=$8, updated_at=now() WHERE id=$1 RETURNING *',
      [id, next.unit, next.floor, next.room, next.area, next.use, next.owner_name, next.owner_person_id]);
    const d = diff(toHouse(cur), toHouse(rows[0]));
    if (d) {
      await writeHistory(q, actor, { type: 'house', id, communityId: Number(cur.community_id), action: 'update', ...d });
      await audit(q, actor, { action: 'house.update', entityType: 'house', entityId: id, regionId: Number(cur.community_id), detail: { fields: Object.keys(d.after) } });
    }
    const full = await q.query<HouseRow>(`${HOUSE_SELECT} WHERE h.id = $1`, [id]);
    return toHouse(full[0]);
  });
}

// ---------- households ----------
const HOUSEHOLD_SELECT = `SELECT x.*, hp.name AS head_name,
  CASE WHEN h.id IS NULL THEN NULL ELSE b.name || ' ' || h.unit || '单元 ' || h.room || '室' END AS address,
  (SELECT count(*)::int FROM persons m WHERE m.household_id = x.id AND m.status = 'living') AS member_count
  FROM households x LEFT JOIN persons hp ON hp.id = x.head_person_id LEFT JOIN houses h ON h.id = x.house_id LEFT JOIN buildings b ON b.id = h.building_id`;

export async function listHouseholds(ctx: Ctx, actor: Actor, q: Page & { communityId?: number; gridId?: number; houseId?: string; q?: string }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'x.community_id', grid: 'x.grid_id' })];
  if (q.communityId) where.push(`x.community_id = ${p.add(q.communityId)}`);
  if (q.gridId) where.push(`x.grid_id = ${p.add(q.gridId)}`);
  if (q.houseId) where.push(`x.house_id = ${p.add(q.houseId)}`);
  if (q.q) where.push(`(x.household_no = ${p.add(q.q)} OR hp.name LIKE ${p.add(`${q.q}%`)})`);
  return pageOf<HouseholdRow, ReturnType<typeof toHousehold>>(ctx, `${HOUSEHOLD_SELECT} WHERE ${where.join(' AND ')} ORDER BY x.household_no NULLS LAST, x.id`,
    `SELECT count(*)::int AS n FROM households x LEFT JOIN persons hp ON hp.id = x.head_person_id WHERE ${where.join(' AND ')}`, p.values, q, toHousehold);
}

export async function getHousehold(ctx: Ctx, actor: Actor, id: string) {
  await loadScoped<HouseholdRow>(ctx.db, actor, 'households', id, ['户', 'Household']);
  const rows = await ctx.db.query<HouseholdRow>(`${HOUSEHOLD_SELECT} WHERE x.id = $1`, [id]);
  const members = await ctx.db.query<{ id: string; name: string; relation_to_head: string | null; gender: 'M' | 'F' | null; birth_date: string | null; status: 'living' | 'moved_out' | 'deceased' }>(
    `SELECT id, name, relation_to_head, gender, birth_date, status FROM persons WHERE household_id = $1 ORDER BY (id = $2) DESC, birth_date NULLS LAST`, [id, rows[0].head_person_id]);
  return { ...toHousehold(rows[0]), members: members.map((m) => ({ id: m.id, name: m.name, relationToHead: m.relation_to_head, gender: m.gender, age: m.birth_date ? ageOn(m.birth_date) : null, status: m.status })) };
}

async function checkHouseholdLinks(q: Queryable, actor: Actor, communityId: number, input: { houseId?: string | null; headPersonId?: string | null }, id: string | null) {
  let gridId: number | null | undefined;
  if (input.houseId) {
    const h = await loadScoped<HouseRow>(q, actor, 'houses', input.houseId, ['房屋', 'House']);
    if (Number(h.community_id) !== communityId) throw invalid('该房屋不在此社区', 'The house is in another community');
    gridId = h.grid_id;
  }
  if (input.headPersonId) {
    const p = await loadScoped<{ community_id: number; grid_id: number | null; household_id: string | null }>(q, actor, 'persons', input.headPersonId, ['人员', 'Person']);
    if (id && p.household_id !== id) throw invalid('户主必须是本户成员', 'The head must be a member of the household', [{ path: 'headPersonId', messages: { 'zh-CN': '户主必须是本户成员', 'en-US': 'Must be a member' } }]);
  }
  return gridId;
}

export async function createHousehold(ctx: Ctx, actor: Actor, input: { communityId?: number; householdNo?: string | null; kind: 'family' | 'collective'; registeredAddress?: string | null; houseId?: string | null; headPersonId?: string | null }) {
  return ctx.db.tx(async (q) => {
    const place = await resolvePlacement(q, actor, input);
    const gridId = await checkHouseholdLinks(q, actor, place.communityId, input, null);
    const rows = await q.query<HouseholdRow>('INSERT INTO households (community_id, grid_id, household_no, kind, registered_address, house_id, head_person_id) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *',
      [place.communityId, gridId ?? place.gridId, input.householdNo ?? null, input.kind, input.registeredAddress ?? null, input.houseId ?? null, input.headPersonId ?? null]);
    if (input.headPersonId) await q.query(`UPDATE persons SET household_id = $1, relation_to_head = '户主', version = version + 1, updated_at = now() WHERE id = $2`, [rows[0].id, input.headPersonId]);
    await writeHistory(q, actor, { type: 'household', id: rows[0].id, communityId: place.communityId, action: 'create', after: toHousehold(rows[0]) });
    await audit(q, actor, { action: 'household.create', entityType: 'household', entityId: rows[0].id, regionId: place.communityId, detail: { householdNo: input.householdNo ?? null } });
    return toHousehold(rows[0]);
  });
}

export async function updateHousehold(ctx: Ctx, actor: Actor, id: string, patch: Partial<{ householdNo: string | null; kind: 'family' | 'collective'; registeredAddress: string | null; houseId: string | null; headPersonId: string | null }>) {
  return ctx.db.tx(async (q) => {
    const cur = await loadScoped<HouseholdRow>(q, actor, 'households', id, ['户', 'Household'], true);
    const gridId = await checkHouseholdLinks(q, actor, Number(cur.community_id), patch, id);
    const next = { household_no: patch.householdNo === undefined ? cur.household_no : patch.householdNo, kind: patch.kind ?? cur.kind,
      registered_address: patch.registeredAddress === undefined ? cur.registered_address : patch.registeredAddress,
      house_id: patch.houseId === undefined ? cur.house_id : patch.houseId, head_person_id: patch.headPersonId === undefined ? cur.head_person_id : patch.headPersonId };
    const rows = await q.query<HouseholdRow>('UPDATE households SET household_no=$2, kind=$3, registered_address=$4, house_id=$5, head_person_id=$6, grid_id=coalesce($7, grid_id), updated_at=now() WHERE id=$1 RETURNING *',
      [id, next.household_no, next.kind, next.registered_address, next.house_id, next.head_person_id, gridId ?? null]);
    // The household's members move with it when it moves house.
    if (patch.houseId !== undefined && patch.houseId !== cur.house_id) {
      await q.query(`UPDATE persons SET house_id = $2, grid_id = coalesce($3, grid_id), version = version + 1, updated_at = now() WHERE household_id = $1 AND status = 'living'`, [id, patch.houseId, gridId ?? null]);
    }
    const d = diff(toHousehold(cur), toHousehold(rows[0]));
    if (d) {
      await writeHistory(q, actor, { type: 'household', id, communityId: Number(cur.community_id), action: 'update', ...d });
      await audit(q, actor, { action: 'household.update', entityType: 'household', entityId: id, regionId: Number(cur.community_id), detail: { fields: Object.keys(d.after) } });
    }
    const full = await q.query<HouseholdRow>(`${HOUSEHOLD_SELECT} WHERE x.id = $1`, [id]);
    return toHousehold(full[0]);
  });
}

export async function historyOf(ctx: Ctx, actor: Actor, type: 'household' | 'house' | 'building', id: string) {
  const table = { household: 'households', house: 'houses', building: 'buildings' }[type];
  await loadScoped(ctx.db, actor, table, id, ['记录', 'Record']);
  return entityHistory(ctx.db, actor, params(), type, id);
}

// ---------- organisations ----------
export async function listOrganisations(ctx: Ctx, actor: Actor, q: Page & { kind?: string; name?: string }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'o.community_id', grid: 'o.grid_id' })];
  if (q.kind) where.push(`o.kind = ${p.add(q.kind)}`);
  if (q.name) where.push(`o.name LIKE ${p.add(`%${q.name}%`)}`);
  return pageOf<OrgRow, ReturnType<typeof toOrg>>(ctx, `SELECT o.* FROM organisations o WHERE ${where.join(' AND ')} ORDER BY o.name`, `SELECT count(*)::int AS n FROM organisations o WHERE ${where.join(' AND ')}`, p.values, q, toOrg);
}

function orgPhone(ctx: Ctx, raw: string | null | undefined) {
  if (raw === undefined) return undefined;
  const ph = normalizePhone(raw);
  if (!ph.ok) throw invalid(ph.error.zh, ph.error.en, [{ path: 'phone', messages: { 'zh-CN': ph.error.zh, 'en-US': ph.error.en } }]);
  return ph.value ? { enc: ctx.crypto.encrypt(ph.value), bidx: ctx.crypto.blindIndex('phone', ph.value), last4: ph.value.slice(-4), display: formatPhone(ph.value) } : { enc: null, bidx: null, last4: null, display: null };
}

async function assertUsccFree(q: Queryable, uscc: string | null | undefined, exceptId: string | null) {
  if (!uscc) return;
  const dup = await q.query<{ id: string }>('SELECT id FROM organisations WHERE uscc = $1', [uscc]);
  if (dup[0] && dup[0].id !== exceptId) throw conflict('该统一社会信用代码已登记', 'This unified social credit code is already registered');
}

export async function createOrganisation(ctx: Ctx, actor: Actor, input: { communityId?: number; gridId?: number | null; name: string; kind: string; uscc?: string | null; address?: string | null; contactName?: string | null; phone?: string | null }) {
  const ph = orgPhone(ctx, input.phone ?? null)!;
  return ctx.db.tx(async (q) => {
    const place = await resolvePlacement(q, actor, input);
    await assertUsccFree(q, input.uscc, null);
    const rows = await q.query<OrgRow>('INSERT INTO organisations (community_id, grid_id, name, kind, uscc, address, contact_name, phone_enc, phone_bidx, phone_last4) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING *',
      [place.communityId, place.gridId, input.name, input.kind, input.uscc ?? null, input.address ?? null, input.contactName ?? null, ph.enc, ph.bidx, ph.last4]);
    await audit(q, actor, { action: 'organisation.create', entityType: 'organisation', entityId: rows[0].id, regionId: place.communityId, detail: { name: input.name, kind: input.kind } });
    return toOrg(rows[0]);
  });
}

export async function updateOrganisation(ctx: Ctx, actor: Actor, id: string, patch: Partial<{ gridId: number | null; name: string; kind: string; uscc: string | null; address: string | null; contactName: string | null; phone: string | null }>) {
  const ph = orgPhone(ctx, patch.phone);
  return ctx.db.tx(async (q) => {
    const cur = await loadScoped<OrgRow>(q, actor, 'organisations', id, ['单位', 'Organisation'], true);
    if (patch.uscc !== undefined) await assertUsccFree(q, patch.uscc, id);
    if (patch.gridId) await resolvePlacement(q, actor, { communityId: Number(cur.community_id), gridId: patch.gridId });
    const rows = await q.query<OrgRow>(
      `UPDATE organisations SET grid_id=$2, name=$3, kind=$4, uscc=$5, address=$6, contact_name=$7, phone_enc=$8, phone_bidx=$9, phone_last4=$10, updated_at=now() WHERE id=$1 RETURNING *`,
      [id, patch.gridId === undefined ? cur.grid_id : patch.gridId, patch.name ?? cur.name, patch.kind ?? cur.kind, patch.uscc === undefined ? cur.uscc : patch.uscc,
        patch.address === undefined ? cur.address : patch.address, patch.contactName === undefined ? cur.contact_name : patch.contactName,
        ph ? ph.enc : cur.phone_enc, ph ? ph.bidx : cur.phone_bidx, ph ? ph.last4 : cur.phone_last4]);
    const d = diff(toOrg(cur), toOrg(rows[0]));
    if (d) await audit(q, actor, { action: 'organisation.update', entityType: 'organisation', entityId: id, regionId: Number(cur.community_id), detail: { fields: Object.keys(d.after) } });
    return toOrg(rows[0]);
  });
}

