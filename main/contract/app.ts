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

export const deviceInfoParams = noParams;
export const deviceInfoResult = z.object({
  engine: z.enum(['recurrent-lab', 'tfjs-node', 'tfjs-node-gpu', 'tfjs']),
  threads: z.number().int().min(1),
  simd: z.boolean(),
  gpu: z.string().nullable(),
  description: z.string(),
});
