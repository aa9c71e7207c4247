// File-system helpers that turn missing/unreadable files into UserErrors naming the file.
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
