// Grid work routes: workload, patrols, visits, mediation, findings → cases.
import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { idParam, paged } from '../../../contracts/common.ts';
import { caseDetail } from '../../../contracts/cases.ts';
import { closeMediationBody, createMediationBody, createVisitBody, endPatrolBody, gridListQuery, gridWorkload, mediation, mediationStepBody, patrol, startPatrolBody, toCaseBody, visit } from '../../../contracts/grid.ts';
import { endPatrol, findingToCase, getPatrol, gridWorkload as workload, listPatrols, startPatrol } from './grid.service.ts';
import { addMediationStep, closeMediation, createMediation, createVisit, getMediation, getVisit, listMediations, listVisits, mediationToCase } from './grid-records.ts';

export function gridRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['grid'];
  app.get('/api/grid/workload', { config: { perm: 'grid.work' }, schema: { tags, response: { 200: z.array(gridWorkload) } } }, async (req) => workload(ctx, requireActor(req)));

  app.get('/api/grid/patrols', { config: { perm: 'grid.work' }, schema: { tags, querystring: gridListQuery, response: { 200: paged(patrol) } } }, async (req) => listPatrols(ctx, requireActor(req), req.query));
  app.post('/api/grid/patrols', { config: { perm: 'grid.work' }, schema: { tags, body: startPatrolBody, response: { 201: patrol } } }, async (req, reply) =>
    reply.status(201).send(await startPatrol(ctx, requireActor(req), req.body)));
  app.get('/api/grid/patrols/:id', { config: { perm: 'grid.work' }, schema: { tags, params: idParam, response: { 200: patrol } } }, async (req) => getPatrol(ctx, requireActor(req), req.params.id));
  app.post('/api/grid/patrols/:id/end', { config: { perm: 'grid.work' }, schema: { tags, params: idParam, body: endPatrolBody, response: { 200: patrol } } }, async (req) =>
    endPatrol(ctx, requireActor(req), req.params.id, req.body));

  app.get('/api/grid/visits', { config: { perm: 'grid.work' }, schema: { tags, querystring: gridListQuery.extend({ householdId: z.uuid().optional() }), response: { 200: paged(visit) } } }, async (req) => listVisits(ctx, requireActor(req), req.query));
  app.post('/api/grid/visits', { config: { perm: 'grid.work' }, schema: { tags, body: createVisitBody, response: { 201: visit } } }, async (req, reply) =>
    reply.status(201).send(await createVisit(ctx, requireActor(req), req.body)));
  app.get('/api/grid/visits/:id', { config: { perm: 'grid.work' }, schema: { tags, params: idParam, response: { 200: visit } } }, async (req) => getVisit(ctx, requireActor(req), req.params.id));

  app.get('/api/grid/mediations', { config: { perm: 'grid.work' }, schema: { tags, querystring: gridListQuery, response: { 200: paged(mediation) } } }, async (req) => listMediations(ctx, requireActor(req), req.query));
  app.post('/api/grid/mediations', { config: { perm: 'grid.work' }, schema: { tags, body: createMediationBody, response: { 201: mediation } } }, async (req, reply) =>
    reply.status(201).send(await createMediation(ctx, requireActor(req), req.body)));
  app.get('/api/grid/mediations/:id', { config: { perm: 'grid.work' }, schema: { tags, params: idParam, response: { 200: mediation } } }, async (req) => getMediation(ctx, requireActor(req), req.params.id));
  app.post('/api/grid/mediations/:id/steps', { config: { perm: 'grid.work' }, schema: { tags, params: idParam, body: mediationStepBody, response: { 200: mediation } } }, async (req) =>
    addMediationStep(ctx, requireActor(req), req.params.id, req.body.note));
  app.post('/api/grid/mediations/:id/close', { config: { perm: 'grid.work' }, schema: { tags, params: idParam, body: closeMediationBody, response: { 200: mediation } } }, async (req) =>
    closeMediation(ctx, requireActor(req), req.params.id, req.body));
  app.post('/api/grid/mediations/:id/case', { config: { perm: 'case.create' }, schema: { tags, params: idParam, body: toCaseBody, response: { 201: caseDetail } } }, async (req, reply) =>
    reply.status(201).send(await mediationToCase(ctx, requireActor(req), req.params.id, req.body)));
  app.post('/api/grid/findings/:id/case', { config: { perm: 'case.create' }, schema: { tags, params: idParam, body: toCaseBody, response: { 201: caseDetail } } }, async (req, reply) =>
    reply.status(201).send(await findingToCase(ctx, requireActor(req), req.params.id, req.body)));
}
