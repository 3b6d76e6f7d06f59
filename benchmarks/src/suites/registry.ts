import { startToExitSuite } from './start-to-exit.js';
import type { Suite } from './suite.js';

export const SUITES: readonly Suite[] = [startToExitSuite];

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((suite) => suite.name === name);
}
