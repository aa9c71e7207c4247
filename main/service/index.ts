// createLabService: every contract call implemented by composing the core — the run store and queue
// (main/runs), the data layer (main/data), the engine (main/engine) and export (main/export) — plus the
// event bus the transports subscribe to. The caller (a composition root) opens the store and owns it.
import { arch, platform, versions } from 'node:process';
import { RunQueue, type RunQueueOptions } from '../runs/queue.js';
import type { RunStore } from '../runs/store.js';
import { appVersion } from '../runs/app-version.js';
import { PRODUCT_NAME } from '../paths.js';
import { UserError } from '../errors.js';
import type { DataStatus, LabApi } from '../contract/index.js';
import { EventBus } from './events.js';
import { localEndpoint, type ServiceEndpoint } from './endpoint.js';
import { bridgeQueueEvents, cancelRun, queueState, startRuns } from './run-control.js';
import * as q from './run-queries.js';
import { DataCalls } from './data-calls.js';
import { ModelCalls, summary } from './model-calls.js';
import { deviceInfo } from './engines.js';
import { RunModels } from './run-model.js';
import { AnalysisCalls } from './analysis-calls.js';
import { shellEndpoint, type ShellEndpoint } from './shell-calls.js';
import { StudyCalls } from './study-calls.js';
import { reevaluateRun } from '../runs/reevaluate.js';
import { SweepCalls } from './sweep-calls.js';
import { presetStoreFor } from '../presets/store.js';
import { savePresetFromRun } from '../presets/from-run.js';

export interface LabServiceOptions {
  store: RunStore;
  /** Folder with (or for) the IMDB files. */
  dataDir: string;
  /** Default folder for exported models. */
  artifactsDir: string;
  /**
   * The only folder the importData call may read from (`serve --allow-import-from DIR`). Absent or null:
   * importData takes no path at all (the desktop app imports through its own dialogs instead).
   */
  importFrom?: string | null;
  /** Electron's version when hosted by the desktop app. */
  electronVersion?: string | null;
  /** Passed to the run queue (concurrency, checkpoint policy…). */
  queue?: Omit<RunQueueOptions, 'dataDir'>;
}

export interface LabService {
  readonly api: LabApi;
  readonly events: EventBus;
  /** The transport-facing side: validated calls by name + every event. */
  readonly endpoint: ServiceEndpoint;
  /** The desktop shell's calls (paths picked in native dialogs): only electron/training-host answers them. */
  readonly shell: ShellEndpoint;
  /**
   * Imports a file the server itself staged — serve's upload (POST /api/upload), never a path a client
   * named — with the importer of the desktop app's drop and of `recurrent-lab data import`.
   */
  importFile(path: string): Promise<DataStatus>;
  readonly queue: RunQueue;
  /** Cancels queued/running runs (they keep what was logged) and frees loaded models; the store stays open. */
  close(): Promise<void>;
}

export function createLabService(opts: LabServiceOptions): LabService {
  const { store, dataDir, artifactsDir } = opts;
  const events = new EventBus();
  const queue = new RunQueue(store, { ...opts.queue, dataDir });
  const unbridge = bridgeQueueEvents(queue, store, events);
  const data = new DataCalls(dataDir, events, opts.importFrom ?? null);
  const runModels = new RunModels(store);
  const models = new ModelCalls(runModels, data, artifactsDir);
  const studies = new StudyCalls(queue, store);
  const analysis = new AnalysisCalls(store, data, runModels);
  const sweeps = new SweepCalls(queue, store, events);

  const api: LabApi = {
    startRuns: async (p) => startRuns(queue, p),
    cancelRun: async (p) => cancelRun(queue, store, p),
    resumeRun: async (p) => ({ runId: queue.resume(p.runId).id }),
    rerun: async (p) => ({ runId: queue.rerun(p.runId).id }),
    getQueue: async () => queueState(queue, store),
    listRuns: async (p) => {
      const r = q.listRuns(store, p);
      // A trial's run says which sweep it belongs to and why it ended (stopped by ASHA reads cancelled otherwise).
      return { ...r, runs: r.runs.map((run) => ({ ...run, sweepTrial: sweeps.trialOf(run.id) })) };
    },
    getRun: async (p) => q.getRun(store, p),
    deleteRuns: async (p) => {
      const ids = p.runIds.map((id) => store.resolveId(id));
      // a running run still writes metrics: it must be cancelled (and have stopped) first; queued ones just leave the queue
      const running = ids.filter((id) => store.getRun(id).status === 'running');
      if (running.length > 0) throw new UserError(`run ${running.join(', ')} is training: cancel it first, then delete`, 'bad_state');
      for (const id of ids) if (store.getRun(id).status === 'queued') queue.cancel(id);
      return { deleted: store.deleteRuns(ids).deleted };
    },
    getMetricSeries: async (p) => q.getMetricSeries(store, p),
    compareRuns: async (p) => q.compareRuns(store, p),
    setTags: async (p) => q.setTags(store, p),
    setNotes: async (p) => q.setNotes(store, p),
    exportRunsCsv: async (p) => q.exportRuns(store, p),
    reevaluateRuns: async (p) => {
      const results = [];
      for (const id of p.runIds) results.push(await reevaluateRun(store, id, dataDir));
      return { results };
    },
    startStudy: (p) => studies.start(p),
    listStudies: async () => studies.list(),
    getStudy: async (p) => studies.get(p),
    resumeStudy: (p) => studies.resume(p),
    cancelStudy: async (p) => studies.cancel(p),
    deleteStudy: async (p) => studies.delete(p),
    studyReport: async (p) => studies.report(p),
    confirmSweep: (p) => studies.confirm(p),
    dataStatus: () => data.status(),
    downloadData: () => data.download(),
    importData: (p) => data.import(p),
    dataStats: (p) => data.stats(p),
    sampleReview: (p) => data.sample(p),
    modelSummary: async (p) => summary(store, p, queue.engine),
    predict: (p) => models.predict(p),
    exportModel: (p) => models.export(p),
    gradientNorms: (p) => models.gradientNorms(p),
    analyzeRuns: (p) => analysis.analyzeRuns(p),
    listDisagreements: (p) => analysis.listDisagreements(p),
    explainReview: (p) => analysis.explainReview(p),
    appInfo: async () => ({
      name: PRODUCT_NAME,
      version: appVersion(),
      platform,
      arch,
      node: versions.node,
      electron: opts.electronVersion ?? versions.electron ?? null,
      dbPath: store.info.path,
      dataDir,
      artifactsDir,
      importFrom: opts.importFrom ?? null,
    }),
    deviceInfo: () => deviceInfo(queue.engine),
    setEngine: async (p) => {
      const info = await deviceInfo(p.engine);
      const option = info.engines.find((e) => e.id === p.engine);
      if (option && !option.available) throw new UserError(`engine "${p.engine}" is unavailable here: ${option.detail}`);
      queue.engine = p.engine;
      return info;
    },
    startSweep: async (p) => sweeps.start(p),
    cancelSweep: async (p) => sweeps.cancel(p),
    resumeSweep: async (p) => sweeps.resume(p),
    listSweeps: async () => sweeps.list(),
    getSweep: async (p) => sweeps.get(p),
    savePreset: async (p) => savePresetFromRun(store, presetStoreFor(store), p),
    listPresets: async () => ({ presets: presetStoreFor(store).listPresets() }),
    deletePreset: async (p) => ({ presetId: presetStoreFor(store).deletePreset(p.presetId).id }),
  };

  return {
    api,
    events,
    endpoint: localEndpoint(api, (l) => events.onAny(l)),
    shell: shellEndpoint(data, models),
    importFile: (path) => data.importPicked(path),
    queue,
    async close() {
      unbridge();
      await sweeps.close();
      await queue.close();
      runModels.dispose();
    },
  };
}
