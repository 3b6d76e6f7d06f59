import type { BerthApiError, ContainerStatsReading } from '@berth/contracts';
import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue';
import { berth, isAbort, toBerthApiError } from '../../../api/berth';
import { appendReading, countersOf, emptySeries, type Counters, type StatsSeries } from '../stats-series';

/**
 * A container's resource use, streamed once a second over SSE into chart series. The
 * stream ends when the container stops (`ended`); `watch` again after a start.
 */
export function useContainerStats(containerId: () => string, intervalSeconds = 1) {
  const series = shallowRef<StatsSeries>(emptySeries());
  const latest = shallowRef<ContainerStatsReading | null>(null);
  const streaming = ref(false);
  const ended = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  let controller: AbortController | undefined;

  async function watch(): Promise<void> {
    stop();
    const own = new AbortController();
    controller = own;
    streaming.value = true;
    ended.value = false;
    error.value = null;
    series.value = emptySeries();
    let previous: Counters | undefined;
    try {
      for await (const reading of berth.containers.streamStats(containerId(), { intervalSeconds, signal: own.signal })) {
        series.value = appendReading(series.value, reading, previous);
        previous = countersOf(reading);
        latest.value = reading;
      }
      if (controller === own) ended.value = true;
    } catch (caught) {
      if (own.signal.aborted || isAbort(caught)) return;
      error.value = toBerthApiError(caught);
    } finally {
      if (controller === own) streaming.value = false;
    }
  }

  function stop(): void {
    controller?.abort();
    controller = undefined;
    streaming.value = false;
  }

  // Leaving the page ends the stream; outside a component (specs) the caller closes it.
  if (getCurrentScope()) onScopeDispose(stop);

  return { series, latest, streaming, ended, error, watch, stop };
}
