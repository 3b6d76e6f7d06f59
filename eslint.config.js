import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * One flat config for the workspace. Module boundaries are enforced, not just declared:
 * the tags live in each project's package.json (`nx.tags`), the rules here.
 *
 * Nx checks projects against each other by their tags (which project may import which);
 * `no-restricted-imports` below checks what Nx cannot see: entry points inside a project
 * (`@berth/runtime/model`, the runtime's browser-safe entry, versus the Node-only root) and
 * Node built-ins in code that runs in a browser.
 */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));
const BROWSER = 'browser-safe code (the console, contracts, the runtime model) runs in a browser: no Node built-ins';
const NO_NODE_BUILTINS = NODE_BUILTINS.map((name) => ({ name, message: BROWSER }));
const NO_NODE_PATTERN = { group: ['node:*'], message: BROWSER };
/** Of Berth's own packages, browser-safe code may import only these two entries. */
const ONLY_BROWSER_SAFE_BERTH = {
  regex: '^@berth/(?!contracts$|runtime/model$)',
  message: 'browser-safe code may import only @berth/contracts and @berth/runtime/model (the runtime root, /testing and the other libs are Node-only)',
};
/** The model is one self-contained folder: only its own files (and, in specs, vitest). */
const MODEL = 'libs/runtime/src/model is the browser-safe model: it imports only its own files (./), no Node built-in, no package, nothing outside model/';

export default [
  {
    ignores: ['**/dist', '**/node_modules', '**/src/generated', 'tmp', '**/out-tsc', '**/native/build', '**/build/bin', '.nx', 'coverage'],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.vue'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^.*/vitest\\.shared(\\.js)?$'],
          depConstraints: [
            // Layers. Apps (and e2e drivers) are leaves: no constraint lists type:app, so nothing imports an app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:model', 'type:util', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:data-access', 'type:model', 'type:util', 'type:testing'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:model', 'type:util', 'type:testing'] },
            // The test-server harness (@berth/testing): starts the built API; knows only the typed client.
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:model', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:model', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:model', 'type:util'] },
            // Browser-safe code builds only on browser-safe code. @berth/runtime carries type:model besides
            // type:feature because of its `./model` entry (src/model/); that browser-safe code imports that
            // entry and never the runtime's root is checked per file by no-restricted-imports below.
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:model'] },
            // DESIGN.md: apps → libs; the runtime and the db know no other lib; images → runtime only;
            // contracts knows only the runtime's model; the console only contracts and the model.
            { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:db', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:images', onlyDependOnLibsWithTags: ['scope:runtime', 'scope:testing'] },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:shared', 'scope:runtime'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:runtime'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:runtime', 'scope:images', 'scope:db', 'scope:testing'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['type:model'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared', 'scope:runtime', 'scope:images', 'scope:testing'] },
            { sourceTag: 'scope:benchmarks', onlyDependOnLibsWithTags: ['scope:shared', 'scope:runtime', 'scope:images', 'scope:db', 'scope:testing'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:runtime', 'scope:images'] },
            // The console's end-to-end driver starts a real server on a throwaway database.
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:db', 'scope:testing'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Indexing a Record we just filled, or a regex group that matched, is known to be there.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...vue.configs['flat/recommended'].map((config) => ({ ...config, files: ['apps/console/**/*.vue'] })),
  {
    files: ['apps/console/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  {
    // The console runs in a browser: no server code, no Node built-ins, and of the
    // runtime only its browser-safe model.
    files: ['apps/console/src/**/*.ts', 'apps/console/src/**/*.vue'], // not console-e2e, which drives a browser from Node
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NO_NODE_BUILTINS,
          patterns: [
            NO_NODE_PATTERN,
            ONLY_BROWSER_SAFE_BERTH,
            { group: ['@nestjs/*', '@prisma/*', 'prisma'], message: 'the console talks to the server only over /api/v1' },
          ],
        },
      ],
    },
  },
  {
    // Contracts are shared with the console: browser-safe like the model they build on.
    files: ['libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: NO_NODE_BUILTINS, patterns: [NO_NODE_PATTERN, ONLY_BROWSER_SAFE_BERTH] }],
    },
  },
  {
    // The runtime's browser-safe model (`@berth/runtime/model`): nothing leaves the folder, so
    // nothing Node-only can come in through a neighbour.
    files: ['libs/runtime/src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: MODEL }] }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: MODEL }],
    },
  },
  {
    files: ['libs/runtime/src/model/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./|vitest$)', message: MODEL }] }],
    },
  },
  {
    // The API reaches the Node side of the runtime through one door, the runtime adapter, so
    // the runtime's layout and ids are known in one file (the browser-safe model is free to use).
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/engine/runtime-adapter.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@berth/runtime', message: 'import it from engine/runtime-adapter.ts: the only API file that imports the runtime package' }] },
      ],
    },
  },
  prettier,
];
