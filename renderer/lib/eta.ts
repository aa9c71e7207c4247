// Estimated training time from the engine's measured speed (modelSummary.estimatedMsPerStep is per
// batch of 64 on this machine). Pure (no DOM): unit-tested under Node.
import type { TrainSpec } from '../../main/contract/index.js';

export const FULL_SPLIT = 25000;

/** Steps per epoch for a training set of `count` reviews (the last partial batch counts). */
export function stepsPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

/**
 * Milliseconds for a whole run: train steps scaled by batch size, plus a validation pass per epoch
 * (forward only ≈ one third of a training step per example). null when the speed is unknown.
 */
export function estimateRunMs(msPerStep64: number | null, train: TrainSpec): number | null {
  if (msPerStep64 === null || !Number.isFinite(msPerStep64) || msPerStep64 <= 0) return null;
  const given = train.limitTrain ?? FULL_SPLIT;
  // A held-out part (validationSplit) comes out of the training reviews: Keras' floor(n × (1 − split)) train.
  const trainCount = train.validationSplit !== null ? Math.max(1, Math.floor(given * (1 - train.validationSplit))) : given;
  const testCount = train.limitTest ?? FULL_SPLIT;
  const valCount = train.validationSplit !== null ? given - trainCount : testCount;
  const perExample = msPerStep64 / 64;
  const trainMs = stepsPerEpoch(trainCount, train.batchSize) * train.batchSize * perExample;
  const valMs = train.validation ? (valCount * perExample) / 3 : 0;
  const finalTestMs = (testCount * perExample) / 3;
  return (trainMs + valMs) * train.epochs + finalTestMs;
}
