// File-system helpers that turn missing/unreadable files into UserErrors naming the file, and the rule for
// errors about a file's contents: they name the file and the kind of problem, never the bytes in it (a file
// the user picked may hold anything, and an error travels back over the API).
import { UserError } from '../errors.js';

export async function readFileOrExplain(path: string, read: (p: string) => Promise<Buffer>): Promise<Buffer> {
  try {
    return await read(path);
  } catch (e) {
    throw explainFsError(e, path);
  }
}

export function explainFsError(e: unknown, path: string): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserError(`file not found: ${path}`, 'not_found');
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`permission denied: ${path}`, 'permission');
  if (code === 'EISDIR') return new UserError(`expected a file but found a folder: ${path}`);
  return new UserError(`cannot read ${path}: ${(e as Error).message}`);
}

/**
 * Runs a parser over a user's file: its UserErrors pass through (they name the file and the problem, never
 * the contents); anything else it throws — a RangeError from a short buffer, a SyntaxError that quotes
 * text — becomes one that says only which file is unreadable as what.
 */
export function parsingAs<T>(label: string, kind: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${label} is not a valid ${kind} (its structure is unreadable) — is it truncated or corrupt?`, 'corrupt_file');
  }
}
