// Starts the real thing for a test: a SQLite run store in a temp folder, the lab service, and the
// serve-mode HTTP + WebSocket server on 127.0.0.1 at a free port, with a tiny renderer folder and the
// upload route (staging in <dir>/staging).
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunStore } from '../../../db/index.js';
import { createLabService, type LabService } from '../../../main/service/index.js';
import { startServer, type RunningServer, type ServeOptions } from '../../../main/serve/server.js';
import type { RunStore } from '../../../main/runs/store.js';

export interface Lab {
  dir: string;
  store: RunStore;
  service: LabService;
  server: RunningServer;
  /** ws://127.0.0.1:PORT/api (plus ?token= when the server has one and withToken). */
  wsUrl(withToken?: boolean): string;
  httpUrl(path?: string): string;
  close(): Promise<void>;
}

export async function startLab(opts: { dataDir?: string; importFrom?: string; serve?: Partial<ServeOptions>; maxUploadBytes?: number } = {}): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-serve-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Recurrent Lab</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("hi");');
  const store = openRunStore(join(dir, 'lab.sqlite'), { artifactsDir: join(dir, 'checkpoints') });
  const service = createLabService({ store, dataDir: opts.dataDir ?? join(dir, 'no-data'), artifactsDir: join(dir, 'artifacts'), importFrom: opts.importFrom ?? null });
  // uploads are staged in a folder of the test's own (to check nothing is left behind), as `serve` does in its temp folder
  const staging = join(dir, 'staging');
  mkdirSync(staging);
  const upload = { importFile: (path: string) => service.importFile(path), stagingDir: staging, ...(opts.maxUploadBytes !== undefined ? { maxBytes: opts.maxUploadBytes } : {}) };
  const server = await startServer({ endpoint: service.endpoint, host: '127.0.0.1', port: 0, rendererDir: renderer, upload, ...opts.serve });
  return {
    dir,
    store,
    service,
    server,
    wsUrl: (withToken = true) => `ws://127.0.0.1:${server.port}/api${withToken && server.token ? `?token=${server.token}` : ''}`,
    httpUrl: (path = '/') => `http://127.0.0.1:${server.port}${path}`,
    async close() {
      await server.close();
      await service.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
