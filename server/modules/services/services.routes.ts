import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { lookupPersons } from '../../lib/person-lookup.ts';
import { personBrief, personLookupQuery } from '../../../contracts/certificates.ts';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  applicationDetail, applicationItem, applicationListQuery, applicationStats as statsSchema, decideBody, inboxItem, intakeBody, materialsBody, noteBody,
  onlineApplyBody, prefill, prefillQuery, progressCodeParam, publicProgress as progressSchema, publicServiceItem, ratingBody, reasonBody, serviceItem,
  serviceItemBody, serviceListQuery, statsQuery,
} from '../../../contracts/services.ts';
import { createItem, getItem, listItems, publicServiceList, sampleFile, updateItem } from './services-catalogue.ts';
import { applyOnline, getApplication, intakeApplication, listApplications, prefillApplication, publicProgress, updateMaterials } from './services.service.ts';
import { acceptApplication, archive, cancel, closeFollowup, collect, decideStep, rate, receiveStep, resubmit, returnStep, windowStep } from './services-workflow.ts';
import { noticePdf, receiptPdf } from './services-pdf.ts';
import { applicationStats, inbox } from './services-stats.ts';

const pdf = (name: string) => ({ 'content-type': 'application/pdf', 'content-disposition': `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`, 'cache-control': 'no-store' });

export function serviceRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['services'];
  const detail = { 200: applicationDetail };
  // Public: the service menu and the progress page behind the receipt's QR code.
  app.get('/api/public/services', { config: { public: true }, schema: { tags, querystring: serviceListQuery.pick({ category: true }), response: { 200: z.array(publicServiceItem) } } }, async (req) =>
    publicServiceList(ctx, req.query));
  app.get('/api/public/services/:code/samples/:key', { config: { public: true }, schema: { tags, params: z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/), key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/) }) } }, async (req, reply) => {
    const f = await sampleFile(ctx, req.params.code, req.params.key);
    reply.header('content-type', f.mime);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    return reply.send(f.data);
  });
  app.get('/api/public/applications/:code', { config: { public: true }, schema: { tags, params: progressCodeParam, response: { 200: progressSchema } } }, async (req) =>
    publicProgress(ctx, req.params.code));

  // Catalogue
  app.get('/api/service-items', { config: { perm: 'application.read' }, schema: { tags, querystring: serviceListQuery, response: { 200: z.array(serviceItem) } } }, async (req) =>
    listItems(ctx, req.query));
  app.get('/api/service-items/:id', { config: { perm: 'application.read' }, schema: { tags, params: idParam, response: { 200: serviceItem } } }, async (req) =>
    getItem(ctx, req.params.id));
  app.post('/api/service-items', { config: { perm: 'service.catalog.write' }, schema: { tags, body: serviceItemBody, response: { 201: serviceItem } } }, async (req, reply) =>
    reply.status(201).send(await createItem(ctx, requireActor(req), req.body)));
  app.put('/api/service-items/:id', { config: { perm: 'service.catalog.write' }, schema: { tags, params: idParam, body: serviceItemBody, response: { 200: serviceItem } } }, async (req) =>
    updateItem(ctx, requireActor(req), req.params.id, req.body));

  // Window (前台)
  app.get('/api/applications/persons', { config: { perm: 'application.intake' }, schema: { tags, querystring: personLookupQuery, response: { 200: z.array(personBrief) } } }, async (req) =>
    lookupPersons(ctx, requireActor(req), req.query.q));
  app.get('/api/applications/prefill', { config: { perm: 'application.intake' }, schema: { tags, querystring: prefillQuery, response: { 200: prefill } } }, async (req) =>
    prefillApplication(ctx, requireActor(req), req.query.itemId, req.query.personId));
  app.post('/api/applications', { config: { perm: 'application.intake' }, schema: { tags, body: intakeBody, response: { 201: applicationDetail } } }, async (req, reply) =>
    reply.status(201).send(await intakeApplication(ctx, requireActor(req), req.body)));
  app.get('/api/applications', { config: { perm: 'application.read' }, schema: { tags, querystring: applicationListQuery, response: { 200: paged(applicationItem) } } }, async (req) =>
    listApplications(ctx, requireActor(req), req.query));
  app.get('/api/applications/stats', { config: { perm: 'application.read' }, schema: { tags, querystring: statsQuery, response: { 200: statsSchema } } }, async (req) =>
    applicationStats(ctx, requireActor(req), req.query));
  app.get('/api/applications/inbox', { config: { perm: 'application.process' }, schema: { tags, response: { 200: z.array(inboxItem) } } }, async (req) =>
    inbox(ctx, requireActor(req)));
  app.get('/api/applications/:id', { config: { perm: 'application.read' }, schema: { tags, params: idParam, response: detail } }, async (req) =>
    getApplication(ctx, requireActor(req), req.params.id));
  app.get('/api/applications/:id/receipt.pdf', { config: { perm: 'application.read' }, schema: { tags, params: idParam } }, async (req, reply) => {
    const r = await receiptPdf(ctx, requireActor(req), req.params.id);
    return reply.headers(pdf(`回执-${r.no}.pdf`)).send(r.pdf);
  });
  app.get('/api/applications/:id/notice.pdf', { config: { perm: 'application.intake' }, schema: { tags, params: idParam } }, async (req, reply) => {
    const r = await noticePdf(ctx, requireActor(req), req.params.id);
    return reply.headers(pdf(`一次性告知书-${r.no}.pdf`)).send(r.pdf);
  });
  app.post('/api/applications/:id/materials', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, body: materialsBody, response: detail } }, async (req) =>
    updateMaterials(ctx, requireActor(req), req.params.id, req.body.materials));
  app.post('/api/applications/:id/accept', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, response: detail } }, async (req) =>
    acceptApplication(ctx, requireActor(req), req.params.id));
  app.post('/api/applications/:id/window-step', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, body: decideBody, response: detail } }, async (req) =>
    windowStep(ctx, requireActor(req), req.params.id, req.body.outcome, req.body.note));
  app.post('/api/applications/:id/resubmit', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, body: noteBody, response: detail } }, async (req) =>
    resubmit(ctx, requireActor(req), req.params.id, req.body.note));
  app.post('/api/applications/:id/collect', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, response: detail } }, async (req) =>
    collect(ctx, requireActor(req), req.params.id));
  app.post('/api/applications/:id/archive', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, response: detail } }, async (req) =>
    archive(ctx, requireActor(req), req.params.id));
  app.post('/api/applications/:id/cancel', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, body: reasonBody, response: detail } }, async (req) =>
    cancel(ctx, requireActor(req), req.params.id, req.body.reason));
  app.post('/api/applications/:id/rating', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, body: ratingBody, response: detail } }, async (req) =>
    rate(ctx, requireActor(req), req.params.id, req.body.score, req.body.reason));
  app.post('/api/applications/:id/followup', { config: { perm: 'application.intake' }, schema: { tags, params: idParam, body: reasonBody, response: detail } }, async (req) =>
    closeFollowup(ctx, requireActor(req), req.params.id, req.body.reason));

  // Back office (后台): street and department steps
  app.post('/api/applications/:id/receive', { config: { perm: 'application.process' }, schema: { tags, params: idParam, response: detail } }, async (req) =>
    receiveStep(ctx, requireActor(req), req.params.id));
  app.post('/api/applications/:id/decide', { config: { perm: 'application.process' }, schema: { tags, params: idParam, body: decideBody, response: detail } }, async (req) =>
    decideStep(ctx, requireActor(req), req.params.id, req.body.outcome, req.body.note));
  app.post('/api/applications/:id/return', { config: { perm: 'application.process' }, schema: { tags, params: idParam, body: reasonBody, response: detail } }, async (req) =>
    returnStep(ctx, requireActor(req), req.params.id, req.body.reason));

  // Residents (居民): apply from a phone, follow progress, rate
  app.post('/api/my/applications', { config: { perm: 'application.apply' }, schema: { tags, body: onlineApplyBody, response: { 201: applicationDetail } } }, async (req, reply) =>
    reply.status(201).send(await applyOnline(ctx, requireActor(req), req.body)));
  app.get('/api/my/applications', { config: { perm: 'application.apply' }, schema: { tags, querystring: applicationListQuery.pick({ page: true, pageSize: true, status: true }), response: { 200: paged(applicationItem) } } }, async (req) =>
    listApplications(ctx, requireActor(req), req.query, true));
  app.get('/api/my/applications/:id', { config: { perm: 'application.apply' }, schema: { tags, params: idParam, response: detail } }, async (req) =>
    getApplication(ctx, requireActor(req), req.params.id));
  app.get('/api/my/applications/:id/receipt.pdf', { config: { perm: 'application.apply' }, schema: { tags, params: idParam } }, async (req, reply) => {
    const r = await receiptPdf(ctx, requireActor(req), req.params.id);
    return reply.headers(pdf(`回执-${r.no}.pdf`)).send(r.pdf);
  });
  app.post('/api/my/applications/:id/materials', { config: { perm: 'application.apply' }, schema: { tags, params: idParam, body: materialsBody, response: detail } }, async (req) =>
    updateMaterials(ctx, requireActor(req), req.params.id, req.body.materials));
  app.post('/api/my/applications/:id/rating', { config: { perm: 'application.apply' }, schema: { tags, params: idParam, body: ratingBody, response: detail } }, async (req) =>
    rate(ctx, requireActor(req), req.params.id, req.body.score, req.body.reason));
}
