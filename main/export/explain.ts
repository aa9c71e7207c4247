// Word occlusion for the "Try it" screen: each token's contribution is how much the positive probability
// drops when that token alone is replaced by the OOV id (positive = the word pushed towards "positive").
import { UserError } from '../errors.js';

export type PredictFn = (x: Int32Array, n: number) => Promise<Float32Array>;

/**
 * Every prediction path (the CLI's predict, the API's predict, "Try it" with occlusion) scores through this
 * wrapper: a probability that is not a finite number means damaged weights, and is an error — never a label.
 * `what` names the model in the message (a run, an export folder).
 */
export function checkedPredict(predict: PredictFn, what: string): PredictFn {
  return async (x, n) => {
    const p = await predict(x, n);
    for (let i = 0; i < p.length; i++) {
      const v = p[i] as number;
      if (!Number.isFinite(v)) throw new UserError(`${what}: the model produced ${Number.isNaN(v) ? 'NaN' : String(v)}: its weights are damaged`, 'bad_model');
    }
    return p;
  };
}

export interface OcclusionModel {
  predict: PredictFn;
  /** The id an unknown word gets (tokenizer oovChar, 2 for IMDB). */
  oovChar: number;
  /** Ids left alone: padding 0 and the start char. */
  skipIds?: number[];
}

export interface OcclusionResult {
  /** Probability of the unmodified sequence. */
  probability: number;
  /** Per position of `sequence`: probability − probability with that token occluded (0 where skipped). */
  contributions: Float32Array;
}

/** One batched prediction: the sequence itself, then one copy per occluded position. */
export async function occlusion(model: OcclusionModel, sequence: Int32Array): Promise<OcclusionResult> {
  const L = sequence.length;
  const skip = new Set(model.skipIds ?? [0, 1]);
  skip.add(model.oovChar); // occluding an OOV token changes nothing
  const positions: number[] = [];
  for (let t = 0; t < L; t++) if (!skip.has(sequence[t] as number)) positions.push(t);
  const n = positions.length + 1;
  const x = new Int32Array(n * L);
  for (let i = 0; i < n; i++) x.set(sequence, i * L);
  positions.forEach((t, i) => {
    x[(i + 1) * L + t] = model.oovChar;
  });
  const p = await model.predict(x, n);
  const base = p[0] as number;
  const contributions = new Float32Array(L);
  positions.forEach((t, i) => {
    contributions[t] = base - (p[i + 1] as number);
  });
  return { probability: base, contributions };
}
