// The engines a run can train on (createModel in index.ts picks one; auto-engine.ts decides `auto`).
export const ENGINES = ['auto', 'cpu', 'webgpu', 'tfjs-node'] as const;
export type EngineChoice = (typeof ENGINES)[number];
