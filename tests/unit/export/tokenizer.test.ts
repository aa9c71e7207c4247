// tokenizer.json: the word index limited to numWords, Keras cleaning, start/oov chars, 'pre' padding/truncation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTokenizer, parseTokenizer, Tokenizer } from '../../../main/export/tokenizer.js';
import { textToSequence } from '../../../main/data/tokenize.js';
import { padSequences } from '../../../main/data/pad.js';
import { isUserError } from '../../../main/errors.js';
import { WORDS } from './helpers.js';

test('buildTokenizer keeps exactly the words load_data(num_words) keeps, with Keras settings', () => {
  const tj = buildTokenizer({ wordIndex: new Map(Object.entries(WORDS)), numWords: 20, maxLen: 8 });
  // rank + indexFrom < numWords → ranks 1..16
  assert.deepEqual(Object.keys(tj.wordIndex), Object.entries(WORDS).filter(([, r]) => r + 3 < 20).sort((a, b) => a[1] - b[1]).map(([w]) => w));
  assert.equal(tj.indexFrom, 3);
  assert.equal(tj.startChar, 1);
  assert.equal(tj.oovChar, 2);
  assert.equal(tj.padding, 'pre');
  assert.equal(tj.truncating, 'pre');
  assert.equal(tj.filters, '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n');
  assert.deepEqual(parseTokenizer(JSON.parse(JSON.stringify(tj))), tj);
  assert.throws(() => parseTokenizer({ ...tj, maxLen: 0 }), (e: unknown) => isUserError(e) && /maxLen/.test(e.message));
  assert.throws(() => parseTokenizer({ ...tj, padding: 'post' }), (e: unknown) => isUserError(e) && /padding/.test(e.message));
});

test('encode: Keras cleaning, start char, OOV for unknown and rare words, pre padding', () => {
  const tok = new Tokenizer(buildTokenizer({ wordIndex: WORDS, numWords: 20, maxLen: 10 }));
  const e = tok.encode('The MOVIE was<br />GREAT, superb!! Don\'t "miss" it.');
  assert.deepEqual(e.tokens, ['the', 'movie', 'was', 'br', 'great', 'superb', "don't", 'miss', 'it']);
  // the=1→4, movie=10→13, was unknown→2, br=7→10, great=14→17, superb=21→24≥20→2, don't=15→18, miss→2, it=9→12
  assert.deepEqual([...e.sequence], [1, 4, 13, 2, 10, 17, 2, 18, 2, 12]);
  assert.deepEqual(e.oov, ['was', 'superb', 'miss']);
  assert.equal(e.truncated, false);
  const short = tok.encode('good plot');
  assert.deepEqual([...short.sequence], [0, 0, 0, 0, 0, 0, 0, 1, 15, 2]);
  assert.deepEqual([...short.positions], [8, 9]);
  // Only ASCII letters are lowercased (as imdb.npz was built): "CAFÉ" → "cafÉ", not "café".
  assert.deepEqual(tok.encode('Café CAFÉ').tokens, ['café', 'cafÉ']);
});

test('encode: truncation keeps the end of a long review (drops the start char first)', () => {
  const tok = new Tokenizer(buildTokenizer({ wordIndex: WORDS, numWords: 30, maxLen: 4 }));
  const e = tok.encode('good bad great awful plot');
  assert.equal(e.truncated, true);
  assert.deepEqual([...e.sequence], [16, 17, 19, 20]); // bad great awful plot
  assert.deepEqual([...e.positions], [-1, 0, 1, 2, 3]);
  const exact = tok.encode('good bad great');
  assert.equal(exact.truncated, false, 'start char + 3 words = maxLen');
  assert.deepEqual([...exact.sequence], [1, 15, 16, 17]);
});

test('for words the index knows, encoding equals the data layer (textToSequence + pad_sequences)', () => {
  const index = new Map(Object.entries(WORDS));
  const tok = new Tokenizer(buildTokenizer({ wordIndex: index, numWords: 20, maxLen: 12 }));
  for (const text of ['The acting, the plot: AWFUL!', 'loved it... a great film; superb cast & ending', 'br br rare']) {
    const ref = textToSequence(text, index, { numWords: 20 });
    const padded = padSequences([ref.sequence], { maxLen: 12 });
    const e = tok.encode(text);
    assert.deepEqual([...e.sequence], [...padded], text);
    assert.deepEqual(e.tokens, ref.tokens);
    assert.deepEqual(e.oov, ref.oov);
  }
});
