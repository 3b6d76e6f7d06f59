import type { Subject } from '../subjects/subject.js';

export interface SuiteContext {
  /** Few iterations, for tests and quick looks. */
  smoke: boolean;
  log: (line: string) => void;
}

/** A suite prepares shared fixtures, hands out its subjects, and removes the fixtures afterwards. */
export interface Suite {
  name: string;
  description: string;
  /** The subject ratios are computed against (when it ran). */
  baseline: string;
  /** What one sample measures, for the report. */
  metric?: string;
  /** Heavier suites take fewer samples than the default 50 iterations / 5 s per subject. */
  budget?: { iterations: number; timeMs: number };
  prepare(context: SuiteContext): Promise<PreparedSuite>;
}

export interface PreparedSuite {
  subjects: Subject[];
  environment: Record<string, string>;
  cleanup(): Promise<void>;
}
