// The few ONNX protobuf messages an export needs (ModelProto, GraphProto, NodeProto, TensorProto,
// ValueInfoProto, AttributeProto), encoded with protobufjs' Writer. Field numbers and enums are those of
// onnx/onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
import protobuf from 'protobufjs/minimal.js';

const { Writer } = protobuf;
type W = protobuf.Writer;

/** TensorProto.DataType values used here. */
export const FLOAT = 1;
export const INT32 = 6;
export const INT64 = 7;

export interface Tensor {
  name: string;
  dims: number[];
  dataType: typeof FLOAT | typeof INT32 | typeof INT64;
  /** Little-endian bytes, as raw_data holds them. */
  raw: Uint8Array;
}

export type Attr = number | string | number[] | { floats: number[] } | { float: number };

export interface Node {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attrs?: Record<string, Attr>;
}

export interface ValueInfo {
  name: string;
  elemType: number;
  /** A string is a symbolic dimension (dim_param). */
  dims: (number | string)[];
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface Model {
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  metadata: Record<string, string>;
  graph: Graph;
}

const VARINT = 0;
const I32 = 5;
const LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

function str(w: W, field: number, s: string): void {
  w.uint32(tag(field, LEN)).string(s);
}
function i64(w: W, field: number, v: number): void {
  w.uint32(tag(field, VARINT)).int64(v);
}
function msg(w: W, field: number, body: (w: W) => void): void {
  w.uint32(tag(field, LEN)).fork();
  body(w);
  w.ldelim();
}

function tensor(w: W, t: Tensor): void {
  for (const d of t.dims) i64(w, 1, d);
  w.uint32(tag(2, VARINT)).int32(t.dataType);
  str(w, 8, t.name);
  w.uint32(tag(9, LEN)).bytes(t.raw);
}

// AttributeProto.AttributeType
const A_FLOAT = 1;
const A_INT = 2;
const A_STRING = 3;
const A_FLOATS = 6;
const A_INTS = 7;

function attribute(w: W, name: string, v: Attr): void {
  str(w, 1, name);
  if (typeof v === 'number') {
    i64(w, 3, v);
    w.uint32(tag(20, VARINT)).int32(A_INT);
  } else if (typeof v === 'string') {
    w.uint32(tag(4, LEN)).bytes(new TextEncoder().encode(v));
    w.uint32(tag(20, VARINT)).int32(A_STRING);
  } else if (Array.isArray(v)) {
    for (const x of v) i64(w, 8, x);
    w.uint32(tag(20, VARINT)).int32(A_INTS);
  } else if ('floats' in v) {
    for (const x of v.floats) w.uint32(tag(7, I32)).float(x);
    w.uint32(tag(20, VARINT)).int32(A_FLOATS);
  } else {
    w.uint32(tag(2, I32)).float(v.float);
    w.uint32(tag(20, VARINT)).int32(A_FLOAT);
  }
}

function node(w: W, n: Node): void {
  for (const i of n.inputs) str(w, 1, i);
  for (const o of n.outputs) str(w, 2, o);
  str(w, 3, n.name);
  str(w, 4, n.opType);
  for (const [k, v] of Object.entries(n.attrs ?? {})) msg(w, 5, (w) => attribute(w, k, v));
}

function valueInfo(w: W, v: ValueInfo): void {
  str(w, 1, v.name);
  // TypeProto.tensor_type (1) → Tensor.elem_type (1), Tensor.shape (2) → TensorShapeProto.dim (1)
  msg(w, 2, (w) =>
    msg(w, 1, (w) => {
      w.uint32(tag(1, VARINT)).int32(v.elemType);
      msg(w, 2, (w) => {
        for (const d of v.dims) msg(w, 1, (w) => (typeof d === 'number' ? i64(w, 1, d) : str(w, 2, d)));
      });
    }),
  );
}

function graph(w: W, g: Graph): void {
  for (const n of g.nodes) msg(w, 1, (w) => node(w, n));
  str(w, 2, g.name);
  for (const t of g.initializers) msg(w, 5, (w) => tensor(w, t));
  for (const v of g.inputs) msg(w, 11, (w) => valueInfo(w, v));
  for (const v of g.outputs) msg(w, 12, (w) => valueInfo(w, v));
}

export function encodeModel(m: Model): Uint8Array {
  const w = Writer.create();
  i64(w, 1, m.irVersion);
  str(w, 2, m.producerName);
  str(w, 3, m.producerVersion);
  str(w, 6, m.docString);
  msg(w, 7, (w) => graph(w, m.graph));
  msg(w, 8, (w) => {
    str(w, 1, '');
    i64(w, 2, m.opset);
  });
  for (const [k, v] of Object.entries(m.metadata)) {
    msg(w, 14, (w) => {
      str(w, 1, k);
      str(w, 2, v);
    });
  }
  return w.finish();
}
