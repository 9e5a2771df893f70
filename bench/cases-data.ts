// Builds a fresh PostgreSQL database sized like the district in the reports (11 streets, 151 communities,
// 4 grids each, 26 departments) and fills `cases` server-side with INSERT … SELECT generate_series in batches:
// `total` cases, of which every tenth is open with a running clock (due times spread over ±2 days around now).
import fs from 'node:fs';
import pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import { createContext, prepareDatabase } from '../server/context-factory.ts';
import type { Ctx } from '../server/lib/context.ts';
import { benchConfig, freshPostgres } from './util.ts';

export const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** BENCH_REUSE=1 reuses the database a previous run generated (same name and size) instead of generating it again. */
async function reusable(name: string, total: number): Promise<string | null> {
  if (!process.env.BENCH_REUSE) return null;
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: u.toString() });
  try {
    await c.connect();
    const r = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    return r.rows[0].n === total ? u.toString() : null;
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

export async function casesDatabase(name: string, total: number): Promise<{ ctx: Ctx; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-cases-'));
  const reuse = await reusable(name, total);
  if (reuse) {
    const ctx = await createContext(benchConfig(dataDir, reuse));
    console.log(`  reusing ${name} (${total.toLocaleString()} cases)`);
    return { ctx, async close() { await ctx.db.close(); fs.rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const url = await freshPostgres(BASE_URL, name);
  const ctx = await createContext(benchConfig(dataDir, url));
  await prepareDatabase(ctx);
  const t0 = Date.now();
  const q = ctx.db;
  const ins = async (parent: { id: number; path: string } | null, level: string, code: string, name: string) => {
    const r = await q.query<{ id: number }>(`INSERT INTO regions (parent_id, level, code, name, path) VALUES ($1,$2,$3,$4,'') RETURNING id`, [parent?.id ?? null, level, code, name]);
    const id = Number(r[0].id);
    const p = `${parent?.path ?? '/'}${id}/`;
    await q.query('UPDATE regions SET path = $2 WHERE id = $1', [id, p]);
    return { id, path: p };
  };
  const district = await ins(null, 'district', '370199', '基准区');
  const communities: number[] = [];
  const grids: number[] = [];
  for (let s = 1; s <= 11; s++) {
    const sc = `370199${String(s).padStart(3, '0')}`;
    const street = await ins(district, 'street', sc, `第${s}街道`);
    const n = s <= 8 ? 14 : 13; // 8 × 14 + 3 × 13 = 151
    for (let c = 1; c <= n; c++) {
      const cc = `${sc}${String(c).padStart(3, '0')}`;
      const comm = await ins(street, 'community', cc, `${s}-${c}社区`);
      communities.push(comm.id);
      for (let g = 1; g <= 4; g++) grids.push((await ins(comm, 'grid', `${cc}${String(g).padStart(3, '0')}`, `第${g}网格`)).id);
    }
  }
  const depts: string[] = [];
  for (let d = 1; d <= 26; d++) depts.push((await q.query<{ id: string }>('INSERT INTO departments (code, name, region_id) VALUES ($1,$2,$3) RETURNING id', [`d${d}`, `部门${d}`, district.id]))[0].id);
  const cats = (await q.query<{ id: string }>('SELECT id FROM case_categories WHERE parent_id IS NOT NULL ORDER BY code')).map((c) => c.id);
  // Accounts for scoped actors: a street, a community, a grid worker, a department.
  const role = async (code: string) => (await q.query<{ id: string }>('SELECT id FROM roles WHERE code = $1', [code]))[0].id;
  const user = async (username: string, region: number, roleCode: string, dept: string | null = null) => {
    const u = await q.query<{ id: string }>('INSERT INTO users (username, display_name, scope_region_id, department_id, must_change_password) VALUES ($1,$1,$2,$3,false) RETURNING id', [username, region, dept]);
    await q.query('INSERT INTO user_roles (user_id, role_id) VALUES ($1,$2)', [u[0].id, await role(roleCode)]);
  };
  const streetId = (await q.query<{ id: number }>(`SELECT id FROM regions WHERE code = '370199001'`))[0].id;
  await user('b_street', Number(streetId), 'street_staff');
  await user('b_worker', communities[0], 'community_worker');
  await user('b_grid', grids[0], 'grid_worker');
  await user('b_dept', district.id, 'department_staff', depts[0]);
  await user('b_district', district.id, 'district_admin');

  const batch = 100_000;
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await q.query(
      `WITH s AS (
         SELECT g, ((g::bigint * 7919) % cardinality($1::bigint[]))::int AS ci, (g % 10 = 0) AS open,
                (ARRAY['reported','accepted','dispatched','handling','handled'])[1 + (g / 10) % 5] AS ost,
                now() - CASE WHEN g % 10 = 0 THEN (g % 20) * interval '1 day' ELSE (g % 730) * interval '1 day' END - (g % 97) * interval '13 minutes' AS created,
                now() + (((g * 31) % 5760) - 2880) * interval '1 minute' AS due,
                CASE WHEN g % 5 < 2 THEN 'department' WHEN g % 5 = 2 THEN 'street' ELSE 'community' END AS atype
         FROM generate_series($5::int, $6::int) g)
       INSERT INTO cases (case_no, source, request_type, category_id, urgency, title, description, community_id, grid_id, address, status,
         assignee_type, assignee_department_id, assignee_region_id, created_at, updated_at, accepted_at, dispatched_at, signed_at, responded_on_time,
         handled_at, handled_on_time, handling_minutes, rating, resolved, closed_at, stage, stage_started_at, warn_at, due_at, escalate_street_at, escalate_district_at, handle_due_at)
       SELECT 'MQ' || to_char(created AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(g::text, 7, '0'),
              (ARRAY['patrol','visit','resident','hotline','window','survey','department'])[1 + g % 7],
              (ARRAY['consult','help','complaint','report','suggestion'])[1 + (g / 7) % 5],
              -- a hash, so the category is independent of age and state (as in real data)
              ($3::uuid[])[1 + abs(hashint4(g::int)) % cardinality($3::uuid[])], 'normal',
              (ARRAY['路灯不亮','垃圾清运不及时','电梯故障停运','夜间噪音扰民','楼道堆放杂物','井盖缺失','消防通道占用','楼上漏水纠纷'])[1 + g % 8] || ' ' || g,
              '基准测试数据', ($1::bigint[])[1 + ci], ($2::bigint[])[1 + ci * 4 + g % 4], '地址' || g,
              CASE WHEN open THEN ost WHEN g % 3 = 0 THEN 'archived' ELSE 'closed' END,
              CASE WHEN open AND ost IN ('reported', 'accepted') THEN NULL ELSE atype END,
              CASE WHEN (NOT open OR ost NOT IN ('reported', 'accepted')) AND atype = 'department' THEN ($4::uuid[])[1 + g % cardinality($4::uuid[])] END,
              CASE WHEN (NOT open OR ost NOT IN ('reported', 'accepted')) AND atype <> 'department' THEN ($1::bigint[])[1 + ci] END,
              created, created, created + interval '1 hour', created + interval '2 hours', created + interval '3 hours', g % 13 <> 0,
              CASE WHEN NOT open THEN created + interval '30 hours' END, CASE WHEN NOT open THEN g % 11 <> 0 END, CASE WHEN NOT open THEN 600 + g % 1200 END,
              CASE WHEN NOT open THEN (ARRAY['satisfied','satisfied','satisfied','basically_satisfied','unsatisfied'])[1 + g % 5] END,
              CASE WHEN NOT open THEN g % 5 <> 4 END, CASE WHEN NOT open THEN created + interval '40 hours' END,
              CASE WHEN open THEN 'handle' END, CASE WHEN open THEN created END,
              CASE WHEN open THEN due - interval '4 hours' END, CASE WHEN open THEN due END,
              CASE WHEN open THEN due + interval '8 hours' END, CASE WHEN open THEN due + interval '24 hours' END, CASE WHEN open THEN due END
       FROM s`,
      [communities, grids, cats, depts, from, to],
    );
    process.stdout.write(`  generated ${to.toLocaleString()} cases (${((Date.now() - t0) / 1000).toFixed(1)} s)\r`);
  }
  // Every dispatch leaves an assignment row (department visibility reads them).
  await q.query(`INSERT INTO case_assignments (case_id, assignee_type, region_id, department_id, assigned_at)
                 SELECT id, assignee_type, assignee_region_id, assignee_department_id, dispatched_at FROM cases WHERE assignee_type IS NOT NULL`);
  await q.query('VACUUM ANALYZE cases');
  await q.query('VACUUM ANALYZE case_assignments');
  console.log(`\n  data ready: ${total.toLocaleString()} cases (${(total / 10).toLocaleString()} open), 151 communities, 604 grids in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    ctx,
    async close() {
      await ctx.db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}
