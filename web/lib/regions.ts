// The region list (already limited to the caller's scope by the server) and its tree shape.
import { useQuery } from '@tanstack/react-query';
import type { Region } from '../../contracts/regions.ts';
import type { RegionLevel } from '../../contracts/common.ts';
import { api } from './api.ts';

export const REGIONS_KEY = ['regions'] as const;

export function useRegions(includeRetired = false) {
  return useQuery({
    queryKey: [...REGIONS_KEY, { includeRetired }],
    queryFn: () => api.get<Region[]>('/api/regions', includeRetired ? { includeRetired: true } : undefined),
    staleTime: 30_000,
  });
}

export type RegionNode = Region & { children: RegionNode[] };

/** Roots are the nodes whose parent the caller cannot see (their own scope), so a community worker's tree starts at the community. */
export function buildTree(regions: Region[]): RegionNode[] {
  const byId = new Map<number, RegionNode>(regions.map((r) => [r.id, { ...r, children: [] }]));
  const roots: RegionNode[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (ns: RegionNode[]) => {
    ns.sort((a, b) => a.code.localeCompare(b.code));
    ns.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

export const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = { district: 'street', street: 'community', community: 'grid', grid: null };

/** The code rule per level, for hints and prefills (the server checks it again). */
export const CODE_RULE: Record<RegionLevel, { length: number; prefix: number; zh: string; en: string }> = {
  district: { length: 6, prefix: 0, zh: '区县代码 6 位', en: 'District code: 6 digits' },
  street: { length: 9, prefix: 6, zh: '街道代码 9 位（或 12 位），以区县代码开头', en: 'Street code: 9 (or 12) digits starting with the district code' },
  community: { length: 12, prefix: 9, zh: '社区代码 12 位，以街道代码前 9 位开头', en: 'Community code: 12 digits starting with the street code' },
  grid: { length: 15, prefix: 12, zh: '网格代码 15 位 = 社区代码 + 3 位编号（不能为 000）', en: 'Grid code: 15 digits = community code + a 3-digit number (not 000)' },
};

export const LEVEL_LABEL: Record<RegionLevel, [string, string]> = {
  district: ['区县', 'District'],
  street: ['街道', 'Street'],
  community: ['社区', 'Community'],
  grid: ['网格', 'Grid'],
};

/** Next free grid number under a community, e.g. 370199001001 + 005. */
export function suggestChildCode(parent: Region, siblings: Region[], level: RegionLevel): string {
  const rule = CODE_RULE[level];
  const prefix = parent.code.slice(0, rule.prefix);
  if (level !== 'grid') return prefix;
  const used = new Set(siblings.map((s) => s.code));
  for (let i = 1; i < 1000; i++) {
    const c = prefix + String(i).padStart(3, '0');
    if (!used.has(c)) return c;
  }
  return prefix;
}
