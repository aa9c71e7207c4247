// The Keras imdb_word_index.json (word → rank, 1 = most frequent): loading, validation, decoding ids to words.
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { readFileOrExplain } from './files.js';

export const WORD_INDEX_FILE = 'imdb_word_index.json';

/**
 * Parses word-index JSON text; `label` names the file in errors. Errors never quote the file: V8's JSON
 * messages carry a snippet of the text, so only the position survives, and a bad entry is named by its number.
 */
export function parseWordIndex(text: string, label: string): Map<string, number> {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    const at = /\bat position (\d+)/.exec((e as Error).message)?.[1];
    throw new UserError(`${label} is not valid JSON (${at !== undefined ? `syntax error at character ${at}` : 'a syntax error'}) — is it truncated?`, 'corrupt_file');
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new UserError(`${label} must hold a JSON object of word → rank`, 'corrupt_file');
  const map = new Map<string, number>();
  let n = 0;
  for (const [word, rank] of Object.entries(obj as Record<string, unknown>)) {
    n++;
    if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1) {
      throw new UserError(`${label}: entry ${n} is not a word with a positive integer rank — not a Keras word index`, 'corrupt_file');
    }
    map.set(word, rank);
  }
  if (map.size === 0) throw new UserError(`${label} holds no words`, 'corrupt_file');
  return map;
}

export async function loadWordIndexFile(path: string): Promise<Map<string, number>> {
  const buf = await readFileOrExplain(path, readFile);
  return parseWordIndex(buf.toString('utf8'), path);
}

const reverseCache = new WeakMap<Map<string, number>, Map<number, string>>();

function reverseOf(wordIndex: Map<string, number>): Map<number, string> {
  let r = reverseCache.get(wordIndex);
  if (!r) {
    r = new Map();
    for (const [w, i] of wordIndex) r.set(i, w);
    reverseCache.set(wordIndex, r);
  }
  return r;
}

/** Ids back to words the way the Keras tutorials do: rank = id − indexFrom; reserved/unknown ids print "?". */
export function decodeSequence(seq: ArrayLike<number>, wordIndex: Map<string, number>, opts: { indexFrom?: number } = {}): string {
  const indexFrom = opts.indexFrom ?? 3;
  const rev = reverseOf(wordIndex);
  const words: string[] = [];
  for (let i = 0; i < seq.length; i++) words.push(rev.get(seq[i]! - indexFrom) ?? '?');
  return words.join(' ');
}
