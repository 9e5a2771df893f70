// antd Form rules from the zod schemas in contracts/, so the browser checks exactly what the server checks.
import type { FormRule } from 'antd';
import type { z } from 'zod';
import { getLang, pickMessage } from './i18n.ts';

/**
 * A validator from one field's schema. Empty input counts as "missing": it passes when the schema accepts
 * undefined (optional fields) and is otherwise checked as an empty string, which gives the "required" message.
 */
export function zodRule(schema: z.ZodType, opts: { required?: boolean } = {}): FormRule {
  return {
    required: opts.required,
    validator: async (_rule, value: unknown) => {
      const empty = value === undefined || value === null || value === '';
      if (empty && schema.safeParse(undefined).success) return;
      const r = schema.safeParse(empty && typeof value !== 'object' ? '' : value);
      if (r.success) return;
      throw new Error(pickMessage(r.error.issues[0]?.message ?? '', getLang()));
    },
  };
}

/** Turns every field of an object schema into rules: rules.name, rules.code, … */
export function zodRules<S extends z.ZodObject>(schema: S): Record<keyof S['shape'] & string, FormRule[]> {
  const out: Record<string, FormRule[]> = {};
  for (const [k, v] of Object.entries(schema.shape)) out[k] = [zodRule(v as z.ZodType)];
  return out as Record<keyof S['shape'] & string, FormRule[]>;
}
