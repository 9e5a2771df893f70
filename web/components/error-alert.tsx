import type { CSSProperties } from 'react';
import { Alert } from 'antd';
import { ApiError } from '../lib/api.ts';

/** The server's message (already in the current language) in an Alert; nothing when there is no error. */
export function ErrorAlert({ error, testId, style }: { error: unknown; testId?: string; style?: CSSProperties }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.fields.filter((f) => f.message && !message.includes(f.message)) : [];
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      title={message}
      description={fields.length ? fields.map((f) => `${f.path}: ${f.message}`).join('；') : undefined}
      style={{ marginBottom: 16, ...style }}
    />
  );
}
