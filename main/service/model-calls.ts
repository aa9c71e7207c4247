// Contract calls about models: the live summary of a spec (with a speed estimate from past runs or a probe),
// predictions with per-word occlusion for several runs, export in TF.js format, and the gradient lens.
import { join } from 'node:path';
import { createModel, modelSummary } from '../engine/index.js';
import { threadsForBatch } from '../engine/parallel/threads.js';
import { exportModel, buildTokenizer, Tokenizer, occlusion, checkedPredict, type ExportFormat } from '../export/index.js';
import { toDataset } from '../data/index.js';
import type { RunStore } from '../runs/store.js';
import type { CallResult, ParsedParams } from '../contract/index.js';
import type { ModelSpec } from '../model/spec.js';
import { appVersion } from '../runs/app-version.js';
import type { DataCalls } from './data-calls.js';
import type { EngineChoice } from '../engine/engines.js';
import type { RunModels } from './run-model.js';
import { estimateFromRuns, SpeedProbe } from './speed-estimate.js';

const probe = new SpeedProbe();

/**
 * The summary, with ms per batch of 64 from past runs on the engine new runs get, or a (cached) measurement
 * of the CPU engine. A WebGPU choice without past WebGPU runs has no estimate: the probe measures the CPU.
 */
export async function summary(store: RunStore, p: ParsedParams<'modelSummary'>, engine: EngineChoice): Promise<CallResult<'modelSummary'>> {
  const s = modelSummary(p.model);
  const on = engine === 'cpu' ? 'recurrent-lab' : engine === 'webgpu' ? 'webgpu' : null;
  const estimate = estimateFromRuns(store, p.model, on) ?? (engine === 'webgpu' ? null : await probe.estimate(p.model));
  return {
    layers: s.layers.map((l) => ({ name: l.name, className: l.type, outputShape: l.outputShape, params: l.params })),
    totalParams: s.totalParams,
    trainableParams: s.totalParams,
    estimatedMsPerStep: estimate,
  };
}

export class ModelCalls {
  readonly #tokenizers = new Map<string, Tokenizer>();

  constructor(
    private readonly models: RunModels,
    private readonly data: DataCalls,
    private readonly artifactsDir: string,
  ) {}

  async #tokenizer(spec: ModelSpec): Promise<Tokenizer> {
    const key = `${spec.numWords}:${spec.maxLen}`;
    let t = this.#tokenizers.get(key);
    if (!t) {
      t = new Tokenizer(buildTokenizer({ wordIndex: await this.data.wordIndex(), numWords: spec.numWords, maxLen: spec.maxLen }));
      if (this.#tokenizers.size >= 8) this.#tokenizers.clear();
      this.#tokenizers.set(key, t);
    }
    return t;
  }

  async predict(p: ParsedParams<'predict'>): Promise<CallResult<'predict'>> {
    const results: CallResult<'predict'>['results'] = [];
    for (const id of p.runIds) {
      const { run, model } = await this.models.load(id);
      const tok = await this.#tokenizer(run.model);
      const enc = tok.encode(p.text);
      const { oovChar, startChar } = tok.json;
      const predict = checkedPredict((x, n) => model.predict(x, n), `run ${run.id}`);
      let probability: number;
      let contributions: Float32Array | null = null;
      if (p.occlusion) {
        const r = await occlusion({ predict, oovChar, skipIds: [0, startChar] }, enc.sequence);
        probability = r.probability;
        contributions = r.contributions;
      } else {
        probability = (await predict(enc.sequence, 1))[0] ?? NaN;
      }
      const tokens = enc.tokens.map((word, i) => {
        const pos = enc.positions[i] ?? -1;
        const id = tok.idOf(word);
        const oov = id === oovChar;
        return {
          word,
          index: pos < 0 ? null : id,
          oov,
          contribution: contributions && pos >= 0 && !oov ? (contributions[pos] ?? null) : null,
        };
      });
      results.push({
        runId: run.id,
        probability: Math.min(1, Math.max(0, probability)),
        label: probability >= 0.5 ? 'positive' : 'negative',
        tokens,
        oovCount: enc.oov.length,
        truncated: enc.truncated,
      });
    }
    return { results };
  }

  /** The lab's exports folder: API exports go only here, by name. */
  get exportsDir(): string {
    return join(this.artifactsDir, 'exports');
  }

  /** exportModel over IPC and serve: a name inside the exports folder, never a path (overwrite only there). */
  export(p: ParsedParams<'exportModel'>): Promise<CallResult<'exportModel'>> {
    return this.#export(p.runId, { outDir: p.name, base: this.exportsDir }, p.overwrite, p.format);
  }

  /** The desktop app's save dialog: the folder the user chose (main/service/shell-calls.ts; never over the API). */
  exportTo(runId: string, dir: string, overwrite: boolean, format: ExportFormat = 'tfjs'): Promise<CallResult<'exportModel'>> {
    return this.#export(runId, { outDir: dir }, overwrite, format);
  }

  /** `outDir` undefined → the run id; `base` confines it to that folder (prepareExportDir checks). */
  async #export(runId: string, to: { outDir: string | undefined; base?: string }, overwrite: boolean, format: ExportFormat): Promise<CallResult<'exportModel'>> {
    const { run, weights } = await this.models.load(runId);
    const r = await exportModel({
      spec: run.model,
      weights,
      outDir: to.outDir ?? run.id,
      ...(to.base !== undefined ? { base: to.base } : {}),
      overwrite,
      format,
      tokenizer: { wordIndex: await this.data.wordIndex() },
      card: {
        appVersion: appVersion(),
        run: { id: run.id, name: run.name, createdAt: run.createdAt, status: run.status },
        train: run.train,
        data: run.dataSource !== null && run.dataFingerprint !== null ? { source: run.dataSource, fingerprint: run.dataFingerprint } : null,
        metrics: {
          testAccuracy: run.test?.accuracy ?? null,
          testLoss: run.test?.loss ?? null,
          testAuc: run.test?.auc ?? null,
          bestEpoch: run.bestEpoch,
          bestValAccuracy: run.bestValAccuracy,
          finalValAccuracy: run.finalValAccuracy,
        },
        engine: run.device,
      },
    });
    return { runId: run.id, dir: r.dir, files: r.files, warnings: r.warnings };
  }

  async gradientNorms(p: ParsedParams<'gradientNorms'>): Promise<CallResult<'gradientNorms'>> {
    const series: CallResult<'gradientNorms'>['series'] = [];
    for (const id of p.runIds) {
      const { run, model } = await this.models.load(id);
      const a = await this.data.arrays(run.model.numWords);
      const xs = p.split === 'train' ? a.xTrain : a.xTest;
      const ys = p.split === 'train' ? a.yTrain : a.yTest;
      const batch = toDataset(xs, ys, run.model.maxLen, p.samples);
      const row = (weights: 'trained' | 'initial', layers: { layer: string; norms: ArrayLike<number> }[]) =>
        series.push({ runId: run.id, arch: run.arch, weights, layers: layers.map((l) => ({ layer: l.layer, norms: Array.from(l.norms) })) });
      if (p.weights !== 'trained') {
        // A fresh model from the run's seed holds exactly the weights the run started training from.
        const fresh = await createModel(run.model, { seed: run.train.seed, engine: 'cpu', threads: threadsForBatch(p.samples) });
        try {
          row('initial', await fresh.gradientNorms(batch));
        } finally {
          fresh.dispose();
        }
      }
      if (p.weights !== 'initial') row('trained', await model.gradientNorms(batch));
    }
    return { series };
  }
}
