import { basename, join, relative } from 'node:path';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';
import { FailureSummaryReporter } from './vitest.failure-summary.js';

/**
 * Vitest settings every project shares: sources of other workspace packages are
 * imported directly (the `@berth/source` export condition) so tests never run against
 * stale builds, and each project writes a JSON report that `npm test` adds up into
 * its one-line summary.
 */
const WORKSPACE_ROOT = import.meta.dirname;
const SOURCE_CONDITION = '@berth/source';

export function berthVitestConfig(projectDir: string, overrides: ViteUserConfig = {}): ViteUserConfig {
  const name = relative(WORKSPACE_ROOT, projectDir).replaceAll('/', '-') || basename(projectDir);
  const base = defineConfig({
    root: projectDir,
    resolve: { conditions: [SOURCE_CONDITION, 'module', 'browser', 'development|production'] },
    ssr: { resolve: { conditions: [SOURCE_CONDITION, 'module', 'node', 'development|production'], externalConditions: [SOURCE_CONDITION] } },
    test: {
      name,
      globals: false,
      environment: 'node',
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      reporters: [
        'default',
        ['json', { outputFile: join(WORKSPACE_ROOT, 'tmp', 'test-reports', `${name}.json`) }],
        new FailureSummaryReporter(join(WORKSPACE_ROOT, 'tmp', 'test-failures', `${name}.json`)),
      ],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
  return mergeConfig(base, overrides);
}
