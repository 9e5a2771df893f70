// Starting a server process: config → db → migrate → (demo seed) → listen → job worker.
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { createContext, prepareDatabase } from './context-factory.ts';
import { startWorker } from './lib/jobs.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_RESIDENT_PHONE, isEmpty, seedDemo } from './seed/demo.ts';
import './modules/jobs-registry.ts';

export async function startServer(config: Config, opts: { demo: boolean }) {
  const ctx = await createContext(config);
  const applied = await prepareDatabase(ctx);
  if (applied.length) ctx.log.info({ applied }, 'migrations applied');
  // Embedded PGlite gets demo data on first start; PostgreSQL only when asked (--demo).
  const wantDemo = opts.demo || !config.databaseUrl;
  let seeded = false;
  if (wantDemo && (await isEmpty(ctx))) {
    const t = Date.now();
    const r = await seedDemo(ctx);
    seeded = true;
    ctx.log.info({ ...r, ms: Date.now() - t }, 'demo district seeded');
  }
  const app = await buildApp(ctx, { logger: true });
  await app.listen({ port: config.port, host: config.host });
  const stopWorker = config.workers ? startWorker(ctx) : async () => {};

  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const lines = [
    '',
    `  邻里 Linli is running at ${url}`,
    `  database: ${ctx.db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}${seeded ? ' (demo district just seeded)' : ''}`,
  ];
  if (wantDemo || seeded) {
    lines.push(`  demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(10)} ${a.role.padEnd(20)} ${a.note}`);
    lines.push(`    resident   phone ${DEMO_RESIDENT_PHONE}, one-time code from the dev inbox page (admin) or the server log`);
  }
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await stopWorker();
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return { app, ctx, shutdown };
}
