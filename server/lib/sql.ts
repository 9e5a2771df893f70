// Positional parameters built as you go, so conditions can be composed without string-splicing values.
export type Params = { values: unknown[]; add(v: unknown): string };

export function params(initial: unknown[] = []): Params {
  const values = [...initial];
  return {
    values,
    add(v) {
      values.push(v);
      return `$${values.length}`;
    },
  };
}

/** Escapes LIKE wildcards in user text. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
