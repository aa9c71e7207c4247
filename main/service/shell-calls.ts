// The core's side of the desktop shell's calls (main/contract/desktop.ts shellCalls): paths the user picked
// in a native dialog or dropped on the window, sent only by the Electron main process over its private
// link to the utility process — never reachable from serve or from the renderer's contract.
import { shellCalls, type DesktopReply, type ShellCallName } from '../contract/desktop.js';
import { ERROR_CODES } from '../contract/index.js';
import { validate } from '../model/validate.js';
import { toContractError } from './errors.js';
import type { DataCalls } from './data-calls.js';
import type { ModelCalls } from './model-calls.js';

export interface ShellEndpoint {
  call(method: ShellCallName | string, params: unknown): Promise<DesktopReply<unknown>>;
}

export function shellEndpoint(data: DataCalls, models: ModelCalls): ShellEndpoint {
  const run = async (method: ShellCallName, params: unknown): Promise<unknown> => {
    if (method === 'importPicked') {
      const p = validate(shellCalls.importPicked.params, params ?? {}, 'importPicked params');
      return data.importPicked(p.path);
    }
    const p = validate(shellCalls.exportModelTo.params, params ?? {}, 'exportModelTo params');
    return models.exportTo(p.runId, p.dir, p.overwrite, p.format);
  };
  return {
    async call(method, params) {
      if (!Object.hasOwn(shellCalls, method)) return { ok: false, error: { code: ERROR_CODES.unknownMethod, message: `unknown method "${method}"` } };
      try {
        return { ok: true, result: await run(method as ShellCallName, params) };
      } catch (e) {
        return { ok: false, error: toContractError(e) };
      }
    },
  };
}
