// Every CLI command, in the order `recurrent-lab help` lists them. Add new commands here.
import type { CliCommand } from '../command.js';

export const commands: CliCommand[] = [];
