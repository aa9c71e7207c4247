// Scoring text with an exported model folder: tokenizer.json encodes the review exactly as the training data
// was encoded. Runtimes: 'tfjs' loads model.json with plain TF.js (every architecture but GRU
// reset_after=true); 'engine' reads the same weights into our engine (every architecture, and fast enough
// for the occlusion batches of the "Try it" screen); 'onnx' runs model.onnx in onnxruntime-node (optional).
// A folder holds model.json (TF.js export) or model.onnx (ONNX export): 'auto' = engine for the former, onnx
// for the latter.
import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import { modelSpecSchema, type ModelSpec } from '../model/spec.js';
import { validate } from '../model/validate.js';
import { UserError } from '../errors.js';
import type { LayersModel, Tensor } from '../engine/tfjs/tf.js';
import { loadPureTfjs } from '../engine/tfjs/tf.js';
import { EngineModel } from '../engine/model.js';
import { createJsKernels } from '../engine/kernels/js.js';
import { checkWeightsChecksum, decodeWeightData, loadExportedModel, readJsonFile, readModelArtifacts, readOrExplain } from './artifacts.js';
import { openOnnxScorer } from './onnx/runtime.js';
import { parseTokenizer, Tokenizer } from './tokenizer.js';
import { checkedPredict, occlusion, type PredictFn } from './explain.js';
import { MODEL_CARD_JSON, MODEL_JSON, MODEL_ONNX, TOKENIZER_JSON, WEIGHTS_BIN, type ModelCard } from './format.js';

export interface PredictResult {
  probability: number;
  label: 'positive' | 'negative';
  tokens: string[];
  oov: string[];
  truncated: boolean;
}

export interface ExportedModel {
  dir: string;
  spec: ModelSpec;
  card: ModelCard;
  tokenizer: Tokenizer;
  /** Which runtime scores. */
  runtime: 'tfjs' | 'engine' | 'onnx';
  predict: PredictFn;
  dispose(): void;
}

export type Runtime = 'auto' | 'tfjs' | 'engine' | 'onnx';
export const RUNTIMES: readonly Runtime[] = ['auto', 'engine', 'tfjs', 'onnx'];

async function openExported(dir: string, runtime: Runtime, onnx: boolean): Promise<ExportedModel> {
  const card = (await readJsonFile(join(dir, MODEL_CARD_JSON))) as ModelCard | null;
  if (!card || typeof card !== 'object' || card.format !== 'recurrent-lab-model-card') {
    throw new UserError(`${join(dir, MODEL_CARD_JSON)} is not a Recurrent Lab model card`, 'corrupt_file');
  }
  const spec = validate(modelSpecSchema, card.model, `model spec in ${MODEL_CARD_JSON}`);
  const tokenizer = new Tokenizer(parseTokenizer(await readJsonFile(join(dir, TOKENIZER_JSON)), join(dir, TOKENIZER_JSON)));
  if (tokenizer.json.maxLen !== spec.maxLen || tokenizer.json.numWords !== spec.numWords) {
    throw new UserError(`${TOKENIZER_JSON} (maxLen ${tokenizer.json.maxLen}, numWords ${tokenizer.json.numWords}) does not match the model (maxLen ${spec.maxLen}, numWords ${spec.numWords})`, 'corrupt_file');
  }
  if (onnx) {
    const path = join(dir, MODEL_ONNX);
    const bytes = new Uint8Array(await readOrExplain(path));
    checkWeightsChecksum(dir, card, bytes, MODEL_ONNX);
    const scorer = await openOnnxScorer(bytes, spec.maxLen, path);
    return { dir, spec, card, tokenizer, runtime: 'onnx', predict: checkedPredict((x, n) => scorer.predict(x, n), dir), dispose: () => scorer.dispose() };
  }
  const { weightSpecs, weightData } = await readModelArtifacts(dir);
  if (runtime !== 'tfjs') {
    // Sizes first (a clear "shorter than the manifest"), then the bytes against the card's checksum.
    const weights = decodeWeightData(weightSpecs, weightData);
    checkWeightsChecksum(dir, card, weightData);
    // Plain-JS kernels: no worker threads to keep a CLI process alive; one review takes milliseconds.
    const engine = new EngineModel(spec, 0, createJsKernels());
    engine.setWeights(weights);
    const predict = checkedPredict((x, n) => engine.predict(x, n), dir);
    return { dir, spec, card, tokenizer, runtime: 'engine', predict, dispose: () => engine.dispose() };
  }
  if (!card.tfjsLoadable) {
    throw new UserError(`this model cannot be scored with TF.js: ${card.warnings[0] ?? 'not TF.js-loadable'}`, 'unsupported');
  }
  checkWeightsChecksum(dir, card, weightData);
  const tf = await loadPureTfjs();
  const model: LayersModel = await loadExportedModel(dir, tf);
  const L = spec.maxLen;
  const predict = checkedPredict(async (x, n) => {
    if (x.length !== n * L) throw new UserError(`expected ${n} × ${L} token ids, got ${x.length}`);
    const out = new Float32Array(n);
    const chunk = 64;
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      const y = tf.tidy(() => model.predict(tf.tensor2d(x.subarray(s * L, (s + m) * L), [m, L], 'int32')) as Tensor);
      out.set(await y.data(), s);
      y.dispose();
    }
    return out;
  }, dir);
  return { dir, spec, card, tokenizer, runtime: 'tfjs', predict, dispose: () => model.dispose() };
}

/** Loaded exports, keyed by folder and model.json's mtime (the "Try it" screen scores many texts). */
const cache = new Map<string, { key: string; model: ExportedModel }>();
const CACHE_SIZE = 4;

export async function openExportedModel(dir: string, runtime: Runtime = 'auto'): Promise<ExportedModel> {
  const st = (await stat(join(dir, MODEL_JSON)).catch(() => null)) ?? (await stat(join(dir, MODEL_ONNX)).catch(() => null));
  if (!st) throw new UserError(`${join(dir, MODEL_JSON)} not found (nor ${MODEL_ONNX}) — is ${dir} an exported model folder?`, 'not_found');
  const onnx = !(await stat(join(dir, MODEL_JSON)).catch(() => null));
  if (onnx && runtime !== 'auto' && runtime !== 'onnx') throw new UserError(`${dir} holds an ONNX export (${MODEL_ONNX}): score it with --runtime onnx (or auto), not ${runtime}`, 'unsupported');
  if (!onnx && runtime === 'onnx') throw new UserError(`${dir} holds a TF.js export (${MODEL_JSON}), not ${MODEL_ONNX}: export the run with --format onnx to score it with ONNX Runtime`, 'unsupported');
  // Any rewritten file (re-export, edited tokenizer) invalidates the cached model.
  const others = await Promise.all([WEIGHTS_BIN, MODEL_ONNX, TOKENIZER_JSON, MODEL_CARD_JSON].map((f) => stat(join(dir, f)).catch(() => null)));
  const key = [st, ...others].map((s) => (s ? `${s.mtimeMs}:${s.size}` : '-')).join('|');
  const id = `${onnx ? 'onnx' : runtime === 'tfjs' ? 'tfjs' : 'engine'}:${dir}`;
  const hit = cache.get(id);
  if (hit && hit.key === key) return hit.model;
  const model = await openExported(dir, runtime, onnx);
  hit?.model.dispose();
  cache.set(id, { key, model });
  if (cache.size > CACHE_SIZE) {
    const [oldest] = cache.keys();
    if (oldest !== undefined) {
      cache.get(oldest)?.model.dispose();
      cache.delete(oldest);
    }
  }
  return model;
}

export async function predictText(modelDir: string, text: string, runtime: Runtime = 'auto'): Promise<PredictResult> {
  if (typeof text !== 'string' || text.trim() === '') throw new UserError('the text to score is empty');
  const m = await openExportedModel(modelDir, runtime);
  const enc = m.tokenizer.encode(text);
  const p = (await m.predict(enc.sequence, 1))[0] as number;
  return { probability: p, label: p > 0.5 ? 'positive' : 'negative', tokens: enc.tokens, oov: enc.oov, truncated: enc.truncated };
}

export interface TokenContribution {
  token: string;
  /** Probability change when this word is replaced by the OOV id; null when it was truncated away or is OOV. */
  contribution: number | null;
  oov: boolean;
}

/** predictText plus each word's occlusion contribution. */
export async function explainText(modelDir: string, text: string, runtime: Runtime = 'auto'): Promise<PredictResult & { contributions: TokenContribution[] }> {
  if (typeof text !== 'string' || text.trim() === '') throw new UserError('the text to score is empty');
  const m = await openExportedModel(modelDir, runtime);
  const enc = m.tokenizer.encode(text);
  const { oovChar, startChar } = m.tokenizer.json;
  const r = await occlusion({ predict: m.predict, oovChar, skipIds: [0, startChar] }, enc.sequence);
  const contributions = enc.tokens.map((token, i) => {
    const pos = enc.positions[i] as number;
    const isOov = m.tokenizer.idOf(token) === oovChar;
    return { token, contribution: pos < 0 || isOov ? null : (r.contributions[pos] as number), oov: isOov };
  });
  const p = r.probability;
  return { probability: p, label: p > 0.5 ? 'positive' : 'negative', tokens: enc.tokens, oov: enc.oov, truncated: enc.truncated, contributions };
}
