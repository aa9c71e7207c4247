// model.json + weight shard on disk in the TF.js layers format (what tfjs' own file handlers and the
// TF.js converter write), read back without a file:// handler (pure @tensorflow/tfjs has none) and
// loaded with tf.loadLayersModel(tf.io.fromMemory(…)).
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import type { WeightTensor } from '../engine/types.js';
import { UserError } from '../errors.js';
import type { Tf, LayersModel } from '../engine/tfjs/tf.js';
import { loadPureTfjs } from '../engine/tfjs/tf.js';
import { MODEL_CARD_JSON, MODEL_JSON, WEIGHTS_BIN } from './format.js';

export type WeightSpec = io.WeightsManifestEntry;

export interface ModelJson {
  format: string;
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

export function sha256Hex(data: Uint8Array | ArrayBuffer): string {
  return createHash('sha256').update(data instanceof Uint8Array ? data : new Uint8Array(data)).digest('hex');
}

/**
 * Refuses weights whose bytes no longer match the SHA-256 that model-card.json records for the shard
 * (a card from an older version records none: nothing to check).
 */
export function checkWeightsChecksum(dir: string, card: { files?: unknown }, weightData: ArrayBuffer | Uint8Array, file: string = WEIGHTS_BIN): void {
  const files = Array.isArray(card.files) ? (card.files as { name?: unknown; sha256?: unknown }[]) : [];
  const want = files.find((f) => f && f.name === file)?.sha256;
  if (typeof want !== 'string') return;
  if (sha256Hex(weightData) !== want) {
    throw new UserError(`${join(dir, file)} is damaged: its SHA-256 does not match the one in ${MODEL_CARD_JSON} (the weights were changed after export)`, 'corrupt_file');
  }
}

/** Writes a file through a temporary name, so a crash or full disk never leaves a half-written file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<number> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOSPC' ? 'the disk is full' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.message;
    throw new UserError(`cannot write ${path}: ${why}`, 'write_failed');
  }
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

/** Writes model.json and its single weight shard; returns the files written with their sizes. */
export async function writeModelArtifacts(
  dir: string,
  a: { modelTopology: Record<string, unknown>; format: string; generatedBy: string; convertedBy: string | null; weightSpecs: WeightSpec[]; weightData: Uint8Array },
): Promise<{ name: string; bytes: number }[]> {
  const json: ModelJson = {
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: a.weightSpecs }],
  };
  const bin = await writeFileAtomic(join(dir, WEIGHTS_BIN), a.weightData);
  const mj = await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(json));
  return [
    { name: MODEL_JSON, bytes: mj },
    { name: WEIGHTS_BIN, bytes: bin },
  ];
}

export async function readOrExplain(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new UserError(`${path} not found — is this an exported model folder?`, 'not_found');
    throw new UserError(`cannot read ${path}: ${err.message}`, 'read_failed');
  }
}

export async function readJsonFile(path: string): Promise<unknown> {
  const buf = await readOrExplain(path);
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new UserError(`${path} is not valid JSON (${(e as Error).message})`, 'corrupt_file');
  }
}

/** Reads model.json and concatenates its weight shards (all must lie in the same folder). */
export async function readModelArtifacts(dir: string): Promise<{ json: ModelJson; weightSpecs: WeightSpec[]; weightData: ArrayBuffer }> {
  const path = join(dir, MODEL_JSON);
  const json = (await readJsonFile(path)) as Partial<ModelJson> | null;
  if (!json || typeof json !== 'object' || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new UserError(`${path} is not a TF.js layers model (no modelTopology / weightsManifest)`, 'corrupt_file');
  }
  const specs: WeightSpec[] = [];
  const parts: Buffer[] = [];
  for (const group of json.weightsManifest) {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights) || group.paths.some((p) => typeof p !== 'string')) {
      throw new UserError(`${path} has a malformed weightsManifest entry (expected {paths: string[], weights: [...]})`, 'corrupt_file');
    }
    for (const p of group.paths) {
      // Shards must sit beside model.json: a manifest must not make us read elsewhere.
      if (basename(p) !== p || p === '..' || p === '.') throw new UserError(`${path} names a weight file outside its folder: ${p}`, 'corrupt_file');
      parts.push(await readOrExplain(join(dir, p)));
    }
    specs.push(...group.weights);
  }
  const all = Buffer.concat(parts);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return { json: json as ModelJson, weightSpecs: specs, weightData };
}

/** Decodes float32 weights of a manifest into named arrays (the only dtype we write). */
export function decodeWeightData(specs: WeightSpec[], data: ArrayBuffer): WeightTensor[] {
  const out: WeightTensor[] = [];
  let offset = 0;
  for (const s of specs) {
    if (!s || typeof s.name !== 'string' || !Array.isArray(s.shape) || s.shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new UserError(`malformed weight entry in the manifest: ${JSON.stringify(s)?.slice(0, 120)}`, 'corrupt_file');
    }
    if (s.dtype !== 'float32' || s.quantization) throw new UserError(`weight ${s.name}: only unquantised float32 weights are supported, got ${s.dtype}`, 'corrupt_file');
    const size = s.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > data.byteLength) throw new UserError(`weight data is shorter than the manifest needs (at ${s.name})`, 'corrupt_file');
    out.push({ name: s.name, shape: [...s.shape], data: new Float32Array(data.slice(offset, offset + size * 4)) });
    offset += size * 4;
  }
  if (offset !== data.byteLength) throw new UserError(`weight data has ${data.byteLength - offset} bytes the manifest does not describe`, 'corrupt_file');
  return out;
}

/** Our weights as one little-endian float32 buffer, in manifest order. */
export function encodeWeightData(weights: WeightTensor[]): Uint8Array {
  const total = weights.reduce((a, w) => a + w.data.length, 0);
  const out = new Float32Array(total);
  let o = 0;
  for (const w of weights) {
    out.set(w.data, o);
    o += w.data.length;
  }
  return new Uint8Array(out.buffer);
}

/** Loads an exported folder into TF.js exactly as a user of plain @tensorflow/tfjs would. */
export async function loadExportedModel(dir: string, tf?: Tf): Promise<LayersModel> {
  const t = tf ?? (await loadPureTfjs());
  const { json, weightSpecs, weightData } = await readModelArtifacts(dir);
  const artifacts: io.ModelArtifacts = {
    modelTopology: json.modelTopology as NonNullable<io.ModelArtifacts['modelTopology']>,
    format: json.format,
    generatedBy: json.generatedBy,
    ...(json.convertedBy != null ? { convertedBy: json.convertedBy } : {}),
    weightSpecs,
    weightData,
  };
  try {
    return await t.loadLayersModel(t.io.fromMemory(artifacts));
  } catch (e) {
    throw new UserError(`TF.js could not load ${join(dir, MODEL_JSON)}: ${(e as Error).message}`, 'load_failed');
  }
}
