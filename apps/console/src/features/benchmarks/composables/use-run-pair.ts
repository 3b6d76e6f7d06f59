import type { BenchmarkRunSummary } from '@berth/contracts';
import { computed, ref, type Ref } from 'vue';

/**
 * Two runs picked for a comparison. Picking a third lets go of the one picked first; runs
 * of another suite than the first pick cannot join (their subjects and metrics differ). The
 * older run is the baseline, the newer the one compared against it.
 */
export function useRunPair(runs: Ref<readonly BenchmarkRunSummary[]>) {
  const picked = ref<string[]>([]);

  const pickedRuns = computed(() => picked.value.map((id) => runs.value.find((run) => run.id === id)).filter((run) => run !== undefined));
  const pair = computed(() => {
    if (pickedRuns.value.length !== 2) return undefined;
    const [a, b] = [...pickedRuns.value].sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    return { baseline: a!, current: b! };
  });

  function isPicked(id: string): boolean {
    return picked.value.includes(id);
  }

  /** Whether the run may be picked now: always when it is, else when it is of the first pick's suite. */
  function canPick(run: BenchmarkRunSummary): boolean {
    const first = pickedRuns.value[0];
    return isPicked(run.id) || !first || first.suite === run.suite;
  }

  function toggle(run: BenchmarkRunSummary): void {
    if (isPicked(run.id)) picked.value = picked.value.filter((id) => id !== run.id);
    else if (canPick(run)) picked.value = [...picked.value, run.id].slice(-2);
  }

  function clear(): void {
    picked.value = [];
  }

  return { picked, pair, isPicked, canPick, toggle, clear };
}
