// A Python pickle reader (protocols 0–5) sufficient for numpy object arrays of int lists, as in imdb.npz.
// Never executes anything: globals and calls become inert records that the caller interprets.
// Lists of small ints are kept in growable Int32Arrays, so millions of tokens cost no per-item objects.
import { UserError } from '../errors.js';

export type PickleValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | Uint8Array
  | PickleValue[] // tuples
  | PickleList
  | PickleDict
  | PickleGlobal
  | PickleObject;

export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}

/** The result of calling a global (REDUCE/NEWOBJ) plus any BUILD state. */
export class PickleObject {
  state: PickleValue | undefined = undefined;
  constructor(
    readonly callable: PickleValue,
    readonly args: PickleValue[],
  ) {}
}

export class PickleDict {
  readonly entries: [PickleValue, PickleValue][] = [];
}

/** A Python list; int32-only lists live in `ints` until something else is appended. */
export class PickleList {
  private ints: Int32Array | null = new Int32Array(8);
  private n = 0;
  private items: PickleValue[] | null = null;

  append(v: PickleValue): void {
    if (this.ints) {
      if (typeof v === 'number' && (v | 0) === v) {
        if (this.n === this.ints.length) {
          const grown = new Int32Array(this.ints.length * 2);
          grown.set(this.ints);
          this.ints = grown;
        }
        this.ints[this.n++] = v;
        return;
      }
      this.items = Array.from(this.ints.subarray(0, this.n));
      this.ints = null;
    }
    this.items!.push(v);
  }

  get length(): number {
    return this.ints ? this.n : this.items!.length;
  }

  /** The items as int32 when every item is one, else null. */
  int32(): Int32Array | null {
    return this.ints ? this.ints.subarray(0, this.n) : null;
  }

  toArray(): PickleValue[] {
    return this.ints ? Array.from(this.ints.subarray(0, this.n)) : this.items!.slice();
  }
}

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function textInt(s: string): number | bigint | boolean {
  const t = s.trim().replace(/L$/, '');
  if (t === '00') return false;
  if (t === '01') return true;
  const v = BigInt(t);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * Unpickles `data`; `label` names the file in errors, which never quote the data (a text INT opcode
 * holding anything else would otherwise come back in BigInt's SyntaxError).
 */
export function unpickle(data: Uint8Array, label: string): PickleValue {
  try {
    return unpickleUnchecked(data, label);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${label}: pickle data is corrupt (an unreadable value)`, 'corrupt_file');
  }
}

function unpickleUnchecked(data: Uint8Array, label: string): PickleValue {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const len = buf.length;
  let p = 0;
  const stack: StackItem[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PickleValue>();
  const truncated = (): UserError => new UserError(`${label}: pickle data is truncated or corrupt (at byte ${p})`, 'corrupt_file');
  const need = (n: number): void => {
    if (p + n > len) throw truncated();
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) throw truncated();
    return v;
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) throw truncated();
    return v;
  };
  const popMark = (): PickleValue[] => {
    const m = marks.pop();
    if (m === undefined) throw truncated();
    const items = stack.splice(m) as PickleValue[];
    items.shift(); // the MARK itself
    return items;
  };
  const line = (): string => {
    const e = buf.indexOf(0x0a, p);
    if (e < 0) throw truncated();
    const s = buf.toString('latin1', p, e);
    p = e + 1;
    return s;
  };
  const bytes = (n: number): Uint8Array => {
    need(n);
    const b = new Uint8Array(buf.subarray(p, p + n));
    p += n;
    return b;
  };
  const utf8 = (n: number): string => {
    need(n);
    const s = buf.toString('utf8', p, p + n);
    p += n;
    return s;
  };
  const u64 = (): number => {
    need(8);
    const v = Number(buf.readBigUInt64LE(p));
    p += 8;
    return v;
  };
  const memoGet = (k: number): PickleValue => {
    const v = memo.get(k);
    if (v === undefined) throw new UserError(`${label}: pickle refers to a missing memo entry ${k}`, 'corrupt_file');
    return v;
  };
  const appendTo = (list: PickleValue, items: PickleValue[]): void => {
    if (list instanceof PickleList) for (const it of items) list.append(it);
    else throw new UserError(`${label}: pickle appends to a non-list`, 'corrupt_file');
  };
  const setItems = (d: PickleValue, items: PickleValue[]): void => {
    if (!(d instanceof PickleDict)) throw new UserError(`${label}: pickle sets items on a non-dict`, 'corrupt_file');
    for (let i = 0; i + 1 < items.length; i += 2) d.entries.push([items[i]!, items[i + 1]!]);
  };

  for (;;) {
    need(1);
    const op = buf[p++]!;
    switch (op) {
      case 0x4b: // BININT1 — the hot path: one token
        need(1);
        stack.push(buf[p++]!);
        break;
      case 0x4d: // BININT2
        need(2);
        stack.push(buf.readUInt16LE(p));
        p += 2;
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(buf.readInt32LE(p));
        p += 4;
        break;
      case 0x8a: {
        // LONG1
        need(1);
        const n = buf[p++]!;
        stack.push(decodeLong(bytes(n)));
        break;
      }
      case 0x8b: {
        // LONG4
        need(4);
        const n = buf.readInt32LE(p);
        p += 4;
        if (n < 0) throw truncated();
        stack.push(decodeLong(bytes(n)));
        break;
      }
      case 0x49: // INT
        stack.push(textInt(line()));
        break;
      case 0x4c: // LONG
        stack.push(textInt(line()) as number | bigint);
        break;
      case 0x46: // FLOAT
        stack.push(Number(line()));
        break;
      case 0x47: // BINFLOAT
        need(8);
        stack.push(buf.readDoubleBE(p));
        p += 8;
        break;
      case 0x28: // MARK
        marks.push(stack.length);
        stack.push(MARK);
        break;
      case 0x2e: // STOP
        return pop();
      case 0x30: // POP
        if (stack[stack.length - 1] === MARK) popMark();
        else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x80: // PROTO
        need(1);
        if (buf[p]! > 5) throw new UserError(`${label}: unsupported pickle protocol ${buf[p]}`, 'corrupt_file');
        p += 1;
        break;
      case 0x95: // FRAME (length only; frames are read like any other bytes)
        need(8);
        p += 8;
        break;
      case 0x53: {
        // STRING: a quoted repr (protocol 0)
        const s = line().trim();
        stack.push(s.slice(1, -1));
        break;
      }
      case 0x54: {
        // BINSTRING
        need(4);
        const n = buf.readInt32LE(p);
        p += 4;
        if (n < 0) throw truncated();
        need(n);
        stack.push(buf.toString('latin1', p, p + n));
        p += n;
        break;
      }
      case 0x55: {
        // SHORT_BINSTRING
        need(1);
        const n = buf[p++]!;
        need(n);
        stack.push(buf.toString('latin1', p, p + n));
        p += n;
        break;
      }
      case 0x56: // UNICODE (raw-unicode-escape line)
        stack.push(line());
        break;
      case 0x58: {
        // BINUNICODE
        need(4);
        const n = buf.readUInt32LE(p);
        p += 4;
        stack.push(utf8(n));
        break;
      }
      case 0x8c: {
        // SHORT_BINUNICODE
        need(1);
        const n = buf[p++]!;
        stack.push(utf8(n));
        break;
      }
      case 0x8d: // BINUNICODE8
        stack.push(utf8(u64()));
        break;
      case 0x42: {
        // BINBYTES
        need(4);
        const n = buf.readUInt32LE(p);
        p += 4;
        stack.push(bytes(n));
        break;
      }
      case 0x43: {
        // SHORT_BINBYTES
        need(1);
        const n = buf[p++]!;
        stack.push(bytes(n));
        break;
      }
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(bytes(u64()));
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push(new PickleList());
        break;
      case 0x6c: {
        // LIST
        const l = new PickleList();
        for (const it of popMark()) l.append(it);
        stack.push(l);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        appendTo(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendTo(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new PickleDict());
        break;
      case 0x64: {
        // DICT
        const d = new PickleDict();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new PickleList());
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        appendTo(top(), items);
        break;
      }
      case 0x91: {
        // FROZENSET
        const l = new PickleList();
        for (const it of popMark()) l.append(it);
        stack.push(l);
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(new PickleGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new UserError(`${label}: bad STACK_GLOBAL in pickle`, 'corrupt_file');
        stack.push(new PickleGlobal(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(new PickleObject(fn, Array.isArray(args) ? args : [args]));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop();
        const cls = pop();
        stack.push(new PickleObject(cls, Array.isArray(args) ? args : [args]));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        pop(); // kwargs
        const args = pop();
        const cls = pop();
        stack.push(new PickleObject(cls, Array.isArray(args) ? args : [args]));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = top();
        if (obj instanceof PickleObject) obj.state = state;
        else throw new UserError(`${label}: pickle BUILD on a non-object`, 'corrupt_file');
        break;
      }
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x71: // BINPUT
        need(1);
        memo.set(buf[p++]!, top());
        break;
      case 0x72: // LONG_BINPUT
        need(4);
        memo.set(buf.readUInt32LE(p), top());
        p += 4;
        break;
      case 0x67: // GET
        stack.push(memoGet(Number(line())));
        break;
      case 0x68: // BINGET
        need(1);
        stack.push(memoGet(buf[p++]!));
        break;
      case 0x6a: // LONG_BINGET
        need(4);
        stack.push(memoGet(buf.readUInt32LE(p)));
        p += 4;
        break;
      default:
        throw new UserError(`${label}: unsupported or corrupt pickle opcode 0x${op.toString(16)} at byte ${p - 1}`, 'corrupt_file');
    }
  }
}
