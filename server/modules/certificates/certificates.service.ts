// Issuing certificates: person → fill from the base → preview → issue; revocation; public verification;
// refusing (and counting) the kinds a community must not issue; the register.
import crypto from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, invalid, invalidState, notFound } from '../../lib/errors.ts';
import { audit, auditNow } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import { assertRowInScope, scopeSql } from '../../lib/scope.ts';
import { nextNumber } from '../../lib/counters.ts';
import { maskDocLast4, maskName } from '../../lib/mask.ts';
import { shanghaiDate } from '../../lib/pdf.ts';
import type { CertRequestBody, CertificateItem, CertificateListQuery } from '../../../contracts/certificates.ts';
import { currentCertType, type CertTypeRow } from './certificates-catalogue.ts';
import { fillTemplate, issuerName, loadCertPerson, templateFields, type CertPerson } from './certificates-person.ts';
import { certificatePdf } from './certificates-pdf.ts';

type Content = { title: string; body: string; issuer: string; purpose: string };

export function verifyUrl(ctx: Ctx, code: string): string {
  return `${ctx.config.publicUrl.replace(/\/$/, '')}/verify/${code}`;
}

function validUntil(t: CertTypeRow, issuedOn: string): string | null {
  if (!t.validity_days) return null;
  const d = new Date(`${issuedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Number(t.validity_days));
  return d.toISOString().slice(0, 10);
}

/** not_issue: record the request (its own transaction, so the count survives the refusal) and refuse with the redirect. */
async function refuse(ctx: Ctx, actor: Actor, t: CertTypeRow, person: CertPerson | null, input: CertRequestBody): Promise<never> {
  await ctx.db.tx(async (q) => {
    await q.query(
      'INSERT INTO cert_refusals (type_id, version_id, community_id, person_id, requested_by, actor_id) VALUES ($1,$2,$3,$4,$5,$6)',
      [t.id, t.version_id, person ? person.community_id : refusalCommunity(actor), person?.id ?? null, input.requestedBy, actor.userId],
    );
    await audit(q, actor, { action: 'cert.refuse', entityType: 'cert_type', entityId: t.id, regionId: person ? Number(person.community_id) : actor.scopeRegionId, detail: { code: t.code, requestedBy: input.requestedBy } });
  });
  const zh = `社区不出具「${t.name}」。请到${t.responsible_department}办理：${t.alternative}`;
  throw new AppError('INVALID_STATE', zh, `A community does not issue "${t.code}". Responsible: ${t.responsible_department}. ${t.alternative}`);
}

/** Without a person, a refusal is counted at the actor's own region (a community worker's community). */
function refusalCommunity(actor: Actor): number {
  return actor.scopeRegionId;
}

async function prepare(ctx: Ctx, q: Queryable, actor: Actor, input: CertRequestBody) {
  const t = await currentCertType(q, input.typeId);
  if (!t.active) throw invalidState(`「${t.name}」已停用`, 'This certificate type is no longer active');
  const person = input.personId ? await loadCertPerson(q, actor, input.personId) : null;
  if (t.policy === 'not_issue') return { t, person, refused: true as const };
  if (!person) throw invalid('请先选择人员', 'Choose the person', [{ path: 'personId', messages: { 'zh-CN': '请先选择人员', 'en-US': 'Choose the person' } }]);
  if (person.status !== 'living') throw invalidState('该人员已迁出或已故，不能开具证明', 'The person has moved out or died');
  if (t.policy === 'issue_with_evidence') {
    if (input.evidence.length === 0 || !input.evidenceConfirmed) {
      const zh = `须上传并核验依据材料（${t.evidence.join('、')}）后才能开具`;
      throw invalid(zh, 'Attach and confirm the evidence first', [{ path: 'evidence', messages: { 'zh-CN': zh, 'en-US': 'Attach and confirm the evidence first' } }]);
    }
    const ids = input.evidence.map((e) => e.fileId);
    const found = await q.query<{ id: string }>(
      `SELECT f.id FROM files f LEFT JOIN regions r ON r.id = f.region_id WHERE f.id = ANY($1) AND (f.created_by = $2 OR r.path LIKE $3)`,
      [ids, actor.userId, actor.scopePath + '%'],
    );
    if (found.length !== new Set(ids).size) throw invalid('依据材料文件不存在', 'An evidence file does not exist', [{ path: 'evidence', messages: { 'zh-CN': '依据材料文件不存在', 'en-US': 'An evidence file does not exist' } }]);
  }
  if (/\{\{\s*details\s*\}\}/.test(t.template) && !input.details) {
    throw invalid('请填写证明的具体内容（经核验的情况）', 'Fill in the details to certify', [{ path: 'details', messages: { 'zh-CN': '请填写证明的具体内容', 'en-US': 'Fill in the details' } }]);
  }
  const issuedOn = shanghaiDate(new Date());
  const fields = templateFields(ctx, person, { purpose: input.purpose || t.purpose, details: input.details, issuedOn: new Date() });
  const content: Content = { title: t.name, body: fillTemplate(t.template, fields), issuer: issuerName(person), purpose: input.purpose };
  const masked = fillTemplate(t.template, { ...fields, docNo: fields.docMasked });
  return { t, person, refused: false as const, content, masked, issuedOn, validUntil: validUntil(t, issuedOn) };
}

export async function previewCertificate(ctx: Ctx, actor: Actor, input: CertRequestBody) {
  const r = await prepare(ctx, ctx.db, actor, input);
  if (r.refused) return refuse(ctx, actor, r.t, r.person, input);
  return {
    typeId: r.t.id, versionId: r.t.version_id, name: r.t.name, policy: r.t.policy, title: r.content.title, body: r.masked,
    issuer: r.content.issuer, holderName: r.person.name, holderDocMasked: maskDocLast4(r.person.doc_last4), validUntil: r.validUntil,
    evidenceRequired: r.t.evidence ?? [],
  };
}

export async function previewCertificatePdf(ctx: Ctx, actor: Actor, input: CertRequestBody): Promise<Buffer> {
  const r = await prepare(ctx, ctx.db, actor, input);
  if (r.refused) return refuse(ctx, actor, r.t, r.person, input);
  return certificatePdf({ ...r.content, body: r.masked, serialNo: '（开具后生成）', validUntil: r.validUntil, issuedAt: new Date(), verifyUrl: verifyUrl(ctx, 'preview'), revoked: false, preview: true });
}

export async function issueCertificate(ctx: Ctx, actor: Actor, input: CertRequestBody): Promise<CertificateItem> {
  const pre = await prepare(ctx, ctx.db, actor, input);
  if (pre.refused) return refuse(ctx, actor, pre.t, pre.person, input);
  const { t, person, content, issuedOn } = pre;
  const id = await ctx.db.tx(async (q) => {
    const year = Number(issuedOn.slice(0, 4));
    // The counter lock comes first, before audit() takes its own lock (same order in every writer).
    const seq = await nextNumber(q, 'certificate', Number(person.community_id), year);
    const community = await q.query<{ code: string }>('SELECT code FROM regions WHERE id = $1', [person.community_id]);
    const serialNo = `${community[0].code}-${year}-${String(seq).padStart(6, '0')}`;
    const code = crypto.randomBytes(12).toString('base64url');
    const rows = await q.query<{ id: string }>(
      `INSERT INTO certificates (serial_no, year, seq, community_id, grid_id, person_id, type_id, version_id, holder_name, holder_doc_last4,
         purpose, requested_by, content_enc, evidence, verify_code, issued_by, valid_until)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) RETURNING id`,
      [serialNo, year, seq, person.community_id, person.grid_id, person.id, t.id, t.version_id, person.name, person.doc_last4,
        input.purpose, input.requestedBy, ctx.crypto.encrypt(JSON.stringify(content)), JSON.stringify(input.evidence), code, actor.userId, pre.validUntil],
    );
    await audit(q, actor, { action: 'cert.issue', entityType: 'certificate', entityId: rows[0].id, regionId: Number(person.community_id), detail: { serialNo, type: t.code, version: Number(t.version), personId: person.id } });
    return rows[0].id;
  });
  return getCertificate(ctx, actor, id);
}

type CertRow = {
  id: string; serial_no: string; type_id: string; type_name: string; version: number; status: 'valid' | 'revoked'; community_id: number;
  community_name: string; grid_id: number | null; person_id: string; holder_name: string; holder_doc_last4: string | null; purpose: string;
  requested_by: string; issued_at: Date; issued_by_name: string | null; valid_until: string | null; revoked_at: Date | null;
  revoke_reason: string | null; verify_code: string; expired: boolean;
};

const SELECT = `SELECT c.id, c.serial_no, c.type_id, v.name AS type_name, v.version, c.status, c.community_id, r.name AS community_name, c.grid_id,
  c.person_id, c.holder_name, c.holder_doc_last4, c.purpose, c.requested_by, c.issued_at, u.display_name AS issued_by_name, c.valid_until,
  c.revoked_at, c.revoke_reason, c.verify_code, coalesce(c.valid_until < (now() AT TIME ZONE 'Asia/Shanghai')::date, false) AS expired
  FROM certificates c JOIN cert_type_versions v ON v.id = c.version_id JOIN regions r ON r.id = c.community_id LEFT JOIN users u ON u.id = c.issued_by`;

function toItem(ctx: Ctx, r: CertRow): CertificateItem {
  return {
    id: r.id, serialNo: r.serial_no, typeId: r.type_id, typeName: r.type_name, version: Number(r.version), status: r.status, expired: r.expired,
    communityId: Number(r.community_id), communityName: r.community_name, personId: r.person_id, holderName: r.holder_name,
    holderDocMasked: maskDocLast4(r.holder_doc_last4), purpose: r.purpose, requestedBy: r.requested_by,
    issuedAt: new Date(r.issued_at).toISOString(), issuedBy: r.issued_by_name, validUntil: r.valid_until,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null, revokeReason: r.revoke_reason, verifyUrl: verifyUrl(ctx, r.verify_code),
  };
}

async function loadInScope(q: Queryable, actor: Actor, id: string): Promise<CertRow> {
  const rows = await q.query<CertRow>(`${SELECT} WHERE c.id = $1`, [id]);
  if (!rows[0]) throw notFound('证明', 'Certificate');
  await assertRowInScope(q, actor, { community_id: Number(rows[0].community_id), grid_id: rows[0].grid_id === null ? null : Number(rows[0].grid_id) });
  return rows[0];
}

export async function getCertificate(ctx: Ctx, actor: Actor, id: string) {
  return toItem(ctx, await loadInScope(ctx.db, actor, id));
}

function listWhere(actor: Actor, query: Omit<CertificateListQuery, 'page' | 'pageSize'>) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'c.community_id', grid: 'c.grid_id' })];
  if (query.typeId) where.push(`c.type_id = ${p.add(query.typeId)}`);
  if (query.status) where.push(`c.status = ${p.add(query.status)}`);
  if (query.communityId) where.push(`c.community_id = ${p.add(query.communityId)}`);
  if (query.q) where.push(`(c.holder_name LIKE ${p.add(query.q + '%')} OR c.serial_no LIKE ${p.add('%' + query.q + '%')})`);
  if (query.from) where.push(`c.issued_at >= (${p.add(query.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (query.to) where.push(`c.issued_at < ((${p.add(query.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  return { p, where: where.join(' AND ') };
}

export async function listCertificates(ctx: Ctx, actor: Actor, query: CertificateListQuery) {
  const { p, where } = listWhere(actor, query);
  const total = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM certificates c WHERE ${where}`, p.values);
  const rows = await ctx.db.query<CertRow>(`${SELECT} WHERE ${where} ORDER BY c.issued_at DESC, c.serial_no DESC LIMIT ${p.add(query.pageSize)} OFFSET ${p.add((query.page - 1) * query.pageSize)}`, p.values);
  return { items: rows.map((r) => toItem(ctx, r)), total: total[0].n, page: query.page, pageSize: query.pageSize };
}

export function certificateExportRows(ctx: Ctx, actor: Actor, query: Omit<CertificateListQuery, 'page' | 'pageSize'>) {
  return async (offset: number, limit: number) => {
    const { p, where } = listWhere(actor, query);
    const rows = await ctx.db.query<CertRow>(`${SELECT} WHERE ${where} ORDER BY c.community_id, c.serial_no LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`, p.values);
    return rows.map((r) => {
      const i = toItem(ctx, r);
      return {
        serialNo: i.serialNo, typeName: i.typeName, version: i.version, communityName: i.communityName, holderName: i.holderName,
        holderDocMasked: i.holderDocMasked ?? '', purpose: i.purpose, requestedBy: i.requestedBy, issuedOn: shanghaiDate(new Date(i.issuedAt)),
        issuedBy: i.issuedBy ?? '', validUntil: i.validUntil ?? '', status: i.status === 'revoked' ? '已撤销' : i.expired ? '已过期' : '有效',
        revokeReason: i.revokeReason ?? '',
      };
    });
  };
}

/** The PDF carries the full ID number: every download is recorded as a reveal. */
export async function certificatePdfFor(ctx: Ctx, actor: Actor, id: string): Promise<{ pdf: Buffer; serialNo: string }> {
  const r = await loadInScope(ctx.db, actor, id);
  const enc = await ctx.db.query<{ content_enc: string }>('SELECT content_enc FROM certificates WHERE id = $1', [id]);
  const content = JSON.parse(ctx.crypto.decrypt(enc[0].content_enc)) as Content;
  await auditNow(ctx.db, actor, { action: 'cert.pdf', entityType: 'certificate', entityId: id, regionId: Number(r.community_id), detail: { serialNo: r.serial_no } });
  const pdf = await certificatePdf({ ...content, serialNo: r.serial_no, validUntil: r.valid_until, issuedAt: new Date(r.issued_at), verifyUrl: verifyUrl(ctx, r.verify_code), revoked: r.status === 'revoked' });
  return { pdf, serialNo: r.serial_no };
}

export async function revokeCertificate(ctx: Ctx, actor: Actor, id: string, reason: string) {
  await ctx.db.tx(async (q) => {
    const r = await loadInScope(q, actor, id);
    const locked = await q.query<{ status: string }>('SELECT status FROM certificates WHERE id = $1 FOR UPDATE', [id]);
    if (locked[0].status === 'revoked') throw invalidState('该证明已撤销', 'The certificate is already revoked');
    await q.query(`UPDATE certificates SET status = 'revoked', revoked_at = now(), revoked_by = $2, revoke_reason = $3 WHERE id = $1`, [id, actor.userId, reason]);
    await audit(q, actor, { action: 'cert.revoke', entityType: 'certificate', entityId: id, regionId: Number(r.community_id), detail: { serialNo: r.serial_no, reason } });
  });
  return getCertificate(ctx, actor, id);
}

/** Public: anyone holding the QR code. Validity, type, dates and masked details only. */
export async function verifyCertificate(ctx: Ctx, code: string) {
  const rows = await ctx.db.query<CertRow & { street_name: string | null }>(
    `${SELECT.replace('FROM certificates c', ', s.name AS street_name FROM certificates c')} LEFT JOIN regions s ON s.id = r.parent_id WHERE c.verify_code = $1`,
    [code],
  );
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND', '未查到该证明：核验码无效，请确认二维码或网址', 'No certificate with this code');
  return {
    status: r.status === 'revoked' ? ('revoked' as const) : r.expired ? ('expired' as const) : ('valid' as const),
    serialNo: r.serial_no,
    typeName: r.type_name,
    issuer: issuerName({ street_name: r.street_name, community_name: r.community_name }),
    issuedOn: shanghaiDate(new Date(r.issued_at)),
    validUntil: r.valid_until,
    revokedOn: r.revoked_at ? shanghaiDate(new Date(r.revoked_at)) : null,
    holderName: maskName(r.holder_name),
    holderDocMasked: maskDocLast4(r.holder_doc_last4),
  };
}

export async function refusalStats(ctx: Ctx, actor: Actor, query: { from?: string; to?: string }) {
  const p = params();
  const where = [scopeSql(actor, p, { community: 'x.community_id' })];
  if (query.from) where.push(`x.at >= (${p.add(query.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (query.to) where.push(`x.at < ((${p.add(query.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  const w = where.join(' AND ');
  const byType = await ctx.db.query<{ type_id: string; code: string; name: string; count: number }>(
    `SELECT t.id AS type_id, t.code, v.name, count(*)::int AS count FROM cert_refusals x JOIN cert_types t ON t.id = x.type_id
     JOIN cert_type_versions v ON v.type_id = t.id AND v.version = t.current_version WHERE ${w} GROUP BY t.id, t.code, v.name ORDER BY count DESC, t.code`,
    p.values,
  );
  const byRequester = await ctx.db.query<{ requested_by: string; count: number }>(
    `SELECT coalesce(nullif(x.requested_by, ''), '（未填写）') AS requested_by, count(*)::int AS count FROM cert_refusals x WHERE ${w} GROUP BY 1 ORDER BY count DESC, 1`,
    p.values,
  );
  return {
    total: byType.reduce((s, r) => s + r.count, 0),
    byType: byType.map((r) => ({ typeId: r.type_id, code: r.code, name: r.name, count: r.count })),
    byRequester: byRequester.map((r) => ({ requestedBy: r.requested_by, count: r.count })),
  };
}
