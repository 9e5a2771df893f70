// The certificate catalogue (证明事项目录): which certificates a community may issue, with evidence, or must
// refuse (and where the resident should go instead). Every edit writes a new version; nothing is overwritten.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import type { CertPolicy, CertTypeBody, CertTypeItem } from '../../../contracts/certificates.ts';

export type CertTypeRow = {
  id: string; code: string; version_id: string; version: number; name: string; policy: CertPolicy; category: string;
  legal_basis: string; purpose: string; template: string; validity_days: number | null; evidence: string[];
  responsible_department: string; alternative: string; active: boolean; change_note: string; created_at: Date;
};

const SELECT = `SELECT t.id, t.code, v.id AS version_id, v.version, v.name, v.policy, v.category, v.legal_basis, v.purpose, v.template,
  v.validity_days, v.evidence, v.responsible_department, v.alternative, v.active, v.change_note, v.created_at
  FROM cert_types t JOIN cert_type_versions v ON v.type_id = t.id`;

export function toCertType(r: CertTypeRow): CertTypeItem {
  return {
    id: r.id, code: r.code, versionId: r.version_id, version: Number(r.version), name: r.name, policy: r.policy, category: r.category,
    legalBasis: r.legal_basis, purpose: r.purpose, template: r.template, validityDays: r.validity_days === null ? null : Number(r.validity_days),
    evidence: r.evidence ?? [], responsibleDepartment: r.responsible_department, alternative: r.alternative, active: r.active,
    changeNote: r.change_note, createdAt: new Date(r.created_at).toISOString(),
  };
}

/** The catalogue is the same for every community (a district-wide list), so it is not scoped. */
export async function listCertTypes(ctx: Ctx, query: { policy?: CertPolicy; includeInactive: boolean }) {
  const p = params();
  const where = ['v.version = t.current_version'];
  if (query.policy) where.push(`v.policy = ${p.add(query.policy)}`);
  if (!query.includeInactive) where.push('v.active');
  const rows = await ctx.db.query<CertTypeRow>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY t.sort, t.code`, p.values);
  return rows.map(toCertType);
}

export async function currentCertType(q: Queryable, id: string): Promise<CertTypeRow> {
  const rows = await q.query<CertTypeRow>(`${SELECT} WHERE t.id = $1 AND v.version = t.current_version`, [id]);
  if (!rows[0]) throw notFound('证明事项', 'Certificate type');
  return rows[0];
}

export async function getCertType(ctx: Ctx, id: string) {
  return toCertType(await currentCertType(ctx.db, id));
}

export async function listCertTypeVersions(ctx: Ctx, id: string) {
  await currentCertType(ctx.db, id);
  const rows = await ctx.db.query<CertTypeRow>(`${SELECT} WHERE t.id = $1 ORDER BY v.version DESC`, [id]);
  return rows.map(toCertType);
}

async function insertVersion(q: Queryable, typeId: string, version: number, b: CertTypeBody, userId: string | null) {
  await q.query(
    `INSERT INTO cert_type_versions (type_id, version, name, policy, category, legal_basis, purpose, template, validity_days, evidence,
       responsible_department, alternative, active, change_note, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [typeId, version, b.name, b.policy, b.category, b.legalBasis, b.purpose, b.template, b.validityDays, b.evidence,
      b.responsibleDepartment, b.alternative, b.active, b.changeNote, userId],
  );
}

/** Used by the admin API and by the catalogue seed (idempotent by code). */
export async function insertCertType(q: Queryable, b: CertTypeBody, userId: string | null, sort = 0): Promise<string | null> {
  const rows = await q.query<{ id: string }>('INSERT INTO cert_types (code, sort) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id', [b.code, sort]);
  if (!rows[0]) return null;
  await insertVersion(q, rows[0].id, 1, b, userId);
  return rows[0].id;
}

export async function createCertType(ctx: Ctx, actor: Actor, b: CertTypeBody) {
  return ctx.db.tx(async (q) => {
    const id = await insertCertType(q, b, actor.userId, 1000);
    if (!id) {
      const zh = `代码 ${b.code} 已存在`;
      throw new AppError('CONFLICT', zh, `Code ${b.code} already exists`, [{ path: 'code', messages: { 'zh-CN': zh, 'en-US': `Code ${b.code} already exists` } }]);
    }
    await audit(q, actor, { action: 'cert_type.create', entityType: 'cert_type', entityId: id, detail: { code: b.code, name: b.name, policy: b.policy } });
    return toCertType(await currentCertType(q, id));
  });
}

/** An edit is a new version; the code is the type's identity and cannot change. */
export async function updateCertType(ctx: Ctx, actor: Actor, id: string, b: CertTypeBody) {
  return ctx.db.tx(async (q) => {
    const locked = await q.query<{ code: string; current_version: number }>('SELECT code, current_version FROM cert_types WHERE id = $1 FOR UPDATE', [id]);
    if (!locked[0]) throw notFound('证明事项', 'Certificate type');
    if (locked[0].code !== b.code) {
      throw new AppError('VALIDATION', '证明事项代码不能修改', 'The code cannot change', [{ path: 'code', messages: { 'zh-CN': '证明事项代码不能修改', 'en-US': 'The code cannot change' } }]);
    }
    const version = Number(locked[0].current_version) + 1;
    await insertVersion(q, id, version, b, actor.userId);
    await q.query('UPDATE cert_types SET current_version = $2, updated_at = now() WHERE id = $1', [id, version]);
    await audit(q, actor, { action: 'cert_type.update', entityType: 'cert_type', entityId: id, detail: { code: b.code, version, policy: b.policy, changeNote: b.changeNote } });
    return toCertType(await currentCertType(q, id));
  });
}
