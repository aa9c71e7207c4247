// The training worker (a worker_threads thread): loads the data, builds the model, fits it and posts
// batch/epoch metrics and checkpoint files back. It never touches the database — the parent writes it.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { loadData, splitForValidation, toDataset } from '../data/index.js';
import { createModel } from '../engine/index.js';
import { loadBestKernels } from '../engine/kernels/index.js';
import { threadsForBatch } from '../engine/parallel/threads.js';
import type { Checkpoint } from '../engine/types.js';
import { errorMessage, isUserError } from '../errors.js';
import { readCheckpointFile, writeCheckpointFile, writeWeightsFile } from './checkpoint-file.js';
import { testMetrics } from './test-metrics.js';
import { PREDICTIONS_FILE, writePredictionsFile } from './predictions-file.js';
import { checkpointPath, type WorkerInput, type WorkerMessage } from './protocol.js';

const input = workerData as WorkerInput;
const stop = new Int32Array(input.stopFlag);
const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
const stopped = (): boolean => Atomics.load(stop, 0) === 1;

async function run(): Promise<void> {
  const { model: spec, train } = input;
  post({ type: 'phase', phase: 'loading-data', fraction: 0 });
  const data = await loadData(input.dataDir, { numWords: spec.numWords }, (p) =>
    post({ type: 'phase', phase: 'loading-data', fraction: p.fraction, detail: p.phase }),
  );
  const given = toDataset(data.xTrain, data.yTrain, spec.maxLen, train.limitTrain ?? undefined);
  const testSet = toDataset(data.xTest, data.yTest, spec.maxLen, train.limitTest ?? undefined);
  // Keras' validation_split: the last part of the training reviews (after limitTrain, as Keras splits the
  // arrays given to fit) is held out before any shuffling and validated on; the test split is then only
  // evaluated once, at the end. Without it, validation (the tutorial's) is on the test split.
  const held = train.validationSplit !== null ? splitForValidation(given, train.validationSplit) : null;
  const trainSet = held ? held.train : given;
  const valSet = !train.validation ? null : held ? held.val : testSet;
  if (stopped()) return post({ type: 'done', stopReason: 'cancelled', message: null, msPerStep: NaN, test: null, weights: null });

  post({ type: 'phase', phase: 'building', fraction: null });
  // A chosen thread count bounds the kernels' own products too (`--threads 1` is one thread throughout); no
  // more threads than a batch can use (≥ 8 of its rows each), so the run's device records the threads it got.
  const kernels = input.threads === undefined ? null : await loadBestKernels({ threads: input.threads });
  const threads = threadsForBatch(train.batchSize, input.threads);
  const model = await createModel(spec, { seed: train.seed, threads, engine: input.engine, ...(kernels ? { kernels } : {}) }).catch((e: unknown) => {
    kernels?.dispose();
    throw e;
  });
  try {
    const resume: Checkpoint | undefined = input.resumeFrom ? readCheckpointFile(input.resumeFrom) : undefined;
    const params = model.getWeights().reduce((s, w) => s + w.data.length, 0);
    post({
      type: 'started',
      device: model.device,
      dataSource: data.source,
      dataPath: data.sourcePath,
      dataFingerprint: data.fingerprint,
      params,
      trainExamples: trainSet.n,
      valExamples: valSet?.n ?? 0,
      batchesPerEpoch: Math.ceil(trainSet.n / train.batchSize),
      startEpoch: resume?.epoch ?? 0,
    });
    post({ type: 'phase', phase: 'training', fraction: null });
    let lastEpoch = resume?.epoch ?? 0;
    const result = await model.fit(
      trainSet,
      valSet,
      train,
      {
        onBatch: (m) => post({ type: 'batch', m }),
        onEpoch: (m, ckpt) => {
          lastEpoch = m.epoch;
          // The file first, then the message: the parent records epoch + checkpoint in one transaction.
          const path = checkpointPath(input.runDir, input.attempt, m.epoch);
          const bytes = writeCheckpointFile(path, ckpt);
          post({ type: 'epoch', m, checkpoint: { path, bytes } });
        },
        shouldStop: stopped,
      },
      resume,
    );
    if (result.stopReason === 'cancelled' || result.stopReason === 'diverged') {
      return post({ type: 'done', stopReason: result.stopReason, message: result.message, msPerStep: result.msPerStep, test: null, weights: null });
    }
    post({ type: 'phase', phase: 'evaluating', fraction: null });
    const ev = await model.evaluate(testSet);
    const test = testMetrics(ev.probabilities, testSet.y, ev.loss);
    post({ type: 'phase', phase: 'saving', fraction: null });
    // Every review's probability, so that runs can be compared pair by pair on the same reviews.
    writePredictionsFile(
      join(input.runDir, PREDICTIONS_FILE),
      { dataFingerprint: data.fingerprint, limitTest: train.limitTest, maxLen: spec.maxLen, numWords: spec.numWords },
      ev.probabilities,
      testSet.y,
    );
    const wpath = join(input.runDir, 'final-weights.rlck');
    const bytes = writeWeightsFile(wpath, model.getWeights(), lastEpoch);
    post({
      type: 'done',
      stopReason: result.stopReason,
      message: result.message,
      msPerStep: result.msPerStep,
      test,
      weights: { path: wpath, bytes, epoch: lastEpoch },
    });
  } finally {
    model.dispose();
    kernels?.dispose();
  }
}

run().catch((e: unknown) => {
  post({ type: 'error', message: errorMessage(e), userError: isUserError(e), code: isUserError(e) ? e.code : 'internal' });
});
