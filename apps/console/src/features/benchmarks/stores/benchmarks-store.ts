import type { BenchmarkJob, BenchmarkRunDetail, BenchmarkRunSummary, BenchmarkSuiteInfo, BerthApiError } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { berth, isAbort, toBerthApiError } from '../../../api/berth';

export const RUNS_PER_PAGE = 20;

/**
 * Stored benchmark runs (newest first, a page at a time), their details and reports, and the
 * run this console started: its job, followed over the progress stream until it ends, when
 * the list is loaded again so the new run appears.
 */
export const useBenchmarksStore = defineStore('benchmarks', () => {
  const runs = ref<BenchmarkRunSummary[]>([]);
  const total = ref(0);
  const offset = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  const suites = ref<BenchmarkSuiteInfo[]>([]);
  const details = ref<Record<string, BenchmarkRunDetail>>({});
  const reports = ref<Record<string, string>>({});
  const detailErrors = shallowRef<Record<string, BerthApiError>>({});
  const job = ref<BenchmarkJob | null>(null);
  const progress = ref<string[]>([]);
  const jobError = shallowRef<BerthApiError | null>(null);

  let latestTicket = 0;
  let following: AbortController | undefined;

  async function load(page = offset.value): Promise<void> {
    const ticket = ++latestTicket;
    loading.value = true;
    try {
      const answer = await berth.benchmarks.runs({ limit: RUNS_PER_PAGE, offset: page });
      if (ticket !== latestTicket) return;
      runs.value = answer.items;
      total.value = answer.total;
      offset.value = answer.offset;
      error.value = null;
    } catch (caught) {
      if (ticket === latestTicket) error.value = toBerthApiError(caught);
    } finally {
      if (ticket === latestTicket) {
        loading.value = false;
        loaded.value = true;
      }
    }
  }

  async function loadSuites(): Promise<void> {
    try {
      suites.value = (await berth.benchmarks.suites()).items;
    } catch (caught) {
      // The start form says why it has no suites; the list of runs still works.
      jobError.value = toBerthApiError(caught);
    }
  }

  /** The run's details (cached: a stored run never changes). */
  async function loadRun(id: string): Promise<BenchmarkRunDetail | undefined> {
    if (details.value[id]) return details.value[id];
    try {
      const run = await berth.benchmarks.run(id);
      details.value = { ...details.value, [id]: run };
      return run;
    } catch (caught) {
      detailErrors.value = { ...detailErrors.value, [id]: toBerthApiError(caught) };
      return undefined;
    }
  }

  async function loadReport(id: string): Promise<void> {
    if (reports.value[id]) return;
    try {
      reports.value = { ...reports.value, [id]: await berth.benchmarks.report(id) };
    } catch (caught) {
      detailErrors.value = { ...detailErrors.value, [id]: toBerthApiError(caught) };
    }
  }

  /** Starts a run (the API allows admins only, one at a time) and follows it; false when refused, with the reason in jobError. */
  async function start(suite: string, smoke: boolean): Promise<boolean> {
    jobError.value = null;
    try {
      job.value = await berth.benchmarks.start({ suite, smoke });
    } catch (caught) {
      jobError.value = toBerthApiError(caught);
      return false;
    }
    progress.value = [];
    void follow(job.value.id);
    return true;
  }

  /** Follows a job's progress until it ends or stopFollowing() is called (leaving the page). */
  async function follow(jobId: string): Promise<void> {
    following?.abort();
    const controller = new AbortController();
    following = controller;
    try {
      for await (const event of berth.benchmarks.progress(jobId, { signal: controller.signal })) {
        if (event.kind === 'line') progress.value = [...progress.value, event.line];
        else {
          job.value = event.job;
          await load(0);
        }
      }
    } catch (caught) {
      if (!isAbort(caught)) jobError.value = toBerthApiError(caught);
    } finally {
      if (following === controller) following = undefined;
    }
  }

  function stopFollowing(): void {
    following?.abort();
    following = undefined;
  }

  return {
    runs,
    total,
    offset,
    loading,
    loaded,
    error,
    suites,
    details,
    reports,
    detailErrors,
    job,
    progress,
    jobError,
    load,
    loadSuites,
    loadRun,
    loadReport,
    start,
    follow,
    stopFollowing,
  };
});
