import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireActor } from '../../lib/auth.ts';
import { isKnownPermission, PERMISSIONS } from '../../lib/permissions.ts';
import { idParam, paged } from '../../../contracts/common.ts';
import { createUserBody, departmentBody, departmentItem, roleBody, roleItem, updateRoleBody, updateUserBody, userItem, userListQuery } from '../../../contracts/users.ts';
import { createDepartment, createRole, createUser, getUser, listDepartments, listRoles, listUsers, revealUserPhone, updateRole, updateUser } from './users.service.ts';

export function userRoutes(app: TypedApp, ctx: Ctx) {
  const tags = ['users'];
  app.get('/api/users', { config: { perm: 'user.read' }, schema: { tags, querystring: userListQuery, response: { 200: paged(userItem) } } }, async (req) =>
    listUsers(ctx, requireActor(req), req.query));
  app.get('/api/users/:id', { config: { perm: 'user.read' }, schema: { tags, params: idParam, response: { 200: userItem } } }, async (req) =>
    getUser(ctx, requireActor(req), req.params.id));
  app.post('/api/users', { config: { perm: 'user.write' }, schema: { tags, body: createUserBody, response: { 201: userItem } } }, async (req, reply) =>
    reply.status(201).send(await createUser(ctx, requireActor(req), req.body)));
  app.patch('/api/users/:id', { config: { perm: 'user.write' }, schema: { tags, params: idParam, body: updateUserBody, response: { 200: userItem } } }, async (req) =>
    updateUser(ctx, requireActor(req), req.params.id, req.body));
  app.post('/api/users/:id/reveal-phone', { config: { perm: 'user.write' }, schema: { tags, params: idParam, response: { 200: z.object({ phone: z.string().nullable() }) } } }, async (req) =>
    revealUserPhone(ctx, requireActor(req), req.params.id));

  app.get('/api/roles', { config: { perm: 'user.read' }, schema: { tags, response: { 200: z.array(roleItem) } } }, async () => listRoles(ctx));
  app.get('/api/permissions', { config: { perm: 'user.read' }, schema: { tags, response: { 200: z.array(z.object({ code: z.string(), name: z.string() })) } } }, async () =>
    Object.entries(PERMISSIONS).map(([code, name]) => ({ code, name })));
  app.post('/api/roles', { config: { perm: 'role.write' }, schema: { tags, body: roleBody, response: { 201: roleItem } } }, async (req, reply) =>
    reply.status(201).send(await createRole(ctx, requireActor(req), req.body, isKnownPermission)));
  app.patch('/api/roles/:id', { config: { perm: 'role.write' }, schema: { tags, params: idParam, body: updateRoleBody, response: { 200: roleItem } } }, async (req) =>
    updateRole(ctx, requireActor(req), req.params.id, req.body, isKnownPermission));

  app.get('/api/departments', { config: { perm: 'region.read' }, schema: { tags, response: { 200: z.array(departmentItem) } } }, async (req) =>
    listDepartments(ctx, requireActor(req)));
  app.post('/api/departments', { config: { perm: 'user.write' }, schema: { tags, body: departmentBody, response: { 201: departmentItem } } }, async (req, reply) =>
    reply.status(201).send(await createDepartment(ctx, requireActor(req), req.body)));
}
