// `recurrent-lab` — the core's command-line front door. Dispatches to commands/*.
import { commands as builtIn } from './commands/index.js';
import type { CliCommand } from './command.js';
import { processIO, printJson, oneLine, stripControls, type CliIO } from './io.js';
import { isUserError, errorMessage } from '../errors.js';

function help(io: CliIO, commands: readonly CliCommand[]): void {
  io.out('Usage: recurrent-lab <command> [options] [--json]\n\nCommands:\n');
  for (const c of commands) io.out(`  ${c.name.padEnd(10)} ${c.summary}\n`);
  io.out('\nRun `recurrent-lab <command> --help` for its options.\n');
}

/**
 * `recurrent-lab runs | head -1`: once the reader of stdout has gone (EPIPE), the command ends quietly with
 * status 0, as `git log | head` does; a closed stderr is ignored.
 */
let pipesWatched = false;
function endQuietlyWhenStdoutCloses(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

/**
 * Runs one command line. `extra`: commands a composition root adds (bin/recurrent-lab.js adds `bench` from
 * bench/, which main/ may not import), listed after the built-in ones.
 */
export async function main(argv: string[], raw: CliIO = processIO, extra: readonly CliCommand[] = []): Promise<number> {
  const commands = [...builtIn, ...extra];
  if (raw === processIO) endQuietlyWhenStdoutCloses();
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  // Whatever a command prints for people may quote a user's text (run names, tags, notes, paths, ids in
  // error messages): no terminal control sequence in it reaches the terminal. --json output stays exact JSON
  // (JSON escaping makes its control characters inert).
  const io: CliIO = { ...raw, out: json ? raw.out : (t) => raw.out(stripControls(t)), err: (t) => raw.err(stripControls(t)) };
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(io, commands);
    return name === undefined ? 2 : 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`recurrent-lab: unknown command "${name}" (try \`recurrent-lab help\`)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    const msg = errorMessage(e).split('\n')[0] ?? 'unknown error';
    const shown = oneLine(msg);
    if (json) printJson(io, { error: msg, code: isUserError(e) ? e.code : 'internal' });
    io.err(`recurrent-lab ${name}: ${shown}\n`);
    return isUserError(e) ? 2 : 1;
  }
}
