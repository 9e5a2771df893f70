// Builds the fastify app: validation, auth, permission guard, error shape, OpenAPI, modules, the web app.
// Tests import buildApp() and use app.inject(); main.ts adds listen().
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyError, type FastifyBaseLogger, type RawServerDefault, type RawRequestDefaultExpression, type RawReplyDefaultExpression } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Ctx } from './lib/context.ts';
import { can } from './lib/context.ts';
import { AppError, errorBody, forbidden, pickLang, unauthenticated } from './lib/errors.ts';
import { zodToAppError } from './lib/validation.ts';
import { resolveCaller } from './lib/auth.ts';
import { registerModules } from './modules/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');

export type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export type RouteInfo = { method: string; url: string; perm: string | null; public: boolean };
const routeTables = new WeakMap<object, RouteInfo[]>();

/** Every /api route with its declared permission (used by the route-wide forbidden test). */
export function routeTable(app: TypedApp): RouteInfo[] {
  return routeTables.get(app) ?? [];
}

export async function buildApp(ctx: Ctx, opts: { logger?: boolean } = {}): Promise<TypedApp> {
  const app = Fastify({
    logger: opts.logger ? { level: ctx.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] } : false,
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => Math.random().toString(36).slice(2, 12),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const r = (schema as z.ZodType).safeParse(data);
    return r.success ? { value: r.data } : { error: zodToAppError(r.error, httpPart ?? 'body') };
  });
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.fileMaxBytes, files: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Linli 邻里 API', version: '0.1.0', description: '社区综合服务信息平台 API. Errors: { error: { code, message, messages, fields } }.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'linli_sid' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('linliSession', null);

  // Every /api route must say which permission it needs, or that it is public: checked at registration.
  const table: RouteInfo[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const cfg = (route.config ?? {}) as { perm?: string; public?: boolean };
    if (!cfg.perm && !cfg.public) throw new Error(`Route ${route.method} ${route.url} declares neither config.perm nor config.public`);
    for (const m of [route.method].flat()) if (m !== 'HEAD') table.push({ method: m, url: route.url, perm: cfg.perm ?? null, public: !!cfg.public });
  });

  // Authentication and the permission check run before body validation: a forbidden caller learns nothing.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    const cfg = req.routeOptions.config ?? {};
    const resolved = await resolveCaller(ctx, req);
    req.actor = resolved?.actor ?? null;
    req.linliSession = resolved?.session ?? null;
    if (cfg.public) return;
    if (!req.actor) throw unauthenticated();
    if (req.linliSession?.mustChangePassword && !cfg.allowPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '首次登录请先修改初始密码', 'Please change your initial password first');
    }
    if (cfg.perm && cfg.perm !== 'authenticated' && !can(req.actor, cfg.perm)) throw forbidden();
  });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const lang = pickLang(req.headers['accept-language']);
    if (err instanceof AppError) {
      if (err.code === 'INTERNAL') req.log.error({ err }, 'internal error');
      return reply.status(err.status).send(errorBody(err, lang));
    }
    const fe = err as FastifyError;
    // Fastify's own client errors (bad JSON, too large, wrong content type) keep their 4xx status.
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const known: Record<number, AppError> = {
        413: new AppError('PAYLOAD_TOO_LARGE', '提交的内容过大', 'The request is too large'),
        415: new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型', 'Unsupported content type'),
      };
      const ae = known[fe.statusCode] ?? new AppError('VALIDATION', `请求格式有误：${fe.message}`, `Malformed request: ${fe.message}`);
      return reply.status(fe.statusCode).send(errorBody(ae, lang));
    }
    // Unique violations that slipped past a service check are conflicts, not server errors.
    if ((err as { code?: string }).code === '23505') {
      return reply.status(409).send(errorBody(new AppError('CONFLICT', '记录已存在（重复）', 'A record with the same key already exists'), lang));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody(new AppError('INTERNAL', '服务器内部错误，请稍后重试', 'Internal server error, please try again later'), lang));
  });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await ctx.db.query('SELECT 1 FROM schema_migrations LIMIT 1');
      return { ok: true, db: ctx.db.kind };
    } catch {
      return reply.status(503).send({ ok: false });
    }
  });

  await registerModules(app, ctx);

  // The built web app, with client-side routing falling back to index.html.
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    const lang = pickLang(req.headers['accept-language']);
    if (req.method === 'GET' && !req.url.startsWith('/api/') && fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      return reply.type('text/html').send(fs.readFileSync(path.join(WEB_DIST, 'index.html')));
    }
    return reply.status(404).send(errorBody(new AppError('NOT_FOUND', '接口不存在', 'No such endpoint'), lang));
  });

  return app;
}
