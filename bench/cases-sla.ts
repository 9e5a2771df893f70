// Issue 4 benchmark: the SLA sweep over 100,000 open cases (1,000,000 in the table) on PostgreSQL. Target < 2 s.
// Measures the worst case (a cold sweep where every threshold is crossed at once: tens of thousands of cases turn
// due-soon, overdue and escalate in one run, each with a timeline event) and the steady state (a sweep 5 minutes later).
// Reproduce: npm run bench -- cases-sla      (BENCH_DATABASE_URL=postgres://… to use another server; CASES_TOTAL to resize)
import { sweepSla } from '../server/modules/cases/case-sla.ts';
import { casesDatabase } from './cases-data.ts';

export async function run() {
  const total = Number(process.env.CASES_TOTAL ?? 1_000_000);
  const { ctx, close } = await casesDatabase('linli_bench_cases_sla', total);
  try {
    const open = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE due_at IS NOT NULL`);
    console.log(`  open cases with a running clock: ${open[0].n.toLocaleString()}`);
    const now = new Date();
    const cold = await sweepSla(ctx, now, { full: true });
    console.log(`  cold full sweep (first ever, every threshold crossed at once): ${cold.ms} ms — due soon ${cold.dueSoon}, overdue ${cold.overdue}, to street ${cold.toStreet}, to district ${cold.toDistrict}  ${cold.ms < 2000 ? 'OK (< 2 s)' : 'SLOW (target < 2 s)'}`);
    const again = await sweepSla(ctx, now);
    console.log(`  repeat sweep (nothing new): ${again.ms} ms`);
    const fullAgain = await sweepSla(ctx, now, { full: true });
    console.log(`  full re-check of all open cases (daily safety net): ${fullAgain.ms} ms`);
    const steady: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await sweepSla(ctx, new Date(now.getTime() + i * 5 * 60_000));
      steady.push(r.ms);
      if (i === 1) console.log(`  steady sweep 5 min later: ${r.ms} ms — due soon ${r.dueSoon}, overdue ${r.overdue}, to street ${r.toStreet}, to district ${r.toDistrict}`);
    }
    console.log(`  steady sweeps (every 5 min, ×5): ${steady.join(', ')} ms`);
    // The cold sweep again with the table in cache: put every case back to "normal" and sweep from scratch.
    await ctx.db.query(`UPDATE cases SET sla_state = 'normal', supervision_level = NULL WHERE due_at IS NOT NULL`);
    await ctx.db.query('DELETE FROM case_sla_sweeps');
    await ctx.db.query('VACUUM ANALYZE cases');
    const warm = await sweepSla(ctx, now, { full: true });
    console.log(`  cold full sweep again, cache warm: ${warm.ms} ms — overdue ${warm.overdue}  ${warm.ms < 2000 ? 'OK (< 2 s)' : 'SLOW (target < 2 s)'}`);
  } finally {
    await close();
  }
}
