// Exports a logged run: its final weights (or last checkpoint) from the run store, the word index from the
// IMDB data folder, and the run's settings, provenance and metrics for the model card.
import { join } from 'node:path';
import type { RunStore, RunRecord } from '../runs/store.js';
import { readCheckpointFile } from '../runs/checkpoint-file.js';
import { appVersion } from '../runs/app-version.js';
import { resolveDataDir } from '../data/location.js';
import { loadWordIndexFile, WORD_INDEX_FILE } from '../data/wordIndex.js';
import { UserError } from '../errors.js';
import { exportModel, type ExportResult } from './export.js';
import type { ExportFormat } from './format.js';

export interface RunExportOptions {
  outDir: string;
  overwrite?: boolean;
  /** IMDB folder with imdb_word_index.json (--data); default RECURRENT_LAB_DATA or the app's data folder. */
  dataDir?: string | undefined;
  /** Confine outDir to this folder (UI/server). */
  base?: string;
  env?: NodeJS.ProcessEnv;
  /** 'tfjs' (default) or 'onnx'. */
  format?: ExportFormat;
}

export interface RunExportResult extends ExportResult {
  runId: string;
  /** Where the weights came from: the final weights file or the last epoch checkpoint. */
  source: string;
}

function weightsOf(store: RunStore, run: RunRecord): { path: string; source: string } {
  const finals = store.listArtifacts(run.id, 'weights');
  const last = finals.reduce<(typeof finals)[number] | null>((a, b) => (a === null || b.id > a.id ? b : a), null);
  if (last) return { path: last.path, source: 'final weights' };
  const ckpt = store.lastCheckpoint(run.id);
  if (ckpt) return { path: ckpt.path, source: `checkpoint of epoch ${ckpt.epoch ?? '?'}` };
  throw new UserError(`run ${run.id} has no trained weights to export (status ${run.status}, ${run.epochsDone} epochs done)`, 'no_weights');
}

export async function exportRunFromStore(store: RunStore, idOrPrefix: string, opts: RunExportOptions): Promise<RunExportResult> {
  const run = store.getRun(idOrPrefix);
  const { path, source } = weightsOf(store, run);
  const weights = readCheckpointFile(path).weights;
  const dataDir = resolveDataDir(opts.dataDir, opts.env ?? process.env);
  const wordIndex = await loadWordIndexFile(join(dataDir, WORD_INDEX_FILE)).catch((e: unknown) => {
    throw new UserError(`export needs the IMDB word index for tokenizer.json: ${(e as Error).message} (use --data DIR or RECURRENT_LAB_DATA)`, 'no_word_index');
  });
  const epochs = store.epochSeries([run.id])[0]?.epochs ?? [];
  const best = run.bestEpoch !== null ? (epochs.find((e) => e.epoch === run.bestEpoch) ?? null) : null;
  const result = await exportModel({
    spec: run.model,
    weights,
    outDir: opts.outDir,
    ...(opts.overwrite !== undefined ? { overwrite: opts.overwrite } : {}),
    ...(opts.base !== undefined ? { base: opts.base } : {}),
    tokenizer: { wordIndex },
    ...(opts.format !== undefined ? { format: opts.format } : {}),
    card: {
      appVersion: appVersion(),
      run: {
        id: run.id,
        name: run.name,
        status: run.status,
        stopReason: run.stopReason,
        createdAt: run.createdAt,
        finishedAt: run.finishedAt,
        appVersion: run.appVersion,
        tags: run.tags,
        notes: run.notes,
        epochsDone: run.epochsDone,
        weightsFrom: source,
      },
      train: run.train,
      data: { source: run.dataSource ?? 'unknown', path: run.dataPath, fingerprint: run.dataFingerprint ?? 'unknown' },
      metrics: {
        test: run.test,
        final: epochs.at(-1) ?? null,
        best,
        bestEpoch: run.bestEpoch,
        msPerStep: run.msPerStep,
        trainMs: run.trainMs,
        params: run.params,
      },
      engine: run.device,
    },
  });
  return { ...result, runId: run.id, source };
}
