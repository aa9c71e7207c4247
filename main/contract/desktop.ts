// Desktop-only calls, kept out of `calls` so neither serve nor the renderer's contract can reach them.
//   shellCalls   the Electron main process → the core (utility process), over their private link: paths the
//                user picked in a native dialog or dropped on the window. Only main sends these.
//   desktopCalls the renderer → main (window.recurrentLab.desktop): they open the native dialogs; the page
//                never sends a path (a dropped file's path is read by the preload from the File itself).
// Browser-safe: zod and the contract's own schemas only.
import { z } from 'zod';
import { runIdSchema, type ContractError } from './common.js';
import { dataStatusSchema, type DataStatus } from './data.js';
import { exportFormatSchema, exportModelResult } from './models.js';

/** The app's colour theme: follow the OS, or the user's pick in the UI. */
const themeSourceSchema = z.enum(['system', 'light', 'dark']);

const pathSchema = z.string().min(1, 'path must not be empty').max(4096, 'path is too long');

export const shellCalls = {
  /** Import a file or folder the user picked (File → Import, the Data screen's buttons) or dropped. */
  importPicked: { params: z.strictObject({ path: pathSchema }), result: dataStatusSchema },
  /** Export a run into the folder the user chose in the save dialog (anywhere: the user chose it). */
  exportModelTo: {
    params: z.strictObject({ runId: runIdSchema, dir: pathSchema, overwrite: z.boolean().default(false), format: exportFormatSchema.default('tfjs') }),
    result: exportModelResult,
  },
} as const;
export type ShellCallName = keyof typeof shellCalls;

export const desktopCalls = {
  /** Opens the native open dialog (a file, or an aclImdb folder) and imports what was picked; null: cancelled. */
  importWithDialog: { params: z.strictObject({ folder: z.boolean().default(false) }), result: dataStatusSchema.nullable() },
  /** Imports a file dropped on the window: the preload reads its path from the File (webUtils), never the page. */
  importDropped: { params: z.strictObject({ path: pathSchema }), result: dataStatusSchema },
  /** Opens the native save dialog and exports the run into the folder chosen there; null: cancelled. */
  exportModelToFolder: { params: z.strictObject({ runId: runIdSchema, format: exportFormatSchema.default('tfjs') }), result: exportModelResult.nullable() },
  /** The theme the user picked in the UI, for the native parts too (nativeTheme.themeSource: menus, dialogs, title bar). */
  setThemeSource: { params: z.strictObject({ source: themeSourceSchema }), result: z.object({ source: themeSourceSchema }) },
} as const;
export type DesktopCallName = keyof typeof desktopCalls;
export const DESKTOP_CALL_NAMES = Object.keys(desktopCalls) as DesktopCallName[];

/** What a shell or desktop call answers: its result, or the one-line error. */
export type DesktopReply<T> = { ok: true; result: T } | { ok: false; error: ContractError };

type ExportResult = z.output<typeof exportModelResult>;

/** window.recurrentLab.desktop — only in the desktop app. */
export interface DesktopApi {
  importWithDialog(params: { folder?: boolean }): Promise<DesktopReply<DataStatus | null>>;
  /** A File from a drop (or a file input): the preload asks Electron for its path; anything else is refused. */
  importDroppedFile(file: File): Promise<DesktopReply<DataStatus>>;
  exportModelToFolder(params: { runId: string; format?: 'tfjs' | 'onnx' }): Promise<DesktopReply<ExportResult | null>>;
  setThemeSource(params: { source: 'system' | 'light' | 'dark' }): Promise<DesktopReply<{ source: 'system' | 'light' | 'dark' }>>;
}
