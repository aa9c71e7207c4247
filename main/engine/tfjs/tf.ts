// The TF.js namespace type every tfjs-side module takes as a parameter, so the same code runs on
// plain @tensorflow/tfjs (pure JS, here) and on @tensorflow/tfjs-node(-gpu) (libtensorflow, CUDA).
import type * as tfjs from '@tensorflow/tfjs';

export type Tf = typeof tfjs;
export type LayersModel = tfjs.LayersModel;
export type Tensor = tfjs.Tensor;

/** Loads the pure-JS TF.js (the reference backend; always installed). */
export async function loadPureTfjs(): Promise<Tf> {
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  // Production mode: no "install tfjs-node" banner or debug checks cluttering CLI output.
  tf.enableProdMode();
  await tf.ready();
  return tf;
}
