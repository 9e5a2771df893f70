// Issue 2 benchmark: an authenticated, scoped list endpoint (GET /api/users as a street user: session lookup,
// CSRF-free read, permission check, scope condition, zod serialization) against a bare fastify route that runs
// the same service function (same SQL) with no auth or validation. Bounded load on loopback.
// Reproduce: npm run bench -- scoped-list     (BENCH_DATABASE_URL=postgres://… to run on PostgreSQL)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../server/app.ts';
import { createContext, prepareDatabase } from '../server/context-factory.ts';
import { openPostgres } from '../server/db/client.ts';
import { loadAnActor, benchConfig, freshPostgres } from './util.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { listUsers } from '../server/modules/users/users.service.ts';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 8) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function load(url: string, headers: Record<string, string>): Promise<{ rps: number; p50: number; p95: number; p99: number; n: number; errors: number }> {
  const lat: number[] = [];
  let errors = 0;
  const end = Date.now() + DURATION_MS;
  const worker = async () => {
    while (Date.now() < end) {
      const t = performance.now();
      const r = await fetch(url, { headers });
      await r.arrayBuffer();
      if (r.status !== 200) errors++;
      lat.push(performance.now() - t);
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const secs = (Date.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { rps: lat.length / secs, p50: q(0.5), p95: q(0.95), p99: q(0.99), n: lat.length, errors };
}

export async function run() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-'));
  const pgUrl = process.env.BENCH_DATABASE_URL ? await freshPostgres(process.env.BENCH_DATABASE_URL, 'linli_bench_list') : null;
  const ctx = await createContext(benchConfig(dataDir, pgUrl), { quiet: true, db: pgUrl ? await openPostgres(pgUrl, 10) : undefined });
  await prepareDatabase(ctx);
  await seedDemo(ctx, { persons: 600 });
  // 2,000 more accounts spread over the communities, so the scoped list has real filtering to do.
  await ctx.db.query(`
    INSERT INTO users (username, display_name, password_hash, scope_region_id, must_change_password)
    SELECT 'u' || g, '用户' || g, 'x', (SELECT id FROM regions WHERE level IN ('community', 'grid') ORDER BY id OFFSET (g % 30) LIMIT 1), false
    FROM generate_series(1, 2000) g`);

  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'street', password: 'Linli@2026' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];

  const actor = await loadAnActor(ctx, 'street');
  const bare = Fastify();
  bare.get('/users', async () => listUsers(ctx, actor, { page: 1, pageSize: 20 }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/users`;

  const url = `${base}/api/users?page=1&pageSize=20`;
  const check = await (await fetch(url, { headers: { cookie } })).json() as { total: number };
  console.log(`database: ${ctx.db.kind}; street user sees ${check.total} of ${2000 + 10} accounts; ${CONCURRENCY} concurrent clients for ${DURATION_MS / 1000} s each`);
  await load(url, { cookie }); // warm-up
  const full = await load(url, { cookie });
  const raw = await load(bareUrl, {});
  const fmt = (r: typeof full) => `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1)} ms   p95 ${r.p95.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   (${r.n} requests, ${r.errors} errors)`;
  console.log(`authenticated scoped GET /api/users  ${fmt(full)}`);
  console.log(`bare fastify route, same SQL         ${fmt(raw)}`);
  console.log(`ratio (platform / bare): throughput ${(full.rps / raw.rps).toFixed(2)}, p95 latency ${(full.p95 / raw.p95).toFixed(2)}`);
  await bare.close();
  await app.close();
  await ctx.db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
