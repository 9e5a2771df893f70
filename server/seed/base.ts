// Rows every installation needs: built-in roles, default settings, the tag catalogue. Safe to run at every start.
import type { Ctx } from '../lib/context.ts';
import { BUILTIN_ROLES } from '../lib/permissions.ts';
import { DEFAULT_SETTINGS, DEFAULT_TAGS } from './catalogue.ts';
import { CATALOGUE_SEEDS } from './modules.ts';

export async function seedBase(ctx: Ctx): Promise<void> {
  await ctx.db.tx(async (q) => {
    // Several processes may start at once: one seeds, the others wait and then find everything in place.
    await q.query('SELECT pg_advisory_xact_lock(7313003)');
    for (const r of BUILTIN_ROLES) {
      const rows = await q.query<{ permissions: string[]; defaults_applied: string[] }>('SELECT permissions, defaults_applied FROM roles WHERE code = $1', [r.code]);
      if (!rows[0]) {
        await q.query('INSERT INTO roles (code, name_zh, name_en, permissions, builtin, defaults_applied) VALUES ($1,$2,$3,$4,true,$4)', [r.code, r.nameZh, r.nameEn, r.permissions]);
        continue;
      }
      // New default permissions (a module added them) reach existing roles once; what an admin removed stays removed.
      const fresh = r.permissions.filter((p) => !rows[0].defaults_applied.includes(p));
      if (fresh.length) {
        const merged = [...new Set([...rows[0].permissions, ...fresh])];
        await q.query('UPDATE roles SET permissions = $2, defaults_applied = $3 WHERE code = $1', [r.code, merged, r.permissions]);
      }
    }
    for (const s of DEFAULT_SETTINGS) {
      await q.query('INSERT INTO settings (key, value, description) VALUES ($1,$2,$3) ON CONFLICT (key) DO NOTHING', [s.key, JSON.stringify(s.value), s.description]);
    }
    for (const [i, t] of DEFAULT_TAGS.entries()) {
      await q.query(
        `INSERT INTO tag_types (code, name_zh, name_en, category, sensitive, permission, attributes, sort)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (code) DO NOTHING`,
        [t.code, t.nameZh, t.nameEn, t.category, t.sensitive ?? false, t.permission ?? null, JSON.stringify(t.attributes ?? []), (i + 1) * 10],
      );
    }
    for (const seed of CATALOGUE_SEEDS) await seed(ctx, q);
  });
}
