// A ModelSpec + Keras weights → the bytes of model.onnx (opset 14, IR version 7).
import type { ModelSpec } from '../../model/spec.js';
import type { WeightTensor } from '../../engine/types.js';
import { buildOnnxGraph } from './graph.js';
import { encodeModel } from './proto.js';

export const ONNX_OPSET = 14;
const IR_VERSION = 7;

export function onnxModelBytes(spec: ModelSpec, weights: WeightTensor[], producerVersion: string): Uint8Array {
  return encodeModel({
    irVersion: IR_VERSION,
    opset: ONNX_OPSET,
    producerName: 'recurrent-lab',
    producerVersion,
    docString: `Recurrent Lab ${spec.arch} sentiment classifier: int64 token ids "tokens" [batch, ${spec.maxLen}] (tokenizer.json) → "probability" [batch, 1] of a positive review`,
    metadata: { arch: spec.arch, maxLen: String(spec.maxLen), numWords: String(spec.numWords) },
    graph: buildOnnxGraph(spec, weights),
  });
}
