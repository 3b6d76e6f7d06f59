import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * One flat config for the workspace. Module boundaries are enforced, not just declared:
 * the tags live in each project's package.json (`nx.tags`), the rules here.
 */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

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
            // Apps are leaves: nothing imports an app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:testing'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:testing'] },
            // The test-server harness (@berth/testing): starts the built API; knows only the typed client.
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:feature'] },
            // DESIGN.md: apps → libs; images → runtime only; db knows no other lib; contracts knows only the runtime's model.
            { sourceTag: 'scope:db', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: ['scope:runtime', 'scope:testing'] },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:runtime'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:db', 'scope:shared', 'scope:runtime', 'scope:testing'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:shared', 'scope:runtime', 'scope:db', 'scope:testing'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared', 'scope:runtime', 'scope:testing'] },
            { sourceTag: 'scope:benchmarks', onlyDependOnLibsWithTags: ['scope:runtime', 'scope:db', 'scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:db', 'scope:runtime', 'scope:shared'] },
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
          paths: [
            { name: '@berth/runtime', message: 'the console may import only @berth/runtime/model (browser-safe)' },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'the console runs in a browser: no Node built-ins' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'the console runs in a browser: no Node built-ins' },
            {
              group: ['@nestjs/*', '@prisma/*', 'prisma', '@berth/db', '@berth/db/*', '@berth/api', '@berth/testing'],
              message: 'the console talks to the server only over /api/v1',
            },
          ],
        },
      ],
    },
  },
  prettier,
];
