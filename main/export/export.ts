// exportModel: a run's spec + weights → model.json + weight shard (TF.js layers format, Keras class names),
// tokenizer.json and model-card.json in a checked folder. The topology and weight layout come from
// tfjs-layers' own model.save on a model built from the spec, so the format is what tfjs writes and
// the TF.js → Keras converter reads. A GRU with reset_after=true (which tfjs-layers cannot build) gets
// its reset_after=false twin's topology with reset_after set and the Keras (2, 3u) bias — valid for Keras,
// not loadable by plain TF.js, and the result says so.
import type { io } from '@tensorflow/tfjs';
import { join } from 'node:path';
import { modelSpecSchema, type ModelSpec } from '../model/spec.js';
import { validate } from '../model/validate.js';
import type { WeightTensor } from '../engine/types.js';
import { layerPlan } from '../engine/plan.js';
import { UserError } from '../errors.js';
import type { Tf, LayersModel } from '../engine/tfjs/tf.js';
import { loadPureTfjs } from '../engine/tfjs/tf.js';
import { buildTfjsModel, isTfjsLoadable } from '../engine/tfjs/build.js';
import { writeTfjsWeights } from '../engine/tfjs/weights.js';
import { encodeWeightData, sha256Hex, writeFileAtomic, writeModelArtifacts, type WeightSpec } from './artifacts.js';
import { buildTokenizer, type TokenizerSettings } from './tokenizer.js';
import { prepareExportDir } from './paths.js';
import { MODEL_CARD_JSON, MODEL_ONNX, TOKENIZER_JSON, WEIGHTS_BIN, type ExportFormat, type ModelCard, type TokenizerJson, type ModelCardInput } from './format.js';
import { onnxModelBytes } from './onnx/index.js';

export interface ExportOptions {
  spec: ModelSpec;
  /** In Keras model.weights order with Keras names (main/engine/weights.ts). */
  weights: WeightTensor[];
  outDir: string;
  overwrite?: boolean;
  /** Confine outDir to this folder (UI/server exports by name). */
  base?: string;
  card: ModelCardInput;
  /** numWords and maxLen come from the spec. */
  tokenizer: Omit<TokenizerSettings, 'numWords' | 'maxLen'>;
  tf?: Tf;
  /** 'tfjs' (default): model.json + weight shard; 'onnx': model.onnx. */
  format?: ExportFormat;
}

export interface ExportResult {
  dir: string;
  files: { name: string; bytes: number }[];
  warnings: string[];
  tfjsLoadable: boolean;
  format: ExportFormat;
  card: ModelCard;
}

export const RESET_AFTER_WARNING =
  'This GRU uses reset_after=true (the Keras default): model.json is valid for Keras (TF.js → Keras converter), ' +
  'but plain TF.js cannot load it (tfjs-layers refuses reset_after=true). To use the model in TF.js, train with the ' +
  'TF.js-compatible GRU variant (reset_after=false) and export that run.';

/** Captures what tfjs-layers' model.save writes, without touching the disk. */
async function saveToMemory(tf: Tf, model: LayersModel): Promise<io.ModelArtifacts> {
  let captured: io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      captured = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured) throw new Error('tfjs model.save produced no artifacts');
  return captured;
}

function sameShape(a: readonly (number | null)[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks our weights against the model's in order, name and shape (forward/backward swaps have equal shapes). */
function checkWeights(model: LayersModel, weights: WeightTensor[], resetAfter: boolean): void {
  const targets = model.weights;
  if (targets.length !== weights.length) throw new UserError(`the model needs ${targets.length} weight arrays, got ${weights.length}`);
  targets.forEach((t, i) => {
    const w = weights[i] as WeightTensor;
    if (w.name !== t.originalName) throw new UserError(`weight ${i} is named ${w.name}, expected ${t.originalName}`);
    const want = resetAfter && /(^|\/)gru(_\d+)?\/bias$/.test(t.originalName) ? [2, t.shape[0] as number] : t.shape;
    if (!sameShape(want, w.shape)) throw new UserError(`weight ${w.name} has shape [${w.shape.join(',')}], expected [${want.join(',')}]`);
    if (w.data.length !== w.shape.reduce((a, b) => a * b, 1)) throw new UserError(`weight ${w.name} holds ${w.data.length} values for shape [${w.shape.join(',')}]`);
  });
}

/** Sets reset_after: true on every GRU layer config of a Keras topology. */
function markResetAfter(topology: Record<string, unknown>): void {
  const config = topology['config'] as { layers?: { class_name: string; config: Record<string, unknown> }[] } | undefined;
  for (const l of config?.layers ?? []) if (l.class_name === 'GRU') l.config['reset_after'] = true;
}

export async function exportModel(opts: ExportOptions): Promise<ExportResult> {
  const spec = validate(modelSpecSchema, opts.spec, 'model spec');
  if (opts.format === 'onnx') return exportOnnx(spec, opts);
  const tf = opts.tf ?? (await loadPureTfjs());
  const loadable = isTfjsLoadable(spec);
  const warnings = loadable ? [] : [RESET_AFTER_WARNING];
  const tokenizer = buildTokenizer({ ...opts.tokenizer, numWords: spec.numWords, maxLen: spec.maxLen });

  const model = buildTfjsModel(tf, spec, { resetAfterTwin: !loadable });
  let artifacts: { modelTopology: Record<string, unknown>; format: string; generatedBy: string; convertedBy: string | null; weightSpecs: WeightSpec[]; weightData: Uint8Array };
  try {
    checkWeights(model, opts.weights, !loadable);
    if (loadable) writeTfjsWeights(tf, model, opts.weights);
    const saved = await saveToMemory(tf, model);
    const topology = saved.modelTopology as Record<string, unknown>;
    if (!loadable) markResetAfter(topology);
    artifacts = {
      modelTopology: topology,
      format: saved.format ?? 'layers-model',
      generatedBy: saved.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: saved.convertedBy ?? null,
      // The reset_after twin has a (3u) bias; the manifest describes our (2, 3u) one.
      weightSpecs: loadable ? (saved.weightSpecs ?? []) : opts.weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' as const })),
      weightData: loadable ? new Uint8Array(tf.io.CompositeArrayBuffer.join(saved.weightData ?? new ArrayBuffer(0))) : encodeWeightData(opts.weights),
    };
  } finally {
    model.dispose();
  }

  const dir = await prepareExportDir(opts.outDir, { ...(opts.overwrite !== undefined ? { overwrite: opts.overwrite } : {}), ...(opts.base !== undefined ? { base: opts.base } : {}) });
  const files = await writeModelArtifacts(dir, artifacts);
  return finishExport(dir, spec, opts, files, { format: 'tfjs', loadable, warnings, hashed: WEIGHTS_BIN, bytes: artifacts.weightData, tokenizer });
}

/** model.onnx (graph and weights), then the same tokenizer.json and model card as the TF.js export. */
async function exportOnnx(spec: ModelSpec, opts: ExportOptions): Promise<ExportResult> {
  const tokenizer = buildTokenizer({ ...opts.tokenizer, numWords: spec.numWords, maxLen: spec.maxLen });
  const bytes = onnxModelBytes(spec, opts.weights, opts.card.appVersion);
  const dir = await prepareExportDir(opts.outDir, { ...(opts.overwrite !== undefined ? { overwrite: opts.overwrite } : {}), ...(opts.base !== undefined ? { base: opts.base } : {}) });
  const files = [{ name: MODEL_ONNX, bytes: await writeFileAtomic(join(dir, MODEL_ONNX), bytes) }];
  return finishExport(dir, spec, opts, files, { format: 'onnx', loadable: false, warnings: [], hashed: MODEL_ONNX, bytes, tokenizer });
}

async function finishExport(
  dir: string,
  spec: ModelSpec,
  opts: ExportOptions,
  files: { name: string; bytes: number }[],
  m: { format: ExportFormat; loadable: boolean; warnings: string[]; hashed: string; bytes: Uint8Array; tokenizer: TokenizerJson },
): Promise<ExportResult> {
  const { loadable, warnings } = m;
  const tokText = JSON.stringify(m.tokenizer);
  files.push({ name: TOKENIZER_JSON, bytes: await writeFileAtomic(join(dir, TOKENIZER_JSON), tokText) });

  const plan = layerPlan(spec);
  const card: ModelCard = {
    format: 'recurrent-lab-model-card',
    version: 1,
    exportedAt: new Date().toISOString(),
    appVersion: opts.card.appVersion,
    run: opts.card.run ?? null,
    model: spec,
    layers: plan.map((l) => ({ name: l.name, type: l.type })),
    totalParams: plan.reduce((a, l) => a + l.params, 0),
    train: opts.card.train ?? null,
    data: opts.card.data ?? null,
    metrics: opts.card.metrics ?? {},
    engine: opts.card.engine ?? null,
    modelFormat: m.format,
    tfjsLoadable: loadable,
    warnings,
    files: files.map((f) => (f.name === m.hashed ? { ...f, sha256: sha256Hex(m.bytes) } : { ...f })),
  };
  files.push({ name: MODEL_CARD_JSON, bytes: await writeFileAtomic(join(dir, MODEL_CARD_JSON), JSON.stringify(card, null, 2)) });
  return { dir, files, warnings, tfjsLoadable: loadable, format: m.format, card };
}
