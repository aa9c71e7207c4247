// Export and prediction: the public surface of main/export.
export { exportModel, RESET_AFTER_WARNING, type ExportOptions, type ExportResult } from './export.js';
export { loadExportedModel, readModelArtifacts, decodeWeightData } from './artifacts.js';
export { buildTokenizer, parseTokenizer, Tokenizer, type EncodedText, type TokenizerSettings } from './tokenizer.js';
export { predictText, explainText, openExportedModel, type Runtime, type PredictResult, type TokenContribution, type ExportedModel } from './predict.js';
export { occlusion, checkedPredict, type OcclusionModel, type OcclusionResult, type PredictFn } from './explain.js';
export { prepareExportDir, checkPathText } from './paths.js';
export * from './format.js';
export { exportRunFromStore, type RunExportOptions, type RunExportResult } from './from-run.js';
