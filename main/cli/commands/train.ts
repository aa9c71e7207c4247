// `recurrent-lab train`: one run with the tutorial's settings unless flags say otherwise, logged to the run store.
import type { CliCommand } from '../command.js';
import { parseFlags, flag, str } from '../args.js';
import { oneLine, printJson } from '../io.js';
import { resolveDataDir } from '../../data/index.js';
import { RunQueue, checkRunRequest } from '../../runs/queue.js';
import { ENGINES } from '../../engine/engines.js';
import { MODEL_SETTINGS, TRAIN_SETTINGS } from '../../model/spec-settings.js';
import { BOOLEAN_HELP, settingsHelp } from '../settings.js';
import { TRAIN_OPTIONS, ensureData, exitCodeFor, followRun, openCliStore, queueOptions, runResult, trainRequest } from '../../runs/cli-support.js';

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train one model on IMDB and log the run',
  usage: `Usage: recurrent-lab train [SETTINGS] [--tag T]… [--name NAME] [--notes TEXT] [--threads N]
  [--engine ${ENGINES.join('|')}] [--data DIR] [--db FILE] [--json]
Every setting defaults to the Keras tutorial's value (Embedding(10000,128) → LSTM(64), adam, batch 64,
5 epochs, the test set as validation).
${settingsHelp('Model settings', MODEL_SETTINGS)}
${settingsHelp('Training settings', TRAIN_SETTINGS)}
${BOOLEAN_HELP}
--threads N (1..64) trains on N threads (default: every core, or RECURRENT_LAB_THREADS); a batch uses one
per 8 of its rows at most. --engine: cpu (our WebAssembly engine), webgpu (our GPU engine through WebGPU),
tfjs-node (@tensorflow/tfjs-node(-gpu), when installed), auto (default: WebGPU on a hardware GPU when a
short probe trains faster there, else cpu). With --json the last line of stdout is the result.`,
  async run(argv, io) {
    const p = parseFlags(argv, TRAIN_OPTIONS);
    const json = flag(p, 'json');
    const req = trainRequest(p);
    checkRunRequest(req); // bad flags fail before any database is touched
    const dataDir = resolveDataDir(str(p, 'data'), io.env);
    const queueOpts = queueOptions(p, dataDir);
    await ensureData(dataDir, io, !str(p, 'data') && !io.env.RECURRENT_LAB_DATA);
    const store = openCliStore(p, io, 'create');
    const queue = new RunQueue(store, queueOpts);
    try {
      const queued = queue.enqueue(req);
      if (!json) io.err(`run ${queued.id}: ${oneLine(queued.name)}\n`);
      const run = await followRun(queue, queued.id, io, json);
      if (json) printJson(io, runResult(store, run));
      else {
        const acc = run.test ? ` test accuracy ${run.test.accuracy.toFixed(4)} loss ${run.test.loss.toFixed(4)} AUC ${run.test.auc.toFixed(4)}` : '';
        io.out(`run ${run.id} ${run.status}${acc}${run.error ? ` — ${oneLine(run.error)}` : ''}\n`);
      }
      return exitCodeFor(run);
    } finally {
      await queue.close();
      store.close();
    }
  },
};
