// Kernels of a data-parallel replica worker: single-threaded wasm sgemm on the main kernels' shared memory,
// and a bump allocator over the arena the main thread set aside for this worker (never reused, so no free).
import type { CellKernels, Kernels } from '../kernels/api.js';
import { instantiateCells } from '../kernels/wasm-cells.js';
import { checkGemm } from '../kernels/gemm-check.js';
import type { WasmSgemm } from '../kernels/wasm-control.js';

export class ArenaKernels implements Kernels {
  readonly name = 'wasm-simd' as const;
  readonly simd = true;
  readonly threads = 1;
  private top: number;
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  readonly ws: number;
  readonly cells?: CellKernels;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly sgemmFn: WasmSgemm,
    start: number,
    private readonly end: number,
    workspaceBytes: number,
    cellsModule: WebAssembly.Module | null = null,
  ) {
    this.top = start;
    this.ws = this.take(workspaceBytes);
    if (cellsModule) this.cells = instantiateCells(cellsModule, memory, (a) => this.buffers.has(a.buffer));
  }

  private take(bytes: number): number {
    const off = this.top;
    const size = Math.ceil(Math.max(bytes, 4) / 64) * 64;
    if (off + size > this.end) throw new Error(`replica arena exhausted (${this.end - off} bytes left, ${size} wanted)`);
    this.top = off + size;
    return off;
  }

  /** A view of n floats at a byte offset of the shared memory (registered as ours for sgemm). */
  view(byteOffset: number, n: number): Float32Array {
    const buf = this.memory.buffer;
    this.buffers.add(buf);
    return new Float32Array(buf, byteOffset, n);
  }

  alloc(n: number): Float32Array {
    const v = this.view(this.take(4 * n), n);
    v.fill(0); // the arena may hold a previous replica's data
    return v;
  }

  free(): void {}

  sgemm(
    transA: boolean, transB: boolean, M: number, N: number, K: number,
    A: Float32Array, lda: number, B: Float32Array, ldb: number, C: Float32Array, ldc: number, beta: 0 | 1,
  ): void {
    checkGemm(transA, transB, M, N, K, A, lda, B, ldb, C, ldc, beta);
    if (M === 0 || N === 0) return;
    if (!this.buffers.has(A.buffer) || !this.buffers.has(B.buffer) || !this.buffers.has(C.buffer)) {
      throw new Error('replica sgemm: operand outside the shared kernel memory');
    }
    this.sgemmFn(+transA, +transB, M, N, K, A.byteOffset, lda, B.byteOffset, ldb, C.byteOffset, ldc, beta, this.ws);
  }

  dispose(): void {}
}
