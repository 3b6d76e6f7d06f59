import { berthVitestConfig } from '../../vitest.shared.js';

// Real Chromium against the real server (built dist) on a real PostgreSQL. Files run one at
// a time: each starts a server and real containers, and the machine has two cores.
export default berthVitestConfig(import.meta.dirname, {
  test: { globalSetup: ['../../libs/db/src/testing/global-setup.ts'], include: ['src/**/*.e2e.ts'], testTimeout: 60_000, fileParallelism: false },
});
