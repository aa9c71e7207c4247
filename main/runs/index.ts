// The runs layer's public API for the CLI, the service (IPC/HTTP) and export: the store interface and
// factory, the run queue with its events, checkpoint files and a run's weights.
export * from './store.js';
export {
  RunQueue,
  checkRunRequest,
  architectureGroup,
  seedGroup,
  type RunRequest,
  type RunProgress,
  type QueueState,
  type QueueEvents,
  type RunQueueOptions,
} from './queue.js';
export { TypedEmitter } from './events.js';
export { readCheckpointFile, writeCheckpointFile, writeWeightsFile } from './checkpoint-file.js';
export { loadRunWeights, type RunWeights } from './weights.js';
export { testMetrics, rocAuc } from './test-metrics.js';
export { appVersion } from './app-version.js';
export type { WorkerPhase } from './protocol.js';
