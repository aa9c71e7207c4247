// The model as a pipeline of engine layers built from layerPlan(spec) through the layer registry
// (layer-kinds/): the input layer turns token ids into activations, then each stage in plan order, the last
// one giving the logits; backward runs the stages in reverse and writes every parameter's gradient.
import type { Kernels } from './kernels/api.js';
import type { ModelSpec } from '../model/spec.js';
import { layerPlan } from './plan.js';
import { kindOf } from './layer-kinds/registry.js';
import type { CpuInput, CpuStage } from './layer-kinds/kind.js';
import { Rng } from './rng.js';
import type { Param } from './weights.js';
import type { PassContext } from './layers/context.js';
import type { RecurrentLayer } from './layers/recurrent.js';
import { TokenInput } from './layers/token-input.js';

export class Network {
  readonly params: Param[];
  /** The input layer (the embedding). */
  readonly embedding: CpuInput;
  private readonly stages: CpuStage[] = [];
  private readonly recurrent: RecurrentLayer[] = [];
  private maskBuf: Uint8Array = new Uint8Array(0);
  /** Kernel memory behind maskBuf (so the SIMD cell kernels can read the mask). */
  private maskStore: Float32Array = new Float32Array(0);
  /**
   * Whether the first stage reads the embedding's distinct rows directly (token-input.ts) when it can
   * (a recurrent layer right after the embedding, no dropout between). Same arithmetic, fewer rows; false
   * runs the plain path.
   */
  tokenInput = true;
  private readonly tokens: TokenInput;
  private tokenPass = false;

  constructor(readonly spec: ModelSpec, readonly kernels: Kernels, seed: number) {
    // Built in plan order: the initialisers draw from rng in Keras' order.
    const rng = new Rng(seed, 0);
    let input: CpuInput | null = null;
    for (const l of layerPlan(spec)) {
      const part = kindOf(l).cpu(l, { kernels, rng });
      if ('input' in part) {
        if (input || this.stages.length > 0) throw new Error(`layer ${l.name} is an input layer but not the first`);
        input = part.input;
      } else {
        this.stages.push(part.stage);
        if (part.recurrent) this.recurrent.push(...part.recurrent);
      }
    }
    if (!input) throw new Error('layer plan lacks an input layer');
    if (this.stages.length === 0) throw new Error('layer plan has nothing after its input layer');
    this.embedding = input;
    this.params = [input.param, ...this.stages.flatMap((s) => s.params)];
    this.tokens = new TokenInput(input.vocab);
  }

  /** The recurrent layers by weight-name prefix (both directions of a Bidirectional). */
  recurrentLayers(): RecurrentLayer[] {
    return [...this.recurrent];
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
    this.tokenPass = this.tokenInput && first.forwardTokens !== undefined;
    let h: Float32Array;
    if (this.tokenPass) {
      this.tokens.build(x, B, T);
      h = first.forwardTokens!(this.tokens, this.embedding.gatherUnique(this.tokens), B, T, ctx);
    } else {
      h = this.embedding.forward(x, B, T);
    }
    for (let i = this.tokenPass ? 1 : 0; i < this.stages.length; i++) h = this.stages[i]!.forward(h, B, T, ctx);
    return h;
  }

  /** dLogits [B] → writes every parameter's gradient. */
  backward(dLogits: Float32Array, ctx: PassContext): void {
    let d = dLogits;
    for (let i = this.stages.length - 1; i >= 0; i--) d = this.stages[i]!.backward(d, ctx);
    if (this.tokenPass) this.embedding.backwardUnique(this.tokens, d);
    else this.embedding.backward(d);
  }
}
