// Contract calls about the app itself: versions and folders, and the training engine/device.
import { z } from 'zod';
import { noParams } from './common.js';

export const appInfoParams = noParams;
export const appInfoResult = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  node: z.string(),
  /** Electron version when running in the desktop app, else null. */
  electron: z.string().nullable(),
  dbPath: z.string(),
  dataDir: z.string(),
  artifactsDir: z.string(),
  /** The folder importData may read from (serve --allow-import-from DIR); null: importData takes no path. */
  importFrom: z.string().nullable(),
});

export const ENGINE_CHOICES = ['auto', 'cpu', 'webgpu', 'tfjs-node'] as const;
export const engineChoice = z.enum(ENGINE_CHOICES, { message: `engine must be one of ${ENGINE_CHOICES.join(', ')}` });

/** One engine a run can train on, as found on this machine. */
export const engineOption = z.object({
  id: engineChoice,
  label: z.string(),
  available: z.boolean(),
  /** What was found (the adapter, the threads) or why it is unavailable. */
  detail: z.string(),
  /** WebGPU: the adapter is a software rasteriser (llvmpipe, SwiftShader, WARP) — correct, not fast. */
  software: z.boolean(),
});

export const deviceInfoParams = noParams;
export const deviceInfoResult = z.object({
  /** The CPU engine (or tfjs-node when asked for) — what new runs train on unless a GPU engine is chosen. */
  engine: z.enum(['recurrent-lab', 'webgpu', 'tfjs-node', 'tfjs-node-gpu', 'tfjs']),
  threads: z.number().int().min(1),
  simd: z.boolean(),
  gpu: z.string().nullable(),
  description: z.string(),
  /** The engine choice new runs get (setEngine changes it). */
  selected: engineChoice,
  engines: z.array(engineOption),
});

export const setEngineParams = z.object({ engine: engineChoice }).strict();
export const setEngineResult = deviceInfoResult;
