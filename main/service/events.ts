// The service's event bus: typed contract events fanned out to every subscriber (WebSocket clients,
// the Electron main process). A throwing subscriber never stops the others or the training behind it.
import type { EventName, EventPayload } from '../contract/index.js';

/** Receives every event; narrow on `event` to read the payload's type. */
export type AnyEventListener = (event: EventName, payload: EventPayload<EventName>) => void;

export class EventBus {
  readonly #listeners = new Set<AnyEventListener>();

  /** Subscribes to every event; returns the unsubscribe function. */
  onAny(listener: AnyEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
    const l: AnyEventListener = (e, p) => {
      if (e === event) cb(p as EventPayload<E>);
    };
    return this.onAny(l);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of [...this.#listeners]) {
      try {
        l(event, payload);
      } catch {
        // a broken subscriber (e.g. a closed socket) must not break training or other subscribers
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
