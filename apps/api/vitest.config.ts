import { berthVitestConfig } from '../../vitest.shared.js';

// Needs PostgreSQL: started once by `npm test`, or here by the global setup when run alone.
export default berthVitestConfig(import.meta.dirname, {
  test: { globalSetup: ['../../libs/db/src/testing/global-setup.ts'] },
});
