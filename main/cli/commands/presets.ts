// `recurrent-lab presets`: the user's presets (listed by the New-experiment screen); save a run's settings as
// one (a sweep's best: `--run RUN --epochs BEST_EPOCH`), or delete one.
import type { CliCommand } from '../command.js';
import { parseFlags, flag, num, str } from '../args.js';
import { oneLine, printJson } from '../io.js';
import { UserError } from '../../errors.js';
import { ARCH_LABELS } from '../../model/spec.js';
import { DB_OPTION, openCliStore } from '../../runs/cli-support.js';
import { presetStoreFor } from '../../presets/store.js';
import { savePresetFromRun } from '../../presets/from-run.js';

export const presetsCommand: CliCommand = {
  name: 'presets',
  summary: 'list your presets, save a run\'s settings as one, or delete one',
  usage: `Usage: recurrent-lab presets [--db FILE] [--json]
       recurrent-lab presets --save NAME --run RUN [--epochs N] [--db FILE] [--json]
       recurrent-lab presets --delete NAME [--db FILE] [--json]
--save keeps RUN's model and training settings on all 25,000 training and test reviews (a sweep's trials train
on a slice), with its held-out validation; --epochs N trains N epochs instead of the run's (a sweep's best
epoch). The New-experiment screen lists the presets beside the built-in ones.`,
  async run(argv, io) {
    const p = parseFlags(argv, { ...DB_OPTION, save: { type: 'string' }, run: { type: 'string' }, epochs: { type: 'string' }, delete: { type: 'string' } });
    const json = flag(p, 'json');
    const save = str(p, 'save');
    const del = str(p, 'delete');
    const runId = str(p, 'run');
    const epochs = num(p, 'epochs');
    if (save !== undefined && del !== undefined) throw new UserError('give --save or --delete, not both');
    if (save === undefined && (runId !== undefined || epochs !== undefined)) throw new UserError('--run and --epochs go with --save NAME');
    if (save !== undefined && runId === undefined) throw new UserError('--save NAME needs --run RUN: the run whose settings to keep');
    const store = openCliStore(p, io, save !== undefined || del !== undefined ? 'write' : 'read');
    try {
      const presets = presetStoreFor(store);
      if (save !== undefined) {
        const preset = savePresetFromRun(store, presets, { name: save, runId: runId as string, epochs });
        if (json) printJson(io, preset);
        else io.out(`saved preset "${oneLine(preset.name)}": ${ARCH_LABELS[preset.model.arch]}, ${preset.train.epochs} epochs (${oneLine(preset.notes)})\n`);
        return 0;
      }
      if (del !== undefined) {
        const gone = presets.deletePreset(del);
        if (json) printJson(io, { deleted: gone.id });
        else io.out(`deleted preset "${oneLine(gone.name)}"\n`);
        return 0;
      }
      const list = presets.listPresets();
      if (json) printJson(io, { presets: list });
      else if (list.length === 0) io.out('no presets yet — `presets --save NAME --run RUN` keeps a run\'s settings as one\n');
      else for (const x of list) io.out(`${oneLine(x.name)}: ${ARCH_LABELS[x.model.arch]} ${x.model.units}u, ${x.train.optimizer} ${x.train.learningRate}, ${x.train.epochs} epochs — ${oneLine(x.notes)}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
