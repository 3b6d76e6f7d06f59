import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

/** One thing that made a run fail: a test, a hook or load error of a file or suite, or an error no test owned. */
export interface RunFailure {
  kind: 'test' | 'suite' | 'unhandled';
  where: string;
  message: string;
}

/**
 * Writes what failed in a run to a JSON file, so that `npm test` can repeat it at the very
 * end of its output, where CI logs that keep only their tail still show it. The JSON report
 * counts failed tests only: a failing `afterAll` or an unhandled rejection fails the run
 * while every test passed, and would otherwise be visible only far up in the log.
 */
export class FailureSummaryReporter implements Reporter {
  constructor(private readonly file: string) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    const failures: RunFailure[] = [];
    for (const module of modules) {
      for (const error of module.errors()) failures.push({ kind: 'suite', where: module.relativeModuleId, message: describe(error) });
      for (const suite of module.children.allSuites()) {
        for (const error of suite.errors()) failures.push({ kind: 'suite', where: `${module.relativeModuleId} > ${suite.fullName}`, message: describe(error) });
      }
      for (const test of module.children.allTests('failed')) {
        const first = test.result().errors?.[0];
        failures.push({ kind: 'test', where: `${module.relativeModuleId} > ${test.fullName}`, message: first ? describe(first) : 'failed' });
      }
    }
    for (const error of unhandled) failures.push({ kind: 'unhandled', where: 'no test', message: describe(error) });
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify({ reason, failures }, null, 2));
  }
}

function describe(error: SerializedError): string {
  const stack = (error.stack ?? '').split('\n').slice(1, 4).join('\n');
  return [`${error.name ?? 'Error'}: ${error.message}`, stack].filter(Boolean).join('\n');
}
