// Dense(1): the classifier head; produces logits (the sigmoid lives in the loss, for stability).
import type { Kernels } from '../kernels/api.js';
import { fillGlorotUniform } from '../init.js';
import type { Rng } from '../rng.js';
import type { Param } from '../weights.js';

export class DenseLayer {
  readonly kernel: Param;
  readonly bias: Param;
  readonly params: Param[];
  private input: Float32Array = new Float32Array(0);
  private logits: Float32Array = new Float32Array(0);
  private dIn: Float32Array = new Float32Array(0);
  private B = 0;

  constructor(private readonly k: Kernels, name: string, readonly F: number, rng: Rng) {
    this.kernel = { name: `${name}/kernel`, shape: [F, 1], data: k.alloc(F), grad: k.alloc(F), sparse: null };
    this.bias = { name: `${name}/bias`, shape: [1], data: k.alloc(1), grad: k.alloc(1), sparse: null };
    this.params = [this.kernel, this.bias];
    fillGlorotUniform(this.kernel.data, rng, F, 1);
  }

  /** x: [B, F] → logits [B]. */
  forward(x: Float32Array, B: number): Float32Array {
    if (this.logits.length < B) {
      this.logits = this.k.alloc(B);
      this.dIn = this.k.alloc(B * this.F);
    }
    this.input = x;
    this.B = B;
    const F = this.F;
    const w = this.kernel.data;
    const bias = this.bias.data[0]!;
    for (let b = 0; b < B; b++) {
      let s = bias;
      for (let f = 0; f < F; f++) s += x[b * F + f]! * w[f]!;
      this.logits[b] = s;
    }
    return this.logits.subarray(0, B);
  }

  /** dLogits [B] → ∂L/∂x [B, F]; writes the kernel and bias gradients. */
  backward(dLogits: Float32Array): Float32Array {
    const { F, B, input } = this;
    const w = this.kernel.data;
    const gk = this.kernel.grad;
    gk.fill(0);
    let gb = 0;
    const d = this.dIn;
    for (let b = 0; b < B; b++) {
      const dl = dLogits[b]!;
      gb += dl;
      for (let f = 0; f < F; f++) {
        gk[f]! += input[b * F + f]! * dl;
        d[b * F + f] = dl * w[f]!;
      }
    }
    this.bias.grad[0] = gb;
    return d.subarray(0, B * F);
  }
}
