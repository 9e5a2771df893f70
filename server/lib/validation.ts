// zod at the edge: one validator for every route, producing field errors in zh-CN and en-US.
// A schema may carry its own message as "中文||English" (or Chinese only).
import { z } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { AppError, type FieldError } from './errors.ts';

const zhMap = z.locales.zhCN().localeError;
const enMap = z.locales.en().localeError;

function text(m: ReturnType<typeof zhMap>): string {
  if (!m) return '';
  return typeof m === 'string' ? m : m.message;
}

export function issueMessages(issue: $ZodIssue): { 'zh-CN': string; 'en-US': string } {
  // zod's locale maps take the raw issue; the final issue has the fields they read.
  const raw = issue as unknown as Parameters<typeof enMap>[0];
  const en = text(enMap(raw));
  if (issue.message && issue.message !== en) {
    const [zh, enCustom] = issue.message.split('||');
    return { 'zh-CN': zh, 'en-US': enCustom ?? zh };
  }
  return { 'zh-CN': text(zhMap(raw)) || issue.message, 'en-US': en || issue.message };
}

export function zodToAppError(error: z.ZodError, part = 'body'): AppError {
  const fields: FieldError[] = error.issues.map((i) => ({ path: i.path.join('.') || part, messages: issueMessages(i) }));
  const first = fields[0];
  return new AppError(
    'VALIDATION',
    `输入有误：${fields.map((f) => `${f.path} ${f.messages['zh-CN']}`).join('；')}`,
    `Invalid input: ${fields.map((f) => `${f.path} ${f.messages['en-US']}`).join('; ')}`,
    fields.length ? fields : first ? [first] : [],
  );
}

/** Parses with a schema and throws the standard VALIDATION error (for services and CLI input). */
export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const r = schema.safeParse(data);
  if (!r.success) throw zodToAppError(r.error);
  return r.data;
}
