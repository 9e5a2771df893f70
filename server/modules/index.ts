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
import { populationRoutes } from './population/population.routes.ts';
import { caseRoutes } from './cases/cases.routes.ts';
import { gridRoutes } from './grid/grid.routes.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { certificateRoutes } from './certificates/certificates.routes.ts';
import { serviceRoutes } from './services/services.routes.ts';
import { admissionRoutes } from './admission/admission.routes.ts';
import { burdenRoutes } from './burden/burden.routes.ts';
import { ledgerRoutes } from './ledgers/ledgers.routes.ts';

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
  populationRoutes(app, ctx);
  calendarRoutes(app, ctx);
  caseRoutes(app, ctx);
  gridRoutes(app, ctx);
  certificateRoutes(app, ctx);
  serviceRoutes(app, ctx);
  admissionRoutes(app, ctx);
  burdenRoutes(app, ctx);
  ledgerRoutes(app, ctx);
}
