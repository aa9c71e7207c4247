// `recurrent-lab export RUN --out DIR [--format tfjs|onnx]`: a run's trained weights as a TF.js layers model
// (model.json + weight shard) or as model.onnx, with tokenizer.json and model-card.json; the export is
// recorded as an artifact of the run.
import type { CliCommand } from '../command.js';
import { parseFlags, flag, str } from '../args.js';
import { printJson } from '../io.js';
import { UserError, isUserError, errorMessage } from '../../errors.js';
import { DB_OPTION, openCliStore } from '../../runs/cli-support.js';
import { exportRunFromStore } from '../../export/from-run.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../export/format.js';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a trained run as a TF.js or ONNX model + tokenizer + model card',
  usage:
    'Usage: recurrent-lab export RUN --out DIR [--format tfjs|onnx] [--overwrite] [--db FILE] [--data DIR] [--json]\n' +
    '  RUN: an id or unique prefix; DIR must be new or empty unless --overwrite;\n' +
    '  --format: tfjs (default: model.json + weight shard, TF.js layers format) or onnx (model.onnx, opset 14, input\n' +
    '  "tokens" int64 [batch, maxLen], output "probability" [batch, 1]);\n' +
    '  --data: the IMDB folder holding imdb_word_index.json (default: RECURRENT_LAB_DATA or the app data folder)',
  async run(argv, io) {
    const p = parseFlags(argv, { ...DB_OPTION, out: { type: 'string' }, overwrite: { type: 'boolean' }, data: { type: 'string' }, format: { type: 'string' } }, true);
    const [id, ...extra] = p.positionals;
    if (id === undefined || extra.length > 0) throw new UserError('export needs exactly one RUN id');
    const out = str(p, 'out');
    if (out === undefined || out === '') throw new UserError('export needs --out DIR');
    const format = (str(p, 'format') ?? 'tfjs') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) throw new UserError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
    const store = openCliStore(p, io, 'read');
    try {
      const r = await exportRunFromStore(store, id, { outDir: out, overwrite: flag(p, 'overwrite'), dataDir: str(p, 'data'), env: io.env, format });
      const notRecorded: string[] = [];
      try {
        store.addArtifact(r.runId, { kind: 'export', path: r.dir, bytes: r.files.reduce((a, f) => a + f.bytes, 0) });
      } catch (e) {
        if (!isUserError(e)) throw e;
        notRecorded.push(`the export was written but not recorded in the run store: ${errorMessage(e)}`);
      }
      const warnings = [...r.warnings, ...notRecorded];
      if (flag(p, 'json')) {
        printJson(io, { runId: r.runId, dir: r.dir, format: r.format, files: r.files, tfjsLoadable: r.tfjsLoadable, warnings, source: r.source });
        return 0;
      }
      for (const w of warnings) io.err(`warning: ${w}\n`);
      io.out(`exported run ${r.runId} (${r.source}) to ${r.dir}\n`);
      for (const f of r.files) io.out(`  ${f.name}  ${f.bytes} bytes\n`);
      if (r.format === 'onnx') io.out('ONNX (opset 14): input "tokens" int64 [batch, maxLen] from tokenizer.json, output "probability" [batch, 1]\n');
      else io.out(r.tfjsLoadable ? 'loadable with tf.loadLayersModel (TF.js layers format)\n' : 'NOT loadable by plain TF.js (see warning); valid for the TF.js → Keras converter\n');
      return 0;
    } finally {
      store.close();
    }
  },
};
