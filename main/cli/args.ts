// Flag parsing shared by all commands: strict (unknown flags are errors) and typed number checks.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, errorMessage } from '../errors.js';
import { MAX_THREADS } from '../engine/parallel/threads.js';
import { ENGINES, type EngineChoice } from '../engine/engines.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseFlags(argv: string[], options: Options, allowPositionals = false): Parsed {
  try {
    const r = parseArgs({ args: argv, options: { json: { type: 'boolean' }, ...options }, allowPositionals, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (e) {
    throw new UserError(errorMessage(e).replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** A number flag; rejects anything that is not a finite number (and non-integers when `integer`). */
export function num(p: Parsed, name: string, integer = true): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UserError(`--${name} must be ${integer ? 'an integer' : 'a number'}, got "${v}"`);
  }
  return n;
}

/** --threads N (train, resume, serve, bench): an integer in 1..64; undefined when absent. */
export function threadsFlag(p: Parsed): number | undefined {
  const v = str(p, 'threads');
  return v === undefined ? undefined : parseThreads(v);
}

/** --engine auto|cpu|webgpu|tfjs-node (train, resume, serve, bench); undefined when absent. */
export function engineFlag(p: Parsed): EngineChoice | undefined {
  const v = str(p, 'engine');
  if (v === undefined) return undefined;
  if (!(ENGINES as readonly string[]).includes(v)) throw new UserError(`--engine must be one of ${ENGINES.join(', ')}, got "${v}"`);
  return v as EngineChoice;
}

/** --threads 1,2,4,8 (bench): one or more thread counts, each in 1..64, without repeats. */
export function threadsListFlag(p: Parsed): number[] | undefined {
  const v = str(p, 'threads');
  if (v === undefined) return undefined;
  const list = v.split(',').map(parseThreads);
  if (new Set(list).size !== list.length) throw new UserError(`--threads lists a count twice: "${v}"`);
  return list;
}

function parseThreads(v: string): number {
  const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) throw new UserError(`--threads must be an integer in 1..${MAX_THREADS}, got "${v}"`);
  return n;
}
