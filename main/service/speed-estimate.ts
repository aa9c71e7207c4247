// Training speed estimate for the New experiment screen: milliseconds per training batch of 64 at the
// spec's maxLen. Taken from finished runs of the same architecture (scaled by batch, length and the
// multiply-adds per step its layers declare: stepCost, from each layer kind's `cost`), else measured once
// per shape by timing a few engine steps on a random batch.
import { createModel } from '../engine/index.js';
import { threadsForBatch } from '../engine/parallel/threads.js';
import type { Dataset, DeviceInfo } from '../engine/types.js';
import { stepCost } from '../engine/plan.js';
import { TUTORIAL_TRAIN, type ModelSpec } from '../model/spec.js';
import type { RunStore } from '../runs/store.js';

/** The probe never trains more than this batch × length; the result is scaled linearly to the spec. */
const PROBE_MAX_BATCH = 64;
const PROBE_MAX_LEN = 200;
/** Steps timed by the probe: the engine reports their median, so the first (warm-up) one is discounted. */
const PROBE_STEPS = 3;
/** How long a modelSummary call waits for a fresh probe before answering without it. */
const PROBE_WAIT_MS = 1500;
/** A past run is only used when the scale from it to the spec stays within this factor. */
const MAX_RUN_SCALE = 8;

/**
 * ms per batch of 64 from the most recent comparable finished run of the same architecture, or null. With
 * `engine`, only runs that trained on that engine count (a GPU's speed says nothing about the CPU's).
 */
export function estimateFromRuns(store: RunStore, spec: ModelSpec, engine: DeviceInfo['engine'] | null = null): number | null {
  const exact = JSON.stringify(spec);
  let best: number | null = null;
  for (const r of store.listRuns({ arch: [spec.arch], status: ['finished'], sort: 'createdAt', dir: 'desc', limit: 50 })) {
    if (r.msPerStep === null || !(r.msPerStep > 0)) continue;
    if (engine !== null && r.device?.engine !== engine) continue;
    const scale = (64 * spec.maxLen * stepCost(spec)) / (r.train.batchSize * r.model.maxLen * stepCost(r.model));
    const ms = r.msPerStep * scale;
    if (JSON.stringify(r.model) === exact && r.train.batchSize >= 16) return ms;
    if (best === null && scale <= MAX_RUN_SCALE && scale >= 1 / MAX_RUN_SCALE) best = ms;
  }
  return best;
}

/** Measures the engine on a random batch of the spec's shapes (capped), scaled to batch 64 × spec.maxLen. */
export async function measureMsPerStep(spec: ModelSpec): Promise<number> {
  const batch = PROBE_MAX_BATCH;
  const maxLen = Math.min(spec.maxLen, PROBE_MAX_LEN);
  const n = batch * PROBE_STEPS;
  const x = new Int32Array(n * maxLen);
  const y = new Float32Array(n);
  let s = 12345;
  const rand = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < x.length; i++) x[i] = 1 + Math.floor(rand() * (spec.numWords - 1));
  for (let i = 0; i < n; i++) y[i] = rand() < 0.5 ? 0 : 1;
  const data: Dataset = { x, y, n, maxLen };
  // The threads a run of batch 64 gets, so the estimate matches what training will do (a probe lasts about a second;
  // beside a running training it measures slow, which errs on the safe side).
  const model = await createModel({ ...spec, maxLen }, { seed: 1, engine: 'cpu', threads: threadsForBatch(batch) });
  try {
    const r = await model.fit(data, null, { ...TUTORIAL_TRAIN, batchSize: batch, epochs: 1, validation: false, limitTrain: null, limitTest: null });
    return (r.msPerStep * spec.maxLen) / maxLen;
  } finally {
    model.dispose();
  }
}

/** Per-process cache of probes by shape, so each shape is measured once; failures are not remembered. */
export class SpeedProbe {
  readonly #done = new Map<string, number>();
  readonly #pending = new Map<string, Promise<number | null>>();
  #chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly measure: (spec: ModelSpec) => Promise<number> = measureMsPerStep) {}

  static key(spec: ModelSpec): string {
    const { dropout: _d, recurrentDropout: _r, ...shape } = spec;
    return JSON.stringify(shape);
  }

  /** The cached estimate, or waits up to waitMs for a probe (started now if needed; one at a time). */
  async estimate(spec: ModelSpec, waitMs = PROBE_WAIT_MS): Promise<number | null> {
    const key = SpeedProbe.key(spec);
    const hit = this.#done.get(key);
    if (hit !== undefined) return hit;
    let p = this.#pending.get(key);
    if (!p) {
      // Probes run one after another so that several specs typed in quick succession don't compete.
      p = this.#chain.then(() => this.measure(spec)).then(
        (ms) => {
          if (Number.isFinite(ms) && ms > 0) this.#done.set(key, ms);
          return Number.isFinite(ms) && ms > 0 ? ms : null;
        },
        () => null,
      ).finally(() => this.#pending.delete(key));
      this.#chain = p;
      this.#pending.set(key, p);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
