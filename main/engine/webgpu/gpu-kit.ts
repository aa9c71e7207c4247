// A thin layer over a GPUDevice for the engine: buffers, cached pipelines, bind groups, recorded
// dispatches, and reads back to the CPU.
/// <reference types="@webgpu/types" />

export type Workgroups = number | ((dims: StepDims) => number);

/** What changes per step and sizes some dispatches: the batch's number of distinct tokens. */
export interface StepDims {
  count: number;
}

export type Op =
  | { kind: 'dispatch'; label: string; pipeline: GPUComputePipeline; bind: GPUBindGroup; x: Workgroups; y?: Workgroups; z?: number }
  | { kind: 'clear'; buffer: GPUBuffer }
  | { kind: 'copy'; src: GPUBuffer; srcOff: number; dst: GPUBuffer; dstOff: number; bytes: number };

const USAGE_STORAGE = 0x80 | 0x04 | 0x08; // STORAGE | COPY_SRC | COPY_DST
const USAGE_UNIFORM = 0x40 | 0x08; // UNIFORM | COPY_DST
const USAGE_READBACK = 0x01 | 0x08; // MAP_READ | COPY_DST

export class GpuKit {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<GPUComputePipeline, GPUBindGroupLayout>();
  /** Dawn objects the pipelines use, held so the garbage collector does not release them under a pipeline. */
  private readonly keep: unknown[] = [];
  private readonly owned: GPUBuffer[] = [];
  /** Bytes of storage this engine holds on the device (for gpuMemoryMB). */
  bytes = 0;

  constructor(readonly device: GPUDevice, readonly maxBinding: number) {}

  storage(floats: number, label: string): GPUBuffer {
    const size = Math.max(16, Math.ceil((floats * 4) / 16) * 16);
    if (size > this.maxBinding) {
      throw new RangeError(`${label} needs ${(size / 2 ** 20).toFixed(0)} MiB in one buffer; this GPU allows ${(this.maxBinding / 2 ** 20).toFixed(0)} MiB`);
    }
    const b = this.device.createBuffer({ size, usage: USAGE_STORAGE, label });
    this.owned.push(b);
    this.bytes += size;
    return b;
  }

  /** A small never-read buffer for bindings a kernel variant does not use (each binding its own). */
  dummy(): GPUBuffer {
    return this.storage(4, 'unused');
  }

  uniform(words: ArrayLike<number>, floatsAt: readonly number[] = []): GPUBuffer {
    const n = Math.ceil(words.length / 4) * 4;
    const ab = new ArrayBuffer(n * 4);
    const u = new Uint32Array(ab);
    const f = new Float32Array(ab);
    for (let i = 0; i < words.length; i++) {
      if (floatsAt.includes(i)) f[i] = words[i]!;
      else u[i] = words[i]! >>> 0;
    }
    const b = this.device.createBuffer({ size: n * 4, usage: USAGE_UNIFORM, label: 'params' });
    this.device.queue.writeBuffer(b, 0, ab);
    this.owned.push(b);
    return b;
  }

  pipeline(code: string, label: string): GPUComputePipeline {
    let p = this.pipelines.get(code);
    if (!p) {
      const module = this.device.createShaderModule({ code, label });
      // An explicit layout from the declarations: 'auto' would drop the bindings a kernel variant leaves
      // unused (an LSTM has no GRU reset terms), and one bind-group shape serves every variant.
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (const m of code.matchAll(/@binding\((\d+)\)\s+var<(uniform|storage,\s*read_write|storage,\s*read)>/g)) {
        const type: GPUBufferBindingType = m[2] === 'uniform' ? 'uniform' : m[2]!.includes('read_write') ? 'storage' : 'read-only-storage';
        entries.push({ binding: Number(m[1]), visibility: 4 /* GPUShaderStage.COMPUTE */, buffer: { type } });
      }
      const bindGroupLayout = this.device.createBindGroupLayout({ entries, label });
      const layout = this.device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout], label });
      p = this.device.createComputePipeline({ layout, compute: { module, entryPoint: 'main' }, label });
      this.pipelines.set(code, p);
      this.layouts.set(p, bindGroupLayout);
      this.keep.push(module, layout);
    }
    return p;
  }

  /** A dispatch of `code` over bindings 0..n-1 (binding 0 the uniform params). */
  op(code: string, label: string, buffers: GPUBuffer[], x: Workgroups, y?: Workgroups, z?: number): Op {
    const pipeline = this.pipeline(code, label);
    const bind = this.device.createBindGroup({
      layout: this.layouts.get(pipeline)!,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return { kind: 'dispatch', label, pipeline, bind, x, ...(y === undefined ? {} : { y }), ...(z === undefined ? {} : { z }) };
  }

  /** Records ops into one command encoder (consecutive dispatches share a compute pass). */
  encode(enc: GPUCommandEncoder, ops: readonly Op[], dims: StepDims): void {
    let pass: GPUComputePassEncoder | null = null;
    const size = (w: Workgroups | undefined) => (w === undefined ? 1 : typeof w === 'number' ? w : w(dims));
    for (const op of ops) {
      if (op.kind === 'dispatch') {
        const x = size(op.x);
        const y = size(op.y);
        if (x === 0 || y === 0) continue;
        pass ??= enc.beginComputePass();
        pass.setPipeline(op.pipeline);
        pass.setBindGroup(0, op.bind);
        pass.dispatchWorkgroups(x, y, op.z ?? 1);
        continue;
      }
      pass?.end();
      pass = null;
      if (op.kind === 'clear') enc.clearBuffer(op.buffer);
      else enc.copyBufferToBuffer(op.src, op.srcOff, op.dst, op.dstOff, op.bytes);
    }
    pass?.end();
  }

  /** Copies of `floats` floats from each buffer, read back in one submit. */
  async read(buffers: { buffer: GPUBuffer; floats: number }[]): Promise<Float32Array[]> {
    const enc = this.device.createCommandEncoder();
    const staging = buffers.map(({ buffer, floats }) => {
      const size = Math.max(16, Math.ceil((floats * 4) / 16) * 16);
      const s = this.device.createBuffer({ size, usage: USAGE_READBACK, label: 'readback' });
      enc.copyBufferToBuffer(buffer, 0, s, 0, Math.min(size, buffer.size));
      return s;
    });
    this.device.queue.submit([enc.finish()]);
    const out = await Promise.all(
      staging.map(async (s, i) => {
        await s.mapAsync(0x0001 /* GPUMapMode.READ */);
        const data = new Float32Array(s.getMappedRange().slice(0, buffers[i]!.floats * 4));
        s.unmap();
        s.destroy();
        return data;
      }),
    );
    return out;
  }

  /** Frees buffers this kit made before the kit itself goes (a resident dataset replaced by another). */
  release(buffers: readonly GPUBuffer[]): void {
    for (const b of buffers) {
      const i = this.owned.indexOf(b);
      if (i < 0) continue;
      this.owned.splice(i, 1);
      this.bytes -= b.size;
      b.destroy();
    }
  }

  write(buffer: GPUBuffer, data: ArrayBufferView, offsetBytes = 0): void {
    this.device.queue.writeBuffer(buffer, offsetBytes, data.buffer, data.byteOffset, Math.ceil(data.byteLength / 4) * 4);
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
    this.bytes = 0;
  }
}

/** Workgroups for a grid-stride kernel of 256 threads over n elements. */
export function groups(n: number): number {
  return Math.max(1, Math.min(4096, Math.ceil(n / 256)));
}
