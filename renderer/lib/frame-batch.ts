// Coalesces bursts of updates into one flush per animation frame: training sends batch metrics and
// progress many times a second, the UI redraws at most once per frame with the latest of each key.
// Pure (the scheduler is injected: requestAnimationFrame in the app, a manual one in unit tests).

export interface FrameBatcher<K, V> {
  /** Records the latest value for a key and makes sure one flush is scheduled. */
  put(key: K, value: V): void;
  /** Asks for a flush without a value (e.g. "curves changed"). */
  touch(): void;
  /** Updates put since the last flush, for inspection. */
  readonly pending: number;
}

export function frameBatcher<K, V>(schedule: (cb: () => void) => void, flush: (latest: Map<K, V>, touched: boolean) => void): FrameBatcher<K, V> {
  let latest = new Map<K, V>();
  let touched = false;
  let queued = false;
  const run = () => {
    queued = false;
    const batch = latest;
    const t = touched;
    latest = new Map();
    touched = false;
    flush(batch, t);
  };
  const ensure = () => {
    if (queued) return;
    queued = true;
    schedule(run);
  };
  return {
    put(key, value) {
      latest.set(key, value);
      ensure();
    },
    touch() {
      touched = true;
      ensure();
    },
    get pending() {
      return latest.size;
    },
  };
}
