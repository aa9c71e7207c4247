// Contract calls of the error analysis: each run's accuracy by length and calibration, the disagreement
// browser's pages, and one review's word attributions under several runs (main/analysis).
import { analyzeRun } from '../analysis/run-analysis.js';
import { disagreementPage } from '../analysis/disagreement-page.js';
import { explainReview } from '../analysis/explain-review.js';
import { checkedPredict } from '../export/index.js';
import { errorMessage, isUserError } from '../errors.js';
import type { RunStore } from '../runs/store.js';
import type { CallResult, ParsedParams } from '../contract/index.js';
import type { DataCalls } from './data-calls.js';
import type { RunModels } from './run-model.js';

export class AnalysisCalls {
  constructor(
    private readonly store: RunStore,
    private readonly data: DataCalls,
    private readonly models: RunModels,
  ) {}

  readonly #arrays = (numWords: number) => this.data.arrays(numWords);
  readonly #wordIndex = () => this.data.wordIndex();

  async analyzeRuns(p: ParsedParams<'analyzeRuns'>): Promise<CallResult<'analyzeRuns'>> {
    const runs: CallResult<'analyzeRuns'>['runs'] = [];
    for (const id of p.runIds) {
      const run = this.store.getRun(id); // an unknown id is an error for the whole call
      try {
        runs.push({ runId: run.id, analysis: await analyzeRun(this.store.info.artifactsDir, run, this.#arrays), note: null });
      } catch (e) {
        // One run without predictions (or on other data) must not hide the others' analysis: it says why.
        if (!isUserError(e)) throw e;
        runs.push({ runId: run.id, analysis: null, note: errorMessage(e) });
      }
    }
    return { runs };
  }

  listDisagreements(p: ParsedParams<'listDisagreements'>): Promise<CallResult<'listDisagreements'>> {
    const [a, b] = p.runIds;
    const runs = [this.store.getRun(a), this.store.getRun(b)] as const;
    const { runIds: _ids, ...q } = p;
    return disagreementPage(this.store.info.artifactsDir, [...runs], q, this.#arrays, this.#wordIndex);
  }

  async explainReview(p: ParsedParams<'explainReview'>): Promise<CallResult<'explainReview'>> {
    const models = [];
    for (const id of p.runIds) {
      const { run, model } = await this.models.load(id);
      models.push({ run, predict: checkedPredict((x, n) => model.predict(x, n), `run ${run.id}`) });
    }
    return explainReview(this.store.info.artifactsDir, models, p.index, this.#arrays, this.#wordIndex);
  }
}
