// Finding a WebGPU device through Dawn's `webgpu` package (an optional dependency: a prebuilt N-API
// dawn.node per platform, loadable in plain Node and in Electron's utility process without a rebuild).
// Order: the platform's native backend (D3D12 / Metal / Vulkan) at the core feature level, then Dawn's
// OpenGL ES backend at the compatibility level — which is what runs on a machine without a GPU (Mesa's
// llvmpipe, surfaceless EGL). An adapter we cannot identify as hardware counts as software.
/// <reference types="@webgpu/types" />
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** Dawn's backend the adapter came through: 'native' (D3D12/Metal/Vulkan) or 'opengles'. */
  backend: 'native' | 'opengles';
  isFallback: boolean;
  /** A software rasteriser (llvmpipe, SwiftShader, WARP, lavapipe) or an adapter we cannot identify. */
  software: boolean;
}

export interface GpuHandle {
  /** Dawn's instance: must stay reachable while its device is used (collecting it tears the device down). */
  instance: GPU;
  device: GPUDevice;
  adapter: AdapterInfo;
  limits: GPUSupportedLimits;
}

type DawnModule = { create(options: string[]): GPU; globals: Record<string, unknown> };

let dawn: Promise<DawnModule | null> | null = null;
/**
 * Dawn's instances, one per backend, kept for the life of the thread: letting the garbage collector
 * release an instance (or an adapter it listed) while the thread goes on has crashed the process.
 */
const instances = new Map<AdapterInfo['backend'], GPU>();
const listed: GPUAdapter[] = [];
let adapters: Promise<AdapterInfo[]> | null = null;

/**
 * Lets Mesa's EGL (Dawn's OpenGL ES backend) run without a display server: headless CI, a service. Must run
 * on the main thread — a worker thread's process.env is a copy that never reaches the C environment — so
 * the run queue calls it before it starts training workers.
 */
export function allowHeadlessGl(): void {
  if (process.platform === 'linux') process.env.EGL_PLATFORM ??= 'surfaceless';
}

/** Dawn's module, or null when the optional `webgpu` package is absent or its dawn.node cannot load here. */
function loadDawn(): Promise<DawnModule | null> {
  dawn ??= (async () => {
    allowHeadlessGl();
    try {
      const pkg = 'webgpu';
      const mod = (await import(pkg)) as DawnModule;
      // The GPU* constants (GPUBufferUsage, GPUMapMode, …) live on Dawn's globals.
      for (const [k, v] of Object.entries(mod.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
      return mod;
    } catch {
      return null;
    }
  })();
  return dawn;
}

const SOFTWARE = /llvmpipe|softpipe|lavapipe|swiftshader|warp|basic render|software|microsoft basic/i;

export function describeAdapter(a: GPUAdapter, backend: AdapterInfo['backend']): AdapterInfo {
  // adapter.info and featureLevel are newer than some @webgpu/types releases.
  const info = (a as GPUAdapter & { info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } }).info;
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const description = info?.description ?? '';
  const isFallback = Boolean(info?.isFallbackAdapter);
  const text = `${vendor} ${architecture} ${description}`;
  // Dawn's GL backend reports only "OpenGL version …" here; without a vendor we cannot call it hardware.
  const software = isFallback || SOFTWARE.test(text) || vendor.trim() === '' || backend === 'opengles' && /mesa/i.test(text) && !/radeon|intel|nvidia|amd/i.test(text);
  return { vendor, architecture, description, backend, isFallback, software };
}

const LINUX_LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu',
  '/usr/lib64', '/usr/lib', '/lib64', '/lib', '/usr/local/lib', '/run/opengl-driver/lib',
];

/**
 * Whether Dawn's native backend can be tried here. On Linux it is Vulkan, which needs the Vulkan loader
 * (libvulkan.so.1, from the GPU driver or the distribution's vulkan loader package); without it Dawn only
 * prints "Couldn't load Vulkan" and a stack to stderr, so a machine without one goes straight to OpenGL ES.
 * The loader is looked for where the dynamic linker looks: LD_LIBRARY_PATH, ld.so's cache and the usual
 * folders. RECURRENT_LAB_WEBGPU_BACKEND=native tries it regardless.
 */
export function nativeBackendPossible(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): boolean {
  if (platform !== 'linux' || env.RECURRENT_LAB_WEBGPU_BACKEND === 'native') return true;
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LINUX_LIB_DIRS];
  if (dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

async function requestAdapter(mod: DawnModule): Promise<{ instance: GPU; adapter: GPUAdapter; info: AdapterInfo } | null> {
  const tries: { options: string[]; featureLevel: 'core' | 'compatibility'; backend: AdapterInfo['backend'] }[] = [
    { options: [], featureLevel: 'core', backend: 'native' },
    { options: ['backend=opengles'], featureLevel: 'compatibility', backend: 'opengles' },
  ];
  const only = process.env.RECURRENT_LAB_WEBGPU_BACKEND;
  for (const t of tries) {
    if (only && only !== t.backend) continue;
    if (t.backend === 'native' && !nativeBackendPossible()) continue;
    try {
      let gpu = instances.get(t.backend);
      if (!gpu) {
        gpu = mod.create(t.options);
        instances.set(t.backend, gpu);
      }
      const options = { powerPreference: 'high-performance', featureLevel: t.featureLevel } as GPURequestAdapterOptions;
      const adapter = await gpu.requestAdapter(options);
      if (adapter) return { instance: gpu, adapter, info: describeAdapter(adapter, t.backend) };
    } catch {
      // this backend is not available here: try the next
    }
  }
  return null;
}

/** The adapters this process can use (at most one per backend kind), for the UI's device list and `bench`. */
export function listAdapters(): Promise<AdapterInfo[]> {
  adapters ??= (async () => {
    const mod = await loadDawn();
    if (!mod) return [];
    const found = await requestAdapter(mod);
    if (!found) return [];
    listed.push(found.adapter);
    return [found.info];
  })();
  return adapters;
}

/** Why WebGPU is unavailable, or null when it is. */
export async function webgpuUnavailableReason(): Promise<string | null> {
  const mod = await loadDawn();
  if (!mod) return 'the WebGPU runtime (the optional "webgpu" package with its dawn.node) is not installed or cannot load on this platform';
  return (await listAdapters()).length > 0 ? null : 'no WebGPU adapter was found (no GPU driver with Vulkan, Metal, D3D12 or OpenGL ES)';
}

/** A device on the best adapter, with the limits this engine needs raised to what the adapter allows. */
export async function openGpu(): Promise<GpuHandle> {
  const mod = await loadDawn();
  const why = 'the WebGPU runtime (the optional "webgpu" package with its dawn.node) is not installed or cannot load on this platform';
  if (!mod) throw new UserError(`engine "webgpu" is unavailable: ${why}`);
  const found = await requestAdapter(mod);
  if (!found) throw new UserError('engine "webgpu" is unavailable: no WebGPU adapter was found (no GPU driver with Vulkan, Metal, D3D12 or OpenGL ES)');
  listed.push(found.adapter); // kept: see `instances`
  const l = found.adapter.limits;
  const device = await found.adapter.requestDevice({
    requiredLimits: {
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
    },
  });
  return { instance: found.instance, device, adapter: found.info, limits: device.limits };
}
