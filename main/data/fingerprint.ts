// A content fingerprint of load_data's arrays: sha256 over each split's lengths, tokens and labels.
import { createHash } from 'node:crypto';

function bytes(a: Int32Array | Uint8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function fingerprintArrays(xTrain: Int32Array[], yTrain: Uint8Array, xTest: Int32Array[], yTest: Uint8Array): string {
  const h = createHash('sha256');
  h.update('recurrent-lab imdb arrays v1\n');
  for (const [xs, ys] of [
    [xTrain, yTrain],
    [xTest, yTest],
  ] as const) {
    const lengths = new Int32Array(xs.length + 1);
    lengths[0] = xs.length;
    xs.forEach((x, i) => (lengths[i + 1] = x.length));
    h.update(bytes(lengths));
    // Rows that are consecutive views of one buffer hash in one call.
    let i = 0;
    while (i < xs.length) {
      const first = xs[i]!;
      let end = first.byteOffset + first.byteLength;
      let j = i + 1;
      while (j < xs.length && xs[j]!.buffer === first.buffer && xs[j]!.byteOffset === end) end += xs[j++]!.byteLength;
      h.update(new Uint8Array(first.buffer, first.byteOffset, end - first.byteOffset));
      i = j;
    }
    h.update(bytes(ys));
  }
  return h.digest('hex');
}
