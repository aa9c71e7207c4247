// Scoring model.onnx with onnxruntime-node, an optional runtime: loaded by a computed name so that the app
// and the CLI work without it (a clear error names the package when an ONNX folder is scored without it).
import { UserError } from '../../errors.js';
import { ONNX_INPUT, ONNX_OUTPUT } from './graph.js';

interface OrtTensor {
  data: unknown;
  dims: readonly number[];
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => OrtTensor;
}

export const ORT_PACKAGE = 'onnxruntime-node';

async function loadOrt(): Promise<OrtModule> {
  const name = ORT_PACKAGE;
  try {
    const mod = (await import(name)) as OrtModule & { default?: OrtModule };
    return typeof mod.InferenceSession === 'function' || typeof mod.InferenceSession === 'object' ? mod : (mod.default as OrtModule);
  } catch (e) {
    throw new UserError(
      `scoring an ONNX export needs the optional package ${ORT_PACKAGE}, which could not be loaded (${(e as Error).message.split('\n')[0]}); ` +
        `install it (npm install ${ORT_PACKAGE}) or export the run as TF.js (--format tfjs)`,
      'unsupported',
    );
  }
}

export interface OnnxScorer {
  predict(x: Int32Array, n: number): Promise<Float32Array>;
  dispose(): void;
}

export async function openOnnxScorer(model: Uint8Array, maxLen: number, path: string): Promise<OnnxScorer> {
  const ort = await loadOrt();
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(model);
  } catch (e) {
    throw new UserError(`${path} is not a valid ONNX model: ${(e as Error).message}`, 'corrupt_file');
  }
  return {
    async predict(x, n) {
      if (x.length !== n * maxLen) throw new UserError(`expected ${n} × ${maxLen} token ids, got ${x.length}`);
      const tokens = new ort.Tensor('int64', BigInt64Array.from(x, (v) => BigInt(v)), [n, maxLen]);
      const out = (await session.run({ [ONNX_INPUT]: tokens }))[ONNX_OUTPUT];
      if (!out || !(out.data instanceof Float32Array) || out.data.length !== n) throw new UserError(`${path} did not give a float "${ONNX_OUTPUT}" [${n}, 1]`, 'corrupt_file');
      return Float32Array.from(out.data);
    },
    dispose() {
      void session.release().catch(() => undefined);
    },
  };
}
