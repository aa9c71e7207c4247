// The model as a pipeline of engine layers built from layerPlan(spec): forward to logits, backward to gradients.
import type { Kernels } from './kernels/api.js';
import type { ModelSpec } from '../model/spec.js';
import { layerPlan } from './plan.js';
import { Rng } from './rng.js';
import type { Param } from './weights.js';
import type { PassContext } from './layers/context.js';
import { EmbeddingLayer } from './layers/embedding.js';
import { DropoutLayer } from './layers/dropout.js';
import { RecurrentLayer } from './layers/recurrent.js';
import { BidirectionalLayer } from './layers/bidirectional.js';
import { DenseLayer } from './layers/dense.js';
import { TokenInput } from './layers/token-input.js';
import { PoolingLayer } from './layers/pooling.js';

type Stage =
  | { kind: 'dropout'; layer: DropoutLayer }
  | { kind: 'recurrent'; layer: RecurrentLayer }
  | { kind: 'bidirectional'; layer: BidirectionalLayer }
  | { kind: 'pooling'; layer: PoolingLayer };

export class Network {
  readonly params: Param[];
  readonly embedding: EmbeddingLayer;
  readonly stages: Stage[] = [];
  readonly dense: DenseLayer;
  private maskBuf: Uint8Array = new Uint8Array(0);
  /** Kernel memory behind maskBuf (so the SIMD cell kernels can read the mask). */
  private maskStore: Float32Array = new Float32Array(0);
  /**
   * Whether the first recurrent layer reads the embedding's distinct rows directly (token-input.ts) when
   * nothing stands between them (no dropout). Same arithmetic, fewer rows; false runs the plain path.
   */
  tokenInput = true;
  private readonly tokens: TokenInput;
  private tokenPass = false;

  constructor(readonly spec: ModelSpec, readonly kernels: Kernels, seed: number) {
    const rng = new Rng(seed, 0);
    let embedding: EmbeddingLayer | null = null;
    let dense: DenseLayer | null = null;
    for (const l of layerPlan(spec)) {
      if (l.kind === 'embedding') embedding = new EmbeddingLayer(kernels, l.name, l.inputDim, l.outputDim, rng);
      else if (l.kind === 'dropout') this.stages.push({ kind: 'dropout', layer: new DropoutLayer(kernels, l.rate) });
      else if (l.kind === 'recurrent') {
        this.stages.push({ kind: 'recurrent', layer: new RecurrentLayer(kernels, { name: l.name, plan: l.rec, recurrentDropout: spec.recurrentDropout }, rng) });
      } else if (l.kind === 'bidirectional') {
        this.stages.push({ kind: 'bidirectional', layer: new BidirectionalLayer(kernels, l.name, l.innerName, l.rec, l.merge, spec.recurrentDropout, rng) });
      } else if (l.kind === 'pooling') this.stages.push({ kind: 'pooling', layer: new PoolingLayer(kernels, l.mode, l.dim) });
      else if (l.kind === 'dense') dense = new DenseLayer(kernels, l.name, l.inputDim, rng);
      else throw new Error(`unknown layer kind ${(l as { kind: string }).kind}`);
    }
    if (!embedding || !dense) throw new Error('layer plan lacks an embedding or dense layer');
    this.embedding = embedding;
    this.dense = dense;
    const params: Param[] = [embedding.param];
    for (const s of this.stages) if (s.kind === 'recurrent' || s.kind === 'bidirectional') params.push(...s.layer.params);
    params.push(dense.kernel, dense.bias);
    this.params = params;
    this.tokens = new TokenInput(embedding.vocab);
  }

  /** The recurrent layers by weight-name prefix (both directions of a Bidirectional). */
  recurrentLayers(): RecurrentLayer[] {
    const out: RecurrentLayer[] = [];
    for (const s of this.stages) {
      if (s.kind === 'recurrent') out.push(s.layer);
      else if (s.kind === 'bidirectional') out.push(s.layer.fwd, s.layer.bwd);
    }
    return out;
  }

  /** Time-major padding mask for mask_zero, or null. */
  private buildMask(x: Int32Array, B: number, T: number): Uint8Array | null {
    if (!this.spec.maskZero) return null;
    if (this.maskBuf.length < B * T) {
      this.kernels.free(this.maskStore);
      this.maskStore = this.kernels.alloc(Math.ceil((B * T) / 4));
      this.maskBuf = new Uint8Array(this.maskStore.buffer, this.maskStore.byteOffset, B * T);
    }
    const m = this.maskBuf;
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) m[t * B + b] = x[b * T + t] === 0 ? 0 : 1;
    return m;
  }

  /** x: batch-major [B, T] token ids → logits [B]. Fills ctx.mask. */
  forward(x: Int32Array, B: number, ctx: PassContext): Float32Array {
    const T = this.spec.maxLen;
    ctx.mask = this.buildMask(x, B, T);
    const first = this.stages[0]!;
    this.tokenPass = this.tokenInput && (first.kind === 'recurrent' || first.kind === 'bidirectional');
    let h: Float32Array;
    if ((first.kind === 'recurrent' || first.kind === 'bidirectional') && this.tokenPass) {
      this.tokens.build(x, B, T);
      h = first.layer.forwardTokens(this.tokens, this.embedding.gatherUnique(this.tokens), B, T, ctx);
    } else {
      h = this.embedding.forward(x, B, T);
    }
    for (let i = this.tokenPass ? 1 : 0; i < this.stages.length; i++) {
      const s = this.stages[i]!;
      if (s.kind === 'dropout') h = s.layer.forward(h, ctx);
      else if (s.kind === 'pooling') h = s.layer.forward(h, B, T);
      else h = s.layer.forward(h, B, T, ctx);
    }
    return this.dense.forward(h, B);
  }

  /** dLogits [B] → writes every parameter's gradient. */
  backward(dLogits: Float32Array, ctx: PassContext): void {
    let d = this.dense.backward(dLogits);
    for (let i = this.stages.length - 1; i >= 0; i--) {
      const s = this.stages[i]!;
      d = s.kind === 'pooling' || s.kind === 'dropout' ? s.layer.backward(d) : s.layer.backward(d, ctx);
    }
    if (this.tokenPass) this.embedding.backwardUnique(this.tokens, d);
    else this.embedding.backward(d);
  }
}
