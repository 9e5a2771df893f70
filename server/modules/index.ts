// Every module's routes, in one list. A new module adds one line here.
import type { TypedApp } from '../app.ts';
import type { Ctx } from '../lib/context.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { regionRoutes } from './regions/regions.routes.ts';
import { userRoutes } from './users/users.routes.ts';
import { tokenRoutes } from './tokens/tokens.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { jobRoutes } from './jobs/jobs.routes.ts';
import { fileRoutes } from './files/files.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { settingsRoutes } from './settings/settings.routes.ts';

export async function registerModules(app: TypedApp, ctx: Ctx): Promise<void> {
  authRoutes(app, ctx);
  regionRoutes(app, ctx);
  userRoutes(app, ctx);
  tokenRoutes(app, ctx);
  auditRoutes(app, ctx);
  jobRoutes(app, ctx);
  fileRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  settingsRoutes(app, ctx);
}
