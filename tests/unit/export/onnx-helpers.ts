// Scoring an exported model.onnx with onnxruntime-node (a devDependency) in the export tests.
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';

/** onnxruntime's probabilities for int32 id rows, fed as int64 "tokens". */
export async function ortPredict(file: string, x: Int32Array, n: number, maxLen: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  try {
    const tokens = new ort.Tensor('int64', BigInt64Array.from(x, (v) => BigInt(v)), [n, maxLen]);
    const out = await session.run({ tokens });
    const p = out['probability']!;
    assert.deepEqual(p.dims, [n, 1]);
    return p.data as Float32Array;
  } finally {
    await session.release();
  }
}
