// numpy .npy reader: the header dict, plain numeric arrays, and object arrays (a pickle after the header).
import { UserError } from '../errors.js';
import { unpickle, PickleGlobal, PickleList, PickleObject, type PickleValue } from './pickle.js';
import { parsingAs } from './files.js';

/** A dtype as numpy writes one (e.g. '<i8', '|O'); anything else from a file is not echoed in errors. */
function dtypeText(descr: string): string {
  return /^[<>|=]?[a-zA-Z]\d{0,2}$/.test(descr) ? `dtype ${descr}` : 'an unrecognised dtype';
}

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

export function parseNpyHeader(buf: Uint8Array, label: string): NpyHeader {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const bad = (why: string): UserError => new UserError(`${label} is not a valid .npy array (${why})`, 'corrupt_file');
  if (b.length < 10 || b[0] !== 0x93 || b.toString('latin1', 1, 6) !== 'NUMPY') throw bad('missing \\x93NUMPY magic');
  const major = b[6]!;
  let len: number;
  let start: number;
  if (major === 1) {
    len = b.readUInt16LE(8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (b.length < 12) throw bad('short header');
    len = b.readUInt32LE(8);
    start = 12;
  } else throw bad(`unsupported format version ${major}`);
  if (start + len > b.length) throw bad('header beyond end of data');
  const text = b.toString(major === 3 ? 'utf8' : 'latin1', start, start + len);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw bad('unreadable header');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isInteger(n) || n < 0) throw bad('bad shape');
      return n;
    });
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset: start + len };
}

/** A 1-D integer array (int8…int64, uint8…uint64, bool) as plain numbers. */
export function readNpyIntegers(buf: Uint8Array, label: string): { shape: number[]; values: Float64Array } {
  return parsingAs(label, '.npy array', () => readNpyIntegersUnchecked(buf, label));
}

function readNpyIntegersUnchecked(buf: Uint8Array, label: string): { shape: number[]; values: Float64Array } {
  const h = parseNpyHeader(buf, label);
  const m = /^([<>|=])([iub])(\d)$/.exec(h.descr);
  if (!m) throw new UserError(`${label}: expected an integer array, found ${dtypeText(h.descr)}`, 'corrupt_file');
  const little = m[1] !== '>';
  const kind = m[2]!;
  const size = Number(m[3]);
  if (![1, 2, 4, 8].includes(size)) throw new UserError(`${label}: unsupported dtype ${h.descr}`, 'corrupt_file');
  const n = h.shape.reduce((a, s) => a * s, 1);
  if (h.dataOffset + n * size > buf.byteLength) throw new UserError(`${label}: data is truncated (${n} items of ${size} bytes expected)`, 'corrupt_file');
  const dv = new DataView(buf.buffer, buf.byteOffset + h.dataOffset, n * size);
  const values = new Float64Array(n);
  const signed = kind === 'i';
  for (let i = 0; i < n; i++) {
    const o = i * size;
    let v: number;
    if (size === 1) v = signed ? dv.getInt8(o) : dv.getUint8(o);
    else if (size === 2) v = signed ? dv.getInt16(o, little) : dv.getUint16(o, little);
    else if (size === 4) v = signed ? dv.getInt32(o, little) : dv.getUint32(o, little);
    else v = Number(signed ? dv.getBigInt64(o, little) : dv.getBigUint64(o, little));
    values[i] = v;
  }
  return { shape: h.shape, values };
}

/** An object array (dtype '|O'): the unpickled numpy array's element list and shape. */
export function readNpyObjects(buf: Uint8Array, label: string): { shape: number[]; items: PickleValue[] } {
  return parsingAs(label, '.npy array', () => {
    const h = parseNpyHeader(buf, label);
    if (h.descr !== '|O') throw new UserError(`${label}: expected an object array, found ${dtypeText(h.descr)}`, 'corrupt_file');
    const value = unpickle(buf.subarray(h.dataOffset), label);
    return ndarrayFromPickle(value, label);
  });
}

const RECONSTRUCT_MODULES = new Set(['numpy.core.multiarray', 'numpy._core.multiarray']);

/** Interprets `_reconstruct(ndarray, (0,), b'b')` + BUILD((version, shape, dtype, fortran, data)). */
export function ndarrayFromPickle(v: PickleValue, label: string): { shape: number[]; items: PickleValue[] } {
  const bad = (why: string): UserError => new UserError(`${label}: unexpected pickle content (${why})`, 'corrupt_file');
  if (!(v instanceof PickleObject)) throw bad('not a reconstructed numpy array');
  const fn = v.callable;
  if (!(fn instanceof PickleGlobal) || !RECONSTRUCT_MODULES.has(fn.module) || fn.name !== '_reconstruct') {
    // the global's name comes from the file: not echoed
    throw bad(fn instanceof PickleGlobal ? "top-level object is not numpy's _reconstruct" : 'top-level object is not a global call');
  }
  const state = v.state;
  if (!Array.isArray(state) || state.length < 5) throw bad('missing array state');
  const shapeV = state[1];
  const data = state[4];
  if (!Array.isArray(shapeV) || !shapeV.every((s) => typeof s === 'number')) throw bad('bad shape');
  const items = data instanceof PickleList ? data.toArray() : null;
  if (!items) throw bad('array data is not a list of objects');
  const shape = shapeV as number[];
  const n = shape.reduce((a, s) => a * s, 1);
  if (items.length !== n) throw bad(`${items.length} items for shape (${shape.join(', ')})`);
  return { shape, items };
}
