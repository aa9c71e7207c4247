// `recurrent-lab predict --model DIR --text "…"`: score one review with an exported model folder.
import type { CliCommand } from '../command.js';
import { parseFlags, flag, str } from '../args.js';
import { printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { predictText, RUNTIMES, type Runtime } from '../../export/predict.js';

export const predictCommand: CliCommand = {
  name: 'predict',
  summary: 'score a review with an exported model (probability of a positive review)',
  usage:
    'Usage: recurrent-lab predict --model DIR --text "…" [--runtime auto|engine|tfjs|onnx] [--json]\n' +
    '  DIR: a folder written by `recurrent-lab export` (model.json or model.onnx); --runtime tfjs scores through plain TF.js\n' +
    '  (tf.loadLayersModel); an ONNX folder is scored with onnxruntime-node (optional package; auto picks it)',
  async run(argv, io) {
    const p = parseFlags(argv, { model: { type: 'string' }, text: { type: 'string' }, runtime: { type: 'string' } });
    const dir = str(p, 'model');
    const text = str(p, 'text');
    if (dir === undefined || dir === '') throw new UserError('predict needs --model DIR (an exported model folder)');
    if (text === undefined) throw new UserError('predict needs --text "…" (the review to score)');
    const runtime = (str(p, 'runtime') ?? 'auto') as Runtime;
    if (!RUNTIMES.includes(runtime)) throw new UserError(`--runtime must be one of ${RUNTIMES.join(', ')}, got "${runtime}"`);
    const r = await predictText(dir, text, runtime);
    if (flag(p, 'json')) {
      printJson(io, r);
      return 0;
    }
    io.out(`${r.label} (probability of positive ${r.probability.toFixed(4)})\n`);
    io.out(`${r.tokens.length} words, ${r.oov.length} out of vocabulary${r.oov.length ? `: ${r.oov.slice(0, 20).join(' ')}${r.oov.length > 20 ? ' …' : ''}` : ''}\n`);
    if (r.truncated) io.out('note: the review was longer than the model\'s maxLen; only its end was scored\n');
    return 0;
  },
};
