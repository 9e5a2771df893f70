// Shared helpers for benchmarks: config, a fresh PostgreSQL database, an actor for direct service calls.
import crypto from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import type { Ctx, Actor } from '../server/lib/context.ts';
import { loadUserActor } from '../server/lib/auth.ts';
import { generateKeySpec } from '../server/lib/crypto.ts';

export function benchConfig(dataDir: string, databaseUrl: string | null) {
  return loadConfig({}, {
    dataDir, databaseUrl, encryptionKeys: generateKeySpec('b1'), blindIndexKey: crypto.randomBytes(32).toString('base64'),
    logLevel: 'silent', workers: false, loginRateLimitPerMinute: 1_000_000,
  });
}

/** Drops and recreates a database next to the given URL; returns its URL. */
export async function freshPostgres(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function loadAnActor(ctx: Ctx, username: string): Promise<Actor> {
  const u = await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
  const loaded = await loadUserActor(ctx.db, u[0].id, null, '127.0.0.1');
  return loaded!.actor;
}
