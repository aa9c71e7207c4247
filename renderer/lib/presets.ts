// Ready-made experiments for the New-experiment screen. The tutorial's exact settings come first.
// Pure (no DOM): unit-tested under Node.
import { TUNED_MODEL, TUNED_TRAIN, TUTORIAL_MODEL, TUTORIAL_TRAIN } from '../../main/contract/index.js';
import { formFromSpecs, type FormState } from './form.js';

export interface Preset {
  id: string;
  label: string;
  description: string;
  form: () => FormState;
}

/** What the lab's own sweep found, and how it held up over 5 seeds (README, "Sweeps"). */
const TUNED_DESCRIPTION =
  'GRU(64) on 400 words of a 20,000-word vocabulary, 256-dim embeddings, dropout 0.36, average pooling, 2 epochs: the best of 22 trials of the lab\'s ASHA sweep over its default space on the full data. Over 5 seeds: 86.9 % test accuracy (95 % CI 86.6–87.2) vs the tutorial\'s 85.2 %.';

const quickTrain = { ...TUTORIAL_TRAIN, epochs: 2, limitTrain: 2000, limitTest: 1000 };

export const PRESETS: Preset[] = [
  {
    id: 'tutorial',
    label: 'Keras tutorial',
    description: 'Embedding(10000,128) → LSTM(64) → Dense(1, sigmoid), adam, batch 64, maxlen 200, 5 epochs, all 25,000 reviews.',
    form: () => formFromSpecs(TUTORIAL_MODEL, TUTORIAL_TRAIN),
  },
  {
    id: 'quick',
    label: 'Quick look',
    description: 'The tutorial model on 2,000 reviews for 2 epochs — a first result in a minute or two.',
    form: () => formFromSpecs(TUTORIAL_MODEL, quickTrain),
  },
  {
    id: 'tuned',
    label: 'Tuned (found by a sweep)',
    description: TUNED_DESCRIPTION,
    form: () => formFromSpecs(TUNED_MODEL, TUNED_TRAIN),
  },
  {
    id: 'compare-archs',
    label: 'LSTM vs GRU vs BiLSTM',
    description: 'The same settings for three architectures, queued as one comparison group.',
    form: () => ({ ...formFromSpecs(TUTORIAL_MODEL, quickTrain), groupKind: 'archs', groupArchs: ['lstm', 'gru', 'bilstm'] }),
  },
  {
    id: 'vanishing',
    label: 'RNN vs LSTM vs GRU',
    description: 'For the gradient lens: a SimpleRNN next to the gated cells on longer reviews (maxlen 400).',
    form: () => ({
      ...formFromSpecs({ ...TUTORIAL_MODEL, maxLen: 400 }, quickTrain),
      groupKind: 'archs',
      groupArchs: ['rnn', 'lstm', 'gru'],
    }),
  },
  {
    id: 'study',
    label: 'Is GRU really better? (study)',
    description: 'LSTM, GRU and BiLSTM × 3 seeds as one study, validated on 20% held out of training: mean ± 95% CI per architecture, and whether each difference is real.',
    form: () => ({ ...formFromSpecs(TUTORIAL_MODEL, { ...quickTrain, validationSplit: 0.2 }), groupKind: 'study', groupArchs: ['lstm', 'gru', 'bilstm'], seedCount: '3' }),
  },
  {
    id: 'seeds',
    label: 'N seeds',
    description: 'One configuration trained with 3 different seeds, to see how much results vary by chance.',
    form: () => ({ ...formFromSpecs(TUTORIAL_MODEL, quickTrain), groupKind: 'seeds', seedCount: '3' }),
  },
];
