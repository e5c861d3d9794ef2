import type { z } from 'zod';
import { HeraldError } from '../errors';

// The parse step after decode: a plain decoded value becomes a typed message, or an
// INVALID_MESSAGE error that names every offending field (the runner dead-letters it).

export type Parser<T> = (value: unknown) => T;

export function zodParser<T>(schema: z.ZodType<T>, what = 'message'): Parser<T> {
  return (value: unknown): T => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const problems = result.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
    );
    throw new HeraldError('INVALID_MESSAGE', `invalid ${what}: ${problems.join('; ')}`);
  };
}

/** For stages that take the decoded value as is (e.g. the dead-letter sink). */
export const passThrough: Parser<unknown> = (value) => value;
