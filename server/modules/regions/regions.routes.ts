import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { regionIdParam } from '../../../contracts/common.ts';
import { createRegionBody, moveRegionBody, region, regionHistoryItem, regionListQuery, renameRegionBody } from '../../../contracts/regions.ts';
import { createRegion, getRegion, listRegions, moveRegion, regionHistory, renameRegion, retireRegion } from './regions.service.ts';

export function regionRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['regions'];
  app.get('/api/regions', { config: { perm: 'region.read' }, schema: { tags, querystring: regionListQuery, response: { 200: z.array(region) } } }, async (req) =>
    listRegions(ctx, requireActor(req), req.query));
  app.get('/api/regions/:id', { config: { perm: 'region.read' }, schema: { tags, params: regionIdParam, response: { 200: region } } }, async (req) =>
    getRegion(ctx, requireActor(req), req.params.id));
  app.get('/api/regions/:id/history', { config: { perm: 'region.read' }, schema: { tags, params: regionIdParam, response: { 200: z.array(regionHistoryItem) } } }, async (req) =>
    regionHistory(ctx, requireActor(req), req.params.id));
  app.post('/api/regions', { config: { perm: 'region.write' }, schema: { tags, body: createRegionBody, response: { 201: region } } }, async (req, reply) =>
    reply.status(201).send(await createRegion(ctx, requireActor(req), req.body)));
  app.patch('/api/regions/:id', { config: { perm: 'region.write' }, schema: { tags, params: regionIdParam, body: renameRegionBody, response: { 200: region } } }, async (req) =>
    renameRegion(ctx, requireActor(req), req.params.id, req.body.name));
  app.post('/api/regions/:id/move', { config: { perm: 'region.write' }, schema: { tags, params: regionIdParam, body: moveRegionBody, response: { 200: region } } }, async (req) =>
    moveRegion(ctx, requireActor(req), req.params.id, req.body));
  app.post('/api/regions/:id/retire', { config: { perm: 'region.write' }, schema: { tags, params: regionIdParam, response: { 200: region } } }, async (req) =>
    retireRegion(ctx, requireActor(req), req.params.id));
}
