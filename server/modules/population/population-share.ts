// Department sharing (一次采集，多方共享): a department's API token carries the tags and fields it may read
// (api_tokens.share_tags / share_fields). It reads persons carrying those tags, within the token's region, and
// receives only those fields. Each request is audited as token use; each page also gets a record-level audit entry
// listing exactly which persons were read.
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { auditNow } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import { scopeSql } from '../../lib/scope.ts';
import { visibleTagSql } from '../../lib/tags.ts';
import { SHARE_FIELDS } from '../../../contracts/population.ts';
import { PERSON_JOINS, personSelect, toPerson, type PersonRow } from './population-common.ts';

function grant(actor: Actor): { tags: string[]; fields: string[] } {
  const tags = actor.shareTags ?? [];
  const fields = (actor.shareFields ?? []).filter((f) => (SHARE_FIELDS as readonly string[]).includes(f));
  if (!tags.length || !fields.length) {
    throw new AppError('FORBIDDEN', '该接口令牌没有配置可共享的人员标签和字段，请联系签发令牌的管理员', 'This token has no shared tags and fields');
  }
  return { tags, fields };
}

function shape(ctx: Ctx, r: PersonRow, g: { tags: string[]; fields: string[] }) {
  const reveal = g.fields.includes('docNumber') || g.fields.includes('phone');
  const p = toPerson(ctx, r, { decryptTags: true, reveal });
  const all: Record<string, unknown> = {
    name: p.name, gender: p.gender, birthDate: p.birthDate, docNumber: p.docNumber, phone: p.phone, registeredAddress: p.registeredAddress, address: p.address,
    residencyType: p.residencyType, status: p.status, community: p.communityName, tags: p.tags.filter((t) => g.tags.includes(t.code)).map((t) => ({ code: t.code, name: t.name, attributes: t.attributes, startDate: t.startDate, endDate: t.endDate })),
  };
  const out: Record<string, unknown> = { id: p.id, updatedAt: p.updatedAt };
  for (const f of g.fields) out[f] = all[f];
  return out;
}

export async function sharedPersons(ctx: Ctx, actor: Actor, q: { tag?: string; updatedSince?: string; page: number; pageSize: number }) {
  const g = grant(actor);
  if (q.tag && !g.tags.includes(q.tag)) throw new AppError('FORBIDDEN', `该令牌无权读取标签「${q.tag}」`, `This token may not read tag ${q.tag}`);
  const tags = q.tag ? [q.tag] : g.tags;
  const p = params();
  const where = [
    scopeSql(actor, p, { community: 'p.community_id', grid: 'p.grid_id' }),
    // Sensitive tags still need their own permission on the token.
    `EXISTS (SELECT 1 FROM person_tags pt JOIN tag_types t ON t.code = pt.tag_code WHERE pt.person_id = p.id AND pt.tag_code = ANY(${p.add(tags)}) AND ${visibleTagSql(actor, p)})`,
  ];
  if (q.updatedSince) where.push(`p.updated_at >= ${p.add(q.updatedSince)}`);
  const countP = params([...p.values]);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM persons p WHERE ${where.join(' AND ')}`, countP.values);
  const rows = await ctx.db.query<PersonRow>(
    `SELECT ${personSelect(actor, p)} FROM (SELECT p.* FROM persons p WHERE ${where.join(' AND ')} ORDER BY p.id LIMIT ${p.add(q.pageSize)} OFFSET ${p.add((q.page - 1) * q.pageSize)}) p ${PERSON_JOINS} ORDER BY p.id`,
    p.values,
  );
  const items = rows.map((r) => shape(ctx, r, g));
  await auditNow(ctx.db, actor, { action: 'person.share.read', entityType: 'person', regionId: actor.scopeRegionId, detail: { personIds: items.map((i) => i.id), fields: g.fields, tags } });
  return { items, total: total[0].n, page: q.page, pageSize: q.pageSize, fields: g.fields, tags };
}

export async function sharedPerson(ctx: Ctx, actor: Actor, id: string) {
  const g = grant(actor);
  const p = params([id]);
  const rows = await ctx.db.query<PersonRow>(
    `SELECT ${personSelect(actor, p)} FROM persons p ${PERSON_JOINS}
      WHERE p.id = $1 AND ${scopeSql(actor, p, { community: 'p.community_id', grid: 'p.grid_id' })}
        AND EXISTS (SELECT 1 FROM person_tags pt JOIN tag_types t ON t.code = pt.tag_code WHERE pt.person_id = p.id AND pt.tag_code = ANY(${p.add(g.tags)}) AND ${visibleTagSql(actor, p)})`,
    p.values,
  );
  if (!rows[0]) throw notFound('人员', 'Person');
  const item = shape(ctx, rows[0], g);
  await auditNow(ctx.db, actor, { action: 'person.share.read', entityType: 'person', entityId: id, regionId: Number(rows[0].community_id), detail: { fields: g.fields } });
  return item;
}
