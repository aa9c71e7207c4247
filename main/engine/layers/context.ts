// What one forward/backward pass shares across layers: mode, randomness, the padding mask, gradient-norm capture.
import type { Rng } from '../rng.js';

export interface PassContext {
  training: boolean;
  rng: Rng;
  /** Time-major [T, B] 1 = real token, 0 = padding (mask_zero); null = no masking. */
  mask: Uint8Array | null;
  /** When true, recurrent layers record ‖∂L/∂h_t‖ per timestep during backward. */
  recordNorms: boolean;
}
