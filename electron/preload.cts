// The preload (sandboxed, so CommonJS and self-contained: it may require only 'electron').
// Exposes window.recurrentLab: exactly one function per contract call and one on<Event>(cb) per event
// (returning its unsubscribe) — never a generic invoke(channel) — and `desktop`, the native-dialog flows.
// Each call resolves to a CallReply: {ok: true, result} or {ok: false, error: {code, message}}. Main
// validates sender and payload again. The page never hands over a path: importDroppedFile takes a File and
// asks Electron (webUtils) for its path here, where the page cannot forge it.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS and may only require('electron')
import electron = require('electron');
import type { CallName, EventName, PreloadApi } from '../main/contract/index.js';
import type { DesktopApi, DesktopCallName, DesktopReply } from '../main/contract/desktop.js';

// The channel names must match electron/channels.ts (tests/unit/electron checks they do).
const CALL_PREFIX = 'rl:call:';
const EVENT_PREFIX = 'rl:event:';
const DESKTOP_PREFIX = 'rl:desktop:';

// Exhaustive by type: a call or event added to the contract and missing here fails to compile.
const CALLS: Record<CallName, true> = {
  startRuns: true, cancelRun: true, resumeRun: true, rerun: true, getQueue: true, listRuns: true, getRun: true,
  deleteRuns: true, getMetricSeries: true, compareRuns: true, setTags: true, setNotes: true, exportRunsCsv: true,
  dataStatus: true, downloadData: true, importData: true, dataStats: true, sampleReview: true, modelSummary: true,
  predict: true, exportModel: true, gradientNorms: true, appInfo: true, deviceInfo: true,
  setEngine: true, startStudy: true, listStudies: true, getStudy: true, resumeStudy: true, cancelStudy: true,
  deleteStudy: true, studyReport: true, reevaluateRuns: true, confirmSweep: true,
  analyzeRuns: true, listDisagreements: true, explainReview: true,
  startSweep: true, cancelSweep: true, resumeSweep: true, listSweeps: true, getSweep: true,
  savePreset: true, listPresets: true, deletePreset: true,
};
const EVENTS: Record<EventName, true> = {
  runStatus: true, runProgress: true, batchMetrics: true, epochMetrics: true, queueChanged: true,
  downloadProgress: true, menuCommand: true, sweepChanged: true,
};

function desktopApi(ipc: Pick<Electron.IpcRenderer, 'invoke'>, webUtils: Pick<Electron.WebUtils, 'getPathForFile'>): DesktopApi {
  const invoke = (name: DesktopCallName, params: unknown) => ipc.invoke(DESKTOP_PREFIX + name, params);
  const refused = (message: string): Promise<DesktopReply<never>> => Promise.resolve({ ok: false, error: { code: 'bad_input', message } });
  return Object.freeze({
    importWithDialog: (params: { folder?: boolean } | undefined) => invoke('importWithDialog', { folder: params?.folder === true }),
    exportModelToFolder: (params: { runId: string; format?: 'tfjs' | 'onnx' }) => invoke('exportModelToFolder', { runId: params?.runId, format: params?.format }),
    setThemeSource: (params: { source: 'system' | 'light' | 'dark' }) => invoke('setThemeSource', { source: params?.source }),
    importDroppedFile: (file: File) => {
      let path: unknown;
      try {
        path = webUtils.getPathForFile(file); // '' for a File the page made itself
      } catch {
        return refused('only a file dropped from your computer can be imported');
      }
      if (typeof path !== 'string' || path === '') return refused('only a file dropped from your computer can be imported');
      return invoke('importDropped', { path });
    },
  });
}

function buildApi(ipc: Pick<Electron.IpcRenderer, 'invoke' | 'on' | 'removeListener'>, webUtils: Pick<Electron.WebUtils, 'getPathForFile'>): PreloadApi {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(CALLS)) {
    const channel = CALL_PREFIX + name;
    // params go over as-is (structured clone); anything non-cloneable is refused by Electron itself
    api[name] = (params: unknown) => ipc.invoke(channel, params === undefined ? {} : params);
  }
  for (const name of Object.keys(EVENTS)) {
    const channel = EVENT_PREFIX + name;
    api[`on${name.charAt(0).toUpperCase()}${name.slice(1)}`] = (cb: unknown) => {
      if (typeof cb !== 'function') throw new TypeError('callback must be a function');
      // the IpcRendererEvent (with its sender) never reaches the page
      const listener = (_e: unknown, payload: unknown) => (cb as (p: unknown) => void)(payload);
      ipc.on(channel, listener);
      return () => {
        ipc.removeListener(channel, listener);
      };
    };
  }
  api['desktop'] = desktopApi(ipc, webUtils);
  return Object.freeze(api) as PreloadApi;
}

electron.contextBridge.exposeInMainWorld('recurrentLab', buildApi(electron.ipcRenderer, electron.webUtils));
