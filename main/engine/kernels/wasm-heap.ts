// The wasm kernels' memory: one shared, growable WebAssembly.Memory (growth never detaches views, and worker
// threads instantiate the same module on it) plus a first-fit free-list allocator handing out Float32Array
// views aligned to 64 bytes (a cache line; ≥ the 16 bytes SIMD wants).

const PAGE = 65536;
const ALIGN = 64;
/** Bytes at the bottom of the memory left to the module itself (it has no data, but keep address 0 unused). */
const RESERVED = PAGE;

export interface HeapOptions {
  /** Initial size in MiB (untouched pages cost no RSS). */
  initialMB?: number;
  /** Hard limit in MiB; at most 2048 so every address fits an int32 in the thread control block. */
  maximumMB?: number;
}

interface Block {
  off: number;
  size: number;
}

export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly maximumBytes: number;
  /** Every SharedArrayBuffer object this memory has exposed (a new one per size after growth). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private readonly live = new Map<number, number>(); // byte offset → block size
  private readonly freeList: Block[] = []; // sorted by offset, coalesced
  private top = RESERVED;
  private current: SharedArrayBuffer;

  constructor(opts: HeapOptions = {}) {
    const maxMB = Math.min(opts.maximumMB ?? 2048, 2048);
    const initMB = Math.min(opts.initialMB ?? 64, maxMB);
    const maximum = Math.floor((maxMB * 1024 * 1024) / PAGE);
    const initial = Math.max(2, Math.floor((initMB * 1024 * 1024) / PAGE));
    this.memory = new WebAssembly.Memory({ initial, maximum, shared: true });
    this.maximumBytes = maximum * PAGE;
    this.current = this.memory.buffer as unknown as SharedArrayBuffer;
    this.buffers.add(this.current);
  }

  /** The memory's buffer as of now (refreshed after growth). */
  get buffer(): SharedArrayBuffer {
    const b = this.memory.buffer as unknown as SharedArrayBuffer;
    if (b !== this.current) {
      this.current = b;
      this.buffers.add(b);
    }
    return b;
  }

  /** Whether a view lies in this memory, so its byteOffset is a valid wasm address. */
  owns(view: ArrayBufferView): boolean {
    return view.buffer === this.current || this.buffers.has(view.buffer);
  }

  /** n zero floats. */
  alloc(n: number): Float32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`alloc: size must be a non-negative integer, got ${n}`);
    if (n === 0) return new Float32Array(this.buffer, RESERVED, 0);
    const size = Math.ceil((n * 4) / ALIGN) * ALIGN;
    let off = this.takeFree(size);
    if (off < 0) {
      off = this.top;
      this.ensure(off + size);
      this.top = off + size;
    }
    this.live.set(off, size);
    const view = new Float32Array(this.buffer, off, n);
    view.fill(0); // reused blocks hold old data; fresh pages are zero but filling them is cheap
    return view;
  }

  /** Returns a block from alloc to the heap. Views not from this heap (or empty ones) are ignored. */
  free(view: Float32Array): void {
    if (!this.owns(view) || view.length === 0) return;
    const off = view.byteOffset;
    const size = this.live.get(off);
    if (size === undefined) throw new Error('free: this view is not the start of a live allocation (double free or a subarray?)');
    this.live.delete(off);
    if (off + size === this.top) {
      this.top = off;
      // Fold a free block that now touches the top back into it.
      const last = this.freeList[this.freeList.length - 1];
      if (last && last.off + last.size === this.top) {
        this.top = last.off;
        this.freeList.pop();
      }
      return;
    }
    this.insertFree({ off, size });
  }

  /** Bytes in live allocations and the high-water mark of the bump pointer (for tests and reports). */
  stats(): { liveBytes: number; topBytes: number; memoryBytes: number } {
    let liveBytes = 0;
    for (const s of this.live.values()) liveBytes += s;
    return { liveBytes, topBytes: this.top, memoryBytes: this.buffer.byteLength };
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (end > this.maximumBytes) {
      throw new RangeError(
        `kernel memory exhausted: need ${Math.ceil(end / 2 ** 20)} MiB, limit ${this.maximumBytes / 2 ** 20} MiB`,
      );
    }
    // Grow geometrically so a run of small allocations does not grow page by page.
    const want = Math.min(this.maximumBytes, Math.max(end, have * 1.5));
    this.memory.grow(Math.ceil((want - have) / PAGE));
    void this.buffer; // register the new SharedArrayBuffer object
  }

  private takeFree(size: number): number {
    for (let i = 0; i < this.freeList.length; i++) {
      const b = this.freeList[i]!;
      if (b.size < size) continue;
      const off = b.off;
      if (b.size === size) this.freeList.splice(i, 1);
      else {
        b.off += size;
        b.size -= size;
      }
      return off;
    }
    return -1;
  }

  private insertFree(blk: Block): void {
    const list = this.freeList;
    let i = 0;
    while (i < list.length && list[i]!.off < blk.off) i++;
    list.splice(i, 0, blk);
    // Coalesce with the next, then the previous neighbour.
    const next = list[i + 1];
    if (next && blk.off + blk.size === next.off) {
      blk.size += next.size;
      list.splice(i + 1, 1);
    }
    const prev = list[i - 1];
    if (prev && prev.off + prev.size === blk.off) {
      prev.size += blk.size;
      list.splice(i, 1);
    }
  }
}
