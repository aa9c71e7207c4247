// Keras-style text cleaning: the string path (single reviews) and the byte path (bulk import) agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntBuffer, textToSequence, textToWords, tokenizeBytes, WordTable } from '../../../main/data/tokenize.js';
import { decodeSequence, parseWordIndex } from '../../../main/data/wordIndex.js';

const WI = new Map<string, number>([
  ['the', 1],
  ['film', 2],
  ["doesn't", 3],
  ['work', 4],
  ['br', 5],
  ['ángela', 6],
  ['Ángela', 7],
  ['most\u0085and', 8],
]);

test('lowercases ASCII only, filters punctuation/tab/newline, keeps apostrophes and other whitespace', () => {
  assert.deepEqual(textToWords('The FILM<br />doesn\'t\twork!\n'), ['the', 'film', 'br', "doesn't", 'work']);
  assert.deepEqual(textToWords('Ángela ángela most\u0085and a\rb'), ['Ángela', 'ángela', 'most\u0085and', 'a\rb']);
  assert.deepEqual(textToWords('  ...  '), []);
});

test('textToSequence: start char, offset ranks, OOV beyond numWords, unknown words dropped', () => {
  const r = textToSequence('The film doesn\'t WORK, Ángela! zzz', WI, { numWords: 7 });
  // ids = rank + 3: the 4, film 5, doesn't 6, work 7 (≥ 7 → oov 2), Ángela 10 (→ 2); zzz unknown → dropped
  assert.deepEqual(r.sequence, [1, 4, 5, 6, 2, 2]);
  assert.deepEqual(r.tokens, ['the', 'film', "doesn't", 'work', 'Ángela', 'zzz']);
  assert.deepEqual(r.oov, ['work', 'Ángela', 'zzz']);
  assert.deepEqual(textToSequence('the film', WI, { numWords: 100, startChar: 9, indexFrom: 0 }).sequence, [9, 1, 2]);
});

test('the byte tokenizer gives the same ranks as the string path (UTF-8, non-ASCII, odd separators)', () => {
  const table = new WordTable(WI);
  const texts = ['The film doesn\'t WORK, Ángela! zzz', 'ángela\tmost\u0085and br br', 'the\r film', '', '!!!the'];
  for (const t of texts) {
    const out = new IntBuffer();
    tokenizeBytes(Buffer.from(t, 'utf8'), table, out, { buf: new Uint8Array(2) });
    const expected = textToWords(t)
      .map((w) => WI.get(w))
      .filter((x) => x !== undefined);
    assert.deepEqual(Array.from(out.view()), expected, t);
  }
});

test('decodeSequence: "?" for reserved and unknown ids, like the Keras tutorials', () => {
  assert.equal(decodeSequence([1, 4, 5, 2, 0, 999], WI), '? the film ? ? ?');
  assert.equal(decodeSequence([1, 2], WI, { indexFrom: 0 }), 'the film');
});

test('word index validation names the file', () => {
  assert.equal(parseWordIndex('{"a": 1, "b": 2}', 'wi.json').get('b'), 2);
  assert.throws(() => parseWordIndex('{"a": 1, "b"', 'wi.json'), /wi\.json is not valid JSON/);
  assert.throws(() => parseWordIndex('[1]', 'wi.json'), /wi\.json must hold a JSON object/);
  assert.throws(() => parseWordIndex('{"a": 0}', 'wi.json'), /wi\.json: entry 1 is not a word with a positive integer rank/);
});
