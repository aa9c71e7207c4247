// Turns schema failures into one-line UserErrors naming the offending field.
import type { z } from 'zod';
import { UserError } from '../errors.js';

export function validate<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new UserError(`invalid ${what}: ${where}${issue?.message ?? 'malformed'}`);
}
