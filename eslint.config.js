// Lint: typescript-eslint recommended + the import directions of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'net', 'crypto', 'zlib', 'url'];

/** no-restricted-imports for one folder; type-only imports may cross where allowTypes. */
function zone(files, patterns, allowTypeImports = false) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports })) }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'release/**', 'node_modules/**', 'test-artifacts/**', '.cache/**', 'main/engine/wasm/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.svelte', 'renderer/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // main/: the pure core — never electron, the DOM side, the store implementation or the shell.
  zone(['main/**'], [
    { group: ['electron', 'electron/*'], message: 'main/ is plain Node: only electron/ imports electron.' },
    { group: ['**/db/*', '**/db'], message: 'main/ uses the store through its interface (main/runs/store.ts); db/ implements it.' },
    { group: ['**/electron/*', '**/renderer/*'], message: 'main/ must not import the shell or the UI.' },
  ]),
  // db/: SQLite only; may use main/ types and helpers, never the shell or UI.
  zone(['db/**'], [
    { group: ['electron', 'electron/*', '**/electron/*', '**/renderer/*'], message: 'db/ must not import the shell or the UI.' },
  ]),
  // renderer/: reaches the app only through the contract, and only its types (plus the browser-safe schemas).
  zone(['renderer/**'], [
    { group: ['electron', 'electron/*', '**/electron/*', '**/db/*', ...nodeBuiltins], message: 'renderer/ runs in the browser: talk to the app through the contract client.' },
    // gitignore semantics: a file under an excluded folder cannot be re-included, so exclude main/*
    // entries one level at a time and re-include contract/ and model/spec*.
    { group: ['**/main/*', '!**/main/contract', '!**/main/model', '**/main/model/*', '!**/main/model/spec*'], message: 'renderer/ may only import the contract (main/contract) and model specs.' },
  ]),
  // tests and scripts may import anything.
);
