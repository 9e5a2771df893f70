// Two real server processes on one PostgreSQL database (no demo data: PostgreSQL gets none unless asked)
// share sessions and the job queue:
// a session made by one is honoured by the other, and no job runs twice. (PostgreSQL only: the
// embedded database belongs to one process.)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { generateKeySpec } from './lib/crypto.ts';

const base = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.LINLI_TEST_DB === 'postgres' && !!base;
const procs: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const p of procs) if (p.exitCode === null) { p.kill('SIGTERM'); await new Promise((r) => p.once('exit', r)); }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  if (onPostgres) {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS linli_mp_${process.pid} WITH (FORCE)`);
    await admin.end();
  }
});

async function start(url: string, port: number, keys: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-mp-'));
  dirs.push(dir);
  const p = spawn(process.execPath, [path.resolve('bin/linli.mjs'), 'start'], {
    env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn', ...keys },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  p.stdout!.on('data', (d) => (out += d));
  p.stderr!.on('data', (d) => (out += d));
  procs.push(p);
  for (let i = 0; i < 240; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not start:\n${out}`);
}

describe.skipIf(!onPostgres)('two server processes on one PostgreSQL', () => {
  test('share sessions and never run the same job twice', async () => {
    const name = `linli_mp_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base!);
    u.pathname = `/${name}`;
    const url = u.toString();
    const keys = { LINLI_ENCRYPTION_KEYS: generateKeySpec('mp'), LINLI_BLIND_INDEX_KEY: Buffer.alloc(32, 7).toString('base64') };
    // Both start at once: migrations take an advisory lock, so this is safe. Only the first seeds (--demo on an empty db).
    await Promise.all([start(url, 18931, keys), start(url, 18932, keys)]);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`INSERT INTO jobs (kind, payload) SELECT 'audit.verify', '{}'::jsonb FROM generate_series(1, 60)`);
    for (let i = 0; i < 240; i++) {
      const left = await db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'audit.verify' AND status IN ('queued', 'running')`);
      if (left.rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const runs = await db.query(`SELECT r.job_id, count(*)::int AS n FROM job_runs r JOIN jobs j ON j.id = r.job_id WHERE j.kind = 'audit.verify' GROUP BY r.job_id`);
    const workers = await db.query(`SELECT count(DISTINCT split_part(r.worker, ':', 2))::int AS n FROM job_runs r JOIN jobs j ON j.id = r.job_id WHERE j.kind = 'audit.verify'`);
    const done = await db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'audit.verify' AND status = 'succeeded'`);
    await db.end();
    expect(done.rows[0].n).toBe(60);
    expect(runs.rows).toHaveLength(60);
    expect(runs.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    expect(workers.rows[0].n).toBe(2); // both processes took part
  }, 180_000);

  test('a session created on one process works on the other', async () => {
    const name = `linli_mp_${process.pid}`;
    const u = new URL(base!);
    u.pathname = `/${name}`;
    // Seed a user into the shared database, log in on process A, use the cookie on process B.
    const db = new pg.Client({ connectionString: u.toString() });
    await db.connect();
    const r = await db.query(`INSERT INTO regions (level, code, name, path) VALUES ('district', '370199', '示范区', '') RETURNING id`);
    await db.query(`UPDATE regions SET path = '/' || id || '/' WHERE id = $1`, [r.rows[0].id]);
    await db.end();
    const A = 'http://127.0.0.1:18931', B = 'http://127.0.0.1:18932';
    const created = spawnCreateAdmin(u.toString());
    expect(created).toContain('created system admin');
    const res = await fetch(`${A}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mpadmin', password: 'Str0ng#Pass' }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const me = await fetch(`${B}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.username).toBe('mpadmin');
  }, 60_000);
});

function spawnCreateAdmin(url: string): string {
  const r = spawnSync(process.execPath, [path.resolve('bin/linli.mjs'), 'create-admin', '--username', 'mpadmin', '--password', 'Str0ng#Pass'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }, encoding: 'utf8',
  });
  return r.stdout + r.stderr;
}
