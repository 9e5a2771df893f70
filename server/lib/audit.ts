// Append-only, hash-chained audit log. Each row's hash = sha256(prev_hash | canonical row content).
// Appends take a transaction-scoped advisory lock so the chain stays linear across server processes;
// call audit() inside the same transaction as the write it records (one command = one transaction).
import type { Db, Queryable } from '../db/client.ts';
import type { Actor } from './context.ts';
import { sha256 } from './crypto.ts';

const AUDIT_LOCK = 7313002;
const GENESIS = '0'.repeat(64);

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  regionId?: number | null;
  detail?: Record<string, unknown>;
};

type AuditRow = {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  token_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  region_id: number | null;
  ip: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

/** JSON with sorted keys, so jsonb's key reordering does not change the hash. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

function rowHash(prev: string, r: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): string {
  return sha256(
    prev +
      '|' +
      canonical({
        at: new Date(r.at).toISOString(),
        actor_id: r.actor_id,
        actor_label: r.actor_label,
        token_id: r.token_id,
        action: r.action,
        entity_type: r.entity_type,
        entity_id: r.entity_id,
        region_id: r.region_id === null ? null : Number(r.region_id),
        ip: r.ip,
        detail: r.detail,
      }),
  );
}

export async function audit(q: Queryable, actor: Actor | null, e: AuditEntry): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  const last = await q.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const prev = last[0]?.hash ?? GENESIS;
  const row = {
    at: new Date(),
    actor_id: actor?.userId ?? null,
    actor_label: actor?.label ?? 'anonymous',
    token_id: actor?.tokenId ?? null,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
    region_id: e.regionId ?? null,
    ip: actor?.ip ?? null,
    detail: JSON.parse(JSON.stringify(e.detail ?? {})) as Record<string, unknown>,
  };
  const hash = rowHash(prev, row);
  await q.query(
    `INSERT INTO audit_log (at, actor_id, actor_label, token_id, action, entity_type, entity_id, region_id, ip, detail, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [row.at, row.actor_id, row.actor_label, row.token_id, row.action, row.entity_type, row.entity_id, row.region_id, row.ip, JSON.stringify(row.detail), prev, hash],
  );
}

/** Audit outside a business transaction (reads, reveals, logins). */
export async function auditNow(db: Db, actor: Actor | null, e: AuditEntry): Promise<void> {
  await db.tx((q) => audit(q, actor, e));
}

export type VerifyResult = { ok: boolean; checked: number; firstBadId: number | null; reason: string | null };

/** Walks the chain in id order; a changed row breaks its own hash, a deleted row breaks the next row's link. */
export async function verifyAudit(db: Queryable, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.query<AuditRow>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2', [lastId, pageSize]);
    if (rows.length === 0) return { ok: true, checked, firstBadId: null, reason: null };
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, firstBadId: Number(r.id), reason: 'chain broken: a row before this one was changed or deleted' };
      if (rowHash(prev, r) !== r.hash) return { ok: false, checked, firstBadId: Number(r.id), reason: 'row content does not match its hash' };
      prev = r.hash;
      lastId = Number(r.id);
      checked++;
    }
  }
}
