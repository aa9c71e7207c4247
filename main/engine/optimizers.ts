// Optimizers with Keras 3 defaults and update rules (Adam, RMSprop, SGD with momentum) + global-norm clipping.
// Dense semantics everywhere, the embedding included: Keras applies dense Adam/RMSprop to it (moments of
// untouched rows still decay and still move the weights), so we do the same over all 1.28M values each
// step (a few ms); only the gradient itself is sparse (rows the batch touched).
import type { Kernels, OptimKernels } from './kernels/api.js';
import type { OptimizerName } from '../model/spec.js';
import type { WeightTensor } from './types.js';
import type { Param } from './weights.js';
import { UserError } from '../errors.js';

export interface OptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  momentum: number;
}

export class Optimizer {
  iterations = 0;
  private slots: Float32Array[][] = [];
  private readonly slotNames: string[];
  /** SIMD updates when the kernels have them (same rules; the JS loops below otherwise). */
  private readonly simd: OptimKernels | null;

  constructor(readonly config: OptimizerConfig, private readonly params: Param[], k: Kernels) {
    const { name, momentum } = config;
    this.slotNames = name === 'adam' ? ['m', 'v'] : name === 'rmsprop' ? ['velocity'] : momentum > 0 ? ['momentum'] : [];
    this.slots = params.map((p) => this.slotNames.map(() => k.alloc(p.data.length)));
    this.simd = k.optim ?? null;
  }

  /** Applies one update from the params' current gradients. */
  step(): void {
    const t = ++this.iterations;
    const { name, learningRate: lr, momentum } = this.config;
    for (let pi = 0; pi < this.params.length; pi++) {
      const p = this.params[pi]!;
      const w = p.data;
      const g = p.grad;
      const s = this.slots[pi]!;
      const n = w.length;
      if (name === 'adam') {
        const b1 = 0.9;
        const b2 = 0.999;
        const eps = 1e-7;
        const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
        const m = s[0]!;
        const v = s[1]!;
        if (this.simd?.adam(w, g, m, v, alpha, b1, b2, eps)) continue;
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          // Flushed below 1e-30: untouched embedding rows' moments decay into the slow subnormal range.
          const mr = m[i]! + (gi - m[i]!) * (1 - b1);
          const mi = mr > 1e-30 || mr < -1e-30 ? mr : 0;
          const vr = v[i]! + (gi * gi - v[i]!) * (1 - b2);
          const vi = vr > 1e-30 ? vr : 0;
          m[i] = mi;
          v[i] = vi;
          w[i]! -= (mi * alpha) / (Math.sqrt(vi) + eps);
        }
      } else if (name === 'rmsprop') {
        const rho = 0.9;
        const eps = 1e-7;
        const v = s[0]!;
        if (this.simd?.rmsprop(w, g, v, lr, rho, eps)) continue;
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          const vr = rho * v[i]! + (1 - rho) * gi * gi;
          const vi = vr > 1e-30 ? vr : 0;
          v[i] = vi;
          w[i]! -= (lr * gi) / Math.sqrt(vi + eps);
        }
      } else if (momentum > 0) {
        const m = s[0]!;
        if (this.simd?.momentum(w, g, m, lr, momentum)) continue;
        for (let i = 0; i < n; i++) {
          const mr = momentum * m[i]! - lr * g[i]!;
          const mi = mr > 1e-30 || mr < -1e-30 ? mr : 0;
          m[i] = mi;
          w[i]! += mi;
        }
      } else {
        // Plain SGD: untouched embedding rows have zero gradient, so only touched rows move.
        eachLiveRange(p, (from, to) => {
          for (let i = from; i < to; i++) w[i]! -= lr * g[i]!;
        });
      }
    }
  }

  state(): WeightTensor[] {
    const out: WeightTensor[] = [];
    this.params.forEach((p, pi) => {
      this.slotNames.forEach((sn, si) => {
        out.push({ name: `${this.config.name}/${sn}/${p.name}`, shape: [...p.shape], data: Float32Array.from(this.slots[pi]![si]!) });
      });
    });
    return out;
  }

  load(state: WeightTensor[], iterations: number): void {
    const byName = new Map(state.map((w) => [w.name, w]));
    this.params.forEach((p, pi) => {
      this.slotNames.forEach((sn, si) => {
        const name = `${this.config.name}/${sn}/${p.name}`;
        const w = byName.get(name);
        if (!w || w.data.length !== p.data.length) throw new UserError(`checkpoint optimizer state lacks ${name} (or has the wrong size)`);
        this.slots[pi]![si]!.set(w.data);
      });
    });
    this.iterations = iterations;
  }
}

/** Calls fn(from, to) for each range of p.grad that can be non-zero: a sparse gradient's touched rows, else all. */
function eachLiveRange(p: Param, fn: (from: number, to: number) => void): void {
  const sp = p.sparse;
  if (!sp) {
    fn(0, p.grad.length);
    return;
  }
  for (let r = 0; r < sp.count; r++) {
    const o = sp.rows[r]! * sp.rowSize;
    fn(o, o + sp.rowSize);
  }
}

/** Global L2 norm of all gradients (sparse gradients: only their touched rows). */
export function globalGradNorm(params: Param[]): number {
  let sq = 0;
  for (const p of params) {
    const g = p.grad;
    eachLiveRange(p, (from, to) => {
      for (let i = from; i < to; i++) sq += g[i]! ** 2;
    });
  }
  return Math.sqrt(sq);
}

/** Keras global_clipnorm: scales all gradients by clip / max(norm, clip). Returns the norm before clipping. */
export function clipGlobalNorm(params: Param[], clip: number): number {
  const norm = globalGradNorm(params);
  if (norm <= clip || !Number.isFinite(norm)) return norm;
  const s = clip / norm;
  for (const p of params) {
    const g = p.grad;
    eachLiveRange(p, (from, to) => {
      for (let i = from; i < to; i++) g[i]! *= s;
    });
  }
  return norm;
}
