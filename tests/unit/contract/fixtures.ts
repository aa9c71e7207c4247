// Example payloads for every contract call and event: one valid params object, malformed params
// (each must be rejected), and one valid result. Typed against the contract so drift fails to compile.
import { TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../../main/model/spec.js';
import type { CallName, CallParams, CallResult, EventName, EventPayload, RunSummary } from '../../../main/contract/index.js';

export const run: RunSummary = {
  id: 'r_0001', name: 'LSTM tutorial', arch: 'lstm', status: 'finished', model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN,
  groupId: null, parentId: null, tags: ['baseline'], notes: '', createdAt: '2026-11-28T12:00:00.000Z',
  startedAt: '2026-11-28T12:00:01.000Z', finishedAt: '2026-11-28T12:10:00.000Z', epochsDone: 5, epochs: 5,
  params: 1_410_497, bestEpoch: 2, selectedOnTest: true, bestValAccuracy: 0.87, bestValLoss: 0.31, finalValAccuracy: 0.86, finalValLoss: 0.4,
  testAccuracy: 0.86, testLoss: 0.4, durationMs: 600000, device: 'recurrent-lab wasm-simd ×2', engine: 'CPU ×2', error: null,
};
const epoch = { epoch: 1, loss: 0.5, accuracy: 0.75, valLoss: 0.4, valAccuracy: 0.82, examplesPerSec: 900, elapsedMs: 30000 };
const queueItem = { runId: 'r_0002', name: 'GRU', arch: 'gru' as const, status: 'running' as const, epoch: 1, epochs: 5, batch: 10, batches: 391, fraction: 0.005, etaMs: 100000 };
const DEVICE = {
  engine: 'recurrent-lab' as const, threads: 2, simd: true, gpu: null, description: 'recurrent-lab wasm-simd ×2', selected: 'auto' as const,
  engines: [{ id: 'webgpu' as const, label: 'WebGPU', available: true, detail: 'llvmpipe', software: true }],
};
const dataStatus = { state: 'ready' as const, dir: '/data', source: 'npz' as const, files: [{ name: 'imdb.npz', bytes: 17311495 }], message: null };

type Case<M extends CallName> = { valid: CallParams<M>; invalid: unknown[]; result: CallResult<M> };
export const callCases: { [M in CallName]: Case<M> } = {
  startRuns: {
    valid: { model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, group: { kind: 'archs', archs: ['lstm', 'gru'] } },
    invalid: [
      {},
      { model: TUTORIAL_MODEL },
      { model: { ...TUTORIAL_MODEL, units: 0 }, train: TUTORIAL_TRAIN },
      { model: TUTORIAL_MODEL, train: { ...TUTORIAL_TRAIN, learningRate: -1 } },
      { model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, group: { kind: 'archs', archs: ['lstm', 'lstm'] } },
      { model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, group: { kind: 'seeds', count: 0 } },
      { model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, group: { kind: 'everything' } },
      { model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, extra: 1 },
    ],
    result: { runIds: ['r_0001', 'r_0002'], groupId: 'g1' },
  },
  cancelRun: { valid: { runId: 'r_0001' }, invalid: [{}, { runId: '' }, { runId: '../etc' }, { runId: 5 }], result: { runId: 'r_0001', status: 'cancelled' } },
  resumeRun: { valid: { runId: 'r_0001' }, invalid: [{ runId: 'r_0001', extraEpochs: 2 }, { runId: '' }], result: { runId: 'r_0001' } },
  rerun: { valid: { runId: 'abcd' }, invalid: [null, 'r_0001', { runId: 'a'.repeat(65) }], result: { runId: 'r_0003' } },
  getQueue: { valid: {}, invalid: [{ all: true }, []], result: { running: [queueItem], queued: [], etaMs: null } },
  listRuns: {
    valid: { status: ['finished', 'failed'], arch: ['lstm'], sortBy: 'testAccuracy', sortDir: 'asc', limit: 50 },
    invalid: [{ status: ['done'] }, { sortBy: 'colour' }, { limit: 0 }, { limit: 100000 }, { offset: -1 }],
    result: { runs: [run], total: 1 },
  },
  getRun: {
    valid: { runId: 'r_0001' },
    invalid: [{ runId: 'r 1' }, { id: 'r_0001' }],
    result: { run, epochs: [epoch], test: { loss: 0.4, accuracy: 0.86, auc: 0.93, confusion: { tp: 1, fp: 2, tn: 3, fn: 4 } }, artifacts: [{ kind: 'checkpoint', path: '/a/b', bytes: 10, createdAt: '2026-11-28T12:00:00Z' }], data: { source: 'npz', fingerprint: 'abc' }, appVersion: '0.1.0', stopReason: 'completed', msPerStep: 120 },
  },
  deleteRuns: { valid: { runIds: ['r_0001', 'r_0002'] }, invalid: [{ runIds: [] }, { runIds: 'r_0001' }], result: { deleted: ['r_0001'] } },
  getMetricSeries: {
    valid: { runIds: ['r_0001'], metric: 'val_accuracy', level: 'epoch' },
    invalid: [{ runIds: ['r_0001'], metric: 'f1' }, { runIds: ['r_0001'], metric: 'loss', maxPoints: 1 }, { runIds: Array(51).fill('r'), metric: 'loss' }],
    result: { metric: 'loss', level: 'batch', series: [{ runId: 'r_0001', x: [0.1, 0.2], y: [0.69, 0.6] }] },
  },
  compareRuns: {
    valid: { runIds: ['r_0001', 'r_0002'] },
    invalid: [{ runIds: [] }, { runIds: [1, 2] }],
    result: { runs: [run], diff: [{ key: 'model.arch', values: ['lstm', 'gru'], differs: true }], epochs: [{ runId: 'r_0001', best: epoch, last: epoch }], paired: { n: 25000, b: 310, c: 352, accuracyDiff: 0.00168, ci95: [-0.0004, 0.0038], pValue: 0.11, agreement: 0.9735, test: 'mcnemar-exact', ciMethod: 'wald-paired' }, pairedNote: null },
  },
  setTags: { valid: { runId: 'r_0001', tags: ['a', 'b'] }, invalid: [{ runId: 'r_0001', tags: [''] }, { runId: 'r_0001', tags: ['x'.repeat(41)] }, { runId: 'r_0001' }], result: { runId: 'r_0001', tags: ['a', 'b'] } },
  setNotes: { valid: { runId: 'r_0001', notes: 'first try' }, invalid: [{ runId: 'r_0001', notes: 'x'.repeat(10001) }, { runId: 'r_0001', notes: 3 }], result: { runId: 'r_0001', notes: 'first try' } },
  exportRunsCsv: { valid: { runIds: ['r_0001'], format: 'json' }, invalid: [{ runIds: ['r_0001'], format: 'xlsx' }], result: { filename: 'runs.csv', mime: 'text/csv', content: 'a,b\n' } },
  reevaluateRuns: {
    valid: { runIds: ['r_0001', 'r_0002'] },
    invalid: [{ runIds: [] }, {}, { runIds: ['r_0001'], force: true }],
    result: { results: [{ runId: 'r_0001', outcome: 'written', n: 25000, accuracy: 0.8556 }, { runId: 'r_0002', outcome: 'present', n: 25000, accuracy: 0.86 }] },
  },
  startStudy: {
    valid: { archs: ['lstm', 'gru'], seeds: { count: 3 }, model: TUTORIAL_MODEL, train: { ...TUTORIAL_TRAIN, validationSplit: 0.2 } },
    invalid: [
      { archs: [], seeds: { count: 3 }, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { archs: ['lstm', 'lstm'], seeds: { count: 3 }, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { archs: ['lstm'], seeds: { count: 0 }, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { archs: ['lstm'], seeds: { count: 51 }, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { archs: ['lstm'], seeds: 3, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { archs: ['transformer'], seeds: { count: 2 }, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { archs: ['lstm'], seeds: { count: 2 }, model: TUTORIAL_MODEL },
    ],
    result: { studyId: 's1234abcd', runIds: ['r_0001', 'r_0002'], threads: 1 },
  },
  listStudies: {
    valid: {},
    invalid: [{ all: true }],
    result: { studies: [{ id: 's1234abcd', name: 'LSTM vs GRU × 3 seeds', createdAt: '2026-12-02T10:00:00.000Z', status: 'running', arms: [{ key: 'lstm', label: 'LSTM' }, { key: 'gru', label: 'GRU' }], seeds: [113, 114, 115], finished: 2, planned: 6 }] },
  },
  getStudy: {
    valid: { studyId: 's1234abcd' },
    invalid: [{}, { studyId: '' }, { studyId: '../x' }],
    result: {
      study: { id: 's1234abcd', name: 'LSTM vs GRU', groupId: 'g1', createdAt: '2026-12-02T10:00:00.000Z', grid: { arms: [{ key: 'lstm', label: 'LSTM', model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN }], seeds: [113, 114] } },
      status: 'finished',
      cells: [{ arm: 'lstm', label: 'LSTM', arch: 'lstm', seed: 113, runId: 'r_0001', status: 'finished', testAccuracy: 0.85 }],
      groups: [{ arm: 'lstm', label: 'LSTM', arch: 'lstm', planned: 2, runIds: ['r_0001', 'r_0003'], seeds: [113, 114], accuracies: [0.85, 0.86], accuracy: { n: 2, mean: 0.855, sd: 0.007, ci95: [0.79, 0.92] }, auc: null, trainMs: null }],
      pairs: [{
        a: 'gru', b: 'lstm', labelA: 'GRU', labelB: 'LSTM', diff: 0.004, ci95: [-0.01, 0.02], t: 1.2, df: 3.4, pValue: 0.3, pHolm: 0.3, test: 'welch-t',
        matched: [{ seed: 113, runA: 'r_0002', runB: 'r_0001', n: 25000, b: 300, c: 280, accuracyDiff: 0.0008, pValue: 0.43, note: null }],
        verdict: 'no-evidence', sentence: 'GRU vs LSTM: +0.40 points (95% CI −1.00 to +2.00), p = 0.30 over 2 seeds each — no evidence of a difference',
      }],
      validation: 'held-out',
      selectedOnTest: false,
    },
  },
  confirmSweep: { valid: { sweepId: 'sw1234', seeds: 5 }, invalid: [{}, { sweepId: 'sw1', seeds: 1 }, { sweepId: '../x' }], result: { studyId: 's1234abcd', runIds: ['r_0001'], threads: 1 } },
  resumeStudy: { valid: { studyId: 's1234abcd' }, invalid: [{ studyId: 5 }, { studyId: 's1', threads: 2 }], result: { studyId: 's1234abcd', runIds: [] } },
  cancelStudy: { valid: { studyId: 's1234abcd' }, invalid: [{}], result: { studyId: 's1234abcd', runIds: ['r_0002'] } },
  deleteStudy: { valid: { studyId: 's1234abcd' }, invalid: [{ studyId: 'a b' }], result: { deleted: 's1234abcd' } },
  studyReport: { valid: { studyId: 's1234abcd' }, invalid: [{ studyId: '' }], result: { filename: 'study.html', mime: 'text/html', content: '<!doctype html>' } },
  dataStatus: { valid: {}, invalid: [{ refresh: true }], result: dataStatus },
  downloadData: { valid: {}, invalid: [{ url: 'http://example.com' }], result: dataStatus },
  importData: { valid: { path: '/tmp/imdb.npz' }, invalid: [{ path: '' }, { path: '   ' }, {}, { path: 'x'.repeat(5000) }], result: dataStatus },
  dataStats: {
    valid: { numWords: 5000, maxLen: 100 },
    invalid: [{ numWords: 3 }, { maxLen: 0 }, { numWords: 1e6 }, { split: 'test' }],
    result: { counts: { train: { pos: 12500, neg: 12500 }, test: { pos: 12500, neg: 12500 } }, lengthHistogram: { binEdges: [0, 100, 200], counts: [5, 7] }, meanLength: 238.7, medianLength: 178, oovRate: 0.05, truncatedShare: 0.42 },
  },
  sampleReview: {
    valid: { split: 'train', index: 3 },
    invalid: [{ index: -1 }, { index: 25000 }, { index: 'first' }],
    result: { split: 'train', index: 3, count: 25000, label: 1, text: 'this film was just brilliant', length: 5, oovCount: 0, truncated: false },
  },
  modelSummary: {
    valid: { model: TUTORIAL_MODEL },
    invalid: [{}, { model: { ...TUTORIAL_MODEL, arch: 'transformer' } }, { model: { ...TUTORIAL_MODEL, dropout: 1 } }],
    result: { layers: [{ name: 'embedding', className: 'Embedding', outputShape: [null, 200, 128], params: 1280000 }], totalParams: 1280000, trainableParams: 1280000, estimatedMsPerStep: null },
  },
  predict: {
    valid: { text: 'A wonderful, moving film.', runIds: ['r_0001', 'r_0002'] },
    invalid: [{ text: '', runIds: ['r_0001'] }, { text: '   ', runIds: ['r_0001'] }, { text: 'ok', runIds: [] }, { text: 'x'.repeat(100001), runIds: ['r_0001'] }],
    result: { results: [{ runId: 'r_0001', probability: 0.93, label: 'positive', tokens: [{ word: 'wonderful', index: 389, oov: false, contribution: 0.2 }], oovCount: 0, truncated: false }] },
  },
  exportModel: {
    valid: { runId: 'r_0001', name: 'lstm-v1.2_final', overwrite: true },
    // a name inside the exports folder, never a path
    invalid: [
      { runId: 'r_0001', outDir: '/tmp/out' }, { runId: 'r_0001', name: '/tmp/out' }, { runId: 'r_0001', name: '../x' },
      { runId: 'r_0001', name: 'a/b' }, { runId: 'r_0001', name: 'a\\b' }, { runId: 'r_0001', name: '..' }, { runId: 'r_0001', name: '.hidden' },
      { runId: 'r_0001', name: 'C:x' }, { runId: 'r_0001', name: '' }, { runId: 'r_0001', name: 'x'.repeat(101) }, { runId: 'r_0001', overwrite: 'yes' },
    ],
    result: { runId: 'r_0001', dir: '/tmp/out', files: [{ name: 'model.json', bytes: 1234 }], warnings: [] },
  },
  gradientNorms: {
    valid: { runIds: ['r_0001'], samples: 16, weights: 'both' },
    invalid: [{ runIds: ['r_0001'], samples: 0 }, { runIds: ['r_0001'], split: 'dev' }, { runIds: ['r_0001'], weights: 'random' }],
    result: { series: [{ runId: 'r_0001', arch: 'rnn', weights: 'trained', layers: [{ layer: 'simple_rnn', norms: [1e-6, 1e-3, 0.1] }] }] },
  },
  analyzeRuns: {
    valid: { runIds: ['r_0001', 'r_0002'] },
    invalid: [{ runIds: [] }, { runId: 'r_0001' }, { runIds: ['r_0001'], bins: 20 }],
    result: {
      runs: [
        {
          runId: 'r_0001',
          analysis: {
            runId: 'r_0001', n: 25000, accuracy: 0.86, maxLen: 200,
            byLength: [{ label: '≤ 100', minLength: 0, maxLength: 100, truncated: false, n: 100, correct: 90, accuracy: 0.9 }],
            calibration: { binning: '10 equal-width bins', bins: [{ lower: 0, upper: 0.1, n: 10, meanPredicted: 0.05, positiveRate: 0.1 }], brier: 0.1, ece: 0.03, mce: 0.08 },
          },
          note: null,
        },
        { runId: 'r_0002', analysis: null, note: 'run r_0002 has no stored test predictions (it is running)' },
      ],
    },
  },
  listDisagreements: {
    valid: { runIds: ['r_0001', 'r_0002'], filter: 'b-right', minLength: 201, limit: 10 },
    invalid: [
      { runIds: ['r_0001'] }, { runIds: ['r_0001', 'r_0002', 'r_0003'] }, { runIds: ['r_0001', 'r_0002'], limit: 101 },
      { runIds: ['r_0001', 'r_0002'], filter: 'wrong' }, { runIds: ['r_0001', 'r_0002'], offset: -1 }, { runIds: ['r_0001', 'r_0002'], minLength: 1.5 },
    ],
    result: { runIds: ['r_0001', 'r_0002'], n: 25000, total: 1, b: 300, c: 350, offset: 0, items: [{ index: 7, label: 1, probabilityA: 0.2, probabilityB: 0.9, right: 'b', length: 240, text: 'a great film' }],
      byLength: [
        { label: '≤ 100', minLength: 0, maxLength: 100, truncated: false, n: 0, accuracyA: null, accuracyB: null, paired: null },
        { label: '> 200 (truncated)', minLength: 201, maxLength: null, truncated: true, n: 100, accuracyA: 0.8, accuracyB: 0.85, paired: { n: 100, b: 2, c: 7, accuracyDiff: 0.05, ci95: [-0.01, 0.11], pValue: 0.18, agreement: 0.91, test: 'mcnemar-exact', ciMethod: 'wald-paired' } },
      ] },
  },
  explainReview: {
    valid: { runIds: ['r_0001', 'r_0002'], index: 7 },
    invalid: [{ runIds: ['r_0001'], index: -1 }, { runIds: ['r_0001'], index: 25000 }, { runIds: ['r_0001'] }, { runIds: ['a', 'b', 'c', 'd', 'e'], index: 0 }],
    result: { index: 7, label: 1, words: ['a', 'great', 'film'], runs: [{ runId: 'r_0001', probability: 0.9, storedProbability: 0.9, maxLen: 200, firstSeenWord: 0, contributions: [null, 0.3, -0.01] }] },
  },
  appInfo: { valid: {}, invalid: [{ verbose: true }], result: { name: 'Recurrent Lab', version: '0.1.0', platform: 'linux', arch: 'x64', node: '20.19.0', electron: null, dbPath: '/x/lab.sqlite', dataDir: '/x/imdb', artifactsDir: '/x/artifacts', importFrom: null } },
  deviceInfo: { valid: {}, invalid: [{ gpu: true }], result: DEVICE },
  setEngine: { valid: { engine: 'webgpu' }, invalid: [{ engine: 'cuda' }, {}, { engine: 'cpu', threads: 2 }], result: DEVICE },
  startSweep: {
    valid: { space: { units: [32, 64], learningRate: { min: 0.0003, max: 0.003, scale: 'log' } }, scheduler: 'asha', trials: 20, budgetMinutes: 60, model: TUTORIAL_MODEL, train: { ...TUTORIAL_TRAIN, validationSplit: 0.2 } },
    invalid: [
      {},
      { space: {}, scheduler: 'bayes', trials: 2, budgetMinutes: null, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { space: {}, scheduler: 'random', trials: 0, budgetMinutes: null, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { space: {}, scheduler: 'random', trials: null, budgetMinutes: 0, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { space: { units: { min: 1, max: 2, step: 1 } }, scheduler: 'random', trials: 2, budgetMinutes: null, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
      { space: { units: 8 }, scheduler: 'random', trials: 2, budgetMinutes: null, model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN },
    ],
    result: { sweepId: 's0123456789a', groupId: 'g1' },
  },
  cancelSweep: { valid: { sweepId: 's0123' }, invalid: [{}, { sweepId: '../x' }], result: { sweepId: 's0123456789a', status: 'cancelled' } },
  resumeSweep: { valid: { sweepId: 's0123' }, invalid: [{ sweepId: 's0123', trials: 4 }], result: { sweepId: 's0123456789a' } },
  listSweeps: {
    valid: {},
    invalid: [{ all: true }],
    result: { sweeps: [{ sweepId: 's0123456789a', name: 'asha sweep', scheduler: 'asha', status: 'running', createdAt: '2026-12-02T09:00:00.000Z', elapsedMs: 1000, trials: 3, bestValAccuracy: 0.86 }] },
  },
  getSweep: {
    valid: { sweepId: 's0123456789a' },
    invalid: [{ sweepId: '' }],
    result: {
      sweep: {
        sweepId: 's0123456789a', name: 'asha sweep', scheduler: 'asha', status: 'finished', createdAt: '2026-12-02T09:00:00.000Z', elapsedMs: 1000, trials: 2,
        bestValAccuracy: 0.86, error: null, groupId: 'g1', space: { units: { values: [32, 64] } }, trialBudget: 2, budgetMinutes: null, epochs: 5, rungs: [1, 3], eta: 3, validationSplit: 0.2,
      },
      trials: [
        { index: 0, runId: 'r_0001', config: { units: 32 }, status: 'finished', valAccuracy: 0.86, bestEpoch: 3, epochs: 5, stoppedAtEpoch: null, error: null },
        { index: 1, runId: 'r_0002', config: { units: 64 }, status: 'stopped', valAccuracy: 0.7, bestEpoch: 1, epochs: 1, stoppedAtEpoch: 1, error: null },
      ],
      best: { index: 0, runId: 'r_0001', config: { units: 32 }, valAccuracy: 0.86, bestEpoch: 3 },
    },
  },
  savePreset: {
    valid: { name: 'Tuned', runId: 'r_0001', epochs: 3 },
    invalid: [{}, { name: '', runId: 'r_0001' }, { name: 'x', runId: 'r_0001', epochs: 0 }, { name: 'x', runId: '../r' }],
    result: { id: 'p1', name: 'Tuned', model: TUTORIAL_MODEL, train: TUTORIAL_TRAIN, notes: '', sourceRunId: 'r_0001', createdAt: '2026-12-02T09:00:00.000Z' },
  },
  listPresets: { valid: {}, invalid: [{ all: 1 }], result: { presets: [] } },
  deletePreset: { valid: { presetId: 'p1' }, invalid: [{}, { presetId: '' }], result: { presetId: 'p1' } },
};

type EvCase<E extends EventName> = { valid: EventPayload<E>; invalid: unknown[] };
export const eventCases: { [E in EventName]: EvCase<E> } = {
  runStatus: { valid: { runId: 'r_0001', status: 'failed', error: 'loss became NaN' }, invalid: [{ runId: 'r_0001', status: 'exploded', error: null }] },
  runProgress: { valid: { runId: 'r_0001', epoch: 1, epochs: 5, batch: 3, batches: 391, fraction: 0.0015, etaMs: 5000, queueEtaMs: null }, invalid: [{ runId: 'r_0001', epoch: 1, epochs: 5, batch: 3, batches: 391, fraction: 2, etaMs: null, queueEtaMs: null }] },
  batchMetrics: { valid: { runId: 'r_0001', epoch: 1, batch: 1, batches: 391, loss: 0.69, accuracy: 0.5, examplesPerSec: 800, elapsedMs: 80 }, invalid: [{ runId: 'r_0001', epoch: 0, batch: 1, batches: 1, loss: 1, accuracy: 1, examplesPerSec: 1, elapsedMs: 1 }] },
  epochMetrics: { valid: { runId: 'r_0001', ...epoch }, invalid: [{ runId: 'r_0001', epoch: 1 }] },
  queueChanged: { valid: { running: [], queued: [queueItem], etaMs: 1000 }, invalid: [{ running: null, queued: [], etaMs: null }] },
  menuCommand: { valid: { command: 'exportModel' }, invalid: [{ command: 'format-disk' }, {}] },
  downloadProgress: { valid: { file: 'imdb.npz', receivedBytes: 100, totalBytes: 17311495, done: false, error: null }, invalid: [{ file: 'imdb.npz', receivedBytes: -1, totalBytes: null, done: false, error: null }] },
  sweepChanged: { valid: { sweepId: 's0123456789a', status: 'running' }, invalid: [{ sweepId: 's0123456789a', status: 'paused' }] },
};
