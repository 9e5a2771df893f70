// What every service receives: the database, config, field crypto, file storage, the message sender, a logger.
import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { FieldCrypto } from './crypto.ts';
import type { FileStorage } from './files.ts';
import type { Sender } from './notify.ts';

export type Logger = {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
};

export type Ctx = {
  db: Db;
  config: Config;
  crypto: FieldCrypto;
  storage: FileStorage;
  sender: Sender;
  log: Logger;
};

export type RegionLevel = 'district' | 'street' | 'community' | 'grid';

/** Who is acting: a logged-in user, an API token, or the system (jobs, CLI). */
export type Actor = {
  kind: 'user' | 'token' | 'system';
  userId: string | null;
  tokenId: string | null;
  label: string;
  /** The effective scope (a user may narrow it with the region switcher). */
  scopeRegionId: number;
  scopePath: string;
  scopeLevel: RegionLevel;
  /** The full scope the account was given. */
  homeRegionId: number;
  homePath: string;
  permissions: Set<string>;
  roles: string[];
  departmentId: string | null;
  personId: string | null;
  /** Department sharing (API tokens): which tags and fields may be read. */
  shareTags: string[] | null;
  shareFields: string[] | null;
  ip: string | null;
};

export function systemActor(rootRegion: { id: number; path: string }, label = 'system'): Actor {
  return {
    kind: 'system',
    userId: null,
    tokenId: null,
    label,
    scopeRegionId: rootRegion.id,
    scopePath: rootRegion.path,
    scopeLevel: 'district',
    homeRegionId: rootRegion.id,
    homePath: rootRegion.path,
    permissions: new Set(['*']),
    roles: ['system'],
    departmentId: null,
    personId: null,
    shareTags: null,
    shareFields: null,
    ip: null,
  };
}

export function can(actor: Actor, perm: string): boolean {
  return actor.permissions.has('*') || actor.permissions.has(perm);
}
