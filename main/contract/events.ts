// Contract events pushed from the core to every subscriber (renderer, serve clients).
import { z } from 'zod';
import { batchMetricsSchema, epochMetricsSchema, queueStateSchema, runIdSchema, runStatusSchema } from './common.js';

export const runStatusEvent = z.object({
  runId: runIdSchema,
  status: runStatusSchema,
  error: z.string().nullable(),
});

export const runProgressEvent = z.object({
  runId: runIdSchema,
  epoch: z.number().int().min(0),
  epochs: z.number().int().min(1),
  batch: z.number().int().min(0),
  batches: z.number().int().min(0),
  fraction: z.number().min(0).max(1),
  /** Time left for this run / for the whole queue (null when unknown). */
  etaMs: z.number().nullable(),
  queueEtaMs: z.number().nullable(),
});

export const batchMetricsEvent = batchMetricsSchema.extend({ runId: runIdSchema });
export const epochMetricsEvent = epochMetricsSchema.extend({ runId: runIdSchema });
export const queueChangedEvent = queueStateSchema;

export const downloadProgressEvent = z.object({
  file: z.string(),
  receivedBytes: z.number().min(0),
  totalBytes: z.number().min(0).nullable(),
  done: z.boolean(),
  error: z.string().nullable(),
});

/**
 * Desktop only: a native menu item (or a clicked notification) the UI should act on; serve mode never
 * sends it. `openRun` carries the run to show.
 */
export const MENU_COMMANDS = ['exportModel', 'exportRuns', 'about', 'newExperiment', 'startRun', 'cancelRun', 'compareSelected', 'findRun', 'openRun'] as const;
export const menuCommandEvent = z.object({ command: z.enum(MENU_COMMANDS), runId: runIdSchema.optional() });
