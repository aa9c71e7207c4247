// CSV export of runs: one row per epoch (or one row for a run without epochs), hyperparameters repeated.
import type { EpochRow, RunRecord } from '../main/runs/store.js';

const COLUMNS = [
  'run_id', 'name', 'status', 'arch', 'num_words', 'max_len', 'embedding_dim', 'units', 'layers', 'dropout', 'recurrent_dropout',
  'gru_reset_after', 'optimizer', 'learning_rate', 'batch_size', 'epochs', 'seed', 'limit_train', 'limit_test', 'params', 'tags',
  'group_id', 'created_at', 'epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'examples_per_sec', 'elapsed_ms',
  'test_accuracy', 'test_loss', 'test_auc',
] as const;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Text a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe.
  const s = typeof v === 'string' ? (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function runsToCsv(items: { run: RunRecord; epochs: EpochRow[] }[]): string {
  const lines = [COLUMNS.join(',')];
  for (const { run: r, epochs } of items) {
    const base = [
      r.id, r.name, r.status, r.arch, r.model.numWords, r.model.maxLen, r.model.embeddingDim, r.model.units, r.model.layers,
      r.model.dropout, r.model.recurrentDropout, r.model.gruResetAfter, r.train.optimizer, r.train.learningRate, r.train.batchSize,
      r.train.epochs, r.seed, r.train.limitTrain, r.train.limitTest, r.params, r.tags.join(' '), r.groupId, r.createdAt,
    ];
    const test = [r.test?.accuracy, r.test?.loss, r.test?.auc];
    const rows: (EpochRow | null)[] = epochs.length ? epochs : [null];
    for (const e of rows) {
      const em = e ? [e.epoch, e.loss, e.accuracy, e.valLoss, e.valAccuracy, e.examplesPerSec, e.elapsedMs] : ['', '', '', '', '', '', ''];
      lines.push([...base, ...em, ...test].map(cell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
