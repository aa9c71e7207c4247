// The utility-process entry (Electron utilityProcess.fork): opens the user-data database, runs the core's
// service and run queue here — training never touches the main process or the window — and answers the
// main process over process.parentPort. Args: --db FILE --data DIR --artifacts DIR --electron VERSION
// [--sqlite-binding ADDON] (better-sqlite3 built for Electron, when run from source: sqlite-binding.ts).
import type {} from 'electron'; // types of process.parentPort
import { parseArgs } from 'node:util';
import { registerSqliteStore } from '../db/index.js';
import { openStore } from '../main/runs/store.js';
import { createLabService } from '../main/service/index.js';
import { hostEndpoint } from './service-link.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { db: { type: 'string' }, data: { type: 'string' }, artifacts: { type: 'string' }, electron: { type: 'string' }, 'sqlite-binding': { type: 'string' } },
  strict: true,
});
if (!values.db || !values.data || !values.artifacts) throw new Error('training-host needs --db, --data and --artifacts');

registerSqliteStore();
const binding = values['sqlite-binding'];
const store = openStore(values.db, binding ? { nativeBinding: binding } : {});
const service = createLabService({ store, dataDir: values.data, artifactsDir: values.artifacts, electronVersion: values.electron ?? null });
const port = process.parentPort;
let stopping = false;
hostEndpoint(
  service.endpoint,
  port,
  () => {
    if (stopping) return;
    stopping = true;
    // running runs stop after their current batch and keep everything logged
    void service.close().finally(() => {
      store.close();
      process.exit(0);
    });
  },
  service.shell, // paths the user picked in main's native dialogs
);
