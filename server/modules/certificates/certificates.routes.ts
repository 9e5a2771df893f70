import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { audit } from '../../lib/audit.ts';
import { lookupPersons } from '../../lib/person-lookup.ts';
import { contentDisposition, pagedRows, xlsxStream } from '../../lib/xlsx.ts';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  certificateItem, certificateListQuery, certPreview, certRequestBody, certTypeBody, certTypeItem, certTypeListQuery, certTypeUpdateBody,
  certVerification, personBrief, personLookupQuery, refusalStats as refusalStatsSchema, refusalStatsQuery, revokeBody, verifyCodeParam,
} from '../../../contracts/certificates.ts';
import { createCertType, getCertType, listCertTypes, listCertTypeVersions, updateCertType } from './certificates-catalogue.ts';
import {
  certificateExportRows, certificatePdfFor, getCertificate, issueCertificate, listCertificates, previewCertificate, previewCertificatePdf,
  refusalStats, revokeCertificate, verifyCertificate,
} from './certificates.service.ts';

const pdfHeaders = (name: string) => ({
  'content-type': 'application/pdf',
  'content-disposition': `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
  'cache-control': 'no-store',
});

export function certificateRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['certificates'];
  // Catalogue
  app.get('/api/cert-types', { config: { perm: 'cert.read' }, schema: { tags, querystring: certTypeListQuery, response: { 200: z.array(certTypeItem) } } }, async (req) =>
    listCertTypes(ctx, req.query));
  app.get('/api/cert-types/:id', { config: { perm: 'cert.read' }, schema: { tags, params: idParam, response: { 200: certTypeItem } } }, async (req) =>
    getCertType(ctx, req.params.id));
  app.get('/api/cert-types/:id/versions', { config: { perm: 'cert.read' }, schema: { tags, params: idParam, response: { 200: z.array(certTypeItem) } } }, async (req) =>
    listCertTypeVersions(ctx, req.params.id));
  app.post('/api/cert-types', { config: { perm: 'cert.catalog.write' }, schema: { tags, body: certTypeBody, response: { 201: certTypeItem } } }, async (req, reply) =>
    reply.status(201).send(await createCertType(ctx, requireActor(req), req.body)));
  app.put('/api/cert-types/:id', { config: { perm: 'cert.catalog.write' }, schema: { tags, params: idParam, body: certTypeUpdateBody, response: { 200: certTypeItem } } }, async (req) =>
    updateCertType(ctx, requireActor(req), req.params.id, req.body));

  // Issuing
  app.get('/api/certificates/persons', { config: { perm: 'cert.issue' }, schema: { tags, querystring: personLookupQuery, response: { 200: z.array(personBrief) } } }, async (req) =>
    lookupPersons(ctx, requireActor(req), req.query.q));
  app.post('/api/certificates/preview', { config: { perm: 'cert.issue' }, schema: { tags, body: certRequestBody, response: { 200: certPreview } } }, async (req) =>
    previewCertificate(ctx, requireActor(req), req.body));
  app.post('/api/certificates/preview.pdf', { config: { perm: 'cert.issue' }, schema: { tags, body: certRequestBody } }, async (req, reply) =>
    reply.headers(pdfHeaders('预览.pdf')).send(await previewCertificatePdf(ctx, requireActor(req), req.body)));
  app.post('/api/certificates', { config: { perm: 'cert.issue' }, schema: { tags, body: certRequestBody, response: { 201: certificateItem } } }, async (req, reply) =>
    reply.status(201).send(await issueCertificate(ctx, requireActor(req), req.body)));

  // Register
  app.get('/api/certificates', { config: { perm: 'cert.read' }, schema: { tags, querystring: certificateListQuery, response: { 200: paged(certificateItem) } } }, async (req) =>
    listCertificates(ctx, requireActor(req), req.query));
  app.get('/api/certificates/export.xlsx', { config: { perm: 'cert.read' }, schema: { tags, querystring: certificateListQuery.omit({ page: true, pageSize: true }) } }, async (req, reply) => {
    const actor = requireActor(req);
    await ctx.db.tx((q) => audit(q, actor, { action: 'cert.export', entityType: 'certificate', regionId: actor.scopeRegionId, detail: req.query }));
    const columns = [
      { header: '证明编号', key: 'serialNo', width: 26 }, { header: '证明事项', key: 'typeName', width: 18 }, { header: '版本', key: 'version', width: 6 },
      { header: '社区', key: 'communityName' }, { header: '持证人', key: 'holderName', width: 12 }, { header: '证件号码', key: 'holderDocMasked', width: 22 },
      { header: '用途', key: 'purpose', width: 24 }, { header: '索要单位', key: 'requestedBy', width: 20 }, { header: '开具日期', key: 'issuedOn', width: 12 },
      { header: '开具人', key: 'issuedBy', width: 18 }, { header: '有效期至', key: 'validUntil', width: 12 }, { header: '状态', key: 'status', width: 8 },
      { header: '撤销原因', key: 'revokeReason', width: 24 },
    ];
    const stream = xlsxStream('证明开具登记', columns, pagedRows(certificateExportRows(ctx, actor, req.query)), { title: '证明开具登记簿' });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', contentDisposition(`证明开具登记-${new Date().toISOString().slice(0, 10)}.xlsx`));
    return reply.send(stream);
  });
  app.get('/api/certificates/refusals', { config: { perm: 'cert.stats' }, schema: { tags, querystring: refusalStatsQuery, response: { 200: refusalStatsSchema } } }, async (req) =>
    refusalStats(ctx, requireActor(req), req.query));
  app.get('/api/certificates/:id', { config: { perm: 'cert.read' }, schema: { tags, params: idParam, response: { 200: certificateItem } } }, async (req) =>
    getCertificate(ctx, requireActor(req), req.params.id));
  app.get('/api/certificates/:id/pdf', { config: { perm: 'cert.read' }, schema: { tags, params: idParam } }, async (req, reply) => {
    const { pdf, serialNo } = await certificatePdfFor(ctx, requireActor(req), req.params.id);
    return reply.headers(pdfHeaders(`${serialNo}.pdf`)).send(pdf);
  });
  app.post('/api/certificates/:id/revoke', { config: { perm: 'cert.revoke' }, schema: { tags, params: idParam, body: revokeBody, response: { 200: certificateItem } } }, async (req) =>
    revokeCertificate(ctx, requireActor(req), req.params.id, req.body.reason));

  // Public verification (the QR code's target): no login.
  app.get('/api/public/certificates/:code', { config: { public: true }, schema: { tags, params: verifyCodeParam, response: { 200: certVerification } } }, async (req) =>
    verifyCertificate(ctx, req.params.code));
}
