import { berthVitestConfig } from '../../vitest.shared.js';

export default berthVitestConfig(import.meta.dirname);
