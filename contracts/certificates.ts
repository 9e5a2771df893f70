// Certificates (证明): the regulated catalogue (issue / issue_with_evidence / not_issue), issuing, verification.
import { z } from 'zod';

export const certPolicy = z.enum(['issue', 'issue_with_evidence', 'not_issue']);
export type CertPolicy = z.infer<typeof certPolicy>;

const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字||At most ${max} characters`);

export const certTypeBody = z
  .object({
    code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, '代码为小写字母、数字和下划线（2–40 位）||Code: lower-case letters, digits, underscores'),
    name: z.string().trim().min(2, '名称至少 2 个字||At least 2 characters').max(60, '名称最多 60 个字||At most 60 characters'),
    policy: certPolicy,
    category: text(30).default(''),
    legalBasis: text(500).default(''),
    purpose: text(500).default(''),
    template: text(4000).default(''),
    validityDays: z.number().int().min(1).max(3650).nullable().default(null),
    evidence: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    responsibleDepartment: text(100).default(''),
    alternative: text(1000).default(''),
    active: z.boolean().default(true),
    changeNote: text(200).default(''),
  })
  .superRefine((v, c) => {
    if (v.policy === 'not_issue' && (!v.responsibleDepartment || !v.alternative)) {
      c.addIssue({ code: 'custom', path: ['responsibleDepartment'], message: '不予出具的证明须写明负责部门和替代办法||A not_issue type needs the responsible department and the alternative' });
    }
    if (v.policy !== 'not_issue' && v.template.length < 10) {
      c.addIssue({ code: 'custom', path: ['template'], message: '可出具的证明须有正文模板||An issuable type needs a template' });
    }
    if (v.policy === 'issue_with_evidence' && v.evidence.length === 0) {
      c.addIssue({ code: 'custom', path: ['evidence'], message: '须列出需核验的依据材料||List the evidence to check' });
    }
  });
export type CertTypeBody = z.infer<typeof certTypeBody>;
export const certTypeUpdateBody = certTypeBody;

export const certTypeItem = z.object({
  id: z.string(),
  code: z.string(),
  versionId: z.string(),
  version: z.number(),
  name: z.string(),
  policy: certPolicy,
  category: z.string(),
  legalBasis: z.string(),
  purpose: z.string(),
  template: z.string(),
  validityDays: z.number().nullable(),
  evidence: z.array(z.string()),
  responsibleDepartment: z.string(),
  alternative: z.string(),
  active: z.boolean(),
  changeNote: z.string(),
  createdAt: z.string(),
});
export type CertTypeItem = z.infer<typeof certTypeItem>;

export const certTypeListQuery = z.object({ policy: certPolicy.optional(), includeInactive: z.coerce.boolean().default(false) });

export const certRequestBody = z.object({
  typeId: z.uuid('证明事项编号格式不正确||Malformed type id'),
  personId: z.uuid('人员编号格式不正确||Malformed person id').optional(),
  purpose: text(200).default(''),
  requestedBy: text(100).default(''),
  details: text(1000).default(''),
  evidence: z.array(z.object({ fileId: z.uuid(), note: text(200).default('') })).max(10).default([]),
  evidenceConfirmed: z.boolean().default(false),
});
export type CertRequestBody = z.infer<typeof certRequestBody>;

export const certPreview = z.object({
  typeId: z.string(),
  versionId: z.string(),
  name: z.string(),
  policy: certPolicy,
  title: z.string(),
  body: z.string(),
  issuer: z.string(),
  holderName: z.string(),
  holderDocMasked: z.string().nullable(),
  validUntil: z.string().nullable(),
  evidenceRequired: z.array(z.string()),
});

export const certificateItem = z.object({
  id: z.string(),
  serialNo: z.string(),
  typeId: z.string(),
  typeName: z.string(),
  version: z.number(),
  status: z.enum(['valid', 'revoked']),
  expired: z.boolean(),
  communityId: z.number(),
  communityName: z.string(),
  personId: z.string(),
  holderName: z.string(),
  holderDocMasked: z.string().nullable(),
  purpose: z.string(),
  requestedBy: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string().nullable(),
  validUntil: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  verifyUrl: z.string(),
});
export type CertificateItem = z.infer<typeof certificateItem>;

export const certificateListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  typeId: z.uuid().optional(),
  status: z.enum(['valid', 'revoked']).optional(),
  communityId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(40).optional(),
  from: z.iso.date('日期格式应为 YYYY-MM-DD||Date as YYYY-MM-DD').optional(),
  to: z.iso.date('日期格式应为 YYYY-MM-DD||Date as YYYY-MM-DD').optional(),
});
export type CertificateListQuery = z.infer<typeof certificateListQuery>;

export const revokeBody = z.object({ reason: z.string().trim().min(2, '请填写撤销原因||Give the reason').max(300) });

export const verifyCodeParam = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '核验码格式不正确||Malformed code') });

/** What anyone holding the QR code may see: validity, type, dates and masked details only. */
export const certVerification = z.object({
  status: z.enum(['valid', 'revoked', 'expired']),
  serialNo: z.string(),
  typeName: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  validUntil: z.string().nullable(),
  revokedOn: z.string().nullable(),
  holderName: z.string(),
  holderDocMasked: z.string().nullable(),
});

export const refusalStats = z.object({
  total: z.number(),
  byType: z.array(z.object({ typeId: z.string(), code: z.string(), name: z.string(), count: z.number() })),
  byRequester: z.array(z.object({ requestedBy: z.string(), count: z.number() })),
});
export const refusalStatsQuery = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** The counter's person picker (also used by the service hall's window). */
export const personLookupQuery = z.object({ q: z.string().trim().min(1, '请输入姓名、拼音首字母或证件号后四位||Type a name, initials or the last 4 ID digits').max(40) });
export const personBrief = z.object({
  id: z.string(), name: z.string(), gender: z.string().nullable(), birthYear: z.number().nullable(), docMasked: z.string().nullable(), address: z.string(), communityName: z.string(),
});
