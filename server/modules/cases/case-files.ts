// Attachments on a case step are files uploaded through POST /api/files: the caller's own uploads, or files
// uploaded within their scope. Anything else is refused (no attaching someone else's file by guessing its id).
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/context.ts';
import { invalid } from '../../lib/errors.ts';

export async function assertFiles(q: Queryable, actor: Actor, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await q.query<{ id: string }>(
    `SELECT f.id FROM files f LEFT JOIN regions r ON r.id = f.region_id
     WHERE f.id = ANY($1::uuid[]) AND (f.created_by = $2 OR r.path LIKE $3)`,
    [unique, actor.userId, actor.scopePath + '%'],
  );
  if (rows.length !== unique.length) {
    throw invalid('附件不存在或无权使用，请重新上传', 'An attachment does not exist or is not yours; upload it again', [{ path: 'attachments', messages: { 'zh-CN': '附件不存在或无权使用', 'en-US': 'Unknown attachment' } }]);
  }
  return unique;
}
