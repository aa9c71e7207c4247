// Store benchmark (not a test): 200 runs × 10k batch points in a real SQLite file, then time the runs
// listing and loading a comparison (config diff + epoch curves + down-sampled batch curves of 10 runs).
// Target: each < 200 ms. Prints one JSON document. Usage: node dist/bench/store.js [--runs N] [--points N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openRunStore } from '../db/index.js';
import { ARCHITECTURES, TUTORIAL_MODEL, TUTORIAL_TRAIN, normalizeModelSpec } from '../main/model/spec.js';
import type { BatchPoint } from '../main/runs/store.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  return Number.isInteger(v) && v > 0 ? v : def;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const RUNS = arg('runs', 200);
const POINTS = arg('points', 10_000);
const EPOCHS = 10;
const COMPARE = 10;
const dir = process.env.RL_BENCH_KEEP ?? mkdtempSync(join(tmpdir(), 'rl-bench-store-'));
try {
  const store = openRunStore(join(dir, 'bench.sqlite'));
  const batches = Math.ceil(POINTS / EPOCHS);
  const t0 = performance.now();
  const ids: string[] = [];
  const device = { engine: 'recurrent-lab' as const, threads: 1, simd: true, gpu: null, description: 'bench' };
  for (let r = 0; r < RUNS; r++) {
    const arch = ARCHITECTURES[r % ARCHITECTURES.length] ?? 'lstm';
    const run = store.createRun({
      model: normalizeModelSpec({ ...TUTORIAL_MODEL, arch, units: 32 + (r % 4) * 16 }),
      train: { ...TUTORIAL_TRAIN, seed: r, epochs: EPOCHS },
      tags: r % 3 === 0 ? ['baseline'] : [],
      appVersion: 'bench',
    });
    store.startRun(run.id, { device, dataSource: 'npz', dataPath: 'x', dataFingerprint: 'f', params: 1000 + r });
    for (let e = 1; e <= EPOCHS; e++) {
      const pts: BatchPoint[] = [];
      for (let b = 1; b <= batches; b++) {
        const s = (e - 1) * batches + b;
        pts.push({ epoch: e, batch: b, batches, loss: 0.7 / Math.sqrt(s) + Math.random() * 0.05, accuracy: 0.5 + 0.4 * (s / POINTS), examplesPerSec: 5000, elapsedMs: s * 5 });
      }
      // Written as training writes them: small transactions.
      for (let i = 0; i < pts.length; i += 100) store.appendBatches(run.id, pts.slice(i, i + 100));
      store.appendEpoch(run.id, { epoch: e, loss: 0.7 / e, accuracy: 0.5 + e / 30, valLoss: 0.6 / e + 0.01 * e, valAccuracy: 0.55 + e / 40, examplesPerSec: 5000, elapsedMs: e * 1000 });
    }
    store.setTestMetrics(run.id, { accuracy: 0.8 + (r % 10) / 100, loss: 0.4, auc: 0.9, tn: 10, fp: 2, fn: 3, tp: 9, n: 24 });
    store.endRun(run.id, { status: 'finished', msPerStep: 10, trainMs: 1000 });
    ids.push(run.id);
  }
  const fillMs = performance.now() - t0;

  const listTimes: number[] = [];
  const filteredTimes: number[] = [];
  const compareTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    let t = performance.now();
    const all = store.listRuns({ sort: 'testAccuracy', dir: 'desc' });
    listTimes.push(performance.now() - t);
    if (all.length !== RUNS) throw new Error('listing lost runs');
    t = performance.now();
    store.listRuns({ arch: ['lstm', 'gru'], tag: 'baseline', text: 'lstm', sort: 'createdAt' });
    filteredTimes.push(performance.now() - t);
    const from = (i * COMPARE) % Math.max(1, ids.length - COMPARE + 1);
    const pick = ids.slice(from, from + COMPARE);
    t = performance.now();
    store.compare(pick);
    store.epochSeries(pick);
    const series = store.batchSeries(pick, 500);
    compareTimes.push(performance.now() - t);
    if (series.some((s) => s.total !== batches * EPOCHS || s.step.length > 500)) throw new Error('series wrong');
  }
  store.close();
  const result = {
    bench: 'store',
    runs: RUNS,
    batchPointsPerRun: batches * EPOCHS,
    fillMs: Math.round(fillMs),
    listRunsMs: +median(listTimes).toFixed(2),
    listRunsFilteredMs: +median(filteredTimes).toFixed(2),
    compareRuns: COMPARE,
    compareLoadMs: +median(compareTimes).toFixed(2),
    maxPointsPerRun: 500,
    targetMs: 200,
    pass: median(listTimes) < 200 && median(compareTimes) < 200,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  if (!process.env.RL_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
