// Admission: public lists, list management, task requests and review, tasks and reports, community funds.
import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { idParam, paged } from '../../../contracts/common.ts';
import {
  admissionList, admissionListBody, admissionListDetail, admissionListQuery, communityTask, fundsQuery, fundsResponse, reviewBody,
  taskQuery, taskReportBody, taskReportParams, taskRequest, taskRequestBody, taskRequestDetail, taskRequestQuery,
} from '../../../contracts/admission.ts';
import { createList, getList, listManagedLists, listPublicLists, publishList, updateList } from './admission-lists.service.ts';
import { createRequest, getRequest, listRequests, resubmitRequest, reviewRequest } from './admission.service.ts';
import { getTask, listFunds, listTasks, submitTaskReport } from './admission-tasks.service.ts';

export function admissionRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['admission'];
  // The admission lists are public: residents and departments alike can read what may be pushed to a community.
  app.get('/api/admission/lists', { config: { public: true }, schema: { tags, querystring: admissionListQuery, response: { 200: z.array(admissionList) } } }, async (req) =>
    listPublicLists(ctx, req.query));
  app.get('/api/admission/lists/:id', { config: { public: true }, schema: { tags, params: idParam, response: { 200: admissionListDetail } } }, async (req) =>
    getList(ctx, req.actor, req.params.id));
  app.get('/api/admission/manage/lists', { config: { perm: 'admission.write' }, schema: { tags, response: { 200: z.array(admissionList) } } }, async (req) =>
    listManagedLists(ctx, requireActor(req)));
  app.post('/api/admission/lists', { config: { perm: 'admission.write' }, schema: { tags, body: admissionListBody, response: { 201: admissionListDetail } } }, async (req, reply) =>
    reply.status(201).send(await createList(ctx, requireActor(req), req.body)));
  app.put('/api/admission/lists/:id', { config: { perm: 'admission.write' }, schema: { tags, params: idParam, body: admissionListBody, response: { 200: admissionListDetail } } }, async (req) =>
    updateList(ctx, requireActor(req), req.params.id, req.body));
  app.post('/api/admission/lists/:id/publish', { config: { perm: 'admission.write' }, schema: { tags, params: idParam, response: { 200: admissionListDetail } } }, async (req) =>
    publishList(ctx, requireActor(req), req.params.id));

  app.get('/api/admission/requests', { config: { perm: 'task.read' }, schema: { tags, querystring: taskRequestQuery, response: { 200: paged(taskRequest) } } }, async (req) =>
    listRequests(ctx, requireActor(req), req.query));
  app.get('/api/admission/requests/:id', { config: { perm: 'task.read' }, schema: { tags, params: idParam, response: { 200: taskRequestDetail } } }, async (req) =>
    getRequest(ctx, requireActor(req), req.params.id));
  app.post('/api/admission/requests', { config: { perm: 'task.request' }, schema: { tags, body: taskRequestBody, response: { 201: taskRequestDetail } } }, async (req, reply) =>
    reply.status(201).send(await createRequest(ctx, requireActor(req), req.body)));
  app.put('/api/admission/requests/:id', { config: { perm: 'task.request' }, schema: { tags, params: idParam, body: taskRequestBody, response: { 200: taskRequestDetail } } }, async (req) =>
    resubmitRequest(ctx, requireActor(req), req.params.id, req.body));
  app.post('/api/admission/requests/:id/review', { config: { perm: 'task.review' }, schema: { tags, params: idParam, body: reviewBody, response: { 200: taskRequestDetail } } }, async (req) =>
    reviewRequest(ctx, requireActor(req), req.params.id, req.body));

  app.get('/api/admission/tasks', { config: { perm: 'task.read' }, schema: { tags, querystring: taskQuery, response: { 200: paged(communityTask) } } }, async (req) =>
    listTasks(ctx, requireActor(req), req.query));
  app.get('/api/admission/tasks/:id', { config: { perm: 'task.read' }, schema: { tags, params: idParam, response: { 200: communityTask } } }, async (req) =>
    getTask(ctx, requireActor(req), req.params.id));
  app.post('/api/admission/tasks/:id/reports/:reportId', { config: { perm: 'burden.log' }, schema: { tags, params: taskReportParams, body: taskReportBody, response: { 200: communityTask } } }, async (req) =>
    submitTaskReport(ctx, requireActor(req), req.params.id, req.params.reportId, req.body.content));
  app.get('/api/admission/funds', { config: { perm: 'task.read' }, schema: { tags, querystring: fundsQuery, response: { 200: fundsResponse } } }, async (req) =>
    listFunds(ctx, requireActor(req), req.query));
}
