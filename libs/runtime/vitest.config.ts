import { berthVitestConfig } from '../../vitest.shared.js';

// The integration specs drive real containers on the real kernel (namespaces, cgroups,
// mounts). Run spec files one at a time so they never fight over cgroups or measure each
// other's containers (the 100-cycle leak check in particular).
export default berthVitestConfig(import.meta.dirname, { test: { fileParallelism: false } });
