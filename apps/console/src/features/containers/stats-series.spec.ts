import type { ContainerStatsReading } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { appendReading, countersOf, emptySeries, STATS_WINDOW } from './stats-series';

function reading(second: number, totals: { rx: number; tx: number; read: number; write: number }, cpuPercent = 12.5): ContainerStatsReading {
  const net = (rx: number, tx: number) => ({ rxBytes: rx, rxPackets: 0, rxErrors: 0, rxDropped: 0, txBytes: tx, txPackets: 0, txErrors: 0, txDropped: 0 });
  return {
    id: 'c1',
    read: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
    cpuPercent,
    cpu: { usageTotalNs: 0, throttling: { periods: 0, throttledPeriods: 0, throttledTimeNs: 0 } },
    memory: { usage: 1024 * second, limit: 64 * 1024 * 1024, stat: {} },
    pids: { current: 3 },
    io: [{ major: 8, minor: 0, readBytes: totals.read, writeBytes: totals.write, readOps: 0, writeOps: 0 }],
    networks: { eth0: net(totals.rx - 100, totals.tx), lo: net(100, 0) },
  };
}

describe('stats series', () => {
  it('adds up interfaces and devices', () => {
    expect(countersOf(reading(0, { rx: 500, tx: 300, read: 10, write: 20 }))).toMatchObject({ rx: 500, tx: 300, read: 10, write: 20 });
  });

  it('turns cumulative counters into rates per second, with none for the first reading', () => {
    const first = reading(0, { rx: 1000, tx: 0, read: 0, write: 0 });
    const second = reading(2, { rx: 3000, tx: 400, read: 4096, write: 8192 });

    let series = appendReading(emptySeries(), first, undefined);
    series = appendReading(series, second, countersOf(first));

    expect(series.rxPerSecond).toEqual([null, 1000]);
    expect(series.txPerSecond).toEqual([null, 200]);
    expect(series.readPerSecond).toEqual([null, 2048]);
    expect(series.writePerSecond).toEqual([null, 4096]);
    expect(series.cpuPercent).toEqual([12.5, 12.5]);
    expect(series.memoryBytes).toEqual([0, 2048]);
    expect(series.pids).toEqual([3, 3]);
    expect(series.time[1]! - series.time[0]!).toBe(2);
  });

  it('shows no rate across a counter reset', () => {
    const before = reading(0, { rx: 5000, tx: 0, read: 0, write: 0 });
    const after = reading(1, { rx: 200, tx: 0, read: 0, write: 0 });

    expect(appendReading(emptySeries(), after, countersOf(before)).rxPerSecond).toEqual([null]);
  });

  it('keeps a bounded window', () => {
    let series = emptySeries();
    for (let second = 0; second < STATS_WINDOW + 10; second++) series = appendReading(series, reading(second, { rx: 0, tx: 0, read: 0, write: 0 }), undefined);

    expect(series.time).toHaveLength(STATS_WINDOW);
    expect(series.memoryBytes[0]).toBe(1024 * 10);
  });
});
