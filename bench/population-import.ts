// Import of BENCH_PERSONS (default 1,000,000) persons from a CSV register on PostgreSQL: validated (GB 11643,
// dates, phones, duplicates), encrypted (ID and phone: AES-GCM + HMAC blind index), upserted in batches of 10,000,
// each one transaction with its checkpoint. Printed beside it: raw COPY of the same (already encrypted) rows into the same table.
// Reproduce: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- population-import
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDb, fmt } from './population-common.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { household, rng } from '../server/seed/generate.ts';
import { createCliImport, runImport } from '../server/modules/population/population-import.ts';
import { IMPORT_PERSON_COLS } from '../server/modules/population/population-import-batch.ts';
import { checkPerson } from '../server/modules/population/population-rules.ts';
import { bulkTx } from '../server/lib/bulk.ts';
import { namePinyin } from '../server/lib/pinyin.ts';
import type { Ctx } from '../server/lib/context.ts';

const N = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const RESIDENCY = { registered: '户籍', resident: '常住', floating: '流动', overseas: '境外', separated: '人户分离' } as const;

/** A register as a community keeps it, with a title line and mixed date formats; unique document numbers. */
function makeCsv(file: string) {
  const r = rng(7);
  const today = new Date();
  const seen = new Set<string>();
  const out = fs.createWriteStream(file);
  const lines: string[] = ['花园社区居民花名册,,,,,,,', '姓名,性别,出生日期,公民身份号码,联系电话,民族,人口类型,户籍地址'];
  let n = 0;
  while (n < N) {
    for (const p of household(r, today, () => 0)) {
      if (n >= N || p.docType !== 'resident_id' || seen.has(p.docNo)) continue;
      seen.add(p.docNo);
      const [y, m, d] = p.birthDate.split('-').map(Number);
      const date = n % 3 === 0 ? `${y}-${m}-${d}` : n % 3 === 1 ? `${y}.${m}.${d}` : `${y}年${m}月${d}日`;
      const phone = p.phone ? (n % 2 ? `${p.phone.slice(0, 3)}-${p.phone.slice(3, 7)}-${p.phone.slice(7)}` : p.phone) : '';
      lines.push(`${p.name},${p.gender === 'M' ? '男' : '女'},${date},${p.docNo},${phone},${p.ethnicity},${RESIDENCY[p.residency]},示范区花园路${n % 500}号`);
      n++;
    }
    if (lines.length > 20000) out.write(lines.splice(0).join('\n') + '\n');
  }
  lines.push('制表人：王书记,,,审核人：李主任,,,,');
  out.write(lines.join('\n') + '\n');
  return new Promise<void>((res) => out.end(res));
}

/** The same rows, validated and encrypted exactly as the importer does, loaded with nothing but COPY. */
async function rawCopy(ctx: Ctx, file: string, communityId: number): Promise<number> {
  const text = fs.readFileSync(file, 'utf8').split('\n').slice(2);
  let copyMs = 0;
  const chunk: unknown[][] = [];
  const flush = async () => {
    const t = performance.now();
    await bulkTx(ctx.db, (q) => q.copyRows('persons', IMPORT_PERSON_COLS, chunk));
    copyMs += performance.now() - t;
    chunk.length = 0;
  };
  const cache = new Map<string, { full: string; initials: string }>();
  for (const line of text) {
    const c = line.split(',');
    if (c.length < 8 || !c[3]) continue;
    const v = checkPerson({ name: c[0], gender: c[1], birthDate: c[2], docNumber: c[3], phone: c[4], residencyType: c[6] });
    if (!v.ok) continue;
    const f = v.value;
    let py = cache.get(f.name);
    if (!py) cache.set(f.name, (py = namePinyin(f.name)));
    chunk.push([crypto.randomUUID(), communityId, null, null, null, f.name, py.full, py.initials, [], f.gender, f.birthDate, f.docType,
      ctx.crypto.encrypt(f.docNumber), ctx.crypto.blindIndex('doc', f.docNumber), f.docNumber.slice(-4),
      f.phone ? ctx.crypto.encrypt(f.phone) : null, f.phone ? ctx.crypto.blindIndex('phone', f.phone) : null, f.phone ? f.phone.slice(-4) : null,
      c[5], null, null, null, null, c[7], f.residencyType, null]);
    if (chunk.length >= 10000) await flush();
  }
  if (chunk.length) await flush();
  return copyMs / 1000;
}

export async function run() {
  // Other work on the machine skews every figure: say how busy it was.
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} at start`);
  const file = path.join(os.tmpdir(), `linli-bench-persons-${N}.csv`);
  if (!fs.existsSync(file)) {
    const t = Date.now();
    await makeCsv(file);
    console.log(`generated ${file} (${fmt(N)} persons, ${(fs.statSync(file).size / 1048576).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const imp = await benchDb('linli_bench_import');
  const copy = await benchDb('linli_bench_copy');
  try {
    await seedDemo(imp.ctx, { persons: 60 });
    await seedDemo(copy.ctx, { persons: 60 });
    const t0 = performance.now();
    const preview = await createCliImport(imp.ctx, '370199001001', file, path.basename(file));
    const t1 = performance.now();
    const r = await runImport(imp.ctx, preview.importId, { batchSize: 10000 });
    const t2 = performance.now();
    const importS = (t2 - t1) / 1000, totalS = (t2 - t0) / 1000;
    const community = (await copy.ctx.db.query<{ id: number }>(`SELECT id FROM regions WHERE code = '370199001001'`))[0].id;
    const copyS = await rawCopy(copy.ctx, file, Number(community));
    console.log(`rows in file: ${fmt(r.rows)}; valid ${fmt(r.valid)}, invalid ${fmt(r.invalid)}, created ${fmt(r.created)}`);
    console.log(`preview (header detection + row count): ${((t1 - t0) / 1000).toFixed(1)} s`);
    console.log(`import (parse + validate + encrypt + upsert + checkpoint, batches of 10k): ${importS.toFixed(1)} s = ${fmt(r.rows / importS)} rows/s   (with preview: ${fmt(r.rows / totalS)} rows/s)`);
    console.log(`raw COPY of the same encrypted rows into persons (same indexes):        ${copyS.toFixed(1)} s = ${fmt(r.valid / copyS)} rows/s`);
    console.log(`ratio import / raw COPY: ${((r.rows / importS) / (r.valid / copyS) * 100).toFixed(0)} %`);
  } finally {
    if (!process.env.BENCH_KEEP) {
      await imp.drop();
      await copy.drop();
    }
  }
}

