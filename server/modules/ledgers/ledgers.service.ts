// Ledger definitions (台账定义): stored as data, validated against the source registry, versioned on change.
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { audit } from '../../lib/audit.ts';
import { params } from '../../lib/sql.ts';
import { visibleTagSql } from '../../lib/tags.ts';
import type { LedgerDefinition } from '../../../contracts/ledgers.ts';
import { fieldsOf, SOURCES, type SourceDef } from './ledger-sources.ts';
import { buildQuery, loadTag, validateDefinition, type Plan } from './ledger-query.ts';

type DefRow = { id: string; code: string; name: string; department: string; source: string; definition: LedgerDefinition; builtin: boolean; version: number; updated_at: Date };

// Tables of other modules appear only through migrations at start: a source that works stays working;
// one that does not is probed again after a short while.
const probeCache = new Map<string, { ok: boolean; at: number }>();

/** Whether the tables and columns a source needs exist (the module that owns them has shipped). */
export async function sourceAvailable(ctx: Ctx, actor: Actor, src: SourceDef): Promise<boolean> {
  const key = `${ctx.db.kind}:${src.name}`;
  const hit = probeCache.get(key);
  if (hit && (hit.ok || Date.now() - hit.at < 30_000)) return hit.ok;
  const fields = src.needsTag ? fieldsOf(src, null) : src.fields;
  const plan: Plan = {
    def: { code: 'probe', name: 'probe', department: 'probe', source: src.name, tag: 'probe', columns: [], filters: [], groupBy: [], sort: [], sensitive: [], archive: 'none' },
    src, tag: src.needsTag ? { code: 'probe', name_zh: '', sensitive: false, permission: null, attributes: [] } : null, fields,
    columns: Object.entries(fields).map(([k, f]) => ({ key: k, label: f.label, field: f, sensitive: false })),
  };
  let ok = true;
  try {
    const b = buildQuery(plan, actor, { path: '/', level: 'district' }, true);
    await ctx.db.query(`SELECT ${b.select} FROM ${b.from} WHERE false AND ${b.where}`, b.p.values);
  } catch {
    ok = false;
  }
  probeCache.set(key, { ok, at: Date.now() });
  return ok;
}

/** A ledger over a sensitive tag is invisible (404) to anyone without that tag's permission. */
async function tagVisible(ctx: Ctx, actor: Actor, def: LedgerDefinition): Promise<{ visible: boolean; sensitiveTag: boolean }> {
  if (!SOURCES[def.source]?.needsTag || !def.tag) return { visible: true, sensitiveTag: false };
  const tag = await loadTag(ctx.db, def.tag);
  if (!tag?.sensitive) return { visible: true, sensitiveTag: false };
  return { visible: actor.permissions.has('*') || (!!tag.permission && actor.permissions.has(tag.permission)), sensitiveTag: true };
}

async function toItem(ctx: Ctx, actor: Actor, r: DefRow) {
  const src = SOURCES[r.source];
  const t = await tagVisible(ctx, actor, r.definition);
  const masked = src ? r.definition.columns.some((c) => fieldsOf(src, null)[c.field]?.mask) : false;
  return {
    id: r.id, code: r.code, name: r.name, department: r.department, source: r.source, sourceLabel: src?.label ?? r.source,
    description: r.definition.description ?? null, builtin: r.builtin, version: r.version,
    available: src ? await sourceAvailable(ctx, actor, src) : false,
    sensitive: t.sensitiveTag || masked || r.definition.sensitive.length > 0, updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function listLedgers(ctx: Ctx, actor: Actor) {
  const rows = await ctx.db.query<DefRow>('SELECT * FROM ledger_definitions WHERE retired_at IS NULL ORDER BY builtin DESC, department, name');
  const out = [];
  for (const r of rows) if ((await tagVisible(ctx, actor, r.definition)).visible) out.push(await toItem(ctx, actor, r));
  return out;
}

export async function ledgerRow(ctx: Ctx, actor: Actor, id: string): Promise<DefRow> {
  const rows = await ctx.db.query<DefRow>('SELECT * FROM ledger_definitions WHERE id = $1 AND retired_at IS NULL', [id]);
  if (!rows[0] || !(await tagVisible(ctx, actor, rows[0].definition)).visible) throw notFound('台账', 'Ledger');
  return rows[0];
}

export async function getLedger(ctx: Ctx, actor: Actor, id: string) {
  const r = await ledgerRow(ctx, actor, id);
  return { ...(await toItem(ctx, actor, r)), definition: r.definition };
}

export async function checkDefinition(ctx: Ctx, def: LedgerDefinition) {
  const plan = await validateDefinition(ctx.db, def);
  return { ok: true as const, columns: plan.columns.map((c) => ({ key: c.key, label: c.label })) };
}

export async function createLedger(ctx: Ctx, actor: Actor, def: LedgerDefinition) {
  await validateDefinition(ctx.db, def);
  const dup = await ctx.db.query('SELECT 1 FROM ledger_definitions WHERE code = $1', [def.code]);
  if (dup[0]) throw new AppError('CONFLICT', `台账编码 ${def.code} 已被使用`, `Code ${def.code} is taken`, [{ path: 'code', messages: { 'zh-CN': `台账编码 ${def.code} 已被使用`, 'en-US': 'Code taken' } }]);
  const id = await ctx.db.tx(async (q) => {
    const rows = await q.query<{ id: string }>(
      'INSERT INTO ledger_definitions (code, name, department, source, definition, created_by) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id',
      [def.code, def.name, def.department, def.source, JSON.stringify(def), actor.userId]);
    await audit(q, actor, { action: 'ledger.create', entityType: 'ledger', entityId: rows[0].id, detail: { code: def.code, source: def.source } });
    return rows[0].id;
  });
  return getLedger(ctx, actor, id);
}

export async function updateLedger(ctx: Ctx, actor: Actor, id: string, body: Omit<LedgerDefinition, 'code'>) {
  const current = await ledgerRow(ctx, actor, id);
  const def: LedgerDefinition = { ...body, code: current.code };
  await validateDefinition(ctx.db, def);
  await ctx.db.tx(async (q) => {
    await q.query('UPDATE ledger_definitions SET name = $2, department = $3, source = $4, definition = $5, version = version + 1, updated_at = now() WHERE id = $1',
      [id, def.name, def.department, def.source, JSON.stringify(def)]);
    await audit(q, actor, { action: 'ledger.update', entityType: 'ledger', entityId: id, detail: { code: def.code, version: current.version + 1 } });
  });
  return getLedger(ctx, actor, id);
}

export async function retireLedger(ctx: Ctx, actor: Actor, id: string) {
  const r = await ledgerRow(ctx, actor, id);
  await ctx.db.tx(async (q) => {
    await q.query('UPDATE ledger_definitions SET retired_at = now(), updated_at = now() WHERE id = $1', [id]);
    await audit(q, actor, { action: 'ledger.retire', entityType: 'ledger', entityId: id, detail: { code: r.code } });
  });
  return { ok: true as const };
}

/** The registry as the no-code designer needs it: sources, their fields, types, options, what can be filtered. */
export async function listSources(ctx: Ctx, actor: Actor, tagCode?: string) {
  const tag = tagCode ? await loadTag(ctx.db, tagCode) : null;
  const out = [];
  for (const src of Object.values(SOURCES)) {
    const fields = fieldsOf(src, src.needsTag ? tag : null);
    out.push({
      name: src.name, label: src.label, module: src.module, available: await sourceAvailable(ctx, actor, src), needsTag: !!src.needsTag,
      fields: Object.entries(fields).map(([key, f]) => ({
        key, label: f.label, type: f.type, options: f.options ?? null, filterable: f.filterable !== false && !f.encryptedAttr, sensitive: !!f.mask || !!f.encryptedAttr,
      })),
    });
  }
  return out;
}

/** The tags a designer may build a ledger on: the ones the actor can see at all. */
export async function listTags(ctx: Ctx, actor: Actor) {
  const p = params();
  const rows = await ctx.db.query<{ code: string; name_zh: string; sensitive: boolean }>(
    `SELECT t.code, t.name_zh, t.sensitive FROM tag_types t WHERE t.retired_at IS NULL AND ${visibleTagSql(actor, p, 't')} ORDER BY t.sort, t.code`, p.values);
  return rows.map((r) => ({ code: r.code, name: r.name_zh, sensitive: r.sensitive }));
}
