import { describe, expect, it } from 'vitest';
import type { SubjectResult, SuiteRun } from '../run/run-suite.js';
import { summarize } from '../stats/summary.js';
import { compareRuns } from './compare-runs.js';

function result(subject: string, samples: number[], extra: Partial<SubjectResult> = {}): SubjectResult {
  return { subject, method: 'm', metric: 'start-to-exit', unit: 'ms', samples, ...(samples.length ? { summary: summarize(samples) } : {}), ...extra };
}

function runOf(results: SubjectResult[]): SuiteRun {
  return { suite: 'start', description: 'd', baseline: 'crun', startedAt: '', finishedAt: '', environment: {}, results };
}

describe('compareRuns', () => {
  const baseline = runOf([result('a', [10, 10, 10]), result('b', [10, 10, 10]), result('c', [10, 10, 10]), result('gone', [1])]);

  it('flags medians worse beyond the threshold, and only those', () => {
    const current = runOf([result('a', [15, 15, 15]), result('b', [10.8, 10.9, 11]), result('c', [8, 8, 8]), result('new', [1])]);
    const rows = compareRuns(current, baseline, 0.1);
    expect(rows.map((row) => [row.subject, row.status])).toEqual([
      ['a', 'regressed'],
      ['b', 'unchanged'],
      ['c', 'improved'],
      ['new', 'not comparable'],
      ['gone', 'not comparable'],
    ]);
    expect(rows[0]!.change).toBeCloseTo(0.5, 12);
  });

  it('does not compare a subject that is missing on either side', () => {
    const current = runOf([result('a', [], { missing: 'crun is not installed' })]);
    const [row] = compareRuns(current, baseline, 0.1);
    expect(row).toMatchObject({ subject: 'a', status: 'not comparable', note: 'now: crun is not installed' });
  });
});
