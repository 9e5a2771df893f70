// One fetch wrapper for the API: JSON in and out, the session cookie, the CSRF header on writes, the
// language header, and the server's single error shape turned into an ApiError.
import type { FormInstance } from 'antd';
import { getLang } from './i18n.ts';

export type FieldProblem = { path: string; message: string };
/** The shape of every paged list the API returns (totalExact is false when a count was capped). */
export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number; totalExact?: boolean };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldProblem[];
  constructor(status: number, code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

type ErrorBody = {
  error?: {
    code?: string;
    message?: string;
    messages?: Record<string, string>;
    fields?: { path: string; message?: string; messages?: Record<string, string> }[];
  };
};

// The CSRF token comes from the login response or GET /api/auth/me; the server checks it on every write.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// The app shell listens for authentication problems (expired session, forced password change) to redirect.
type AuthListener = (code: 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED') => void;
const authListeners = new Set<AuthListener>();
export function onAuthProblem(l: AuthListener): () => void {
  authListeners.add(l);
  return () => authListeners.delete(l);
}

export type RequestOptions = { query?: Record<string, unknown>; body?: unknown; signal?: AbortSignal; quietAuth?: boolean };

export function withQuery(path: string, query?: Record<string, unknown>): string {
  if (!query) return path;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `${path}?${s}` : path;
}

async function toError(res: Response): Promise<ApiError> {
  const lang = getLang();
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch { /* not JSON (proxy error page): fall back to the status */ }
  const e = body.error ?? {};
  const message = e.messages?.[lang] ?? e.message ?? (lang === 'zh-CN' ? `请求失败（${res.status}）` : `Request failed (${res.status})`);
  const fields = (e.fields ?? []).map((f) => ({ path: f.path, message: f.messages?.[lang] ?? f.message ?? '' }));
  return new ApiError(res.status, e.code ?? `HTTP_${res.status}`, message, fields);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': getLang() };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    const zh = getLang() === 'zh-CN';
    throw new ApiError(0, 'NETWORK', zh ? '无法连接服务器，请检查网络后重试' : 'Cannot reach the server; check the network and retry');
  }
  if (!res.ok) {
    const err = await toError(res);
    if (!opts.quietAuth && (err.code === 'UNAUTHENTICATED' || err.code === 'PASSWORD_CHANGE_REQUIRED')) {
      authListeners.forEach((l) => l(err.code as 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED'));
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, unknown>) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/**
 * Puts the server's field errors on the matching antd Form fields ("roleCodes.0" → roleCodes).
 * Returns whether any field matched, so the caller shows the general message only when none did.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, known?: string[]): boolean {
  if (!(err instanceof ApiError) || !err.fields.length) return false;
  const byField = new Map<string, string[]>();
  for (const f of err.fields) {
    const name = f.path.split('.')[0];
    if (known && !known.includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), f.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Downloads a file from a GET endpoint (exports) keeping the server's file name. */
export async function download(path: string, query?: Record<string, unknown>): Promise<void> {
  const res = await fetch(withQuery(path, query), { headers: { 'accept-language': getLang() }, credentials: 'same-origin' });
  if (!res.ok) throw await toError(res);
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : 'download';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
