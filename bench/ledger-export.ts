// Issue 6 benchmark: a 100,000-row ledger streamed to xlsx with bounded memory. 花园社区 gets 100,000 extra
// floating residents; the seeded 流动人口台账 is exported as the community worker would (masked, through the
// same service the route uses) into a byte counter. Prints time, rows/s, file size, and RSS before and at peak.
// Reproduce: npm run bench -- ledger-export     (BENCH_DATABASE_URL=postgres://… to run on PostgreSQL;
// BENCH_ROWS=… to change the size)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createContext, prepareDatabase } from '../server/context-factory.ts';
import { openPostgres } from '../server/db/client.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { ledgerXlsx } from '../server/modules/ledgers/ledger-render.ts';
import { benchConfig, freshPostgres, loadAnActor } from './util.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

export async function run() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-'));
  const pgUrl = process.env.BENCH_DATABASE_URL ? await freshPostgres(process.env.BENCH_DATABASE_URL, 'linli_bench_ledger') : null;
  const ctx = await createContext(benchConfig(dataDir, pgUrl), { quiet: true, db: pgUrl ? await openPostgres(pgUrl, 10) : undefined });
  await prepareDatabase(ctx);
  await seedDemo(ctx, { persons: 600 });
  const t0 = Date.now();
  // Masked exports read the last four digits only, so the bulk rows need no ciphertext.
  await ctx.db.query(`
    INSERT INTO persons (community_id, grid_id, name, gender, birth_date, doc_last4, phone_last4, residency_type, registered_address, employment)
    SELECT c.id, (SELECT id FROM regions WHERE parent_id = c.id ORDER BY code OFFSET (g % 4) LIMIT 1),
           '流动' || g, CASE WHEN g % 2 = 0 THEN 'M' ELSE 'F' END, date '1960-01-01' + (g % 20000),
           lpad((g % 10000)::text, 4, '0'), lpad((g % 9999)::text, 4, '0'), 'floating', '外省某县某村' || (g % 500) || '号', '灵活就业'
    FROM generate_series(1, $1::int) g, (SELECT id FROM regions WHERE code = '370199001001') c`, [ROWS]);
  await ctx.db.query('ANALYZE persons');
  console.log(`database: ${ctx.db.kind}; inserted ${ROWS} floating residents into 花园社区 in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const actor = await loadAnActor(ctx, 'worker');
  const ledger = (await ctx.db.query<{ id: string }>(`SELECT id FROM ledger_definitions WHERE code = 'floating_population'`))[0];
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  let bytes = 0;
  const t1 = Date.now();
  const { stream } = await ledgerXlsx(ctx, actor, ledger.id, { reveal: false, period: '2026-11' });
  await pipeline(stream, new Writable({ write(chunk: Buffer, _enc, cb) { bytes += chunk.length; cb(); } }));
  const secs = (Date.now() - t1) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const total = (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.code = '370199001001' AND p.status = 'living' AND p.residency_type = 'floating'`))[0].n;
  console.log(`流动人口台账 (花园社区): ${total} rows → ${mb(bytes)} xlsx in ${secs.toFixed(1)} s (${Math.round(total / secs)} rows/s)`);
  console.log(`RSS before export ${mb(before)}, peak during export ${mb(peak)} (+${mb(peak - before)}); process max RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
  await ctx.db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
