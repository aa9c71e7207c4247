// IPC channel names: one per contract call (renderer → main, invoke), one per event (main → renderer) and
// one per desktop call (renderer → main: the native-dialog flows of main/contract/desktop.ts).
// electron/preload.cts repeats these prefixes (it must be self-contained); tests check they agree.
import type { CallName, EventName } from '../main/contract/index.js';
import type { DesktopCallName } from '../main/contract/desktop.js';

export const CALL_PREFIX = 'rl:call:';
export const EVENT_PREFIX = 'rl:event:';
export const DESKTOP_PREFIX = 'rl:desktop:';

export const desktopChannel = (d: DesktopCallName): string => DESKTOP_PREFIX + d;

export const callChannel = (m: CallName): string => CALL_PREFIX + m;
export const eventChannel = (e: EventName): string => EVENT_PREFIX + e;
