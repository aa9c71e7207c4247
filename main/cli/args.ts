// Flag parsing shared by all commands: strict (unknown flags are errors), each single-valued flag at most
// once (only `multiple` flags such as --tag repeat), and typed number checks.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, errorMessage } from '../errors.js';

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
