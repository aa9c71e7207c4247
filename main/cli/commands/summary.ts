// `recurrent-lab summary`: the Keras model.summary() of an architecture (layer names, output shapes, params).
import type { CliCommand } from '../command.js';
import { flag, parseFlags } from '../args.js';
import { printJson } from '../io.js';
import { TUTORIAL_MODEL } from '../../model/spec.js';
import { MODEL_SETTINGS } from '../../model/spec-settings.js';
import { BOOLEAN_HELP, settingOptions, settingsHelp, withSettingFlags } from '../settings.js';
import { checkModelSpec, modelSummary } from '../../engine/index.js';

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'Layer table and parameter count of an architecture, equal to Keras model.summary()',
  usage: `Usage: recurrent-lab summary [MODEL SETTINGS] [--json]
${settingsHelp('Model settings', MODEL_SETTINGS)}
${BOOLEAN_HELP}`,
  async run(argv, io) {
    const p = parseFlags(argv, settingOptions(MODEL_SETTINGS));
    const spec = checkModelSpec(withSettingFlags(p, MODEL_SETTINGS, TUTORIAL_MODEL));
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
