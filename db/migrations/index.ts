// Every migration, in order. Add a file per schema change (numbers may have gaps) and list it here.
import type { Migration } from './types.js';
import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-batch-rollup.js';
import { migration0003 } from './0003-run-claims.js';
import { migration0004 } from './0004-studies.js';
import { migration0005 } from './0005-sweeps.js';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005];

export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
