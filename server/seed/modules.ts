// Seeds contributed by modules, in one list each (a new module adds one import and one entry).
// Catalogue seeds run at every start and must be idempotent (ON CONFLICT DO NOTHING): categories, service
// items, certificate types, admission lists, ledger definitions. Demo seeds run once, inside the demo
// district's transaction, after regions, departments, persons and accounts exist.
import type { Queryable } from '../db/client.ts';
import type { Ctx } from '../lib/context.ts';

export type CatalogueSeed = (ctx: Ctx, q: Queryable) => Promise<void>;
export type DemoSeed = (ctx: Ctx, q: Queryable) => Promise<void>;

export const CATALOGUE_SEEDS: CatalogueSeed[] = [];
export const DEMO_SEEDS: DemoSeed[] = [];
