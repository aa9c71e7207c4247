// Builds the Svelte renderer with Vite into dist/renderer (filled in by the UI work).
console.log('build-renderer: nothing to build yet');
