import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { can } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { saveFile } from '../../lib/files.ts';
import { audit } from '../../lib/audit.ts';
import { idParam } from '../../../contracts/common.ts';
import { fileItem } from '../../../contracts/platform.ts';
import { z } from 'zod';

export function fileRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['files'];
  app.post('/api/files', { config: { perm: 'file.write' }, schema: { tags, consumes: ['multipart/form-data'], response: { 201: z.array(fileItem) } } }, async (req, reply) => {
    const actor = requireActor(req);
    if (!req.isMultipart()) throw new AppError('VALIDATION', '请以表单方式上传文件（multipart/form-data）', 'Upload files as multipart/form-data');
    const saved = [];
    for await (const part of req.files()) {
      let data: Buffer;
      try {
        data = await part.toBuffer();
      } catch {
        const mb = Math.round(ctx.config.fileMaxBytes / 1024 / 1024);
        throw new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${mb} MB 上限`, `The file exceeds the ${mb} MB limit`);
      }
      const f = await ctx.db.tx(async (q) => {
        const stored = await saveFile(ctx, q, actor, { data, name: part.filename || 'file', regionId: actor.scopeRegionId });
        await audit(q, actor, { action: 'file.upload', entityType: 'file', entityId: stored.id, regionId: actor.scopeRegionId, detail: { name: stored.original_name, size: stored.size, mime: stored.mime } });
        return stored;
      });
      saved.push({ id: f.id, sha256: f.sha256, size: f.size, mime: f.mime, originalName: f.original_name });
    }
    if (!saved.length) throw new AppError('VALIDATION', '没有收到文件', 'No file received');
    return reply.status(201).send(saved);
  });

  app.get('/api/files/:id', { config: { perm: 'file.read' }, schema: { tags, params: idParam } }, async (req, reply) => {
    const actor = requireActor(req);
    const rows = await ctx.db.query<{ storage_key: string; mime: string; original_name: string; region_id: number | null; created_by: string | null; path: string | null }>(
      'SELECT f.storage_key, f.mime, f.original_name, f.region_id, f.created_by, r.path FROM files f LEFT JOIN regions r ON r.id = f.region_id WHERE f.id = $1',
      [req.params.id],
    );
    const f = rows[0];
    // Visible to its uploader, and to staff whose scope covers the region it was uploaded in. Residents (no
    // region.read) see only their own uploads, never their neighbours' photos.
    const staff = can(actor, 'region.read');
    if (!f || !(f.created_by === actor.userId || (staff && f.path && f.path.startsWith(actor.scopePath)))) throw notFound('文件', 'File');
    const data = await ctx.storage.get(f.storage_key);
    reply.header('content-type', f.mime);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.original_name)}`);
    return reply.send(data);
  });
}
