// Opens everything a server process (or the CLI, or a test) needs, from config.
import path from 'node:path';
import pino from 'pino';
import type { Config } from './config.ts';
import type { Ctx } from './lib/context.ts';
import { openDb, type Db } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createFieldCrypto, loadKeyRing } from './lib/crypto.ts';
import { localStorage } from './lib/files.ts';
import { logSender } from './lib/notify.ts';
import { seedBase } from './seed/base.ts';

export async function createContext(config: Config, opts: { db?: Db; quiet?: boolean } = {}): Promise<Ctx> {
  const log = pino({ level: opts.quiet ? 'silent' : config.logLevel });
  const db = opts.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : path.join(config.dataDir, 'pglite') }));
  const crypto = createFieldCrypto(loadKeyRing({ encryptionKeys: config.encryptionKeys, blindIndexKey: config.blindIndexKey, dataDir: config.dataDir }));
  return { db, config, crypto, storage: localStorage(path.join(config.dataDir, 'files')), sender: logSender(log), log };
}

/** Migrations and the catalogue rows every installation needs (roles, settings, tag types). Idempotent. */
export async function prepareDatabase(ctx: Ctx): Promise<string[]> {
  const applied = await migrate(ctx.db);
  await seedBase(ctx);
  return applied;
}
