// A test review's words as a person reads them: the ids decoded through the word index the Keras way, the
// start mark dropped, and ids outside the vocabulary (load_data's oov mark, shown "?" by decodeSequence) as
// "[oov]" — the same text the Data screen's review browser shows.
import { DEFAULT_LOAD_OPTIONS, decodeSequence, type ImdbArrays } from '../data/index.js';

/** One word per id of `sequence` after the start mark (so word w is sequence[w + 1] when it starts with one). */
export function reviewWords(sequence: Int32Array, wordIndex: Map<string, number>, options: ImdbArrays['options']): string[] {
  const o = options ?? DEFAULT_LOAD_OPTIONS;
  const ids = sequence[0] === o.startChar ? sequence.subarray(1) : sequence;
  if (ids.length === 0) return [];
  return decodeSequence(ids, wordIndex, { indexFrom: o.indexFrom })
    .split(' ')
    .map((w) => (w === '?' ? '[oov]' : w));
}

/** How many leading ids of `sequence` are not words (1 with a start mark, else 0). */
export function wordOffset(sequence: Int32Array, options: ImdbArrays['options']): number {
  return sequence[0] === (options ?? DEFAULT_LOAD_OPTIONS).startChar ? 1 : 0;
}
