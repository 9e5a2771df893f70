// Issue 4 benchmark: the case list (GET /api/cases service: scope + filters + capped count + page with joins)
// at 1,000,000 cases on PostgreSQL, as district, street, community, grid worker and department. Target p95 < 100 ms.
// Reproduce: npm run bench -- cases-list     (BENCH_DATABASE_URL=postgres://… to use another server; CASES_TOTAL to resize)
import { listCases } from '../server/modules/cases/cases.service.ts';
import type { CaseListQuery } from '../contracts/cases.ts';
import { loadAnActor } from './util.ts';
import { casesDatabase, percentile } from './cases-data.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);

export async function run() {
  const total = Number(process.env.CASES_TOTAL ?? 1_000_000);
  const { ctx, close } = await casesDatabase('linli_bench_cases_list', total);
  try {
    const cat = (await ctx.db.query<{ id: string }>(`SELECT id FROM case_categories WHERE code = '0301'`))[0].id;
    const parentCat = (await ctx.db.query<{ id: string }>(`SELECT id FROM case_categories WHERE code = '03'`))[0].id;
    const actors = Object.fromEntries(await Promise.all(['b_district', 'b_street', 'b_worker', 'b_grid', 'b_dept'].map(async (u) => [u, await loadAnActor(ctx, u)] as const)));
    const base: CaseListQuery = { page: 1, pageSize: 20 };
    const someNo = (await ctx.db.query<{ case_no: string }>(`SELECT case_no FROM cases ORDER BY created_at DESC LIMIT 1 OFFSET 123456`))[0].case_no;
    const shapes: [string, string, CaseListQuery][] = [
      ['district, no filter', 'b_district', base],
      ['district, open + overdue', 'b_district', { ...base, open: 'true', sla: 'overdue' }],
      ['district, category + status', 'b_district', { ...base, categoryId: cat, status: 'closed' }],
      ['district, parent category + date range', 'b_district', { ...base, categoryId: parentCat, from: '2026-01-01', to: '2026-03-31' }],
      ['district, case number', 'b_district', { ...base, q: someNo }],
      ['district, case number prefix', 'b_district', { ...base, q: someNo.slice(0, 12) }],
      ['district, title text (4 chars)', 'b_district', { ...base, q: '路灯不亮' }],
      ['district, page 50', 'b_district', { ...base, page: 50 }],
      ['street, no filter', 'b_street', base],
      ['street, status handling', 'b_street', { ...base, status: 'handling' }],
      ['community, no filter', 'b_worker', base],
      ['community, open', 'b_worker', { ...base, open: 'true' }],
      ['community, status + source', 'b_worker', { ...base, status: 'archived', source: 'hotline' }],
      ['community, overdue', 'b_worker', { ...base, sla: 'overdue' }],
      ['grid worker, no filter', 'b_grid', base],
      ['department, no filter', 'b_dept', base],
      ['department, open', 'b_dept', { ...base, open: 'true' }],
    ];
    let worst = 0;
    console.log('  shape'.padEnd(46) + 'p50 ms   p95 ms   rows  total');
    for (const [label, who, f] of shapes) {
      const lat: number[] = [];
      let last = { items: [] as unknown[], total: 0, totalExact: true };
      for (let i = 0; i < RUNS + 3; i++) {
        const t = performance.now();
        last = await listCases(ctx, actors[who], f);
        if (i >= 3) lat.push(performance.now() - t); // first runs warm the cache
      }
      const p95 = percentile(lat, 0.95);
      worst = Math.max(worst, p95);
      console.log(`  ${label.padEnd(44)}${percentile(lat, 0.5).toFixed(1).padStart(6)}   ${p95.toFixed(1).padStart(6)}   ${String(last.items.length).padStart(4)}  ${last.total}${last.totalExact ? '' : '+'}`);
    }
    console.log(`  worst p95: ${worst.toFixed(1)} ms  ${worst < 100 ? 'OK (< 100 ms)' : 'SLOW (target < 100 ms)'}`);
  } finally {
    await close();
  }
}
