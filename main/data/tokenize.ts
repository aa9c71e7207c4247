// The tokenisation that built imdb.npz from the aclImdb texts (Keras text_to_word_sequence defaults, except
// that only ASCII letters are lowercased): filter characters and tab/newline become spaces, split on spaces,
// map through the word index, drop unknown words. A string version for single reviews and a byte version
// (UTF-8 in, no per-token allocation) for the 50,000-review import; tests check they agree.

/** Keras' default `filters` plus tab and newline. */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

const SEP = new Uint8Array(128);
for (const c of KERAS_FILTERS + ' ') SEP[c.charCodeAt(0)] = 1;

/** Lowercases ASCII letters, turns filter characters into spaces, splits on spaces. */
export function textToWords(text: string): string[] {
  let s = '';
  const words: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && SEP[c]) {
      if (s !== '') words.push(s);
      s = '';
    } else s += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : text[i];
  }
  if (s !== '') words.push(s);
  return words;
}

export interface TextToSequenceOptions {
  numWords: number;
  indexFrom?: number;
  startChar?: number;
  oovChar?: number;
}

/**
 * A raw review → the sequence load_data(num_words=numWords) gives for it: start char, then rank + indexFrom
 * for known words (oovChar when ≥ numWords); unknown words are dropped as when the npz was built.
 * `oov` lists the words that did not survive as themselves (unknown, or beyond numWords).
 */
export function textToSequence(text: string, wordIndex: Map<string, number>, opts: TextToSequenceOptions): { sequence: number[]; tokens: string[]; oov: string[] } {
  const indexFrom = opts.indexFrom ?? 3;
  const startChar = opts.startChar ?? 1;
  const oovChar = opts.oovChar ?? 2;
  const tokens = textToWords(text);
  const sequence: number[] = [startChar];
  const oov: string[] = [];
  for (const t of tokens) {
    const rank = wordIndex.get(t);
    if (rank === undefined) {
      oov.push(t);
      continue;
    }
    const id = rank + indexFrom;
    if (id < opts.numWords) sequence.push(id);
    else {
      sequence.push(oovChar);
      oov.push(t);
    }
  }
  return { sequence, tokens, oov };
}

/** Open-addressing hash table from a word's UTF-8 bytes to its rank. */
export class WordTable {
  private readonly keyBytes: Uint8Array;
  private readonly keyStart: Int32Array;
  private readonly keyLen: Int32Array;
  private readonly ranks: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(wordIndex: Map<string, number>) {
    const n = wordIndex.size;
    const encoded: Buffer[] = [];
    this.keyStart = new Int32Array(n);
    this.keyLen = new Int32Array(n);
    this.ranks = new Int32Array(n);
    let total = 0;
    let k = 0;
    for (const [w, r] of wordIndex) {
      const b = Buffer.from(w, 'utf8');
      encoded.push(b);
      this.keyStart[k] = total;
      this.keyLen[k] = b.length;
      this.ranks[k] = r;
      total += b.length;
      k++;
    }
    this.keyBytes = new Uint8Array(total);
    for (let i = 0; i < n; i++) this.keyBytes.set(encoded[i]!, this.keyStart[i]!);
    let size = 1;
    while (size < n * 2) size <<= 1;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < n; i++) {
      const s = this.keyStart[i]!;
      let h = hashBytes(this.keyBytes, s, s + this.keyLen[i]!) & this.mask;
      while (this.slots[h] !== 0) h = (h + 1) & this.mask;
      this.slots[h] = i + 1;
    }
  }

  /** The rank of the word in bytes[start, end), or 0 when unknown. */
  lookup(bytes: Uint8Array, start: number, end: number, hash: number): number {
    let h = hash & this.mask;
    const len = end - start;
    for (;;) {
      const e = this.slots[h]!;
      if (e === 0) return 0;
      const k = e - 1;
      if (this.keyLen[k] === len) {
        const ks = this.keyStart[k]!;
        let j = 0;
        while (j < len && this.keyBytes[ks + j] === bytes[start + j]) j++;
        if (j === len) return this.ranks[k]!;
      }
      h = (h + 1) & this.mask;
    }
  }
}

function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

// Byte → lowercased byte, or 0 for a separator.
const BYTE_MAP = new Uint8Array(256);
for (let c = 0; c < 256; c++) BYTE_MAP[c] = c < 128 && SEP[c] ? 0 : c >= 65 && c <= 90 ? c + 32 : c;

/** A growable Int32 buffer. */
export class IntBuffer {
  data = new Int32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const g = new Int32Array(this.data.length * 2);
      g.set(this.data);
      this.data = g;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Tokenises UTF-8 text straight to raw ranks (unknown words dropped), appending to `out`. */
export function tokenizeBytes(text: Uint8Array, table: WordTable, out: IntBuffer, scratch: { buf: Uint8Array }): void {
  let len = 0;
  let h = 0x811c9dc5;
  let tmp = scratch.buf;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const m = i < n ? BYTE_MAP[text[i]!]! : 0;
    if (m === 0) {
      if (len > 0) {
        const r = table.lookup(tmp, 0, len, h >>> 0);
        if (r !== 0) out.push(r);
      }
      len = 0;
      h = 0x811c9dc5;
    } else {
      if (len === tmp.length) {
        const g = new Uint8Array(tmp.length * 2);
        g.set(tmp);
        tmp = scratch.buf = g;
      }
      tmp[len++] = m;
      h = Math.imul(h ^ m, 0x01000193);
    }
  }
}
