// What one layer kind supplies. Each kind is one module in this folder (embedding, dropout, recurrent,
// bidirectional, pooling, dense) and one entry of LAYER_KINDS (registry.ts); the consumers — the CPU network,
// the data-parallel arena and mask replay, the WebGPU network and its mask draws, the tfjs build, the time
// estimate — iterate layerPlan(spec) and call through the registry instead of switching on `kind`.
// A kind's module also exports its planned-layer type and the maker layerPlan() calls, which holds its
// Keras class name, output shape and parameter count (what modelSummary() prints).
import type { Kernels } from '../kernels/api.js';
import type { Rng } from '../rng.js';
import type { Param } from '../weights.js';
import type { PassContext } from '../layers/context.js';
import type { TokenInput } from '../layers/token-input.js';
import type { RecurrentLayer } from '../layers/recurrent.js';
import type { MergeMode } from '../layers/bidirectional.js';
import type { Tf } from '../tfjs/tf.js';
import type { RecurrentPlan } from './recurrent-shape.js';

/** The fields every planned layer has: its Keras name and its model.summary() row. */
export interface PlannedBase<K extends string> {
  kind: K;
  name: string;
  /** Keras / TF.js class name. */
  type: string;
  outputShape: (number | null)[];
  params: number;
}

/** Keras auto-naming: the layer's name from the base of its class name (lstm, lstm_1, …). */
export type Namer = (base: string) => string;

/** What a CPU pass is built with. Kinds are built in plan order, so initialisers draw from rng in Keras order. */
export interface CpuBuild {
  kernels: Kernels;
  rng: Rng;
}

/** The network's input layer: token ids → a time-major [T, B, dim] activation (the embedding). */
export interface CpuInput {
  /** Its weight; the gradient is sparse (the rows a batch touched), which the data-parallel replicas merge. */
  readonly param: Param;
  readonly vocab: number;
  forward(x: Int32Array, B: number, T: number): Float32Array;
  backward(dOut: Float32Array): void;
  /** The token-input path (layers/token-input.ts): the batch's distinct rows, and their gradient. */
  gatherUnique(tok: TokenInput): Float32Array;
  backwardUnique(tok: TokenInput, dRows: Float32Array): void;
}

/** A layer after the input: activations in, activations out ([B] logits from the last one). */
export interface CpuStage {
  /** Its weights in Keras order (they follow the input's in Network.params, layer by layer). */
  readonly params: readonly Param[];
  forward(x: Float32Array, B: number, T: number, ctx: PassContext): Float32Array;
  backward(dOut: Float32Array, ctx: PassContext): Float32Array;
  /** Present when the layer can read the embedding's distinct rows directly (token-input.ts) as the first stage. */
  forwardTokens?(tok: TokenInput, rows: Float32Array, B: number, T: number, ctx: PassContext): Float32Array;
}

export type CpuPart =
  | { input: CpuInput }
  /** recurrent: its recurrent layers, one per direction (gradient norms; replicas rebind their weights). */
  | { stage: CpuStage; recurrent?: readonly RecurrentLayer[] };

/** What a data-parallel replica's arena holds for `cap` rows of length T (parallel/layout.ts). */
export interface ArenaSizing {
  T: number;
  cap: number;
  /** T · cap: the rows of a time-major activation. */
  seq: number;
  /** Most distinct tokens a batch can have (the token-input path). */
  distinct: number;
  /** The layer comes right after the input, so it may read the embedding's distinct rows directly. */
  tokenInput: boolean;
}

/**
 * A block of dropout decisions a training pass draws from the training stream: steps × B × width of them,
 * time-major, each kept with probability `keep` (rng.uniform() < keep).
 */
export interface MaskDraw {
  steps: number;
  width: number;
  keep: number;
}

export interface TfjsBuild {
  tf: Tf;
  /** maxLen. */
  T: number;
  /** End in a linear Dense (logits) instead of sigmoid (the tfjs backend trains on logits). */
  logits: boolean;
}

export type TfLayer = Parameters<ReturnType<Tf['sequential']>['add']>[0];

/**
 * The parts a layer can play in the WebGPU network (webgpu/network.ts), declared in plan order. The GPU
 * engine fuses across layer boundaries — a dropout into the gather or copy that feeds the next recurrent
 * layer, a Bidirectional's merge and the pooling into the head kernel, Dense(1) into the loss — so a kind
 * names its part instead of recording kernels of its own. A kind that fits none throws a UserError from
 * gpu() (it then trains on the CPU and tfjs engines) until the GPU network learns its part.
 */
export interface GpuLayout {
  /** The token embedding: its weight-name prefix and width. */
  embedding(name: string, dim: number): void;
  /** Dropout on the input of the next recurrent layer; mask: the index of its draw. */
  dropout(rate: number, mask: number): void;
  /**
   * A recurrent layer of one or two directions (weight-name prefixes; the second runs go_backwards), merged
   * by `merge` where the head reads them; masks: each direction's recurrent-dropout draw, or none.
   */
  recurrent(rec: RecurrentPlan, directions: readonly string[], merge: MergeMode, masks: readonly number[]): void;
  /** Global max / average pooling over time, read by the head. */
  pool(mode: 'max' | 'avg'): void;
  /** The Dense(1) classifier and the loss. */
  dense(name: string, inputDim: number): void;
}

export interface LayerKind<L extends PlannedBase<string>> {
  /** Our CPU engine's forward and backward pass (network.ts). */
  cpu(l: L, b: CpuBuild): CpuPart;
  /** Floats its CPU pass allocates in a data-parallel replica's arena, generously (parallel/layout.ts). */
  arenaFloats(l: L, a: ArenaSizing): number;
  /**
   * Its dropout decisions per training pass, in the order its CPU pass draws them. The data-parallel replay
   * (replay-rng.ts) and the WebGPU engine (webgpu/dropout-draws.ts) draw them in plan order from these, so one
   * seed gives every engine and every split of a batch the same masks.
   */
  draws(l: L, T: number): MaskDraw[];
  /** Its tfjs-layers layer (tfjs/build.ts: the tfjs backend and the TF.js/Keras export). */
  tfjs(l: L, b: TfjsBuild): TfLayer;
  /** Whether TF.js builds it as Keras does (else only its export, through a TF.js twin, is possible). */
  tfjsLoadable(l: L): boolean;
  /** Its part in the WebGPU network; masks: the indices of its draws() among the pass's masks. */
  gpu(l: L, g: GpuLayout, masks: readonly number[]): void;
  /** Floats per position and row of its widest GPU activation (webgpu/model.ts sizes batches by it). */
  gpuWidth(l: L): number;
  /** Multiply-adds per example and timestep, for the training-time estimate (only ratios are used). */
  cost(l: L): number;
}
