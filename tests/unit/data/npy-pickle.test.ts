// The npz/npy/pickle readers on bytes built in the test (both numpy class paths, pickle protocols 2 and 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unpickle, PickleList } from '../../../main/data/pickle.js';
import { readNpyIntegers, readNpyObjects } from '../../../main/data/npy.js';
import { parseNpz } from '../../../main/data/npz.js';
import { listZip } from '../../../main/data/zip.js';
import { isUserError } from '../../../main/errors.js';
import { int64Npy, objectArrayPickle, objectNpy, uint8Npy, zipFiles } from './npy-bytes.js';

const ROWS = [[1, 14, 22, 16], [300, 70000, 88584], [], [5]];

function rowsOf(items: unknown[]): number[][] {
  return items.map((it) => {
    assert.ok(it instanceof PickleList);
    return Array.from(it.int32() ?? []);
  });
}

test('object arrays: protocol 2 with numpy.core.multiarray (the official file) and LONG1 ints', () => {
  const r = readNpyObjects(objectNpy(ROWS, { proto: 2, long1Values: new Set([88584, 5]) }), 'p2.npy');
  assert.deepEqual(r.shape, [4]);
  assert.deepEqual(rowsOf(r.items), ROWS);
});

test('object arrays: protocol 3 (numpy on Python 3 before pickle protocol 4), BINUNICODE and SHORT_BINBYTES', () => {
  const r = readNpyObjects(objectNpy(ROWS, { proto: 3, module: 'numpy.core.multiarray' }), 'p3.npy');
  assert.deepEqual(rowsOf(r.items), ROWS);
});

test('object arrays: protocol 4 with numpy._core.multiarray, MEMOIZE and STACK_GLOBAL', () => {
  const r = readNpyObjects(objectNpy(ROWS, { proto: 4 }), 'p4.npy');
  assert.deepEqual(rowsOf(r.items), ROWS);
});

test('a pickle naming any other callable is refused, not run', () => {
  assert.throws(() => readNpyObjects(objectNpy(ROWS, { proto: 4, module: 'os' }), 'evil.npy'), (e: unknown) => isUserError(e) && /evil\.npy.*not numpy's _reconstruct/.test((e as Error).message));
});

test('truncated pickles and unknown opcodes are UserErrors naming the file', () => {
  const p = objectArrayPickle(ROWS, { proto: 4 });
  for (const cut of [1, 10, 40, p.length - 2]) {
    assert.throws(() => unpickle(p.subarray(0, cut), 'cut.pkl'), (e: unknown) => isUserError(e) && (e as Error).message.startsWith('cut.pkl'));
  }
  assert.throws(() => unpickle(Buffer.from([0x80, 0x04, 0xff]), 'odd.pkl'), /odd\.pkl: unsupported or corrupt pickle opcode 0xff/);
});

test('integer arrays: int64 and uint8, with shape checks', () => {
  assert.deepEqual(Array.from(readNpyIntegers(int64Npy([1, 0, 1, 1]), 'y.npy').values), [1, 0, 1, 1]);
  assert.deepEqual(Array.from(readNpyIntegers(uint8Npy([0, 1, 255]), 'y.npy').values), [0, 1, 255]);
  const good = int64Npy([1, 0, 1, 1]);
  assert.throws(() => readNpyIntegers(good.subarray(0, good.length - 3), 'short.npy'), /short\.npy: data is truncated/);
  assert.throws(() => readNpyIntegers(Buffer.from('not numpy at all'), 'bad.npy'), /bad\.npy is not a valid \.npy array/);
});

for (const deflate of [false, true]) {
  test(`npz (${deflate ? 'deflated' : 'stored'}) → raw splits in file order`, () => {
    const npz = zipFiles(
      [
        ['x_train.npy', objectNpy(ROWS, { proto: 2 })],
        ['y_train.npy', int64Npy([1, 1, 0, 0])],
        ['x_test.npy', objectNpy([[7, 8], [9]], { proto: 4 })],
        ['y_test.npy', int64Npy([0, 1])],
      ],
      deflate,
    );
    assert.deepEqual(
      listZip(npz, 't.npz').map((e) => e.name),
      ['x_train.npy', 'y_train.npy', 'x_test.npy', 'y_test.npy'],
    );
    const raw = parseNpz(npz, 't.npz');
    assert.deepEqual(Array.from(raw.train.offsets), [0, 4, 7, 7, 8]);
    assert.deepEqual(Array.from(raw.train.tokens), ROWS.flat());
    assert.deepEqual(Array.from(raw.train.labels), [1, 1, 0, 0]);
    assert.deepEqual(Array.from(raw.test.tokens), [7, 8, 9]);
    assert.deepEqual(Array.from(raw.test.labels), [0, 1]);
  });
}

test('npz problems: missing member, label count mismatch, labels not 0/1, corrupt data (CRC)', () => {
  const x = objectNpy(ROWS, { proto: 4 });
  assert.throws(() => parseNpz(zipFiles([['x_train.npy', x]], false), 'a.npz'), /a\.npz has no y_train\.npy/);
  const mismatch = zipFiles(
    [
      ['x_train.npy', x],
      ['y_train.npy', int64Npy([1, 0])],
    ],
    false,
  );
  assert.throws(() => parseNpz(mismatch, 'b.npz'), /b\.npz: x_train has 4 reviews but y_train has 2 labels/);
  const three = zipFiles(
    [
      ['x_train.npy', x],
      ['y_train.npy', int64Npy([1, 0, 3, 0])],
    ],
    false,
  );
  assert.throws(() => parseNpz(three, 'c.npz'), /c\.npz: y_train\[2\] is not a label \(0 or 1\)/);
  const stored = zipFiles([['x_train.npy', x]], false);
  const flipped = Buffer.from(stored);
  flipped[60] = flipped[60]! ^ 0xff; // inside the stored member's data
  assert.throws(() => parseNpz(flipped, 'd.npz'), /d\.npz: entry x_train\.npy is corrupt \(CRC mismatch\)/);
  assert.throws(() => parseNpz(stored.subarray(0, stored.length - 30), 'e.npz'), /e\.npz is not a valid zip\/npz file/);
});
