// What a CLI command may touch of the outside world, so tests can run commands in-process.
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

/** Prints one JSON document on its own line (the --json contract). */
export function printJson(io: CliIO, value: unknown): void {
  io.out(JSON.stringify(value) + '\n');
}
