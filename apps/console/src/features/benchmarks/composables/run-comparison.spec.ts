import type { BenchmarkResultView, BenchmarkRunDetail } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { compareRuns, formatChange } from './run-comparison';

function result(subject: string, median: number | undefined, extra: Partial<BenchmarkResultView> = {}): BenchmarkResultView {
  const statistics = median === undefined ? undefined : { samples: 5, min: median, median, mean: median, p95: median, p99: median, max: median, stddev: 0 };
  return {
    subject,
    metric: 'start-to-exit',
    unit: 'ms',
    method: 'm',
    samples: median === undefined ? [] : [median],
    ...(statistics ? { statistics } : {}),
    ...extra,
  };
}

function run(id: string, results: BenchmarkResultView[]): BenchmarkRunDetail {
  return {
    id,
    suite: 'start',
    description: '',
    baseline: 'crun',
    gitRevision: null,
    startedAt: '',
    finishedAt: null,
    measured: 0,
    notMeasured: 0,
    environment: {},
    results,
  };
}

describe('compareRuns', () => {
  it('flags a median beyond the threshold as slower or faster, and within it as the same', () => {
    const rows = compareRuns(
      run('b', [result('berth', 15), result('crun', 9), result('runc', 10.5)]),
      run('a', [result('berth', 10), result('crun', 10), result('runc', 10)]),
    );
    expect(rows.map((row) => [row.subject, row.verdict])).toEqual([
      ['berth', 'slower'],
      ['crun', 'same'],
      ['runc', 'same'],
    ]);
    expect(rows[0]!.change).toBeCloseTo(0.5);
    expect(compareRuns(run('b', [result('crun', 8)]), run('a', [result('crun', 10)]))[0]!.verdict).toBe('faster');
  });

  it('keeps rows it cannot compare, with the reason, from either run', () => {
    const rows = compareRuns(
      run('b', [result('kvm', undefined, { missing: 'no /dev/kvm' }), result('new', 3)]),
      run('a', [result('kvm', 900), result('gone', 4)]),
    );
    expect(rows).toEqual([
      expect.objectContaining({ subject: 'kvm', verdict: 'not comparable', note: 'missing: no /dev/kvm' }),
      expect.objectContaining({ subject: 'new', verdict: 'not comparable', note: 'not in the baseline run' }),
      expect.objectContaining({ subject: 'gone', verdict: 'not comparable', note: 'not in this run', baseline: 4 }),
    ]);
  });

  it('formats a change with its sign', () => {
    expect(formatChange(0.125)).toBe('+12.5 %');
    expect(formatChange(-0.03)).toBe('−3.0 %');
    expect(formatChange(undefined)).toBe('');
  });
});
