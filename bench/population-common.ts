// Shared by the population benchmarks: a fresh PostgreSQL database, migrated, with a context like the server's.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { createContext, prepareDatabase } from '../server/context-factory.ts';
import { openPostgres } from '../server/db/client.ts';
import { generateKeySpec } from '../server/lib/crypto.ts';
import type { Ctx } from '../server/lib/context.ts';

export const BASE_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Creates (or, with reuse, opens) a database next to BASE_URL's and returns a migrated context. */
export async function benchDb(name: string, opts: { reuse?: boolean } = {}): Promise<{ ctx: Ctx; url: string; drop(): Promise<void>; existed: boolean }> {
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
  if (exists && !opts.reuse) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  if (!exists || !opts.reuse) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  // Keys are fixed per database name so a reused benchmark database stays readable.
  const keyFile = path.join(os.tmpdir(), `linli-bench-${name}.keys.json`);
  if (!fs.existsSync(keyFile) || !opts.reuse || !exists) {
    const [kid, key] = generateKeySpec('b1').split(':');
    fs.writeFileSync(keyFile, JSON.stringify({ enc: `${kid}:${key}`, bidx: crypto.randomBytes(32).toString('base64') }));
  }
  const keys = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { enc: string; bidx: string };
  const config = loadConfig({}, { databaseUrl: url.toString(), dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-')), encryptionKeys: keys.enc, blindIndexKey: keys.bidx, logLevel: 'silent', workers: false });
  const db = await openPostgres(url.toString(), 4);
  const ctx = await createContext(config, { db, quiet: true });
  await prepareDatabase(ctx);
  return {
    ctx, url: url.toString(), existed: exists && !!opts.reuse,
    async drop() {
      await ctx.db.close();
      const a = new pg.Client({ connectionString: BASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
