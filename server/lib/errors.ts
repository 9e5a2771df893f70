// One error shape for every failure: { error: { code, message, messages: {zh-CN, en-US}, fields? } }.
// Routes and services throw AppError; app.ts maps it (and zod / fastify errors) to a response.
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'ACCOUNT_LOCKED'
  | 'RATE_LIMITED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'CSRF'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL';

export type Messages = { 'zh-CN': string; 'en-US': string };
export type FieldError = { path: string; messages: Messages };

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  PASSWORD_CHANGE_REQUIRED: 403,
  CSRF: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messages: Messages;
  readonly fields: FieldError[];
  constructor(code: ErrorCode, zh: string, en: string, fields: FieldError[] = []) {
    super(en);
    this.code = code;
    this.messages = { 'zh-CN': zh, 'en-US': en };
    this.fields = fields;
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

// Common errors, so wording stays consistent across modules.
export const notFound = (what = '记录', whatEn = 'Record') => new AppError('NOT_FOUND', `${what}不存在或无权访问`, `${whatEn} not found`);
export const forbidden = () => new AppError('FORBIDDEN', '无权执行此操作', 'You are not allowed to do this');
export const unauthenticated = () => new AppError('UNAUTHENTICATED', '请先登录', 'Please log in');
export const invalid = (zh: string, en: string, fields: FieldError[] = []) => new AppError('VALIDATION', zh, en, fields);
export const invalidState = (zh: string, en: string) => new AppError('INVALID_STATE', zh, en);
export const conflict = (zh: string, en: string) => new AppError('CONFLICT', zh, en);

export type Lang = 'zh-CN' | 'en-US';
export function pickLang(header: string | undefined): Lang {
  return header && /^en/i.test(header.trim()) ? 'en-US' : 'zh-CN';
}

export function errorBody(err: AppError, lang: Lang) {
  return {
    error: {
      code: err.code,
      message: err.messages[lang],
      messages: err.messages,
      ...(err.fields.length
        ? { fields: err.fields.map((f) => ({ path: f.path, message: f.messages[lang], messages: f.messages })) }
        : {}),
    },
  };
}
