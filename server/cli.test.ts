// The command line, as an admin would use it, against a real embedded data directory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PGlite } from '@electric-sql/pglite';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-cli-'));
const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-cli-backup-'));
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(backupDir, { recursive: true, force: true });
});

function linli(args: string[], dir = dataDir) {
  const r = spawnSync(process.execPath, [path.resolve('bin/linli.mjs'), ...args], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npx linli', () => {
  test('migrate, seed, communities, create-admin, audit verify, backup and restore', async () => {
    expect(linli(['migrate']).out).toMatch(/applied: 0001_platform\.sql/);
    expect(linli(['migrate']).out).toContain('up to date');
    const seeded = linli(['seed', '--demo']);
    expect(seeded.out).toMatch(/seeded the demo district: \d{4} persons/);
    expect(linli(['seed', '--demo']).code).toBe(1);

    const list = JSON.parse(linli(['communities', '--json']).out);
    expect(list).toHaveLength(6);
    expect(list[0]).toEqual({ code: '370199001001', name: '花园社区', street: '文化路街道' });

    const weak = linli(['create-admin', '--username', 'root2', '--password', 'weak']);
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/At least 8 characters/);
    expect(linli(['create-admin', '--username', 'root2', '--password', 'Str0ng#Pass']).out).toContain('created system admin');

    const ok = linli(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit log OK: \d+ rows/);

    expect(linli(['backup', '--out', backupDir]).out).toContain('backup written');
    expect(fs.existsSync(path.join(backupDir, 'pglite.tar.gz'))).toBe(true);

    // Someone edits the audit table behind the application's back.
    const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
    await db.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; UPDATE audit_log SET actor_label = 'someone else' WHERE id = 1;`);
    await db.close();
    const broken = linli(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('BROKEN at row 1');

    // The backup from before the tampering restores into a fresh directory and verifies.
    const restoreDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-cli-restore-'));
    try {
      expect(linli(['restore', '--from', backupDir], restoreDir).out).toContain('restored');
      expect(linli(['audit', 'verify'], restoreDir).code).toBe(0);
      expect(JSON.parse(linli(['communities', '--json'], restoreDir).out)).toHaveLength(6);
    } finally {
      fs.rmSync(restoreDir, { recursive: true, force: true });
    }
  }, 300_000);

  test('unknown commands print the help and fail', () => {
    const r = linli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('linli start');
  });
});
