// `npx linli …`: admin work without the UI.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { createContext, prepareDatabase } from './context-factory.ts';
import { startServer } from './main.ts';
import { verifyAudit, audit } from './lib/audit.ts';
import { hashPassword } from './lib/password.ts';
import { passwordProblems } from './lib/password.ts';
import { systemActor } from './lib/context.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';
import { rotateEncryption } from './lib/key-rotation.ts';
import { generateKeySpec } from './lib/crypto.ts';
import { PGlite } from '@electric-sql/pglite';
import { seedPersons } from './modules/population/population-seed.ts';
import { importCommand } from './modules/population/population-cli.ts';

const HELP = `linli — 邻里 community platform

  linli start [--demo]                  start the server (PORT, DATA_DIR, DATABASE_URL from the environment)
  linli migrate                         apply database migrations
  linli create-admin --username U --password P [--scope CODE] [--name NAME]
  linli audit verify                    check the audit log's hash chain (exit 1 if broken)
  linli seed --demo                     seed the demo district into an empty database
  linli seed --persons N                generate a district of N persons (demo district first if empty; COPY, fast)
  linli import persons FILE.xlsx|csv --community CODE [--dry-run] [--report errors.xlsx] [--json]
                                        import persons from a community workbook (upsert by document number)
  linli import resume IMPORT_ID [--json] continue an import that was interrupted, from its last committed batch
  linli communities [--json]            list communities (code, name, street)
  linli backup --out DIR                embedded database: copy the data (server stopped); PostgreSQL: use pg_dump
  linli restore --from DIR              embedded database: restore a backup into DATA_DIR (server stopped)
  linli keys generate                   print a new encryption key entry for LINLI_ENCRYPTION_KEYS
  linli keys rotate                     re-encrypt every encrypted field with the first (primary) key
`;

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' }, json: { type: 'boolean' }, username: { type: 'string' }, password: { type: 'string' },
      scope: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' },
      persons: { type: 'string' }, community: { type: 'string' }, 'dry-run': { type: 'boolean' }, report: { type: 'string' },
    },
  });
  const config = loadConfig();
  switch (cmd) {
    case 'start':
      await startServer(config, { demo: !!values.demo });
      return;
    case 'migrate': {
      const ctx = await createContext(config, { quiet: true });
      const applied = await prepareDatabase(ctx);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      await ctx.db.close();
      return;
    }
    case 'create-admin': {
      if (!values.username || !values.password) throw new Error('--username and --password are required');
      const problems = passwordProblems(values.password);
      if (problems.length) throw new Error(problems.map((p) => p.en).join('; '));
      const ctx = await createContext(config, { quiet: true });
      await prepareDatabase(ctx);
      const scope = await ctx.db.query<{ id: number; path: string }>(
        values.scope ? 'SELECT id, path FROM regions WHERE code = $1' : 'SELECT id, path FROM regions WHERE parent_id IS NULL ORDER BY id LIMIT 1',
        values.scope ? [values.scope] : [],
      );
      if (!scope[0]) throw new Error(values.scope ? `no region with code ${values.scope}` : 'no regions yet: create the district first (seed --demo, or insert it)');
      const hash = await hashPassword(values.password);
      await ctx.db.tx(async (q) => {
        const u = await q.query<{ id: string }>(
          `INSERT INTO users (username, display_name, password_hash, scope_region_id, must_change_password) VALUES ($1,$2,$3,$4,true) RETURNING id`,
          [values.username, values.name ?? values.username, hash, scope[0].id],
        );
        await q.query(`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE code = 'system_admin'`, [u[0].id]);
        await audit(q, systemActor({ id: Number(scope[0].id), path: scope[0].path }, 'cli'), { action: 'user.create', entityType: 'user', entityId: u[0].id, regionId: Number(scope[0].id), detail: { username: values.username, roles: ['system_admin'] } });
      });
      console.log(`created system admin "${values.username}" (must change the password at first login)`);
      await ctx.db.close();
      return;
    }
    case 'audit': {
      if (positionals[0] !== 'verify') throw new Error('usage: linli audit verify');
      const ctx = await createContext(config, { quiet: true });
      await prepareDatabase(ctx);
      const r = await verifyAudit(ctx.db);
      console.log(r.ok ? `audit log OK: ${r.checked} rows, chain intact` : `audit log BROKEN at row ${r.firstBadId}: ${r.reason} (${r.checked} rows verified before it)`);
      await ctx.db.close();
      process.exitCode = r.ok ? 0 : 1;
      return;
    }
    case 'seed': {
      const ctx = await createContext(config, { quiet: true });
      await prepareDatabase(ctx);
      if (values.persons) {
        const n = Number(values.persons);
        if (!Number.isInteger(n) || n < 1) throw new Error('--persons N needs a positive whole number');
        const r = await seedPersons(ctx, n, (line) => console.log(line));
        console.log(`the district now has ${r.persons} persons (${r.seconds.toFixed(1)} s)`);
        await ctx.db.close();
        return;
      }
      if (!(await isEmpty(ctx))) throw new Error('the database already has regions: seed only into an empty database');
      const r = await seedDemo(ctx);
      console.log(`seeded the demo district: ${r.persons} persons in ${r.households} households`);
      await ctx.db.close();
      return;
    }
    case 'import': {
      const ctx = await createContext(config, { quiet: true });
      await prepareDatabase(ctx);
      try {
        await importCommand(ctx, positionals, { community: values.community, dryRun: !!values['dry-run'], report: values.report, json: !!values.json });
      } finally {
        await ctx.db.close();
      }
      return;
    }
    case 'communities': {
      const ctx = await createContext(config, { quiet: true });
      await prepareDatabase(ctx);
      const rows = await ctx.db.query<{ code: string; name: string; street: string }>(
        `SELECT c.code, c.name, s.name AS street FROM regions c JOIN regions s ON s.id = c.parent_id WHERE c.level = 'community' AND c.retired_at IS NULL ORDER BY c.code`);
      if (values.json) console.log(JSON.stringify(rows));
      else for (const r of rows) console.log(`${r.code}  ${r.name}  (${r.street})`);
      await ctx.db.close();
      return;
    }
    case 'backup': {
      if (!values.out) throw new Error('--out DIR is required');
      if (config.databaseUrl) throw new Error('on PostgreSQL use: pg_dump -Fc "$DATABASE_URL" -f linli.dump (and keep your LINLI_ENCRYPTION_KEYS safe)');
      const out = path.resolve(values.out);
      fs.mkdirSync(out, { recursive: true });
      const db = await PGlite.create({ dataDir: path.join(config.dataDir, 'pglite') });
      const dump = await db.dumpDataDir('gzip');
      fs.writeFileSync(path.join(out, 'pglite.tar.gz'), Buffer.from(await dump.arrayBuffer()));
      await db.close();
      if (fs.existsSync(path.join(config.dataDir, 'keys.json'))) fs.copyFileSync(path.join(config.dataDir, 'keys.json'), path.join(out, 'keys.json'));
      if (fs.existsSync(path.join(config.dataDir, 'files'))) fs.cpSync(path.join(config.dataDir, 'files'), path.join(out, 'files'), { recursive: true });
      console.log(`backup written to ${out} (pglite.tar.gz, keys.json, files/)`);
      return;
    }
    case 'restore': {
      if (!values.from) throw new Error('--from DIR is required');
      if (config.databaseUrl) throw new Error('on PostgreSQL use pg_restore');
      const from = path.resolve(values.from);
      const target = path.join(config.dataDir, 'pglite');
      if (fs.existsSync(target) && fs.readdirSync(target).length) throw new Error(`${target} is not empty: move it away first`);
      const blob = new Blob([fs.readFileSync(path.join(from, 'pglite.tar.gz'))]);
      const db = await PGlite.create({ dataDir: target, loadDataDir: blob });
      await db.close();
      if (fs.existsSync(path.join(from, 'keys.json'))) fs.copyFileSync(path.join(from, 'keys.json'), path.join(config.dataDir, 'keys.json'));
      if (fs.existsSync(path.join(from, 'files'))) fs.cpSync(path.join(from, 'files'), path.join(config.dataDir, 'files'), { recursive: true });
      console.log(`restored into ${config.dataDir}`);
      return;
    }
    case 'keys': {
      if (positionals[0] === 'generate') {
        console.log(generateKeySpec());
        return;
      }
      if (positionals[0] !== 'rotate') throw new Error('usage: linli keys generate | linli keys rotate');
      const ctx = await createContext(config, { quiet: true });
      await prepareDatabase(ctx);
      const report = await rotateEncryption(ctx);
      for (const r of report) console.log(`${r.table}.${r.column}: ${r.rewritten} re-encrypted`);
      console.log(`all encrypted fields now use key "${ctx.crypto.primaryKid}"`);
      await ctx.db.close();
      return;
    }
    default:
      process.stdout.write(HELP);
      if (cmd && cmd !== 'help' && cmd !== '--help') process.exitCode = 2;
  }
}

main().catch((e) => {
  console.error(`linli: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
