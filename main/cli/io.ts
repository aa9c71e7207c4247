// What a CLI command may touch of the outside world, so tests can run commands in-process, and how text
// a user gave (run names, tags, notes, paths) is made safe to print on a terminal.
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** true when stdout is a terminal (progress bars only then). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
};

// ESC- and C1-introduced sequences: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings ended by BEL or ST,
// and the two-byte escapes; then every other control character but tab, newline and carriage return.
const TERMINAL_SEQUENCES = new RegExp(
  [
    '(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*[@-~]',
    '(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)',
    '\\x1b[ -/]*[0-~]',
    '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]',
  ].join('|'),
  'g',
);

/** Text for a terminal: terminal control sequences and control characters (but \t, \n, \r) removed. */
export function stripControls(text: string): string {
  return text.replace(TERMINAL_SEQUENCES, '');
}

/** A user-given name or tag on one line of a table: line breaks and tabs become spaces. */
export function oneLine(text: string): string {
  return stripControls(text).replace(/[\t\r\n]+/g, ' ');
}

/** User-given text of several lines (notes): no carriage return may redraw what was printed before. */
export function multiLine(text: string): string {
  return stripControls(text).replace(/\r\n?/g, '\n');
}

/**
 * JSON text whose DEL and C1 characters are written as \u escapes too (JSON.stringify leaves them raw):
 * the same JSON value, and nothing in it a terminal would act on.
 */
export function jsonText(value: unknown): string {
  return escapeJsonControls(JSON.stringify(value));
}

/** The same for JSON text already written (such characters can only stand inside its strings). */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Prints one JSON document on its own line (the --json contract). */
export function printJson(io: CliIO, value: unknown): void {
  io.out(jsonText(value) + '\n');
}
