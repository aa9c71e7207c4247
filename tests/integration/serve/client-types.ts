// Contract types the test client uses.
import type { EventName, EventPayload } from '../../../main/contract/index.js';
export type { CallName, CallParams } from '../../../main/contract/index.js';
export type EventMessageAny = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
