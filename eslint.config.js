// Lint: typescript-eslint recommended + the import directions of docs/ARCHITECTURE.md.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// A restriction is one regex over the import string and the message shown when it matches. It applies to
// static imports and re-exports (@typescript-eslint/no-restricted-imports, type-only imports included) and
// to import('…') / require('…') with a literal or template-literal argument (no-restricted-syntax).
// import(variable) cannot be judged here: main/ loads optional packages that way (tfjs-node, webgpu).
const relativeTo = (folders) => `^\\.{1,2}/(.*/)?(${folders})(/|$)`;
const builtins = builtinModules.filter((m) => !m.startsWith('_'));

const ELECTRON = { re: '^electron(/|$)', message: 'main/ is plain Node: only electron/ imports electron.' };
const DB = { re: relativeTo('db'), message: 'main/ uses the store through its interface (main/runs/store.ts); db/ implements it.' };
const SHELL_UI = { re: relativeTo('electron|renderer'), message: 'main/ must not import the shell or the UI.' };
const BENCH = { re: relativeTo('bench'), message: 'main/ must not import bench/: installers leave bench/ out (electron-builder.yml).' };
const MAIN = [ELECTRON, DB, SHELL_UI, BENCH];

/** no-restricted-imports + no-restricted-syntax for one folder; later blocks replace earlier ones, so pass every restriction. */
function zone(files, restrictions, extraSyntax = []) {
  // esquery regex literals cannot contain '/': spell it \x2F.
  const lit = (re) => `/${re.replaceAll('/', '\\x2F')}/u`;
  const syntax = restrictions.flatMap(({ re, message }) => [
    { selector: `ImportExpression[source.value=${lit(re)}]`, message },
    { selector: `ImportExpression[source.quasis.0.value.cooked=${lit(re)}]`, message },
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${lit(re)}]`, message },
    { selector: `CallExpression[callee.name='require'][arguments.0.quasis.0.value.cooked=${lit(re)}]`, message },
  ]);
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: restrictions.map(({ re, message }) => ({ regex: re, caseSensitive: true, message })) },
      ],
      'no-restricted-syntax': ['error', ...syntax, ...extraSyntax],
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
  // main/: the pure core — never electron, the store implementation, the shell, the UI or the benchmarks.
  zone(['main/**'], MAIN),
  // main/engine/: the numeric core (models, kernels, backends, the fit loop). It builds on main/model and
  // main/errors only; runs, service, cli, serve, contract, data and export build on it, never the reverse.
  zone(['main/engine/**'], [
    ...MAIN,
    {
      re: `${relativeTo('runs|service|cli|serve|contract|data|export')}|^\\.{1,2}/(.*/)?paths\\.js$`,
      message: 'main/engine/ may import only main/model and main/errors outside itself (see docs/ARCHITECTURE.md).',
    },
  ]),
  // main/contract/ and the model spec it re-exports are bundled into the renderer: zod and each other only.
  zone(['main/contract/**'], [
    ...MAIN,
    { re: '^(?!zod$|\\.{1,2}/)', message: 'main/contract/ runs in the browser too: no package but zod, no Node built-ins.' },
    { re: '^\\.\\./(?!model/(spec(-settings)?|sweep-space|sweep-kinds)\\.js$)', message: 'main/contract/ may import only main/model/spec.ts, spec-settings.ts, sweep-space.ts and sweep-kinds.ts outside itself (the renderer bundles them).' },
  ]),
  zone(['main/model/sweep-space.ts', 'main/model/sweep-kinds.ts'], [
    ...MAIN,
    { re: '^(?!zod$|\\./(spec|spec-settings|sweep-kinds)\\.js$)', message: 'main/model/sweep-*.ts are bundled into the renderer (via main/contract): zod, spec.ts, spec-settings.ts and sweep-kinds.ts only.' },
  ]),
  zone(['main/model/spec-settings.ts'], [
    ...MAIN,
    { re: '^(?!zod$|\\./spec\\.js$)', message: 'main/model/spec-settings.ts is bundled into the renderer (via main/contract): zod and spec.ts only.' },
  ]),
  zone(['main/model/spec.ts'], [
    ...MAIN,
    { re: '^(?!zod$)', message: 'main/model/spec.ts is bundled into the renderer (via main/contract): it imports zod only.' },
  ]),
  // db/: SQLite only; may use main/ types and helpers, never the shell or UI.
  zone(['db/**'], [
    { re: `^electron(/|$)|${relativeTo('electron|renderer')}`, message: 'db/ must not import the shell or the UI.' },
  ]),
  // renderer/: runs in the browser and reaches main/ only through the contract (main/contract).
  zone(
    ['renderer/**'],
    [
      {
        re: `^electron(/|$)|${relativeTo('electron|db')}|^node:|^(${builtins.join('|')})(/|$)`,
        message: 'renderer/ runs in the browser: talk to the app through the contract client.',
      },
      { re: '^\\.{1,2}/(.*/)?main/(?!contract/)', message: 'renderer/ may import only the contract (main/contract) from main/.' },
    ],
    [
      { selector: "ImportExpression:not([source.type='Literal'])", message: 'renderer/: import() takes a literal path (a computed one cannot be checked or bundled).' },
      { selector: "CallExpression[callee.name='require']", message: 'renderer/ runs in the browser: there is no require().' },
    ],
  ),
  // tests, bench and scripts may import anything.
);
