// `linli seed --persons N`: a district generated with COPY, valid and unique ID numbers, households with heads.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.ts';
import { parseResidentId } from '../../lib/id-number.ts';
import { seedPersons } from './population-seed.ts';

let env: TestEnv;
beforeAll(async () => { env = await setupTestEnv({ seed: false }); });
afterAll(async () => env?.close());

test('seeds the demo district, then grows it to N persons', async () => {
  const r = await seedPersons(env.ctx, 3000);
  expect(r.persons).toBeGreaterThanOrEqual(3000);
  const q = env.ctx.db;
  const dup = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT doc_bidx FROM persons GROUP BY doc_bidx HAVING count(*) > 1) x');
  expect(dup[0].n).toBe(0);
  const sample = await q.query<{ doc_enc: string; doc_type: string; birth_date: string; gender: string }>(`SELECT doc_enc, doc_type, birth_date, gender FROM persons ORDER BY random() LIMIT 50`);
  for (const s of sample.filter((x) => x.doc_type === 'resident_id')) {
    const p = parseResidentId(env.ctx.crypto.decrypt(s.doc_enc));
    expect(p).toMatchObject({ ok: true, birthDate: s.birth_date, gender: s.gender });
  }
  const heads = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM households WHERE head_person_id IS NULL AND id IN (SELECT household_id FROM persons)');
  expect(heads[0].n).toBe(0);
  const tags = await q.query<{ tag_code: string }>('SELECT DISTINCT tag_code FROM person_tags');
  expect(tags.map((t) => t.tag_code)).toEqual(expect.arrayContaining(['party_member', 'disabled', 'volunteer']));
  const tall = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM buildings WHERE floors = 18`);
  expect(tall[0].n).toBeGreaterThan(0);
  expect((await seedPersons(env.ctx, 1000)).seconds).toBe(0); // already big enough: nothing to do
});
