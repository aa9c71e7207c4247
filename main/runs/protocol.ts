// Messages between the run queue (parent) and its training worker (worker.ts).
import { join } from 'node:path';
import type { ModelSpec, TrainSpec } from '../model/spec.js';
import type { BatchMetrics, DeviceInfo, EpochMetrics, StopReason } from '../engine/types.js';
import type { TestMetrics } from './store.js';
import type { EngineChoice } from '../engine/engines.js';

export interface WorkerInput {
  runId: string;
  model: ModelSpec;
  train: TrainSpec;
  dataDir: string;
  /** Folder for this run's checkpoint and weights files (created by the parent). */
  runDir: string;
  /** The run's attempt number (1 + resumes): checkpoint names carry it so a resume never overwrites a recorded file. */
  attempt: number;
  /** Checkpoint file to continue from (resume), or null. */
  resumeFrom: string | null;
  /** Int32Array view: [0] = 1 asks the worker to stop after the current batch. */
  stopFlag: SharedArrayBuffer;
  /** Threads to train on (RunQueueOptions.threads); absent: the engine's default. */
  threads?: number;
  /** The engine to train on (RunQueue.engine). */
  engine: EngineChoice;
}

export type WorkerPhase = 'loading-data' | 'building' | 'training' | 'evaluating' | 'saving';

export type WorkerMessage =
  | { type: 'phase'; phase: WorkerPhase; fraction: number | null; detail?: string }
  | {
      type: 'started';
      device: DeviceInfo;
      dataSource: string;
      dataPath: string;
      dataFingerprint: string;
      params: number;
      trainExamples: number;
      valExamples: number;
      batchesPerEpoch: number;
      startEpoch: number;
    }
  | { type: 'batch'; m: BatchMetrics }
  | { type: 'epoch'; m: EpochMetrics; checkpoint: { path: string; bytes: number } | null }
  | {
      type: 'done';
      stopReason: StopReason;
      message: string | null;
      msPerStep: number;
      test: TestMetrics | null;
      weights: { path: string; bytes: number; epoch: number } | null;
    }
  | { type: 'error'; message: string; userError: boolean; code: string };

/** A checkpoint file's name: unique per attempt and epoch. */
export function checkpointPath(runDir: string, attempt: number, epoch: number): string {
  return join(runDir, `checkpoint-a${attempt}-e${String(epoch).padStart(4, '0')}.rlck`);
}
