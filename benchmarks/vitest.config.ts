import { berthVitestConfig } from '../vitest.shared.js';

// The persistence and report specs need PostgreSQL: started once by `npm test`, or here by the
// global setup when the benchmarks' tests run alone. One spec file at a time: two suites
// measured at once share the cores (and the start suite's cgroup path), as `npm run bench` never does.
export default berthVitestConfig(import.meta.dirname, {
  test: { globalSetup: ['../libs/db/src/testing/global-setup.ts'], fileParallelism: false },
});
