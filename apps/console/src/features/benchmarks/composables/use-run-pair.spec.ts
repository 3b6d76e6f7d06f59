import type { BenchmarkRunSummary } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { useRunPair } from './use-run-pair';

const run = (id: string, suite: string, startedAt: string): BenchmarkRunSummary => ({
  id,
  suite,
  description: '',
  baseline: '',
  gitRevision: null,
  startedAt,
  finishedAt: null,
  measured: 1,
  notMeasured: 0,
});

describe('useRunPair', () => {
  const runs = ref([
    run('new', 'start', '2026-11-29T19:00:00Z'),
    run('old', 'start', '2026-11-28T19:00:00Z'),
    run('mid', 'start', '2026-11-29T10:00:00Z'),
    run('other', 'ready', '2026-11-29T11:00:00Z'),
  ]);

  it('makes the older of two picked runs the baseline', () => {
    const pair = useRunPair(runs);
    pair.toggle(runs.value[0]!);
    expect(pair.pair.value).toBeUndefined();
    pair.toggle(runs.value[1]!);
    expect(pair.pair.value).toEqual({ baseline: runs.value[1], current: runs.value[0] });
  });

  it('lets go of the first pick for a third, and of a pick toggled again', () => {
    const pair = useRunPair(runs);
    for (const index of [0, 1, 2]) pair.toggle(runs.value[index]!);
    expect(pair.picked.value).toEqual(['old', 'mid']);
    pair.toggle(runs.value[1]!);
    expect(pair.picked.value).toEqual(['mid']);
  });

  it('refuses a run of another suite than the first pick', () => {
    const pair = useRunPair(runs);
    pair.toggle(runs.value[0]!);
    expect(pair.canPick(runs.value[3]!)).toBe(false);
    pair.toggle(runs.value[3]!);
    expect(pair.picked.value).toEqual(['new']);
  });
});
