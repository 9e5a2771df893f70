// Shapes, labels and small helpers shared by the case (民情事件 / 工单) pages. Shapes come from contracts/cases.ts.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  assessmentRow, caseDetail, caseEvent, caseItem, category, myCase, problemRow, trendPoint,
} from '../../../contracts/cases.ts';
import type { CaseStatus, Rating } from '../../../contracts/cases.ts';
import type { fileItem } from '../../../contracts/platform.ts';
import { ApiError, request } from '../../lib/api.ts';
import { getLang } from '../../lib/i18n.ts';

export type Category = z.infer<typeof category>;
export type CaseItem = z.infer<typeof caseItem>;
export type CaseDetail = z.infer<typeof caseDetail>;
export type CaseEvent = z.infer<typeof caseEvent>;
export type MyCase = z.infer<typeof myCase>;
export type AssessmentRow = z.infer<typeof assessmentRow>;
export type TrendPoint = z.infer<typeof trendPoint>;
export type ProblemRow = z.infer<typeof problemRow>;
export type FileItem = z.infer<typeof fileItem>;
export type { Paged } from '../../lib/api.ts';

export type Label = { zh: string; en: string; color?: string };

export const STATUS: Record<CaseStatus, Label> = {
  reported: { zh: '待受理', en: 'Reported', color: 'blue' },
  accepted: { zh: '待交办', en: 'Accepted', color: 'cyan' },
  dispatched: { zh: '待签收', en: 'Dispatched', color: 'geekblue' },
  handling: { zh: '办理中', en: 'Handling', color: 'processing' },
  paused: { zh: '已挂起', en: 'Paused', color: 'default' },
  returned: { zh: '已退回待改派', en: 'Returned', color: 'warning' },
  handled: { zh: '已办结待答复', en: 'Handled', color: 'lime' },
  replied: { zh: '已答复待评价', en: 'Replied', color: 'green' },
  rated: { zh: '已评价', en: 'Rated', color: 'green' },
  closed: { zh: '已办结', en: 'Closed', color: 'default' },
  archived: { zh: '已归档', en: 'Archived', color: 'default' },
  merged: { zh: '已合并', en: 'Merged', color: 'default' },
};

export type RequestType = 'consult' | 'help' | 'complaint' | 'report' | 'suggestion';
export const REQUEST_TYPES: Record<RequestType, Label> = {
  consult: { zh: '咨询', en: 'Enquiry' }, help: { zh: '求助', en: 'Help' }, complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' }, suggestion: { zh: '建议', en: 'Suggestion' },
};
export const REQUEST_TYPE_KEYS: RequestType[] = ['consult', 'help', 'complaint', 'report', 'suggestion'];

export const SOURCES: Record<CaseItem['source'], Label> = {
  patrol: { zh: '网格巡查', en: 'Patrol' }, visit: { zh: '入户走访', en: 'Visit' }, resident: { zh: '居民反映', en: 'Resident' },
  hotline: { zh: '热线', en: 'Hotline' }, window: { zh: '窗口', en: 'Window' }, survey: { zh: '民意调查', en: 'Survey' }, department: { zh: '部门转办', en: 'Department' },
};

export const RATINGS: Record<Rating, Label> = {
  satisfied: { zh: '满意', en: 'Satisfied', color: 'green' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied', color: 'cyan' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied', color: 'red' },
};
export const RATING_KEYS: Rating[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

export const URGENCIES: Record<CaseItem['urgency'], Label> = {
  normal: { zh: '一般', en: 'Normal' }, urgent: { zh: '紧急', en: 'Urgent', color: 'orange' }, critical: { zh: '特急', en: 'Critical', color: 'red' },
};

export const ASSIGNEE_TYPES: Record<'community' | 'street' | 'department', Label> = {
  community: { zh: '社区', en: 'Community' }, street: { zh: '街道', en: 'Street' }, department: { zh: '部门', en: 'Department' },
};

export const SUPERVISION: Record<string, Label> = {
  community: { zh: '社区督办', en: 'Community supervision', color: 'gold' },
  street: { zh: '街道督办', en: 'Street supervision', color: 'orange' },
  district: { zh: '区级督办', en: 'District supervision', color: 'red' },
};

/** The label in the current language (also usable outside components, e.g. for option lists). */
export const lbl = (l: Label | undefined, fallback = ''): string => (l ? (getLang() === 'zh-CN' ? l.zh : l.en) : fallback);

export function options<K extends string>(map: Record<K, Label>): { value: K; label: string }[] {
  return (Object.keys(map) as K[]).map((k) => ({ value: k, label: lbl(map[k]) }));
}

export type CategoryNode = Category & { children: CategoryNode[] };

/** The flat category list as a tree (parents first, children sorted by code). */
export function categoryTree(list: Category[]): CategoryNode[] {
  const byId = new Map<string, CategoryNode>(list.map((c) => [c.id, { ...c, children: [] }]));
  const roots: CategoryNode[] = [];
  for (const n of [...byId.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

/** Categories for staff (case.read) or for residents (/api/my/case-categories). */
export function useCategories(mine = false, includeRetired = false) {
  return useQuery({
    queryKey: ['case-categories', mine, includeRetired],
    queryFn: () => request<Category[]>('GET', mine ? '/api/my/case-categories' : '/api/case-categories', { query: includeRetired ? { includeRetired: 'true' } : undefined }),
    staleTime: 60_000,
  });
}

/** Uploads files (photos) through POST /api/files as multipart and returns what the server stored. */
export async function uploadFiles(files: File[], csrf: string | null): Promise<FileItem[]> {
  if (!files.length) return [];
  const fd = new FormData();
  for (const f of files) fd.append('file', f, f.name);
  const res = await fetch('/api/files', {
    method: 'POST', body: fd, credentials: 'same-origin',
    headers: { accept: 'application/json', 'accept-language': getLang(), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
  });
  if (!res.ok) {
    let message = getLang() === 'zh-CN' ? `上传失败（${res.status}）` : `Upload failed (${res.status})`;
    try {
      const body = (await res.json()) as { error?: { message?: string; messages?: Record<string, string> } };
      message = body.error?.messages?.[getLang()] ?? body.error?.message ?? message;
    } catch { /* not JSON */ }
    throw new ApiError(res.status, 'UPLOAD', message);
  }
  return (await res.json()) as FileItem[];
}

export const fileUrl = (id: string) => `/api/files/${id}`;

/** Percent with one decimal, or a dash when there is nothing to measure. */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
