// Studies as the UI holds them (Svelte 5 runes): the list, the open study's results, and refreshes when a
// study's run changes status (throttled: a study of many runs must not re-read on every event at once).
import { api, messageOf, on } from '../client.js';
import type { CallResult, StudyResult } from '../../../main/contract/index.js';

export const studies = $state({
  list: [] as CallResult<'listStudies'>['studies'],
  open: null as StudyResult | null,
  /** The study the Studies screen shows (kept across reloads). */
  openId: sessionStorage.getItem('recurrent-lab.study'),
  error: null as string | null,
});

export async function refreshStudies(): Promise<void> {
  try {
    studies.list = (await api.listStudies({})).studies;
    const id = studies.openId ?? studies.list[0]?.id ?? null;
    studies.open = id ? await api.getStudy({ studyId: id }) : null;
    studies.error = null;
  } catch (e) {
    studies.error = messageOf(e);
  }
}

export function openStudy(id: string): void {
  studies.openId = id;
  sessionStorage.setItem('recurrent-lab.study', id);
  void refreshStudies();
}

let wired = false;
let pending: ReturnType<typeof setTimeout> | null = null;
/** Re-reads the studies when any run changes status (at most every 500 ms). */
export function followStudies(): void {
  if (wired) return;
  wired = true;
  on('runStatus', () => {
    pending ??= setTimeout(() => {
      pending = null;
      void refreshStudies();
    }, 500);
  });
}
