// Flag parsing shared by all commands: strict (unknown flags are errors), each single-valued flag at most
// once (only `multiple` flags such as --tag repeat), and typed number checks.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, errorMessage } from '../errors.js';
import { MAX_THREADS } from '../engine/parallel/threads.js';
import { ENGINES, type EngineChoice } from '../engine/engines.js';
import { BOOLEAN_WORDS, parseBoolean } from '../model/spec-settings.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * `--epochs -1`: Node's parser refuses a value that starts with "-" ("argument is ambiguous"), though our
 * commands have no short options, so such a word can only be the value. It is passed on as `--epochs=-1`
 * and then checked like any other value. A following `--word` stays an option.
 */
function attachDashValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = /^--([^=]+)$/.exec(a)?.[1];
    const next = argv[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function parseFlags(argv: string[], options: Options, allowPositionals = false): Parsed {
  const all: Options = { json: { type: 'boolean' }, ...options };
  let r;
  try {
    r = parseArgs({ args: attachDashValues(argv, all), options: all, allowPositionals, strict: true, tokens: true });
  } catch (e) {
    throw new UserError(errorMessage(e).replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const seen = new Map<string, (string | undefined)[]>();
  for (const t of r.tokens) {
    if (t.kind !== 'option' || all[t.name]?.multiple) continue;
    seen.set(t.name, [...(seen.get(t.name) ?? []), t.value]);
  }
  for (const [name, values] of seen) {
    if (values.length < 2) continue;
    const given = values.every((v) => v !== undefined) ? ` (${values.map((v) => `"${v}"`).join(', ')})` : '';
    throw new UserError(`--${name} is given ${values.length} times${given}; give it once`);
  }
  return { values: r.values as Parsed['values'], positionals: r.positionals };
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/**
 * A number flag; rejects anything that is not a finite number (and non-integers when `integer`).
 * `orNone`: the word "none" (any case) is also accepted, as null.
 */
export function num(p: Parsed, name: string, integer?: boolean): number | undefined;
export function num(p: Parsed, name: string, integer: boolean, orNone: true): number | null | undefined;
export function num(p: Parsed, name: string, integer = true, orNone = false): number | null | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (orNone && v.trim().toLowerCase() === 'none') return null;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UserError(`--${name} must be ${integer ? 'an integer' : 'a number'}${orNone ? ' or none' : ''}, got "${v}"`);
  }
  return n;
}

/** A true/false flag (the one boolean parser: true/false, yes/no, 1/0, any case); undefined when absent. */
export function boolFlag(p: Parsed, name: string): boolean | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const b = parseBoolean(v);
  if (b === undefined) throw new UserError(`--${name} must be ${BOOLEAN_WORDS}, got "${v}"`);
  return b;
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
