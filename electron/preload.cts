// The preload (sandboxed, so CommonJS and self-contained: it may require only 'electron').
// Exposes window.recurrentLab: exactly one function per contract call and one on<Event>(cb) per event
// (returning its unsubscribe) — never a generic invoke(channel). Each call resolves to a CallReply:
// {ok: true, result} or {ok: false, error: {code, message}}. Main validates sender and payload again.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS and may only require('electron')
import electron = require('electron');
import type { CallName, EventName, PreloadApi } from '../main/contract/index.js';

// The channel names must match electron/channels.ts (tests/unit/electron checks they do).
const CALL_PREFIX = 'rl:call:';
const EVENT_PREFIX = 'rl:event:';

// Exhaustive by type: a call or event added to the contract and missing here fails to compile.
const CALLS: Record<CallName, true> = {
  startRuns: true, cancelRun: true, resumeRun: true, rerun: true, getQueue: true, listRuns: true, getRun: true,
  deleteRuns: true, getMetricSeries: true, compareRuns: true, setTags: true, setNotes: true, exportRunsCsv: true,
  dataStatus: true, downloadData: true, importData: true, dataStats: true, sampleReview: true, modelSummary: true,
  predict: true, exportModel: true, gradientNorms: true, appInfo: true, deviceInfo: true,
  setEngine: true,
};
const EVENTS: Record<EventName, true> = {
  runStatus: true, runProgress: true, batchMetrics: true, epochMetrics: true, queueChanged: true,
  downloadProgress: true, menuCommand: true,
};

function buildApi(ipc: Pick<Electron.IpcRenderer, 'invoke' | 'on' | 'removeListener'>): PreloadApi {
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
  return Object.freeze(api) as PreloadApi;
}

electron.contextBridge.exposeInMainWorld('recurrentLab', buildApi(electron.ipcRenderer));
