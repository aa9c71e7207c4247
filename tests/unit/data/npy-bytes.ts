// Test helper: builds numpy .npy/.npz bytes by hand (no Python), the way numpy writes them —
// object arrays as `_reconstruct` pickles in the old (protocol 2, numpy.core) and new (protocol 4,
// numpy._core) styles, integer arrays raw — and zips them (stored or deflated) like np.savez.
import { crc32, deflateRawSync } from 'node:zlib';

class Writer {
  readonly b: number[] = [];
  private memo = 0;
  op(...xs: number[]): this {
    this.b.push(...xs);
    return this;
  }
  str(s: string): this {
    for (const c of Buffer.from(s, 'latin1')) this.b.push(c);
    return this;
  }
  u32(v: number): this {
    return this.op(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  }
  /** Memoise the top of stack: BINPUT n (protocol 2) or MEMOIZE (protocol 4). */
  put(proto: number): this {
    return proto >= 4 ? this.op(0x94) : this.op(0x71, this.memo++);
  }
  int(v: number, proto: number, useLong1 = false): this {
    if (useLong1) {
      const bytes: number[] = [];
      let x = v;
      while (x > 0) {
        bytes.push(x & 255);
        x = Math.floor(x / 256);
      }
      if (bytes.length === 0 || bytes[bytes.length - 1]! & 0x80) bytes.push(0);
      return this.op(0x8a, bytes.length, ...bytes);
    }
    void proto;
    if (v >= 0 && v < 256) return this.op(0x4b, v);
    if (v >= 0 && v < 65536) return this.op(0x4d, v & 255, v >>> 8);
    return this.op(0x4a).u32(v);
  }
  short(s: string, proto: number): this {
    // protocol 2 (Python 2 str): SHORT_BINSTRING; 3: BINUNICODE; 4: SHORT_BINUNICODE
    if (proto === 3) return this.op(0x58).u32(s.length).str(s);
    return this.op(proto >= 4 ? 0x8c : 0x55, s.length).str(s);
  }
  global(module: string, name: string, proto: number): this {
    if (proto >= 4) return this.short(module, proto).put(proto).short(name, proto).put(proto).op(0x93).put(proto);
    return this.op(0x63).str(`${module}\n${name}\n`).put(proto);
  }
}

/** Pickle bytes of a 1-D numpy object array holding Python int lists. */
export function objectArrayPickle(rows: number[][], opts: { proto: 2 | 3 | 4; module?: string; long1Values?: Set<number> }): Buffer {
  const { proto } = opts;
  const module = opts.module ?? (proto >= 4 ? 'numpy._core.multiarray' : 'numpy.core.multiarray');
  const w = new Writer();
  w.op(0x80, proto);
  w.global(module, '_reconstruct', proto);
  w.global('numpy', 'ndarray', proto);
  w.int(0, proto).op(0x85).put(proto); // (0,)
  if (proto >= 3) w.op(0x43, 1).str('b').put(proto); // SHORT_BINBYTES b'b'
  else w.short('b', proto).put(proto);
  w.op(0x87).put(proto).op(0x52).put(proto); // TUPLE3, REDUCE
  w.op(0x28).int(1, proto).int(rows.length, proto).op(0x85).put(proto); // (1, (n,)
  w.global('numpy', 'dtype', proto);
  w.short('O8', proto).put(proto).op(0x89, 0x88).op(0x87).put(proto).op(0x52).put(proto); // dtype('O8', False, True)
  w.op(0x28).int(3, proto).short('|', proto).put(proto).op(0x4e, 0x4e, 0x4e).op(0x4a).u32(0xffffffff).op(0x4a).u32(0xffffffff).int(63, proto).op(0x74).put(proto).op(0x62);
  w.op(0x89); // fortran False
  w.op(0x5d).put(proto).op(0x28);
  for (const r of rows) {
    w.op(0x5d).put(proto);
    if (r.length === 1) w.int(r[0]!, proto, opts.long1Values?.has(r[0]!) ?? false).op(0x61); // APPEND, as pickle does for one item
    else if (r.length > 0) {
      w.op(0x28);
      for (const v of r) w.int(v, proto, opts.long1Values?.has(v) ?? false);
      w.op(0x65);
    }
  }
  w.op(0x65); // APPENDS to the outer list
  w.op(0x74).put(proto).op(0x62).op(0x2e); // TUPLE, BUILD, STOP
  return Buffer.from(w.b);
}

function npyHeader(descr: string, shape: number[]): Buffer {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const h = Buffer.alloc(10);
  h[0] = 0x93;
  h.write('NUMPY', 1, 'latin1');
  h[6] = 1;
  h[7] = 0;
  h.writeUInt16LE(dict.length, 8);
  return Buffer.concat([h, Buffer.from(dict, 'latin1')]);
}

export function objectNpy(rows: number[][], opts: Parameters<typeof objectArrayPickle>[1]): Buffer {
  return Buffer.concat([npyHeader('|O', [rows.length]), objectArrayPickle(rows, opts)]);
}

export function int64Npy(values: number[]): Buffer {
  const d = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => d.writeBigInt64LE(BigInt(v), 8 * i));
  return Buffer.concat([npyHeader('<i8', [values.length]), d]);
}

export function uint8Npy(values: number[]): Buffer {
  return Buffer.concat([npyHeader('|u1', [values.length]), Buffer.from(values)]);
}

/** A zip like np.savez/np.savez_compressed writes. */
export function zipFiles(files: [string, Buffer][], deflate: boolean): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameB = Buffer.from(name, 'utf8');
    const body = deflate ? deflateRawSync(data) : data;
    const crc = crc32(data) >>> 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(deflate ? 8 : 0, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(nameB.length, 26);
    locals.push(lh, nameB, body);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(deflate ? 8 : 0, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(nameB.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, nameB);
    offset += 30 + nameB.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
