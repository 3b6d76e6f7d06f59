import type { ContainerStatsReading } from '@berth/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemResponse, sseResponse, stubFetch } from '../../../testing/fetch-stub';
import { useContainerStats } from './use-container-stats';

const STATS = '/api/v1/containers/web/stats';

function reading(second: number, usage: number): ContainerStatsReading {
  return {
    id: 'web',
    read: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
    cpuPercent: second * 10,
    cpu: { usageTotalNs: 0, throttling: { periods: 0, throttledPeriods: 0, throttledTimeNs: 0 } },
    memory: { usage, stat: {} },
    pids: { current: 2 },
    io: [],
  };
}

describe('useContainerStats', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('streams readings into the chart series until the container stops', async () => {
    const fetchMock = stubFetch({
      [STATS]: sseResponse([
        { event: 'stats', data: reading(1, 100) },
        { event: 'stats', data: reading(2, 300) },
        { event: 'end', data: {} },
      ]),
    });
    const stats = useContainerStats(() => 'web');

    await stats.watch();

    expect(stats.series.value.cpuPercent).toEqual([10, 20]);
    expect(stats.series.value.memoryBytes).toEqual([100, 300]);
    expect(stats.latest.value?.memory.usage).toBe(300);
    expect(stats.ended.value).toBe(true);
    const url = new URL(String(fetchMock.mock.calls[0]![0]), 'http://x');
    expect(url.searchParams.get('stream')).toBe('true');
  });

  it('keeps the problem when the container cannot be watched', async () => {
    stubFetch({ [STATS]: problemResponse(409, 'CONTAINER_NOT_RUNNING', 'web is stopped') });
    const stats = useContainerStats(() => 'web');

    await stats.watch();

    expect(stats.error.value).toMatchObject({ code: 'CONTAINER_NOT_RUNNING', detail: 'web is stopped' });
    expect(stats.streaming.value).toBe(false);
  });
});
