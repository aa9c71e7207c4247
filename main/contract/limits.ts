// What a run's user-given labels may hold: one set of limits for the store (every writer: CLI, app,
// queue) and the contract's schemas (the UI's errors), so a label one accepts the other never refuses.
export const RUN_NAME_MAX = 200;
export const TAG_MAX_CHARS = 40;
export const TAGS_MAX = 20;
export const NOTES_MAX_CHARS = 10_000;
