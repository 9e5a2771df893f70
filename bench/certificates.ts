// Issue 5 benchmark: certificate issuing under concurrency (the gapless counter row is the serialisation
// point), PDF rendering with the embedded Chinese font, and the public verification read.
// Reproduce: npm run bench -- certificates     (BENCH_DATABASE_URL=postgres://… to run on PostgreSQL)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, prepareDatabase } from '../server/context-factory.ts';
import { openPostgres } from '../server/db/client.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { benchConfig, freshPostgres, loadAnActor } from './util.ts';
import { certificatePdfFor, issueCertificate, verifyCertificate } from '../server/modules/certificates/certificates.service.ts';

const N = Number(process.env.BENCH_CERTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

export async function run() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-cert-'));
  const pgUrl = process.env.BENCH_DATABASE_URL ? await freshPostgres(process.env.BENCH_DATABASE_URL, 'linli_bench_cert') : null;
  const ctx = await createContext(benchConfig(dataDir, pgUrl), { db: pgUrl ? await openPostgres(pgUrl, 10) : undefined, quiet: true });
  await prepareDatabase(ctx);
  await seedDemo(ctx, { persons: 3000 });
  const actor = await loadAnActor(ctx, 'worker');
  const type = (await ctx.db.query<{ id: string }>(`SELECT id FROM cert_types WHERE code = 'residence'`))[0].id;
  const persons = (await ctx.db.query<{ id: string }>(`SELECT p.id FROM persons p JOIN regions r ON r.id = p.community_id WHERE r.code = '370199001001' AND p.status = 'living'`)).map((r) => r.id);
  console.log(`db=${ctx.db.kind} certificates=${N} concurrency=${CONCURRENCY}`);

  const lat: number[] = [];
  const ids: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) {
      const i = next++;
      const t = performance.now();
      const c = await issueCertificate(ctx, actor, { typeId: type, personId: persons[i % persons.length], purpose: '压测', requestedBy: '', details: '', evidence: [], evidenceConfirmed: false });
      lat.push(performance.now() - t);
      ids.push(c.id);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1);
  console.log(`issue: ${(N / secs).toFixed(0)} /s  p50 ${q(0.5)} ms  p95 ${q(0.95)} ms  p99 ${q(0.99)} ms`);
  const seqs = (await ctx.db.query<{ seq: number }>(`SELECT seq FROM certificates WHERE community_id = (SELECT id FROM regions WHERE code = '370199001001') ORDER BY seq`)).map((r) => r.seq);
  console.log(`serials: ${seqs.length} issued, gapless and unique: ${seqs.every((s, i) => s === i + 1)}`);

  const pdfT: number[] = [];
  let bytes = 0;
  for (const id of ids.slice(0, 20)) {
    const t = performance.now();
    const { pdf } = await certificatePdfFor(ctx, actor, id);
    pdfT.push(performance.now() - t);
    bytes += pdf.length;
  }
  console.log(`pdf: avg ${(pdfT.reduce((a, b) => a + b, 0) / pdfT.length).toFixed(1)} ms, avg ${(bytes / pdfT.length / 1024).toFixed(1)} KB (first render includes font load: ${pdfT[0].toFixed(0)} ms)`);

  const codes = (await ctx.db.query<{ verify_code: string }>('SELECT verify_code FROM certificates LIMIT 200')).map((r) => r.verify_code);
  const tv = performance.now();
  for (const c of codes) await verifyCertificate(ctx, c);
  console.log(`verify: avg ${((performance.now() - tv) / codes.length).toFixed(2)} ms`);
  await ctx.db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
