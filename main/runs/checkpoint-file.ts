// Checkpoint files: a run's weights + optimizer state (+ early-stopping best weights) at the end of an
// epoch, written atomically (temp file + rename) so a kill mid-write never leaves a torn checkpoint.
// Layout: "RLCKPT01" | u32 LE header length | JSON header | zero padding to 4 bytes | float32 LE data.
// The header carries the SHA-256 of the data section; a file whose data no longer matches it is refused
// (files written before the checksum existed have none and open as before).
import { createHash } from 'node:crypto';
import { writeAtomically } from './atomic-write.js';
import { frameHead, readFrame } from './framed-file.js';
import type { Checkpoint, WeightTensor } from '../engine/types.js';
import { UserError } from '../errors.js';

const MAGIC = 'RLCKPT01';

type Group = 'weights' | 'optimizer' | 'best';

interface TensorEntry {
  group: Group;
  name: string;
  shape: number[];
  /** Offset into the data section, in float32 elements. */
  offset: number;
  length: number;
}

interface Header {
  format: 1;
  epoch: number;
  optimizerStep: number;
  rngState: number[];
  bestValLoss: number | null;
  bestEpoch: number | null;
  epochsWithoutImprovement: number;
  hasBest: boolean;
  tensors: TensorEntry[];
  /** Hex SHA-256 of the float32 data section; absent in checkpoints of older versions. */
  sha256?: string;
}

export function encodeCheckpoint(c: Checkpoint): Buffer[] {
  const tensors: TensorEntry[] = [];
  const datas: Float32Array[] = [];
  let offset = 0;
  const add = (group: Group, list: WeightTensor[]) => {
    for (const t of list) {
      tensors.push({ group, name: t.name, shape: [...t.shape], offset, length: t.data.length });
      datas.push(t.data);
      offset += t.data.length;
    }
  };
  add('weights', c.weights);
  add('optimizer', c.optimizerState);
  if (c.bestWeights) add('best', c.bestWeights);
  const parts = datas.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength));
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  const header: Header = {
    format: 1,
    epoch: c.epoch,
    optimizerStep: c.optimizerStep,
    rngState: [...c.rngState],
    bestValLoss: c.bestValLoss,
    bestEpoch: c.bestEpoch,
    epochsWithoutImprovement: c.epochsWithoutImprovement,
    hasBest: c.bestWeights !== null,
    tensors,
    sha256: hash.digest('hex'),
  };
  // Float32Array memory is little-endian on every platform Node supports.
  return [frameHead(MAGIC, header), ...parts];
}

/** Writes atomically; returns the file size in bytes. */
export function writeCheckpointFile(path: string, c: Checkpoint): number {
  return writeAtomically(path, encodeCheckpoint(c));
}

/** Final trained weights only (no optimizer state), same format. */
export function writeWeightsFile(path: string, weights: WeightTensor[], epoch: number): number {
  return writeCheckpointFile(path, {
    epoch,
    weights,
    optimizerState: [],
    optimizerStep: 0,
    rngState: [],
    bestValLoss: null,
    bestEpoch: null,
    bestWeights: null,
    epochsWithoutImprovement: 0,
  });
}

export function readCheckpointFile(path: string): Checkpoint {
  const { header, buf, dataStart } = readFrame<Header>(path, MAGIC, {
    missing: 'checkpoint_missing',
    corrupt: 'checkpoint_corrupt',
    unreadable: (reason) => `cannot read checkpoint ${path}: ${reason}`,
    notOurs: `${path} is not a Recurrent Lab checkpoint`,
    damagedHeader: `checkpoint ${path} has a damaged header`,
  });
  const total = header.tensors.reduce((s, t) => Math.max(s, t.offset + t.length), 0);
  if (buf.length < dataStart + total * 4) throw new UserError(`checkpoint ${path} is truncated`, 'checkpoint_corrupt');
  const payload = buf.subarray(dataStart, dataStart + total * 4);
  if (header.sha256 !== undefined && createHash('sha256').update(payload).digest('hex') !== header.sha256) {
    throw new UserError(`checkpoint ${path} is damaged: its weights do not match the SHA-256 in its header (the file was changed after it was written)`, 'checkpoint_corrupt');
  }
  // Copy into an aligned buffer owned by the result.
  const data = new Float32Array(total);
  new Uint8Array(data.buffer).set(payload);
  const pick = (g: Group): WeightTensor[] =>
    header.tensors
      .filter((t) => t.group === g)
      .map((t) => ({ name: t.name, shape: t.shape, data: data.slice(t.offset, t.offset + t.length) }));
  return {
    epoch: header.epoch,
    weights: pick('weights'),
    optimizerState: pick('optimizer'),
    optimizerStep: header.optimizerStep,
    rngState: header.rngState,
    bestValLoss: header.bestValLoss,
    bestEpoch: header.bestEpoch,
    bestWeights: header.hasBest ? pick('best') : null,
    epochsWithoutImprovement: header.epochsWithoutImprovement,
  };
}
