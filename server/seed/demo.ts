// The demo district: 2 streets, 6 communities, their grids, buildings, houses, households and about
// 5,000 persons with special groups, plus one account per built-in role. Deterministic (seeded).
import type { Queryable } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';
import { hashPassword } from '../lib/password.ts';
import { namePinyin } from '../lib/pinyin.ts';
import { household, pick, rng, type GenPerson, type Rng } from './generate.ts';
import { DEMO_SEEDS } from './modules.ts';
import { residentUsername } from '../modules/auth/auth.service.ts';

export const DEMO_PASSWORD = 'Linli@2026';
export const DEMO_RESIDENT_PHONE = '13800138000';

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: string; scope: string; department?: string; note: string }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'system_admin', scope: '370199', note: '全部权限' },
  { username: 'district', displayName: '区民政局管理员', role: 'district_admin', scope: '370199', note: '全区' },
  { username: 'street', displayName: '文化路街道 李科长', role: 'street_staff', scope: '370199001', note: '文化路街道' },
  { username: 'secretary', displayName: '花园社区 王书记', role: 'community_secretary', scope: '370199001001', note: '花园社区，可查看敏感人群' },
  { username: 'worker', displayName: '花园社区 张社工', role: 'community_worker', scope: '370199001001', note: '花园社区' },
  { username: 'worker2', displayName: '和平里社区 赵社工', role: 'community_worker', scope: '370199002001', note: '和平里社区（另一社区）' },
  { username: 'grid', displayName: '花园社区 第一网格 刘网格员', role: 'grid_worker', scope: '370199001001001', note: '花园社区第一网格' },
  { username: 'dept', displayName: '区民政局 陈科员', role: 'department_staff', scope: '370199', department: 'mzj', note: '区民政局' },
  { username: 'social', displayName: '阳光社工服务中心 周社工', role: 'social_worker', scope: '370199001', note: '文化路街道' },
];

const STREETS = [
  { code: '370199001', name: '文化路街道', communities: ['花园社区', '文苑社区', '山水社区'] },
  { code: '370199002', name: '和平街道', communities: ['和平里社区', '新村社区', '东湖社区'] },
];
const GRID_NAMES = ['第一网格', '第二网格', '第三网格', '第四网格'];
const DEPARTMENTS = [
  ['mzj', '区民政局'], ['rsj', '区人力资源和社会保障局'], ['cl', '区残疾人联合会'], ['wjw', '区卫生健康委员会'],
  ['zjj', '区住房和城乡建设局'], ['sfj', '区司法局'], ['gaj', '区公安分局'], ['cgj', '区城市管理局'],
];

async function insertRegion(q: Queryable, parent: { id: number; path: string } | null, level: string, code: string, name: string) {
  const rows = await q.query<{ id: number }>(`INSERT INTO regions (parent_id, level, code, name, path) VALUES ($1,$2,$3,$4,'') RETURNING id`, [parent?.id ?? null, level, code, name]);
  const id = Number(rows[0].id);
  const path = `${parent?.path ?? '/'}${id}/`;
  await q.query('UPDATE regions SET path = $2 WHERE id = $1', [id, path]);
  return { id, path, code, name };
}

/** Multi-row INSERT in chunks; returns the ids in input order. */
export async function insertRows(q: Queryable, table: string, cols: string[], rows: unknown[][], returning = 'id'): Promise<string[]> {
  const ids: string[] = [];
  const chunk = Math.max(1, Math.floor(30000 / cols.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const values: unknown[] = [];
    const tuples = part.map((r) => `(${r.map((v) => { values.push(v); return `$${values.length}`; }).join(',')})`);
    const res = await q.query<{ id: string }>(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${tuples.join(',')} RETURNING ${returning}`, values);
    ids.push(...res.map((x) => x.id));
  }
  return ids;
}

export async function isEmpty(ctx: Ctx): Promise<boolean> {
  const rows = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM regions');
  return rows[0].n === 0;
}

export async function seedDemo(ctx: Ctx, opts: { persons?: number; today?: Date } = {}): Promise<{ persons: number; households: number }> {
  const target = opts.persons ?? 5000;
  const today = opts.today ?? new Date();
  const r = rng(20261122);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return ctx.db.tx(async (q) => {
    const district = await insertRegion(q, null, 'district', '370199', '示范区');
    const byCode = new Map<string, { id: number; path: string }>([[district.code, district]]);
    const communities: { id: number; path: string; code: string; name: string; grids: { id: number }[] }[] = [];
    for (const s of STREETS) {
      const street = await insertRegion(q, district, 'street', s.code, s.name);
      byCode.set(street.code, street);
      for (const [i, cname] of s.communities.entries()) {
        const c = await insertRegion(q, street, 'community', `${s.code}${String(i + 1).padStart(3, '0')}`, cname);
        byCode.set(c.code, c);
        const grids = [];
        for (const [g, gname] of GRID_NAMES.entries()) {
          const grid = await insertRegion(q, c, 'grid', `${c.code}${String(g + 1).padStart(3, '0')}`, gname);
          byCode.set(grid.code, grid);
          grids.push(grid);
        }
        communities.push({ ...c, grids });
      }
    }
    const deptIds = new Map<string, string>();
    for (const [code, name] of DEPARTMENTS) {
      const rows = await q.query<{ id: string }>('INSERT INTO departments (code, name, region_id) VALUES ($1,$2,$3) RETURNING id', [code, name, district.id]);
      deptIds.set(code, rows[0].id);
    }

    let persons = 0, households = 0;
    const perCommunity = Math.ceil(target / communities.length);
    for (const c of communities) {
      const counts = await seedCommunity(ctx, q, r, c, perCommunity, today);
      persons += counts.persons;
      households += counts.households;
    }

    // The demo resident: a person in 花园社区 whose phone is known, so the OTP login can be tried.
    const first = communities[0];
    const resident = await q.query<{ id: string; name: string }>(`SELECT id, name FROM persons WHERE community_id = $1 AND relation_to_head = '户主' ORDER BY created_at, id LIMIT 1`, [first.id]);
    await q.query('UPDATE persons SET phone_enc = $2, phone_bidx = $3, phone_last4 = $4 WHERE id = $1',
      [resident[0].id, ctx.crypto.encrypt(DEMO_RESIDENT_PHONE), ctx.crypto.blindIndex('phone', DEMO_RESIDENT_PHONE), DEMO_RESIDENT_PHONE.slice(-4)]);

    for (const a of DEMO_ACCOUNTS) {
      const rows = await q.query<{ id: string }>(
        `INSERT INTO users (username, display_name, password_hash, scope_region_id, department_id, must_change_password) VALUES ($1,$2,$3,$4,$5,false) RETURNING id`,
        [a.username, a.displayName, passwordHash, byCode.get(a.scope)!.id, a.department ? deptIds.get(a.department) : null],
      );
      await q.query('INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE code = $2', [rows[0].id, a.role]);
    }
    const res = await q.query<{ id: string }>(
      `INSERT INTO users (username, display_name, phone_enc, phone_bidx, phone_last4, scope_region_id, person_id, must_change_password) VALUES ($1,$2,$3,$4,$5,$6,$7,false) RETURNING id`,
      [residentUsername(), resident[0].name, ctx.crypto.encrypt(DEMO_RESIDENT_PHONE), ctx.crypto.blindIndex('phone', DEMO_RESIDENT_PHONE), DEMO_RESIDENT_PHONE.slice(-4), first.id, resident[0].id],
    );
    await q.query(`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE code = 'resident'`, [res[0].id]);
    for (const seed of DEMO_SEEDS) await seed(ctx, q);
    return { persons, households };
  });
}

const ORG_KINDS = [['物业公司', '物业服务有限公司'], ['驻区单位', '小学'], ['商户', '便利店'], ['商户', '餐馆'], ['社会组织', '志愿服务队']];

async function seedCommunity(ctx: Ctx, q: Queryable, r: Rng, c: { id: number; name: string; grids: { id: number }[] }, targetPersons: number, today: Date) {
  const short = c.name.replace('社区', '');
  // Buildings: 12 residential, 2 units × 6 floors × 2 rooms each; grid by building.
  const bIds = await insertRows(q, 'buildings', ['community_id', 'grid_id', 'name', 'address', 'kind', 'units', 'floors'],
    Array.from({ length: 12 }, (_, i) => [c.id, c.grids[i % c.grids.length].id, `${i + 1}号楼`, `${short}路${(i + 1) * 2}号`, i === 11 ? 'mixed' : 'residential', 2, 6]));
  const houseRows: unknown[][] = [];
  bIds.forEach((b, i) => {
    for (let unit = 1; unit <= 2; unit++) for (let floor = 1; floor <= 6; floor++) for (let room = 1; room <= 2; room++) {
      houseRows.push([b, c.id, c.grids[i % c.grids.length].id, unit, floor, `${floor}0${room}`, 60 + Math.floor(r() * 80), 'owner_occupied']);
    }
  });
  const hIds = await insertRows(q, 'houses', ['building_id', 'community_id', 'grid_id', 'unit', 'floor', 'room', 'area', 'use'], houseRows);
  const houseGrid = houseRows.map((h) => h[2] as number);

  // Households fill houses in order; what is left stays vacant.
  const fams: GenPerson[][] = [];
  let total = 0;
  while (total < targetPersons) {
    const f = household(r, today, () => 0);
    fams.push(f);
    total += f.length;
  }
  const houseOf = (i: number) => (i < hIds.length ? i : Math.floor(r() * hIds.length));
  const hhIds = await insertRows(q, 'households', ['community_id', 'grid_id', 'household_no', 'kind', 'registered_address', 'house_id'],
    fams.map((f, i) => [c.id, houseGrid[houseOf(i)], `${c.id}-${String(i + 1).padStart(5, '0')}`, 'family', `示范区${short}路${(Math.floor(houseOf(i) / 24) + 1) * 2}号`, hIds[houseOf(i)]]));
  const rented = new Set<string>();
  const personRows: unknown[][] = [];
  const tagQueue: { idx: number; code: string; attributes: Record<string, unknown> }[] = [];
  fams.forEach((f, i) => {
    const house = hIds[houseOf(i)];
    if (f[0].residency === 'floating') rented.add(house);
    for (const p of f) {
      const py = namePinyin(p.name);
      const docNo = p.docNo;
      personRows.push([
        c.id, houseGrid[houseOf(i)], hhIds[i], house, p.name, py.full, py.initials, p.gender, p.birthDate, p.docType,
        ctx.crypto.encrypt(docNo), ctx.crypto.blindIndex('doc', docNo), docNo.slice(-4),
        p.phone ? ctx.crypto.encrypt(p.phone) : null, p.phone ? ctx.crypto.blindIndex('phone', p.phone) : null, p.phone ? p.phone.slice(-4) : null,
        p.ethnicity, p.education, p.political, p.marital, p.employment, `示范区${c.name}`, p.residency, p.relation,
      ]);
      for (const t of p.tags) tagQueue.push({ idx: personRows.length - 1, ...t });
    }
  });
  const pIds = await insertRows(q, 'persons', ['community_id', 'grid_id', 'household_id', 'house_id', 'name', 'name_pinyin', 'name_initials', 'gender', 'birth_date', 'doc_type',
    'doc_enc', 'doc_bidx', 'doc_last4', 'phone_enc', 'phone_bidx', 'phone_last4', 'ethnicity', 'education', 'political_status', 'marital_status', 'employment',
    'registered_address', 'residency_type', 'relation_to_head'], personRows);
  // Heads of household, rented and vacant houses, owners.
  let k = 0;
  for (const [i, f] of fams.entries()) {
    await q.query('UPDATE households SET head_person_id = $2 WHERE id = $1', [hhIds[i], pIds[k]]);
    k += f.length;
  }
  await q.query(`UPDATE houses SET use = 'rented' WHERE id = ANY($1)`, [[...rented]]);
  await q.query(`UPDATE houses h SET use = 'vacant' WHERE h.community_id = $1 AND NOT EXISTS (SELECT 1 FROM households x WHERE x.house_id = h.id)`, [c.id]);
  await q.query(`UPDATE houses h SET owner_person_id = x.head_person_id, owner_name = p.name FROM households x JOIN persons p ON p.id = x.head_person_id
                 WHERE x.house_id = h.id AND h.community_id = $1 AND h.use = 'owner_occupied'`, [c.id]);
  const sensitive = new Set(['corrections', 'mental_health', 'drug_rehab', 'released']);
  await insertRows(q, 'person_tags', ['person_id', 'tag_code', 'community_id', 'attributes', 'attributes_enc'],
    tagQueue.map((t) => sensitive.has(t.code)
      ? [pIds[t.idx], t.code, c.id, '{}', ctx.crypto.encrypt(JSON.stringify(t.attributes))]
      : [pIds[t.idx], t.code, c.id, JSON.stringify(t.attributes), null]));
  await insertRows(q, 'organisations', ['community_id', 'grid_id', 'name', 'kind', 'address', 'contact_name'],
    ORG_KINDS.map(([kind, suffix], i) => [c.id, c.grids[i % c.grids.length].id, `${short}${suffix}`, kind, `${short}路${i * 2 + 1}号`, pick(r, ['王经理', '李老师', '张店长', '刘队长'])]));
  return { persons: personRows.length, households: fams.length };
}
