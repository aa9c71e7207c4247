// Builds the engine's WebAssembly kernels from sources in the repo (filled in by the engine work).
console.log('build-wasm: nothing to build yet');
