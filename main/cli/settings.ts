// The run settings as CLI flags, generated from main/model/spec-settings.ts: one flag per schema field (its
// key in kebab-case), read by the field's kind, and the --help lines. `train` takes every setting, `summary`
// the model's. The flags only turn text into values; the schemas then check them (one message per field).
import { boolFlag, num, str, type Options, type Parsed } from './args.js';
import { BOOLEAN_WORDS, type Setting, type SettingValue } from '../model/spec-settings.js';

/** One string option per setting. */
export function settingOptions(settings: readonly Setting[]): Options {
  return Object.fromEntries(settings.map((s) => [s.flag, { type: 'string' as const }]));
}

/** A setting's flag as a value (undefined when absent): booleans, numbers ("none" = null where allowed) or choices. */
export function settingFlag(p: Parsed, s: Setting): SettingValue | undefined {
  switch (s.kind) {
    case 'boolean':
      return boolFlag(p, s.flag);
    case 'int':
    case 'number':
      return s.nullable ? num(p, s.flag, s.kind === 'int', true) : num(p, s.flag, s.kind === 'int');
    case 'choice':
      return str(p, s.flag);
  }
}

/** `base` (the tutorial's settings) with each setting given as a flag replaced; not yet validated. */
export function withSettingFlags<T extends object>(p: Parsed, settings: readonly Setting[], base: T): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const s of settings) {
    const v = settingFlag(p, s);
    if (v !== undefined) out[s.key] = v;
  }
  return out as T;
}

/** The placeholder after a setting's flag: rnn|lstm|…, true|false, N (integer), X (number); "|none" when nullable. */
export function flagValueText(s: Setting): string {
  const v = s.kind === 'choice' ? s.choices.join('|') : s.kind === 'boolean' ? 'true|false' : s.kind === 'int' ? 'N' : 'X';
  return s.nullable ? `${v}|none` : v;
}

const FLAG_COLUMN = 30;
const WIDTH = 110;

/** Words wrapped to WIDTH, every line after the first indented to the help column. */
function wrap(first: string, text: string): string {
  const lines: string[] = [];
  let line = first.length < FLAG_COLUMN ? first.padEnd(FLAG_COLUMN) : (lines.push(first), ' '.repeat(FLAG_COLUMN));
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = ' '.repeat(FLAG_COLUMN);
      empty = true;
    }
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The --help lines of some settings under a heading: flag, what it does, its bounds, what none means, the default. */
export function settingsHelp(heading: string, settings: readonly Setting[]): string {
  const lines = [`${heading}:`];
  for (const s of settings) {
    const left = `  --${s.flag} ${flagValueText(s)}`;
    const d = s.doc;
    const text = [
      d.help,
      s.range,
      d.archs ? `${d.archs.join(', ')} only` : '',
      s.nullable ? `none = ${d.none ?? 'null'}` : '',
      `default ${s.default === null ? 'none' : String(s.default)}`,
    ].filter((t) => t !== '').join('; ');
    lines.push(wrap(left, text));
  }
  return lines.join('\n');
}

export const BOOLEAN_HELP = `Booleans take ${BOOLEAN_WORDS} (any case).`;
