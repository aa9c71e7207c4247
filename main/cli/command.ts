// The shape of one CLI command; each lives in its own file under commands/.
import type { CliIO } from './io.js';

export interface CliCommand {
  /** First word(s) after `recurrent-lab`, e.g. "data". */
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code. Throw UserError for bad input. */
  run(argv: string[], io: CliIO): Promise<number>;
}
