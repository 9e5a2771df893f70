// Seeds contributed by modules, in one list each (a new module adds one import and one entry).
// Catalogue seeds run at every start and must be idempotent (ON CONFLICT DO NOTHING): categories, service
// items, certificate types, admission lists, ledger definitions. Demo seeds run once, inside the demo
// district's transaction, after regions, departments, persons and accounts exist.
import type { Queryable } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';
import { seedCaseCatalogue } from './cases-catalogue.ts';
import { seedCasesDemo } from './cases.ts';
import { seedCertificateCatalogue, seedCertificateDemo } from './certificates.ts';
import { seedServiceCatalogue, seedServiceDemo } from './services.ts';
import { seedAdmissionCatalogue, seedAdmissionDemo } from './admission.ts';
import { seedLedgerCatalogue } from './ledgers.ts';

export type CatalogueSeed = (ctx: Ctx, q: Queryable) => Promise<void>;
export type DemoSeed = (ctx: Ctx, q: Queryable) => Promise<void>;

export const CATALOGUE_SEEDS: CatalogueSeed[] = [seedCaseCatalogue, seedCertificateCatalogue, seedServiceCatalogue, seedAdmissionCatalogue, seedLedgerCatalogue];
export const DEMO_SEEDS: DemoSeed[] = [seedCasesDemo, seedCertificateDemo, seedServiceDemo, seedAdmissionDemo];
