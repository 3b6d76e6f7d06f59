import { berthVitestConfig } from '../../vitest.shared.js';

// The specs drive the CLI against one real Berth server (the built API on its own embedded
// PostgreSQL), started once for the run by the global setup.
export default berthVitestConfig(import.meta.dirname, {
  test: { globalSetup: ['./test/global-setup.ts'], testTimeout: 60_000 },
});
