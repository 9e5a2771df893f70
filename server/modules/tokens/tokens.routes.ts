import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { idParam } from '../../../contracts/common.ts';
import { createTokenBody, tokenItem } from '../../../contracts/platform.ts';
import { createToken, listTokens, revokeToken } from './tokens.service.ts';

export function tokenRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['tokens'];
  app.get('/api/tokens', { config: { perm: 'token.read' }, schema: { tags, response: { 200: z.array(tokenItem) } } }, async (req) => listTokens(ctx, requireActor(req)));
  app.post('/api/tokens', { config: { perm: 'token.write' }, schema: { tags, body: createTokenBody, response: { 201: tokenItem.extend({ token: z.string() }) } } }, async (req, reply) =>
    reply.status(201).send(await createToken(ctx, requireActor(req), req.body)));
  app.post('/api/tokens/:id/revoke', { config: { perm: 'token.write' }, schema: { tags, params: idParam, response: { 200: tokenItem } } }, async (req) =>
    revokeToken(ctx, requireActor(req), req.params.id));
}
