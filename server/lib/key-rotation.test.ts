import { afterAll, beforeAll, expect, test } from 'vitest';
import crypto from 'node:crypto';
import { setupTestEnv, type TestEnv } from '../test/harness.ts';
import { createFieldCrypto, generateKeySpec } from './crypto.ts';
import { rotateEncryption } from './key-rotation.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv(); });
afterAll(async () => env?.close());

test('field crypto: round trip, tamper detection, masking of unknown keys', () => {
  const c = createFieldCrypto({ keys: [{ kid: 'a', key: crypto.randomBytes(32) }], bidxKey: crypto.randomBytes(32) });
  const box = c.encrypt('110101199003070012');
  expect(box.startsWith('a.')).toBe(true);
  expect(box).not.toContain('0012');
  expect(c.decrypt(box)).toBe('110101199003070012');
  expect(c.encrypt('x')).not.toBe(c.encrypt('x')); // random IV
  expect(c.blindIndex('doc', 'x')).toBe(c.blindIndex('doc', 'x'));
  expect(c.blindIndex('doc', 'x')).not.toBe(c.blindIndex('phone', 'x'));
  const parts = box.split('.');
  parts[3] = Buffer.from('tampered').toString('base64url');
  expect(() => c.decrypt(parts.join('.'))).toThrow();
  expect(() => c.decrypt('zz.a.b.c')).toThrow(/unknown key/);
});

test('rotation re-encrypts every *_enc column under the new primary key; old key still reads until then', async () => {
  const oldCrypto = env.ctx.crypto;
  const before = await env.ctx.db.query<{ id: string; doc_enc: string }>('SELECT id, doc_enc FROM persons ORDER BY id LIMIT 5');
  const plain = before.map((r) => oldCrypto.decrypt(r.doc_enc));
  // A new primary key in front of the old one (the old ring's key material is reused via decrypt).
  const [kid, b64] = generateKeySpec('k2').split(':');
  const oldKid = before[0].doc_enc.split('.')[0];
  const ring = {
    keys: [{ kid, key: Buffer.from(b64, 'base64') }],
    bidxKey: crypto.randomBytes(32),
  };
  const fresh = createFieldCrypto(ring);
  env.ctx.crypto = { ...fresh, decrypt: (box: string) => (box.startsWith(`${oldKid}.`) ? oldCrypto.decrypt(box) : fresh.decrypt(box)) };
  try {
    const report = await rotateEncryption(env.ctx, 100);
    const persons = report.find((r) => r.table === 'persons' && r.column === 'doc_enc')!;
    expect(persons.rewritten).toBeGreaterThanOrEqual(600);
    expect(report.some((r) => r.table === 'users' && r.column === 'phone_enc')).toBe(true);
    const stale = await env.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons WHERE doc_enc NOT LIKE $1`, [`${kid}.%`]);
    expect(stale[0].n).toBe(0);
    const after = await env.ctx.db.query<{ doc_enc: string }>('SELECT doc_enc FROM persons WHERE id = ANY($1) ORDER BY id', [before.map((r) => r.id)]);
    expect(after.map((r) => fresh.decrypt(r.doc_enc))).toEqual(plain);
    expect((await rotateEncryption(env.ctx)).every((r) => r.rewritten === 0)).toBe(true);
  } finally {
    env.ctx.crypto = oldCrypto;
  }
});
