// ‖∂L/∂h_t‖ per recurrent layer and timestep through tfjs (the engine's gradientNorms, same definition):
// L = mean loss over the reviews (no dropout); for each review the norm of the gradient w.r.t. the layer's
// output h_t (through every later step and the output), averaged over the reviews. tfjs does not expose
// gradients of states inside its RNN loop, so the model is unrolled here with the layers' own cells and a
// zero perturbation ε_t added to every h_t: ∂L/∂ε_t = ∂L/∂h_t. Pooled heads (max/average over time) reduce
// the last layer's perturbed sequence.
import type { ModelSpec } from '../../model/spec.js';
import type { Dataset } from '../types.js';
import type { Tf, LayersModel, Tensor } from './tf.js';

interface CellLike {
  call(inputs: Tensor[], kwargs: Record<string, unknown>): Tensor | Tensor[];
  stateSize: number | number[];
}
interface RnnLike {
  name: string;
  cell: CellLike;
  returnSequences: boolean;
}
interface BidiLike {
  name: string;
  forwardLayer: RnnLike;
  backwardLayer: RnnLike;
  mergeMode: 'concat' | 'sum' | 'ave' | 'mul';
  returnSequences: boolean;
}

const CHUNK = 64;

export async function tfjsGradientNorms(tf: Tf, model: LayersModel, spec: ModelSpec, batch: Dataset): Promise<{ layer: string; norms: number[] }[]> {
  const T = spec.maxLen;
  const names: string[] = [];
  for (const l of model.layers) {
    const cls = l.getClassName();
    if (cls === 'Bidirectional') {
      const b = l as unknown as BidiLike;
      names.push(`${b.name}/${b.forwardLayer.name}`, `${b.name}/${b.backwardLayer.name}`);
    } else if (cls === 'LSTM' || cls === 'GRU' || cls === 'SimpleRNN') names.push(l.name);
  }
  const sums = names.map(() => new Float64Array(T));

  for (let from = 0; from < batch.n; from += CHUNK) {
    const B = Math.min(CHUNK, batch.n - from);
    const x = tf.tensor2d(batch.x.subarray(from * T, (from + B) * T), [B, T], 'int32');
    const y = tf.tensor1d(batch.y.subarray(from, from + B));
    const mask = spec.maskZero ? tf.notEqual(x, 0) : null; // [B, T]
    const eps = names.flatMap(() => Array.from({ length: T }, () => tf.zeros([B, spec.units])));

    /** Runs one direction of a recurrent layer step by step; returns h_t in time order. */
    const run = (rnn: RnnLike, seq: Tensor[], reverse: boolean, epsBase: number, all: Tensor[]): Tensor[] => {
      const sizes = Array.isArray(rnn.cell.stateSize) ? rnn.cell.stateSize : [rnn.cell.stateSize];
      let states = sizes.map((s) => tf.zeros([B, s]));
      const out: Tensor[] = new Array(T);
      for (let s = 0; s < T; s++) {
        const t = reverse ? T - 1 - s : s;
        const res = rnn.cell.call([seq[t] as Tensor, ...states], { training: false }) as Tensor[];
        let next = res.slice(1);
        if (mask) {
          const m = tf.reshape(tf.slice(mask, [0, t], [B, 1]), [B, 1]);
          next = next.map((st, i) => tf.where(tf.broadcastTo(m, st.shape), st, states[i] as Tensor));
        }
        // Perturb the emitted h_t (state 0 is h for every cell kind) so ∂L/∂ε_t = ∂L/∂h_t.
        const h = tf.add(next[0] as Tensor, all[epsBase + t] as Tensor);
        next[0] = h;
        states = next;
        out[t] = h;
      }
      return out;
    };

    const lossOf = (...all: Tensor[]): Tensor => {
      let seq: Tensor[] | null = null; // per-timestep [B, D]
      let last: Tensor | null = null;
      let k = 0;
      for (const l of model.layers) {
        const cls = l.getClassName();
        if (cls === 'Embedding') {
          const e = l.apply(x) as Tensor; // [B, T, E]
          seq = tf.unstack(e, 1);
        } else if (cls === 'Dropout') continue;
        else if (cls === 'Bidirectional') {
          const b = l as unknown as BidiLike;
          const f = run(b.forwardLayer, seq!, false, k * T, all);
          const r = run(b.backwardLayer, seq!, true, (k + 1) * T, all);
          k += 2;
          const merge = (p: Tensor, q: Tensor): Tensor =>
            b.mergeMode === 'concat' ? tf.concat([p, q], -1) : b.mergeMode === 'sum' ? tf.add(p, q) : b.mergeMode === 'mul' ? tf.mul(p, q) : tf.mul(tf.add(p, q), 0.5);
          // Keras: the backward layer's last output is the one after reading position 0.
          if (b.returnSequences) seq = f.map((h, t) => merge(h, r[t] as Tensor));
          else last = merge(f[T - 1] as Tensor, r[0] as Tensor);
        } else if (cls === 'LSTM' || cls === 'GRU' || cls === 'SimpleRNN') {
          const rnn = l as unknown as RnnLike;
          const hs = run(rnn, seq!, false, k * T, all);
          k += 1;
          if (rnn.returnSequences) seq = hs;
          else last = hs[T - 1] as Tensor;
        } else if (cls === 'GlobalMaxPooling1D' || cls === 'GlobalAveragePooling1D') {
          // The pooled heads reduce over every step of the last layer's sequence (padding included, as TF.js does).
          const stacked = tf.stack(seq!, 1); // [B, T, U]
          last = cls === 'GlobalMaxPooling1D' ? tf.max(stacked, 1) : tf.mean(stacked, 1);
        } else if (cls === 'Dense') {
          const z = tf.reshape(l.apply(last!) as Tensor, [B]);
          // Sum of per-review losses / n: the gradient of the mean loss over the whole batch.
          return tf.div(tf.sum(tf.sub(tf.add(tf.relu(z), tf.log1p(tf.exp(tf.neg(tf.abs(z))))), tf.mul(z, y))), batch.n);
        }
      }
      throw new Error('model has no Dense output');
    };

    const grads = tf.tidy(() => {
      const g = tf.grads(lossOf)(eps);
      // Per-review norms summed over the chunk: [layers·T].
      return tf.stack(g.map((gi) => tf.sum(tf.sqrt(tf.sum(tf.square(gi), 1)))));
    });
    const v = await grads.data();
    names.forEach((_, i) => {
      for (let t = 0; t < T; t++) sums[i]![t]! += v[i * T + t]!;
    });
    tf.dispose([x, y, grads, ...eps, ...(mask ? [mask] : [])]);
  }
  return names.map((layer, i) => ({ layer, norms: Array.from(sums[i]!, (s) => s / batch.n) }));
}
