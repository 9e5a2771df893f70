// `linli seed --persons N`: a realistic district at scale (names by surname frequency, valid ID numbers, an age
// pyramid, households in buildings of 2 units × 18 floors × 4 rooms, special groups at plausible rates), loaded with
// COPY in transactions of ~20,000 persons. Used by the benchmarks; fine for trying the UI with a million people.
import crypto from 'node:crypto';
import type { Ctx } from '../../lib/context.ts';
import { bulkTx } from '../../lib/bulk.ts';
import { namePinyin } from '../../lib/pinyin.ts';
import { checkChar } from '../../lib/id-number.ts';
import { household, rng, type GenPerson } from '../../seed/generate.ts';
import { isEmpty, seedDemo } from '../../seed/demo.ts';
import { IMPORT_PERSON_COLS } from './population-import-batch.ts';

const SENSITIVE = new Set(['corrections', 'mental_health', 'drug_rehab', 'released']);
const UNITS = 2, FLOORS = 18, ROOMS = 4;

export async function seedPersons(ctx: Ctx, target: number, log: (s: string) => void = () => {}): Promise<{ persons: number; seconds: number }> {
  const t0 = Date.now();
  if (await isEmpty(ctx)) await seedDemo(ctx, { persons: Math.min(600, target) });
  const have = (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons'))[0].n;
  if (have >= target) return { persons: have, seconds: 0 };
  const communities = await ctx.db.query<{ id: number; name: string }>(`SELECT id, name FROM regions WHERE level = 'community' AND retired_at IS NULL ORDER BY code`);
  const grids = await ctx.db.query<{ id: number; parent_id: number }>(`SELECT id, parent_id FROM regions WHERE level = 'grid' AND retired_at IS NULL ORDER BY code`);
  const used = new Set((await ctx.db.query<{ doc_bidx: string }>('SELECT doc_bidx FROM persons WHERE doc_bidx IS NOT NULL')).map((r) => r.doc_bidx));
  const r = rng(target ^ 0x5eed);
  const today = new Date();
  const pinyinCache = new Map<string, { full: string; initials: string }>();
  let remaining = target - have;
  let done = 0;
  const perCommunity = Math.ceil(remaining / communities.length);
  for (const [ci, c] of communities.entries()) {
    const cGrids = grids.filter((g) => Number(g.parent_id) === Number(c.id)).map((g) => Number(g.id));
    let left = Math.min(perCommunity, remaining);
    let buildingNo = 1000 * (ci + 1);
    while (left > 0) {
      const chunk = Math.min(left, 20000);
      const rows = { buildings: [] as unknown[][], houses: [] as unknown[][], households: [] as unknown[][], persons: [] as unknown[][], tags: [] as unknown[][] };
      let made = 0, houseIdx = 0;
      let building: { id: string; grid: number | null } | null = null;
      const houseIds: string[] = [];
      while (made < chunk) {
        if (houseIdx % (UNITS * FLOORS * ROOMS) === 0) {
          buildingNo++;
          building = { id: crypto.randomUUID(), grid: cGrids.length ? cGrids[buildingNo % cGrids.length] : null };
          rows.buildings.push([building.id, c.id, building.grid, `${buildingNo}号楼`, `${c.name.replace('社区', '')}路${buildingNo}号`, 'residential', UNITS, FLOORS]);
        }
        const k = houseIdx % (UNITS * FLOORS * ROOMS);
        const unit = Math.floor(k / (FLOORS * ROOMS)) + 1, floor = Math.floor((k % (FLOORS * ROOMS)) / ROOMS) + 1, room = `${floor}${String((k % ROOMS) + 1).padStart(2, '0')}`;
        const houseId = crypto.randomUUID();
        houseIds.push(houseId);
        houseIdx++;
        // About one house in twelve stands empty.
        if (r() < 0.08) {
          rows.houses.push([houseId, building!.id, c.id, building!.grid, unit, floor, room, 60 + Math.floor(r() * 80), 'vacant']);
          continue;
        }
        const fam: GenPerson[] = household(r, today, () => 0);
        rows.houses.push([houseId, building!.id, c.id, building!.grid, unit, floor, room, 60 + Math.floor(r() * 80), fam[0].residency === 'floating' ? 'rented' : 'owner_occupied']);
        const hhId = crypto.randomUUID();
        rows.households.push([hhId, c.id, building!.grid, `${c.id}-${buildingNo}-${unit}-${room}`, 'family', `示范区${c.name}`, houseId]);
        for (const p of fam) {
          let doc = p.docNo, bidx = ctx.crypto.blindIndex('doc', doc);
          // Generated numbers can collide (same area, birthday and sequence): draw again with another sequence.
          for (let tries = 0; used.has(bidx) && tries < 50; tries++) {
            doc = p.docType === 'passport' ? `E${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : nextSeq(doc);
            bidx = ctx.crypto.blindIndex('doc', doc);
          }
          if (used.has(bidx)) continue;
          used.add(bidx);
          let py = pinyinCache.get(p.name);
          if (!py) pinyinCache.set(p.name, (py = namePinyin(p.name)));
          const id = crypto.randomUUID();
          rows.persons.push([id, c.id, building!.grid, hhId, houseId, p.name, py.full, py.initials, [], p.gender, p.birthDate, p.docType,
            ctx.crypto.encrypt(doc), bidx, doc.slice(-4), p.phone ? ctx.crypto.encrypt(p.phone) : null, p.phone ? ctx.crypto.blindIndex('phone', p.phone) : null, p.phone ? p.phone.slice(-4) : null,
            p.ethnicity, p.education, p.political, p.marital, p.employment, `示范区${c.name}`, p.residency, p.relation]);
          for (const t of p.tags) {
            rows.tags.push(SENSITIVE.has(t.code) ? [id, t.code, c.id, {}, ctx.crypto.encrypt(JSON.stringify(t.attributes))] : [id, t.code, c.id, t.attributes, null]);
          }
          made++;
        }
      }
      await bulkTx(ctx.db, async (q) => {
        await q.copyRows('buildings', ['id', 'community_id', 'grid_id', 'name', 'address', 'kind', 'units', 'floors'], rows.buildings);
        await q.copyRows('houses', ['id', 'building_id', 'community_id', 'grid_id', 'unit', 'floor', 'room', 'area', 'use'], rows.houses);
        await q.copyRows('households', ['id', 'community_id', 'grid_id', 'household_no', 'kind', 'registered_address', 'house_id'], rows.households);
        await q.copyRows('persons', IMPORT_PERSON_COLS, rows.persons);
        await q.copyRows('person_tags', ['person_id', 'tag_code', 'community_id', 'attributes', 'attributes_enc'], rows.tags);
        await q.query(`UPDATE households h SET head_person_id = p.id FROM persons p WHERE p.household_id = h.id AND p.relation_to_head = '户主' AND h.id = ANY($1)`,
          [rows.households.map((x) => x[0])]);
      });
      left -= made;
      remaining -= made;
      done += made;
      log(`  ${c.name}: +${made} (total new ${done}, ${Math.round(done / ((Date.now() - t0) / 1000))} persons/s)`);
    }
  }
  // regions has too few rows for autovacuum ever to analyze it; the scope subquery's estimates need its statistics.
  await ctx.db.query('ANALYZE regions');
  await ctx.db.query('ANALYZE persons');
  await ctx.db.query('ANALYZE person_tags');
  return { persons: have + done, seconds: (Date.now() - t0) / 1000 };
}

/** Same person details, the next sequence number of the same gender, with a fresh check digit. */
function nextSeq(doc: string): string {
  const seq = (Number(doc.slice(14, 17)) + 2) % 1000;
  const first17 = doc.slice(0, 14) + String(seq).padStart(3, '0');
  return first17 + checkChar(first17);
}
