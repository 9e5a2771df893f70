import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { TypedApp } from '../../app.ts';
import type { Ctx } from '../../lib/context.ts';
import { SESSION_COOKIE, requireActor } from '../../lib/auth.ts';
import { AppError } from '../../lib/errors.ts';
import { changePasswordBody, loginBody, meResponse, otpRequestBody, otpVerifyBody, switchRegionBody } from '../../../contracts/auth.ts';
import { okResponse } from '../../../contracts/common.ts';
import { changePassword, describeMe, login, logout, logoutEverywhere, requestOtp, switchRegion, verifyOtp, type LoginResult } from './auth.service.ts';

const loginResponse = z.object({ csrfToken: z.string(), mustChangePassword: z.boolean() });

export function authRoutes(app: TypedApp, ctx: Ctx) {
  const setCookie = (reply: FastifyReply, r: LoginResult) =>
    reply.setCookie(SESSION_COOKIE, r.sessionRaw, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, maxAge: ctx.config.sessionMaxHours * 3600 });
  const client = (req: { ip: string; headers: Record<string, unknown> }) => ({ ip: req.ip, ua: (req.headers['user-agent'] as string) ?? null });

  app.post('/api/auth/login', { config: { public: true }, schema: { tags: ['auth'], body: loginBody, response: { 200: loginResponse } } }, async (req, reply) => {
    const r = await login(ctx, req.body, client(req));
    setCookie(reply, r);
    return { csrfToken: r.csrfToken, mustChangePassword: r.mustChangePassword };
  });

  app.post('/api/auth/otp/request', { config: { public: true }, schema: { tags: ['auth'], body: otpRequestBody, response: { 200: okResponse } } }, async (req) => {
    await requestOtp(ctx, req.body.phone, client(req));
    return { ok: true as const };
  });

  app.post('/api/auth/otp/verify', { config: { public: true }, schema: { tags: ['auth'], body: otpVerifyBody, response: { 200: loginResponse } } }, async (req, reply) => {
    const r = await verifyOtp(ctx, req.body.phone, req.body.code, client(req));
    setCookie(reply, r);
    return { csrfToken: r.csrfToken, mustChangePassword: false };
  });

  app.get('/api/auth/me', { config: { perm: 'authenticated', allowPasswordChange: true }, schema: { tags: ['auth'], response: { 200: meResponse } } }, async (req) => {
    const actor = requireActor(req);
    if (actor.kind !== 'user') return describeTokenMe();
    return describeMe(ctx, actor, req.linliSession!.csrfToken);
  });

  app.post('/api/auth/logout', { config: { perm: 'authenticated', allowPasswordChange: true }, schema: { tags: ['auth'], response: { 200: okResponse } } }, async (req, reply) => {
    if (req.linliSession) await logout(ctx, req.linliSession.idHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.post('/api/auth/logout-all', { config: { perm: 'authenticated', allowPasswordChange: true }, schema: { tags: ['auth'], response: { 200: z.object({ ended: z.number() }) } } }, async (req, reply) => {
    const ended = await logoutEverywhere(ctx, requireActor(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ended };
  });

  app.post('/api/auth/change-password', { config: { perm: 'authenticated', allowPasswordChange: true }, schema: { tags: ['auth'], body: changePasswordBody, response: { 200: okResponse } } }, async (req) => {
    await changePassword(ctx, requireActor(req), req.body, req.linliSession?.idHash ?? null);
    return { ok: true as const };
  });

  app.post('/api/auth/switch-region', { config: { perm: 'authenticated' }, schema: { tags: ['auth'], body: switchRegionBody, response: { 200: okResponse } } }, async (req) => {
    if (!req.linliSession) throw new AppError('VALIDATION', '只有登录会话可以切换区划', 'Only a login session can switch region');
    await switchRegion(ctx, requireActor(req), req.linliSession.idHash, req.body.regionId);
    return { ok: true as const };
  });
}

function describeTokenMe(): never {
  throw new AppError('VALIDATION', '接口令牌没有登录用户', 'API tokens have no logged-in user');
}
