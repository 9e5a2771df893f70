// Person search at BENCH_PERSONS (default 1,000,000) persons on PostgreSQL: p50/p95 for name (1, 2, 3 characters),
// pinyin and initials, last 4 digits, full ID and phone (blind index), tag filters, as a community worker and as
// the district. The district is generated with `seed --persons` (COPY); BENCH_REUSE=1 keeps and reuses it.
// Reproduce: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- population-search
import os from 'node:os';
import { benchDb, fmt, pct } from './population-common.ts';
import { seedPersons } from '../server/modules/population/population-seed.ts';
import { searchPersons } from '../server/modules/population/population-search.ts';
import { loadUserActor } from '../server/lib/auth.ts';
import { searchQuery } from '../contracts/population.ts';
import type { Actor, Ctx } from '../server/lib/context.ts';

const N = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

async function actorOf(ctx: Ctx, username: string): Promise<Actor> {
  const u = await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
  return (await loadUserActor(ctx.db, u[0].id, null, null))!.actor;
}

export async function run() {
  // Other work on the machine skews every figure: say how busy it was.
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} at start`);
  const bench = await benchDb(`linli_bench_search_${N}`, { reuse: !!process.env.BENCH_REUSE });
  const { ctx } = bench;
  try {
    const have = (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons'))[0]?.n ?? 0;
    if (have < N) {
      const s = await seedPersons(ctx, N);
      console.log(`seeded ${fmt(s.persons)} persons in ${s.seconds.toFixed(0)} s (${fmt((s.persons - have) / s.seconds)} persons/s, COPY)`);
    } else console.log(`reusing ${fmt(have)} persons`);
    // A database in service has been vacuumed by autovacuum; right after a bulk load it has not.
    await ctx.db.query('VACUUM ANALYZE persons');
    await ctx.db.query('VACUUM ANALYZE person_tags');
    // Sample real values to search for, so each query finds someone.
    const names = await ctx.db.query<{ name: string; name_pinyin: string; name_initials: string; doc_last4: string; doc_enc: string; phone_enc: string | null }>(
      `SELECT name, name_pinyin, name_initials, doc_last4, doc_enc, phone_enc FROM persons TABLESAMPLE SYSTEM (1) WHERE phone_enc IS NOT NULL LIMIT ${RUNS}`);
    const pick = <T>(i: number, f: (x: (typeof names)[number]) => T) => f(names[i % names.length]);
    const cases: [string, (i: number) => Record<string, unknown>][] = [
      ['name, 1 character (surname)', (i) => ({ q: pick(i, (x) => x.name.slice(0, 1)) })],
      ['name, 2 characters', (i) => ({ q: pick(i, (x) => x.name.slice(0, 2)) })],
      ['name, 3 characters (trigram)', (i) => ({ q: pick(i, (x) => x.name) })],
      ['pinyin initials (zs → 张三)', (i) => ({ q: pick(i, (x) => x.name_initials) })],
      ['full pinyin', (i) => ({ q: pick(i, (x) => x.name_pinyin) })],
      ['ID last 4 digits', (i) => ({ q: pick(i, (x) => x.doc_last4) })],
      ['full ID (blind index)', (i) => ({ q: pick(i, (x) => ctx.crypto.decrypt(x.doc_enc)) })],
      ['phone (blind index)', (i) => ({ q: pick(i, (x) => ctx.crypto.decrypt(x.phone_enc!)) })],
      ['tag filter: disabled', () => ({ tag: 'disabled' })],
      ['tag filter: elderly_alone + 80+', () => ({ tag: 'elderly_alone', ageBand: '80+' })],
      ['tag + name: low_income, surname', (i) => ({ tag: 'low_income', q: pick(i, (x) => x.name.slice(0, 1)) })],
      ['filters: floating, female, 18-34', () => ({ residencyType: 'floating', gender: 'F', ageBand: '18-34' })],
    ];
    for (const who of ['worker', 'district']) {
      const actor = await actorOf(ctx, who);
      console.log(`\nas ${who} (${who === 'worker' ? 'one community' : 'whole district'}), ${fmt(N)} persons, ${RUNS} queries each, page of 20 + capped count:`);
      console.log(`  ${'query'.padEnd(36)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  hits(avg)`);
      for (const [label, make] of cases) {
        const times: number[] = [];
        let hits = 0;
        for (let i = 0; i < RUNS + 3; i++) {
          const q = searchQuery.parse(make(i));
          const t = performance.now();
          const r = await searchPersons(ctx, actor, q);
          if (i >= 3) {
            times.push(performance.now() - t);
            hits += r.total;
          }
        }
        const p95 = pct(times, 95);
        console.log(`  ${label.padEnd(36)} ${pct(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${Math.max(...times).toFixed(1).padStart(8)}  ${fmt(hits / RUNS)}${p95 >= 50 ? '   ← over 50 ms' : ''}`);
      }
    }
  } finally {
    if (!process.env.BENCH_REUSE) await bench.drop();
    else await ctx.db.close();
  }
}
