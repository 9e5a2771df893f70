// What a certificate fills in from the population base: the person, their home, their community and street.
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import { assertRowInScope } from '../../lib/scope.ts';
import { maskDocLast4 } from '../../lib/mask.ts';
import { zhDate } from '../../lib/pdf.ts';

export type CertPerson = {
  id: string; community_id: number; grid_id: number | null; name: string; gender: 'M' | 'F' | null; birth_date: string | null;
  doc_type: string; doc_enc: string | null; doc_last4: string | null; registered_address: string | null; residency_type: string;
  status: string; building_name: string | null; building_address: string | null; unit: number | null; room: string | null;
  community_name: string; street_name: string | null; move_in_date: string | null;
};

const DOC_TYPE: Record<string, string> = {
  resident_id: '公民身份号码', passport: '护照号码', hk_macao_permit: '港澳居民来往内地通行证号码',
  taiwan_permit: '台湾居民来往大陆通行证号码', foreign_pr: '外国人永久居留身份证号码',
};
const RESIDENCY: Record<string, string> = { registered: '户籍人口', resident: '常住人口', floating: '流动人口', overseas: '境外人员', separated: '人户分离' };

/** Loads a person in the actor's scope; out of scope is NOT_FOUND (existence is not disclosed). */
export async function loadCertPerson(q: Queryable, actor: Actor, personId: string): Promise<CertPerson> {
  const rows = await q.query<CertPerson>(
    `SELECT p.id, p.community_id, p.grid_id, p.name, p.gender, p.birth_date, p.doc_type, p.doc_enc, p.doc_last4, p.registered_address,
            p.residency_type, p.status, b.name AS building_name, b.address AS building_address, h.unit, h.room,
            c.name AS community_name, s.name AS street_name,
            (SELECT max(e.date) FROM person_events e WHERE e.person_id = p.id AND e.kind = 'move_in') AS move_in_date
     FROM persons p
     JOIN regions c ON c.id = p.community_id
     LEFT JOIN regions s ON s.id = c.parent_id
     LEFT JOIN houses h ON h.id = p.house_id
     LEFT JOIN buildings b ON b.id = h.building_id
     WHERE p.id = $1`,
    [personId],
  );
  const p = rows[0];
  if (!p) throw notFound('人员', 'Person');
  await assertRowInScope(q, actor, { community_id: Number(p.community_id), grid_id: p.grid_id === null ? null : Number(p.grid_id) });
  return p;
}

export function issuerName(p: Pick<CertPerson, 'street_name' | 'community_name'>): string {
  return `${p.street_name ?? ''}${p.community_name}居民委员会`;
}

export function homeAddress(p: CertPerson): string {
  if (!p.building_name) return p.registered_address ?? '';
  return `${p.community_name}${p.building_name}${p.unit ? `${p.unit}单元` : ''}${p.room ? `${p.room}室` : ''}`;
}

/** The placeholders a template may use, e.g. {{name}}. docNo is the full number: it appears only in the PDF. */
export function templateFields(ctx: Ctx, p: CertPerson, extra: { purpose: string; details: string; issuedOn: Date }): Record<string, string> {
  const docNo = p.doc_enc ? ctx.crypto.decrypt(p.doc_enc) : '';
  return {
    name: p.name,
    gender: p.gender === 'M' ? '男' : p.gender === 'F' ? '女' : '',
    birthDate: p.birth_date ? zhDate(p.birth_date) : '',
    docType: DOC_TYPE[p.doc_type] ?? '证件号码',
    docNo: docNo || '（未登记）',
    docMasked: maskDocLast4(p.doc_last4, docNo.length || 18) ?? '（未登记）',
    address: homeAddress(p),
    registeredAddress: p.registered_address ?? '',
    residencyType: RESIDENCY[p.residency_type] ?? '',
    moveInDate: p.move_in_date ? zhDate(p.move_in_date) : '',
    community: p.community_name,
    street: p.street_name ?? '',
    issuer: issuerName(p),
    issueDate: zhDate(extra.issuedOn),
    purpose: extra.purpose,
    details: extra.details,
  };
}

export function fillTemplate(template: string, fields: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => fields[k] ?? '');
}
