// Export and prediction: the public surface of main/export.
export { exportModel } from './export.js';
export { buildTokenizer, Tokenizer } from './tokenizer.js';
export { predictText } from './predict.js';
export { occlusion, checkedPredict } from './explain.js';
export * from './format.js';
