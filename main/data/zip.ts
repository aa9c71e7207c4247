// A small reader for .zip archives (what numpy's .npz is): central directory + stored/deflated entries.
// Supports zip64 sizes/offsets; checks each entry's CRC-32 so a corrupt file is never read as data.
import { inflateRawSync, crc32 } from 'node:zlib';
import { UserError } from '../errors.js';
import { parsingAs } from './files.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const ZIP64_LOC_SIG = 0x07064b50;

function u64(buf: Buffer, off: number): number {
  const v = buf.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('zip64 value too large');
  return Number(v);
}

/** Lists the entries of a zip held in memory; `label` names the file in errors. */
export function listZip(buf: Buffer, label: string): ZipEntry[] {
  return parsingAs(label, 'zip/npz file', () => listZipUnchecked(buf, label));
}

function listZipUnchecked(buf: Buffer, label: string): ZipEntry[] {
  const bad = (why: string): UserError => new UserError(`${label} is not a valid zip/npz file (${why}) — is it truncated or corrupt?`, 'corrupt_file');
  if (buf.length < 22) throw bad('too short');
  // The end-of-central-directory record sits in the last 22 + (≤ 65535 comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory');
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOC_SIG) throw bad('missing zip64 locator');
    const z = u64(buf, loc + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD_SIG) throw bad('bad zip64 record');
    count = u64(buf, z + 32);
    cdSize = u64(buf, z + 40);
    cdOffset = u64(buf, z + 48);
  }
  if (cdOffset + cdSize > buf.length) throw bad('central directory beyond end of file');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN_SIG) throw bad('broken central directory');
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // zip64 extra field: only the fields saturated in the fixed record are present, in this order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = u64(buf, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(buf, q);
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(buf, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, crc, localHeaderOffset });
    p = eEnd + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry, CRC-checked. */
export function readZipEntry(buf: Buffer, entry: ZipEntry, label: string): Buffer {
  const bad = (why: string): UserError => new UserError(`${label}: entry ${entry.name} is corrupt (${why})`, 'corrupt_file');
  const h = entry.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOC_SIG) throw bad('bad local header');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw bad('data beyond end of file');
  const raw = buf.subarray(start, end);
  let out: Buffer;
  if (entry.method === 0) out = raw;
  else if (entry.method === 8) {
    try {
      out = inflateRawSync(raw);
    } catch (e) {
      throw bad(`inflate failed: ${(e as Error).message}`);
    }
  } else throw bad(`unsupported compression method ${entry.method}`);
  if (out.length !== entry.size) throw bad(`size ${out.length} ≠ ${entry.size}`);
  if (crc32(out) >>> 0 !== entry.crc >>> 0) throw bad('CRC mismatch');
  return out;
}
