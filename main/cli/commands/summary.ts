// `recurrent-lab summary`: the Keras model.summary() of an architecture (layer names, output shapes, params).
import type { CliCommand } from '../command.js';
import { flag, num, parseFlags, str } from '../args.js';
import { printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { TUTORIAL_MODEL } from '../../model/spec.js';
import { checkModelSpec, modelSummary } from '../../engine/index.js';

function bool(v: string | undefined, name: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new UserError(`--${name} must be true or false, got "${v}"`);
}

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'Layer table and parameter count of an architecture, equal to Keras model.summary()',
  usage: 'summary --arch rnn|lstm|gru|bilstm|stacked-lstm [--num-words N] [--max-len N] [--embedding-dim N] [--units N] [--layers N] [--gru-reset-after true|false] [--merge concat|sum|ave|mul] [--json]',
  async run(argv, io) {
    const p = parseFlags(argv, {
      arch: { type: 'string' }, 'num-words': { type: 'string' }, 'max-len': { type: 'string' }, 'embedding-dim': { type: 'string' },
      units: { type: 'string' }, layers: { type: 'string' }, 'gru-reset-after': { type: 'string' }, merge: { type: 'string' },
    });
    const arch = str(p, 'arch') ?? TUTORIAL_MODEL.arch;
    const layers = num(p, 'layers') ?? (arch === 'stacked-lstm' ? 2 : 1);
    const spec = checkModelSpec({
      ...TUTORIAL_MODEL,
      arch,
      numWords: num(p, 'num-words') ?? TUTORIAL_MODEL.numWords,
      maxLen: num(p, 'max-len') ?? TUTORIAL_MODEL.maxLen,
      embeddingDim: num(p, 'embedding-dim') ?? TUTORIAL_MODEL.embeddingDim,
      units: num(p, 'units') ?? TUTORIAL_MODEL.units,
      layers,
      gruResetAfter: bool(str(p, 'gru-reset-after'), 'gru-reset-after') ?? TUTORIAL_MODEL.gruResetAfter,
      merge: str(p, 'merge') ?? TUTORIAL_MODEL.merge,
    });
    const s = modelSummary(spec);
    if (flag(p, 'json')) {
      printJson(io, s);
      return 0;
    }
    const shape = (o: (number | null)[]) => `(${o.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
    const rows = s.layers.map((l) => [`${l.name} (${l.type})`, shape(l.outputShape), l.params.toLocaleString('en-US')]);
    const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['Layer (type)', 'Output Shape', 'Param #'][i]!.length));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('   ');
    io.out([line(['Layer (type)', 'Output Shape', 'Param #']), ...rows.map(line), `Total params: ${s.totalParams.toLocaleString('en-US')}`].join('\n') + '\n');
    return 0;
  },
};
