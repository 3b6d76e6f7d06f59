export { percentile, ratio, summarize, type Summary } from './stats/summary.js';
export { runSuite, type SubjectResult, type SuiteRun } from './run/run-suite.js';
export { formatTable } from './run/format-table.js';
export { findSuite, SUITES } from './suites/registry.js';
export type { Suite, SuiteContext } from './suites/suite.js';
export type { Subject } from './subjects/subject.js';
