// Test harness: a real database per test file (in-memory PGlite by default, a fresh PostgreSQL database
// cloned from a migrated template when LINLI_TEST_DB=postgres), the real app via inject(), logged-in clients.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { buildApp, type TypedApp } from '../app.ts';
import { createContext, prepareDatabase } from '../context-factory.ts';
import { openPglite, openPostgres, type Db } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';
import { DEMO_PASSWORD, seedDemo } from '../seed/demo.ts';
import { generateKeySpec } from '../lib/crypto.ts';
import '../modules/jobs-registry.ts';

export const PASSWORD = DEMO_PASSWORD;
export const TEMPLATE_DB = 'linli_test_template';

export type Client = {
  cookie: string;
  csrf: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: Buffer }>;
  get(url: string): ReturnType<Client['request']>;
  post(url: string, body?: unknown): ReturnType<Client['request']>;
  patch(url: string, body?: unknown): ReturnType<Client['request']>;
  put(url: string, body?: unknown): ReturnType<Client['request']>;
  del(url: string): ReturnType<Client['request']>;
};

export type TestEnv = {
  ctx: Ctx;
  app: TypedApp;
  /** Region ids by code, e.g. region('370199001001') is 花园社区. */
  region(code: string): number;
  login(username: string, password?: string): Promise<Client>;
  /** A resident logged in by phone + one-time code (read from the dev inbox). Default: the demo resident. */
  loginResident(phone?: string): Promise<Client>;
  client(cookie: string, csrf: string): Client;
  anon: Client;
  close(): Promise<void>;
};

export const CODES = {
  district: '370199',
  street1: '370199001',
  street2: '370199002',
  garden: '370199001001', // 花园社区 (worker, secretary, grid)
  wenyuan: '370199001002',
  heping: '370199002001', // 和平里社区 (worker2)
  gardenGrid1: '370199001001001',
  gardenGrid2: '370199001001002',
};

async function openTestDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (process.env.LINLI_TEST_DB === 'postgres') {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `linli_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString(), 5);
    return {
      db,
      drop: async () => {
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  return { db: await openPglite(null), drop: async () => {} };
}

export function testConfig(dataDir: string) {
  const [kid, key] = generateKeySpec('t1').split(':');
  return loadConfig({}, {
    dataDir, databaseUrl: null, encryptionKeys: `${kid}:${key}`, blindIndexKey: crypto.randomBytes(32).toString('base64'),
    logLevel: 'silent', workers: false, loginRateLimitPerMinute: 1000,
  });
}

/** A migrated database with the demo district (persons per community kept small for speed). */
export async function setupTestEnv(opts: { persons?: number; seed?: boolean } = {}): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-test-'));
  const { db, drop } = await openTestDb();
  const ctx = await createContext(testConfig(dataDir), { db, quiet: true });
  await prepareDatabase(ctx);
  if (opts.seed !== false) await seedDemo(ctx, { persons: opts.persons ?? 600 });
  const app = await buildApp(ctx);
  await app.ready();
  const codes = new Map<string, number>();
  for (const r of await db.query<{ id: number; code: string }>('SELECT id, code FROM regions')) codes.set(r.code, Number(r.id));

  const makeClient = (cookie: string, csrf: string): Client => {
    const request: Client['request'] = async (method, url, body, headers = {}) => {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      let parsed: unknown = null;
      try { parsed = res.json(); } catch { parsed = res.body; }
      return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown>, raw: res.rawPayload };
    };
    return {
      cookie, csrf, request,
      get: (u) => request('GET', u),
      post: (u, b) => request('POST', u, b ?? {}),
      patch: (u, b) => request('PATCH', u, b ?? {}),
      put: (u, b) => request('PUT', u, b ?? {}),
      del: (u) => request('DELETE', u),
    };
  };

  return {
    ctx,
    app,
    region(code) {
      const id = codes.get(code);
      if (!id) throw new Error(`no region ${code}`);
      return id;
    },
    async login(username, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const setCookie = res.cookies.find((c) => c.name === 'linli_sid')!;
      return makeClient(`linli_sid=${setCookie.value}`, res.json().csrfToken);
    },
    async loginResident(phone = '13800138000') {
      // Tests log residents in many times a minute; the per-phone code limit is tested on its own.
      await db.query(`DELETE FROM rate_counters WHERE key LIKE 'otp-%'`);
      const req = await app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone } });
      if (req.statusCode !== 200) throw new Error(`otp request failed: ${req.body}`);
      const msg = await db.query<{ body: string }>('SELECT body FROM notifications WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1', [phone]);
      const code = /(\d{6})/.exec(msg[0].body)![1];
      const res = await app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code } });
      if (res.statusCode !== 200) throw new Error(`otp verify failed: ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'linli_sid')!;
      return makeClient(`linli_sid=${c.value}`, res.json().csrfToken);
    },
    client: makeClient,
    anon: makeClient('', ''),
    async close() {
      await app.close();
      await db.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
