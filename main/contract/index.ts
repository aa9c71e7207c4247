// THE CONTRACT between the UI and the core — every call and every event, with zod schemas for params
// and results. Implemented twice: Electron IPC (electron/preload.cts → window.recurrentLab) and
// WebSocket in serve mode (protocol.ts). Browser-safe: imports only zod and main/model/spec.ts.
//
// Calls  (params → result; every params object is strict: unknown keys are rejected)
//   runs   startRuns {model, train, name?, tags?, notes?, group?: single | {archs} | {seeds:count}} → {runIds, groupId}
//          cancelRun {runId} → {runId, status}        resumeRun {runId} → {runId} (same run continues)
//          rerun {runId} → {runId}                    getQueue {} → QueueState
//          listRuns {status?, arch?, tag?, groupId?, search?, sortBy?, sortDir?, limit?, offset?} → {runs, total}
//          getRun {runId} → RunDetail                 deleteRuns {runIds} → {deleted}
//          getMetricSeries {runIds, metric, level?, maxPoints?} → {metric, level, series:[{runId,x,y}]}
//          compareRuns {runIds} → {runs, diff, epochs}
//          setTags {runId, tags} → {runId, tags}      setNotes {runId, notes} → {runId, notes}
//          exportRunsCsv {runIds, format?: csv|json} → {filename, mime, content}
//          reevaluateRuns {runIds} → {results:[{runId, outcome: written|present, n, accuracy}]}
//   studies startStudy {archs, seeds:{count, firstSeed?}, model, train, name?} → {studyId, runIds, threads}
//          listStudies {} → {studies}                 getStudy {studyId} → StudyResult (groups, pairs, verdicts)
//          resumeStudy {studyId} → {studyId, runIds}  cancelStudy {studyId} → {studyId, runIds}
//          deleteStudy {studyId} → {deleted} (runs stay)  studyReport {studyId} → {filename, mime, content} (HTML)
//          confirmSweep {sweepId, seeds?} → {studyId, runIds, threads} (the sweep's winner vs the tutorial)
//   data   dataStatus {} → DataStatus                 downloadData {} → DataStatus (+ downloadProgress events)
//          importData {path} → DataStatus (only under serve's --allow-import-from DIR)
//          dataStats {numWords?, maxLen?} → stats (train+test)
//          sampleReview {split?, index?, numWords?, maxLen?} → decoded review
//   models modelSummary {model} → {layers, totalParams, trainableParams, estimatedMsPerStep}
//          predict {text, runIds, occlusion?} → {results:[{runId, probability, label, tokens, oovCount, truncated}]}
//          exportModel {runId, name?, overwrite?, format?: tfjs|onnx} → {runId, dir, files, warnings}  (into <artifacts>/exports/<name>)
//          gradientNorms {runIds, samples?, split?} → {series:[{runId, arch, layers:[{layer, norms}]}]}
//   analysis analyzeRuns {runIds} → {runs:[{runId, analysis: {n, accuracy, maxLen, byLength, calibration} | null, note}]}
//          listDisagreements {runIds:[A,B], filter?, order?, minLength?, maxLength?, offset?, limit?} → {n, total, b, c, items:[{index, label, probabilityA, probabilityB, right, length, text}]}
//          explainReview {runIds, index} → {words, runs:[{runId, probability, contributions per word}]}
//   app    appInfo {} → versions and folders          deviceInfo {} → engines/devices   setEngine {engine} → the same
//   sweeps startSweep {space, scheduler, trials, budgetMinutes, model, train, fixed, …} → {sweepId, groupId}
//          cancelSweep {sweepId} → {sweepId, status}  resumeSweep {sweepId} → {sweepId}
//          listSweeps {} → {sweeps}                   getSweep {sweepId} → {sweep, trials, best}
//   presets savePreset {name, runId, epochs?} → Preset  listPresets {} → {presets}  deletePreset {presetId} → {presetId}
// Events (payload)
//   runStatus {runId, status, error}                  runProgress {runId, epoch, epochs, batch, batches, fraction, etaMs, queueEtaMs}
//   batchMetrics {runId, epoch, batch, batches, loss, accuracy, examplesPerSec, elapsedMs}
//   epochMetrics {runId, epoch, loss, accuracy, valLoss, valAccuracy, examplesPerSec, elapsedMs}
//   queueChanged QueueState                           downloadProgress {file, receivedBytes, totalBytes, done, error}
//   sweepChanged {sweepId, status}
//   menuCommand {command, runId?}  (desktop only: menu items and notification clicks the UI acts on)
// Errors: every failed call answers {code, message} (ContractError) — a one-line message for the user.
import type { z } from 'zod';
import * as runs from './runs.js';
import * as studies from './studies.js';
import * as data from './data.js';
import * as models from './models.js';
import * as app from './app.js';
import * as analysis from './analysis.js';
import * as sweeps from './sweeps.js';
import * as presets from './presets.js';
import * as ev from './events.js';
import type { JsonOffenders } from './json.js';
import { noParams, type ContractError } from './common.js';
import type { DesktopApi } from './desktop.js';

/** Every call: its params schema (validated by the core) and result schema (validated by the UI if it likes). */
export const calls = {
  startRuns: { params: runs.startRunsParams, result: runs.startRunsResult },
  cancelRun: { params: runs.runRefParams, result: runs.cancelRunResult },
  resumeRun: { params: runs.resumeRunParams, result: runs.runRefResult },
  rerun: { params: runs.runRefParams, result: runs.runRefResult },
  getQueue: { params: runs.getQueueParams, result: runs.getQueueResult },
  listRuns: { params: runs.listRunsParams, result: runs.listRunsResult },
  getRun: { params: runs.runRefParams, result: runs.getRunResult },
  deleteRuns: { params: runs.deleteRunsParams, result: runs.deleteRunsResult },
  getMetricSeries: { params: runs.getMetricSeriesParams, result: runs.getMetricSeriesResult },
  compareRuns: { params: runs.compareRunsParams, result: runs.compareRunsResult },
  setTags: { params: runs.setTagsParams, result: runs.setTagsResult },
  setNotes: { params: runs.setNotesParams, result: runs.setNotesResult },
  exportRunsCsv: { params: runs.exportRunsCsvParams, result: runs.exportRunsCsvResult },
  reevaluateRuns: { params: runs.reevaluateRunsParams, result: runs.reevaluateRunsResult },
  startStudy: { params: studies.startStudyParams, result: studies.startStudyResult },
  listStudies: { params: noParams, result: studies.listStudiesResult },
  getStudy: { params: studies.studyRefParams, result: studies.studyResultSchema },
  resumeStudy: { params: studies.studyRefParams, result: studies.studyRunsResult },
  cancelStudy: { params: studies.studyRefParams, result: studies.studyRunsResult },
  deleteStudy: { params: studies.studyRefParams, result: studies.deleteStudyResult },
  studyReport: { params: studies.studyRefParams, result: studies.studyReportResult },
  confirmSweep: { params: studies.confirmSweepParams, result: studies.startStudyResult },
  dataStatus: { params: data.dataStatusParams, result: data.dataStatusResult },
  downloadData: { params: data.downloadDataParams, result: data.downloadDataResult },
  importData: { params: data.importDataParams, result: data.importDataResult },
  dataStats: { params: data.dataStatsParams, result: data.dataStatsResult },
  sampleReview: { params: data.sampleReviewParams, result: data.sampleReviewResult },
  modelSummary: { params: models.modelSummaryParams, result: models.modelSummaryResult },
  predict: { params: models.predictParams, result: models.predictResult },
  exportModel: { params: models.exportModelParams, result: models.exportModelResult },
  gradientNorms: { params: models.gradientNormsParams, result: models.gradientNormsResult },
  analyzeRuns: { params: analysis.analyzeRunsParams, result: analysis.analyzeRunsResult },
  listDisagreements: { params: analysis.listDisagreementsParams, result: analysis.listDisagreementsResult },
  explainReview: { params: analysis.explainReviewParams, result: analysis.explainReviewResult },
  appInfo: { params: app.appInfoParams, result: app.appInfoResult },
  deviceInfo: { params: app.deviceInfoParams, result: app.deviceInfoResult },
  setEngine: { params: app.setEngineParams, result: app.setEngineResult },
  startSweep: { params: sweeps.startSweepParams, result: sweeps.startSweepResult },
  cancelSweep: { params: sweeps.sweepRefParams, result: sweeps.cancelSweepResult },
  resumeSweep: { params: sweeps.sweepRefParams, result: sweeps.resumeSweepResult },
  listSweeps: { params: sweeps.listSweepsParams, result: sweeps.listSweepsResult },
  getSweep: { params: sweeps.sweepRefParams, result: sweeps.getSweepResult },
  savePreset: { params: presets.savePresetParams, result: presets.savePresetResult },
  listPresets: { params: presets.listPresetsParams, result: presets.listPresetsResult },
  deletePreset: { params: presets.deletePresetParams, result: presets.deletePresetResult },
} as const;

/** Every event and its payload schema. */
export const events = {
  runStatus: ev.runStatusEvent,
  runProgress: ev.runProgressEvent,
  batchMetrics: ev.batchMetricsEvent,
  epochMetrics: ev.epochMetricsEvent,
  queueChanged: ev.queueChangedEvent,
  downloadProgress: ev.downloadProgressEvent,
  menuCommand: ev.menuCommandEvent,
  sweepChanged: sweeps.sweepChangedEvent,
} as const;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** What a caller may send (defaults optional). */
export type CallParams<M extends CallName> = z.input<(typeof calls)[M]['params']>;
/** What the core receives after validation (defaults filled in). */
export type ParsedParams<M extends CallName> = z.output<(typeof calls)[M]['params']>;
export type CallResult<M extends CallName> = z.output<(typeof calls)[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** The core's side: one async function per call, receiving validated params. */
export type LabApi = { [M in CallName]: (params: ParsedParams<M>) => Promise<CallResult<M>> };

/** The UI's side: one async function per call (what the preload and the WebSocket client expose). */
export type LabClient = { [M in CallName]: (params: CallParams<M>) => Promise<CallResult<M>> };

/** A reply as the preload hands it over: the result, or the one-line error. */
export type CallReply<M extends CallName> = { ok: true; result: CallResult<M> } | { ok: false; error: ContractError };

/** `on<Event>` subscription names the preload exposes, e.g. onRunProgress. */
export type SubscriberName<E extends EventName> = `on${Capitalize<E>}`;
export function subscriberName<E extends EventName>(e: E): SubscriberName<E> {
  return `on${e.charAt(0).toUpperCase()}${e.slice(1)}` as SubscriberName<E>;
}

/**
 * window.recurrentLab in the desktop app: one method per call, one on<Event> per event (returns unsubscribe),
 * and `desktop` — the native-dialog flows (main/contract/desktop.ts).
 */
export type PreloadApi = { [M in CallName]: (params: CallParams<M>) => Promise<CallReply<M>> } & {
  [E in EventName as SubscriberName<E>]: (cb: (payload: EventPayload<E>) => void) => () => void;
} & { desktop: DesktopApi };

// Compile-time proof that every payload is plain JSON (fails naming the offending call/event).
type AllParams = { [M in CallName]: CallParams<M> };
type AllParsed = { [M in CallName]: ParsedParams<M> };
type AllResults = { [M in CallName]: CallResult<M> };
type AllEvents = { [E in EventName]: EventPayload<E> };
type NotJson = JsonOffenders<AllParams> | JsonOffenders<AllParsed> | JsonOffenders<AllResults> | JsonOffenders<AllEvents>;
const jsonSafe: [NotJson] extends [never] ? true : { notJson: NotJson } = true;
void jsonSafe;

export * from './common.js';
export type { RunDetail } from './runs.js';
export type { StudyResult } from './studies.js';
export { points } from './points.js';
export { METRICS } from './runs.js';
export type { DataStatus } from './data.js';
export type { DesktopApi, DesktopReply } from './desktop.js';
export { SHORTCUTS, accelerator, matchShortcut, shortcutLabel, type ShortcutCommand } from './shortcuts.js';
// The model and training settings as the UI needs them (choices, labels, defaults, the form's schemas):
// the renderer reaches main/ only through this folder, so these pass through here (lint enforces it).
export {
  ARCHITECTURES, ARCH_LABELS, DEFAULT_LR, TUNED_MODEL, TUNED_TRAIN, TUTORIAL_MODEL, TUTORIAL_TRAIN, modelSpecSchema, trainSpecSchema,
  layersFor, normalizeModelSpec, type Architecture, type ModelSpec, type OptimizerName, type TrainSpec,
} from '../model/spec.js';
export { MODEL_SETTINGS, TRAIN_SETTINGS, appliesTo, parseBoolean, type Setting, type SettingKey } from '../model/spec-settings.js';
export { DEFAULT_SPACE, SEARCHABLE, SpaceError, parseSpace, type SpaceParam } from '../model/sweep-space.js';
export { SCHEDULERS, TRIAL_STATUS_TEXT, type Scheduler } from '../model/sweep-kinds.js';
export type { SweepView, TrialRow } from './sweeps.js';
export type { UserPreset } from './presets.js';
