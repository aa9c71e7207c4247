// A ModelSpec + its Keras weights → an ONNX graph (opset 14) with the standard operators:
//   tokens int64 [batch, T] → Gather(embedding) → Transpose to [T, batch, D] → RNN / LSTM / GRU per recurrent
//   layer (bidirectional: one op with direction="bidirectional", outputs merged like Keras) → last state, or
//   ReduceMax / ReduceMean over time for the pooled heads → MatMul + Add → Sigmoid → probability [batch, 1].
// Weight layout: ONNX W is [dirs, G·U, in] (Keras kernel [in, G·U] transposed per gate), R likewise, and
// B = [Wb, Rb]. Gate orders: Keras LSTM i,f,c,o → ONNX i,o,f,c; GRU z,r,h in both; GRU reset_after=true is
// linear_before_reset=1 with Keras' (2, 3U) bias as Wb / Rb; reset_after=false is linear_before_reset=0
// with the single bias as Wb and Rb = 0. Dropout is the identity at inference and leaves no node.
// mask_zero: the data is pre-padded (zeros first), so a masked recurrent layer is one that starts at the
// first non-zero token. The graph reverses the time axis once and runs each layer in ONNX's "reverse"
// direction with sequence_lens = the count of non-zero tokens: that reads a row's tokens in their order,
// from a zero state, and leaves the padded steps' outputs at zero (Keras' backward layer becomes ONNX's
// forward direction). The pooled heads reduce over all T steps as TF.js and our engine do (the padded steps'
// outputs included: zeros forward; Keras' backward direction carries its final state through them, which a
// Where fills in) — Keras 3 itself would pool over the unmasked steps only.
import { layerPlan, type PlannedLayer } from '../../engine/plan.js';
import type { RecurrentPlan } from '../../engine/layer-kinds/recurrent-shape.js';
import type { ModelSpec } from '../../model/spec.js';
import type { WeightTensor } from '../../engine/types.js';
import { UserError } from '../../errors.js';
import { FLOAT, INT64, type Graph, type Node, type Tensor } from './proto.js';

export const ONNX_INPUT = 'tokens';
export const ONNX_OUTPUT = 'probability';

function f32(name: string, dims: number[], data: Float32Array): Tensor {
  const copy = Float32Array.from(data);
  return { name, dims, dataType: FLOAT, raw: new Uint8Array(copy.buffer) };
}
function i64(name: string, values: number[]): Tensor {
  const a = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: INT64, raw: new Uint8Array(a.buffer) };
}

/** ONNX gate block k ← Keras gate block ORDER[k]. */
function gateOrder(cell: RecurrentPlan['cell']): number[] {
  return cell === 'lstm' ? [0, 3, 1, 2] : cell === 'gru' ? [0, 1, 2] : [0];
}

/** Keras kernel [inDim, G·U] → ONNX [G·U, inDim] with gates reordered. */
function transposeGates(k: Float32Array, inDim: number, units: number, order: number[]): Float32Array {
  const G = order.length;
  const out = new Float32Array(G * units * inDim);
  for (let g = 0; g < G; g++) {
    const src = (order[g] as number) * units;
    for (let u = 0; u < units; u++) for (let d = 0; d < inDim; d++) out[(g * units + u) * inDim + d] = k[d * G * units + src + u] as number;
  }
  return out;
}

function reorderBias(b: Float32Array, units: number, order: number[]): Float32Array {
  const out = new Float32Array(order.length * units);
  order.forEach((src, g) => out.set(b.subarray(src * units, (src + 1) * units), g * units));
  return out;
}

interface CellWeights {
  W: Float32Array;
  R: Float32Array;
  B: Float32Array;
}

function cellWeights(rec: RecurrentPlan, kernel: WeightTensor, recurrent: WeightTensor, bias: WeightTensor): CellWeights {
  const order = gateOrder(rec.cell);
  const U = rec.units;
  const GU = order.length * U;
  const W = transposeGates(kernel.data, rec.inputDim, U, order);
  const R = transposeGates(recurrent.data, U, U, order);
  const B = new Float32Array(2 * GU);
  if (rec.cell === 'gru' && rec.resetAfter) {
    B.set(reorderBias(bias.data.subarray(0, GU), U, order), 0);
    B.set(reorderBias(bias.data.subarray(GU, 2 * GU), U, order), GU);
  } else {
    B.set(reorderBias(bias.data, U, order), 0);
  }
  return { W, R, B };
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function buildOnnxGraph(spec: ModelSpec, weights: WeightTensor[]): Graph {
  const plan = layerPlan(spec);
  const masked = spec.maskZero;
  const byName = new Map(weights.map((w) => [w.name, w]));
  const usedNames = new Set<string>();
  const get = (name: string, shape: number[]): WeightTensor => {
    const w = byName.get(name);
    if (!w) throw new UserError(`the weights are missing ${name}`);
    usedNames.add(name);
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new UserError(`weight ${name} has shape [${w.shape.join(',')}], expected [${shape.join(',')}]`);
    }
    return w;
  };
  const nodes: Node[] = [];
  const inits: Tensor[] = [];
  let seq = 0;
  const add = (opType: string, inputs: string[], outputs: number | string[], attrs?: Node['attrs']): string[] => {
    const id = `${opType.toLowerCase()}_${seq++}`;
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, k) => (outputs === 1 ? id : `${id}_${k}`)) : outputs;
    nodes.push({ opType, inputs, outputs: outs, name: id, ...(attrs ? { attrs } : {}) });
    return outs;
  };
  const one = (opType: string, inputs: string[], attrs?: Node['attrs']): string => add(opType, inputs, 1, attrs)[0] as string;
  const constI64 = (name: string, values: number[]) => {
    inits.push(i64(name, values));
    return name;
  };

  const T = spec.maxLen;
  // x: the current value; layout 'bt' = [batch, T, D], 'tb' = [T, batch, D], 'b' = [batch, D].
  let x = ONNX_INPUT;
  let seqLens = '';
  /** Masked graphs: [T, batch, 1], true at the padded steps (in the graph's reversed time). */
  let padded = '';
  const emb = get('embedding/embeddings', [spec.numWords, spec.embeddingDim]);
  inits.push(f32('embedding/embeddings', [...emb.shape], emb.data));
  if (masked) {
    // Counting the non-zero tokens, then reversing time (pre-padding puts the zeros first).
    const zero = constI64('zero_i64', [0]);
    const nz = one('Not', [one('Equal', [ONNX_INPUT, zero])]);
    seqLens = one('Cast', [one('ReduceSum', [one('Cast', [nz], { to: INT64 }), constI64('axis_1', [1])], { keepdims: 0 })], { to: 6 });
    const rev = constI64('reverse_time', Array.from({ length: T }, (_, t) => T - 1 - t));
    x = one('Gather', [x, rev], { axis: 1 });
    padded = one('Unsqueeze', [one('Transpose', [one('Equal', [x, zero])], { perm: [1, 0] }), constI64('axis_2', [2])]);
  }
  x = one('Gather', ['embedding/embeddings', x], { axis: 0 });
  x = one('Transpose', [x], { perm: [1, 0, 2] });
  let layout: 'tb' | 'b' = 'tb';

  const merge = (a: string, b: string, mode: ModelSpec['merge'], axis: number): string => {
    if (mode === 'concat') return one('Concat', [a, b], { axis });
    if (mode === 'sum') return one('Add', [a, b]);
    if (mode === 'mul') return one('Mul', [a, b]);
    if (!inits.some((t) => t.name === 'half')) inits.push(f32('half', [], new Float32Array([0.5])));
    return one('Mul', [one('Add', [a, b]), 'half']);
  };

  const recurrent = (l: Extract<PlannedLayer, { kind: 'recurrent' | 'bidirectional' }>): void => {
    const rec = l.rec;
    const G = gateOrder(rec.cell).length;
    const shapes = (base: string) => {
      const bias = rec.cell === 'gru' && rec.resetAfter ? [2, G * rec.units] : [G * rec.units];
      return cellWeights(rec, get(`${base}/kernel`, [rec.inputDim, G * rec.units]), get(`${base}/recurrent_kernel`, [rec.units, G * rec.units]), get(`${base}/bias`, bias));
    };
    // Directions in ONNX order: masked graphs run on reversed time, so Keras forward is ONNX "reverse".
    const cells = l.kind === 'bidirectional' ? [shapes(`${l.name}/forward_${l.innerName}`), shapes(`${l.name}/backward_${l.innerName}`)] : [shapes(l.name)];
    if (masked) cells.reverse();
    const dirs = cells.length;
    const direction = dirs === 2 ? 'bidirectional' : masked ? 'reverse' : 'forward';
    const p = `${l.name}/onnx`;
    inits.push(f32(`${p}/W`, [dirs, G * rec.units, rec.inputDim], concat(cells.map((c) => c.W))));
    inits.push(f32(`${p}/R`, [dirs, G * rec.units, rec.units], concat(cells.map((c) => c.R))));
    inits.push(f32(`${p}/B`, [dirs, 2 * G * rec.units], concat(cells.map((c) => c.B))));
    const op = rec.cell === 'lstm' ? 'LSTM' : rec.cell === 'gru' ? 'GRU' : 'RNN';
    const attrs: Node['attrs'] = { hidden_size: rec.units, direction };
    if (rec.cell === 'gru') attrs['linear_before_reset'] = rec.resetAfter ? 1 : 0;
    const outs = add(op, [x, `${p}/W`, `${p}/R`, `${p}/B`, seqLens], op === 'LSTM' ? 3 : 2, attrs);
    const [Y, Yh] = outs as [string, string];
    // Keras' order of the two directions, whatever ONNX's.
    const [kf, kb] = masked ? [1, 0] : [0, 1];
    if (rec.returnSequences) {
      // Y [T, dirs, batch, U]
      if (dirs === 1) x = one('Squeeze', [Y, constI64(`${p}/axis`, [1])]);
      else {
        const f = one('Gather', [Y, constI64(`${p}/kf`, [kf])], { axis: 1 });
        const b = one('Gather', [Y, constI64(`${p}/kb`, [kb])], { axis: 1 });
        const sq = constI64(`${p}/axis`, [1]);
        let back = one('Squeeze', [b, sq]);
        if (masked) {
          // Keras' backward layer reads the padding last and carries its final state through it (a masked step
          // keeps the state), so its outputs there are that final state; ONNX leaves zeros past sequence_lens.
          const last = one('Squeeze', [one('Gather', [Yh, constI64(`${p}/kb0`, [kb])], { axis: 0 }), constI64(`${p}/axis0`, [0])]);
          back = one('Where', [padded, last, back]);
        }
        x = merge(one('Squeeze', [f, sq]), back, (l as { merge: ModelSpec['merge'] }).merge, 2);
      }
      layout = 'tb';
    } else {
      // Y_h [dirs, batch, U]
      if (dirs === 1) x = one('Squeeze', [Yh, constI64(`${p}/axis`, [0])]);
      else {
        const sq = constI64(`${p}/axis`, [0]);
        const f = one('Squeeze', [one('Gather', [Yh, constI64(`${p}/kf`, [kf])], { axis: 0 }), sq]);
        const b = one('Squeeze', [one('Gather', [Yh, constI64(`${p}/kb`, [kb])], { axis: 0 }), sq]);
        x = merge(f, b, (l as { merge: ModelSpec['merge'] }).merge, 1);
      }
      layout = 'b';
    }
  };

  for (const l of plan) {
    switch (l.kind) {
      case 'embedding':
      case 'dropout':
        break;
      case 'recurrent':
      case 'bidirectional':
        recurrent(l);
        break;
      case 'pooling':
        if (layout !== 'tb') throw new Error('pooling needs a sequence');
        x = one(l.mode === 'max' ? 'ReduceMax' : 'ReduceMean', [x], { axes: [0], keepdims: 0 });
        layout = 'b';
        break;
      case 'dense': {
        const k = get(`${l.name}/kernel`, [l.inputDim, 1]);
        const b = get(`${l.name}/bias`, [1]);
        inits.push(f32(`${l.name}/kernel`, [l.inputDim, 1], k.data), f32(`${l.name}/bias`, [1], b.data));
        x = one('Add', [one('MatMul', [x, `${l.name}/kernel`]), `${l.name}/bias`]);
        add('Sigmoid', [x], [ONNX_OUTPUT]);
        break;
      }
      default: {
        // A layer kind the ONNX export has no operators for: a compile error here, never a silent skip.
        const kind: never = l;
        throw new UserError(`the ONNX export has no operators for layer ${(kind as { name: string }).name}`);
      }
    }
  }
  const unused = weights.find((w) => !usedNames.has(w.name));
  if (unused) throw new UserError(`unknown weight ${unused.name} for this model`);
  return {
    name: 'recurrent_lab',
    nodes,
    initializers: inits,
    inputs: [{ name: ONNX_INPUT, elemType: INT64, dims: ['batch', T] }],
    outputs: [{ name: ONNX_OUTPUT, elemType: FLOAT, dims: ['batch', 1] }],
  };
}
