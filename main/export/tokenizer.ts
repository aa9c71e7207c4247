// tokenizer.json: built from the Keras word index at export, read back (validated) and applied to new text
// with the data layer's Keras text cleaning, so a review is encoded as the training data was.
import { z } from 'zod';
import { KERAS_FILTERS, textToWords } from '../data/tokenize.js';
import { validate } from '../model/validate.js';
import { UserError } from '../errors.js';
import type { TokenizerJson } from './format.js';

export interface TokenizerSettings {
  /** word → raw rank (imdb_word_index.json), as a Map or a plain object. */
  wordIndex: Map<string, number> | Record<string, number>;
  numWords: number;
  maxLen: number;
  indexFrom?: number;
  startChar?: number;
  oovChar?: number;
}

export function buildTokenizer(s: TokenizerSettings): TokenizerJson {
  const indexFrom = s.indexFrom ?? 3;
  const entries = s.wordIndex instanceof Map ? [...s.wordIndex] : Object.entries(s.wordIndex);
  if (entries.length === 0) throw new UserError('the word index is empty');
  // Keep only words load_data(num_words) keeps as themselves; sorted by rank for a readable file.
  const kept = entries.filter(([, r]) => r + indexFrom < s.numWords).sort((a, b) => a[1] - b[1]);
  return {
    format: 'recurrent-lab-tokenizer',
    version: 1,
    wordIndex: Object.fromEntries(kept),
    numWords: s.numWords,
    indexFrom,
    startChar: s.startChar ?? 1,
    oovChar: s.oovChar ?? 2,
    maxLen: s.maxLen,
    padding: 'pre',
    truncating: 'pre',
    lower: true,
    lowerAsciiOnly: true,
    split: ' ',
    filters: KERAS_FILTERS,
  };
}

const nonNegInt = z.number().int().min(0);
const tokenizerSchema = z.object({
  format: z.literal('recurrent-lab-tokenizer'),
  version: z.literal(1),
  wordIndex: z.record(z.string(), z.number().int().min(1)),
  numWords: z.number().int().min(4),
  indexFrom: nonNegInt,
  startChar: nonNegInt,
  oovChar: nonNegInt,
  maxLen: z.number().int().min(1),
  padding: z.literal('pre'),
  truncating: z.literal('pre'),
  lower: z.literal(true),
  lowerAsciiOnly: z.literal(true),
  split: z.literal(' '),
  filters: z.literal(KERAS_FILTERS),
});

export function parseTokenizer(input: unknown, label = 'tokenizer.json'): TokenizerJson {
  return validate(tokenizerSchema, input, label) as TokenizerJson;
}

export interface EncodedText {
  /** maxLen ids, padded/truncated 'pre'. */
  sequence: Int32Array;
  /** The cleaned words, in order. */
  tokens: string[];
  /** Words that became the OOV id (unknown, or beyond numWords). */
  oov: string[];
  /** true when the review (with its start char) was longer than maxLen and lost its beginning. */
  truncated: boolean;
  /** Index in `sequence` of each token (−1 when truncated away). */
  positions: Int32Array;
}

/** Compiled lookups of a tokenizer (a Map is far faster than object lookups for 10k+ words). */
export class Tokenizer {
  private readonly index: Map<string, number>;
  constructor(readonly json: TokenizerJson) {
    this.index = new Map(Object.entries(json.wordIndex));
  }

  /** The id a cleaned word gets. */
  idOf(word: string): number {
    const rank = this.index.get(word);
    if (rank === undefined) return this.json.oovChar;
    const id = rank + this.json.indexFrom;
    return id < this.json.numWords ? id : this.json.oovChar;
  }

  encode(text: string): EncodedText {
    const { maxLen, startChar, oovChar } = this.json;
    const tokens = textToWords(text);
    const ids = [startChar];
    const oov: string[] = [];
    for (const t of tokens) {
      const id = this.idOf(t);
      if (id === oovChar) oov.push(t);
      ids.push(id);
    }
    const keep = Math.min(ids.length, maxLen);
    const drop = ids.length - keep; // 'pre' truncation drops the beginning
    const sequence = new Int32Array(maxLen);
    sequence.set(ids.slice(drop), maxLen - keep); // 'pre' padding: zeros in front
    const positions = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const k = i + 1; // ids[0] is the start char
      positions[i] = k < drop ? -1 : maxLen - keep + (k - drop);
    }
    return { sequence, tokens, oov, truncated: drop > 0, positions };
  }
}
