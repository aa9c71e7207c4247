// IPC channel names: one per contract call (renderer → main, invoke) and one per event (main → renderer).
// electron/preload.cts repeats these prefixes (it must be self-contained); tests check they agree.
import type { CallName, EventName } from '../main/contract/index.js';

export const CALL_PREFIX = 'rl:call:';
export const EVENT_PREFIX = 'rl:event:';

export const callChannel = (m: CallName): string => CALL_PREFIX + m;
export const eventChannel = (e: EventName): string => EVENT_PREFIX + e;
