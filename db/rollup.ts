// The batch_rollup block size: each row of batch_rollup sums this many consecutive training steps of a run.
// Migration 0002 created the table with it and existing databases hold blocks of this size, so the value
// is fixed: changing it needs a new migration that rebuilds batch_rollup, not an edit here.
export const ROLLUP_BLOCK = 16;
