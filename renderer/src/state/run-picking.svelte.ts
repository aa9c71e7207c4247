// Run picking for the screens that act on trained runs (Try it, Gradient lens): all runs for the
// RunPicker, the picked ids (starting from the app-wide selection), and a submit wrapper that checks
// something is picked, remembers the pick app-wide and reports busy / errors.
import { messageOf } from '../client.js';
import { lab, allRuns, setSelected } from './lab.svelte.js';
import type { RunSummary } from '../../../main/contract/index.js';

export interface RunPickingOptions {
  /** Unpick runs with nothing trained (the picker does not show them) once the runs arrive. */
  dropUntrained?: boolean;
}

export class RunPicking {
  /** The most runs one action takes (and the picker allows). */
  readonly max = 10;
  runs = $state<RunSummary[]>([]);
  picked = $state<string[]>(lab.selected.slice(0, this.max));
  busy = $state(false);
  error = $state<string | null>(null);

  /** Create during component setup: loads all runs once the component mounts. */
  constructor({ dropUntrained = false }: RunPickingOptions = {}) {
    $effect(() => {
      allRuns().then((r) => {
        this.runs = r;
        if (dropUntrained) this.picked = this.picked.filter((id) => r.some((x) => x.id === id && (x.status === 'finished' || x.epochsDone > 0)));
      }, (e: unknown) => (this.error = messageOf(e)));
    });
  }

  /** A form's submit handler: runs `act` on the picked runs (at most `max`), with busy and errors shown. */
  async submit(e: Event, act: (runIds: string[]) => Promise<void>): Promise<void> {
    e.preventDefault();
    this.error = null;
    if (this.picked.length === 0) {
      this.error = 'Pick at least one trained run.';
      return;
    }
    this.busy = true;
    try {
      setSelected(this.picked);
      await act(this.picked.slice(0, this.max));
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.busy = false;
    }
  }

  runOf(id: string): RunSummary | undefined {
    return this.runs.find((r) => r.id === id);
  }
}
