// The envelope of the lab's binary files (checkpoints, test predictions): magic | u32 LE header length |
// JSON header | zero padding to 4 bytes | data. Each format keeps its own magic, header and words for
// errors; this file only frames and unframes.
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/** The bytes before the data: magic, header length, JSON header, padding to a 4-byte boundary. */
export function frameHead(magic: string, header: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((magic.length + 4 + json.length) % 4)) % 4;
  const head = Buffer.alloc(magic.length + 4 + json.length + pad);
  head.write(magic, 0, 'latin1');
  head.writeUInt32LE(json.length, magic.length);
  json.copy(head, magic.length + 4);
  return head;
}

export interface FrameWords {
  /** Error codes for a file that cannot be read, and for one that is not sound. */
  missing: string;
  corrupt: string;
  unreadable(reason: string): string;
  notOurs: string;
  damagedHeader: string;
}

/** Reads a framed file: its parsed JSON header, the whole buffer and where the data starts. */
export function readFrame<H>(path: string, magic: string, words: FrameWords): { header: H; buf: Buffer; dataStart: number } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new UserError(words.unreadable((e as NodeJS.ErrnoException).code ?? String(e)), words.missing);
  }
  if (buf.length < magic.length + 4 || buf.toString('latin1', 0, magic.length) !== magic) throw new UserError(words.notOurs, words.corrupt);
  const len = buf.readUInt32LE(magic.length);
  const start = magic.length + 4;
  let header: H;
  try {
    header = JSON.parse(buf.toString('utf8', start, start + len)) as H;
  } catch {
    throw new UserError(words.damagedHeader, words.corrupt);
  }
  return { header, buf, dataStart: start + len + ((4 - ((start + len) % 4)) % 4) };
}
