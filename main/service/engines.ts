// The engines this machine offers new runs (the deviceInfo / setEngine calls): the CPU engine always; the
// WebGPU engine with the adapter it found (a software one marked as such) or why there is none;
// tfjs-node(-gpu) when installed, labelled with what it really found. Probed once per process.
import { getKernels } from '../engine/index.js';
import { listAdapters, webgpuUnavailableReason } from '../engine/webgpu/gpu.js';
import { tryCreateTfjsNodeModel } from '../engine/tfjs/adapter.js';
import { TUTORIAL_MODEL } from '../model/spec.js';
import type { EngineChoice } from '../engine/engines.js';
import type { CallResult } from '../contract/index.js';

type DeviceInfo = CallResult<'deviceInfo'>;
type Found = Omit<DeviceInfo, 'selected'>;

let found: Promise<Found> | null = null;

async function detect(): Promise<Found> {
  const k = await getKernels();
  const threads = Math.max(1, k.threads);
  const cpuDetail = `${k.name}${k.simd ? ' (SIMD)' : ''}, data-parallel over ${threads} thread${threads > 1 ? 's' : ''}`;
  const engines: DeviceInfo['engines'] = [
    { id: 'auto', label: 'Automatic', available: true, detail: 'WebGPU on a hardware GPU when a short probe trains faster there, else the CPU engine', software: false },
    { id: 'cpu', label: 'CPU engine', available: true, detail: cpuDetail, software: false },
  ];
  const [adapter] = await listAdapters();
  if (adapter) {
    const name = adapter.description || [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'an unidentified adapter';
    engines.push({
      id: 'webgpu', label: 'WebGPU', available: true, software: adapter.software,
      detail: adapter.software ? `${name} — a software rasteriser, not a GPU: correct but slow` : name,
    });
  } else {
    engines.push({ id: 'webgpu', label: 'WebGPU', available: false, software: false, detail: (await webgpuUnavailableReason()) ?? 'no adapter' });
  }
  const tf = await tryCreateTfjsNodeModel(TUTORIAL_MODEL, 0).catch(() => null);
  if (tf) {
    engines.push({ id: 'tfjs-node', label: 'TensorFlow.js (tfjs-node)', available: true, detail: tf.device.description, software: false });
    tf.dispose();
  } else {
    engines.push({ id: 'tfjs-node', label: 'TensorFlow.js (tfjs-node)', available: false, detail: '@tensorflow/tfjs-node(-gpu) is not installed', software: false });
  }
  return { engine: 'recurrent-lab', threads, simd: k.simd, gpu: null, description: `Recurrent Lab engine (${cpuDetail})`, engines };
}

/** What new runs can train on, and the choice they get now. */
export async function deviceInfo(selected: EngineChoice): Promise<DeviceInfo> {
  found ??= detect().catch((e: unknown) => {
    found = null;
    throw e;
  });
  return { ...(await found), selected };
}
