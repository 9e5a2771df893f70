// Locality settings (norms, time limits, standards) and the dev inbox of outbound messages.
import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { audit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { notificationItem, settingBody, settingItem } from '../../../contracts/platform.ts';
import { pageQuery, paged } from '../../../contracts/common.ts';

export function settingsRoutes(app: TypedApp, ctx: Ctx) {
  app.get('/api/settings', { config: { perm: 'region.read' }, schema: { tags: ['settings'], response: { 200: z.array(settingItem) } } }, async () =>
    ctx.db.query<{ key: string; value: unknown; description: string | null }>('SELECT key, value, description FROM settings ORDER BY key'));

  app.put('/api/settings/:key', { config: { perm: 'settings.write' }, schema: { tags: ['settings'], params: z.object({ key: z.string().regex(/^[a-z0-9_.]+$/) }), body: settingBody, response: { 200: settingItem } } }, async (req) => {
    const actor = requireActor(req);
    return ctx.db.tx(async (q) => {
      const rows = await q.query<{ key: string; value: unknown; description: string | null }>(
        'UPDATE settings SET value = $2, updated_at = now() WHERE key = $1 RETURNING key, value, description', [req.params.key, JSON.stringify(req.body.value ?? null)]);
      if (!rows[0]) throw notFound('参数', 'Setting');
      await audit(q, actor, { action: 'settings.update', entityType: 'setting', entityId: req.params.key, detail: { value: req.body.value } });
      return rows[0];
    });
  });

  // Dev inbox: what the default sender "sent" (SMS codes, notices), for admins while no gateway is configured.
  app.get('/api/dev/inbox', { config: { perm: 'devinbox.read' }, schema: { tags: ['settings'], querystring: pageQuery, response: { 200: paged(notificationItem) } } }, async (req) => {
    const { page, pageSize } = req.query;
    const total = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications');
    const rows = await ctx.db.query<{ id: string; channel: string; recipient: string; subject: string | null; body: string; created_at: Date }>(
      'SELECT * FROM notifications ORDER BY created_at DESC LIMIT $1 OFFSET $2', [pageSize, (page - 1) * pageSize]);
    return { items: rows.map((r) => ({ id: r.id, channel: r.channel, recipient: r.recipient, subject: r.subject, body: r.body, createdAt: new Date(r.created_at).toISOString() })), total: total[0].n, page, pageSize };
  });
}
