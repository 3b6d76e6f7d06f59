import type { ContainerStatsReading } from '@berth/contracts';

/** Readings kept for the charts: one a second, so the last two minutes. */
export const STATS_WINDOW = 120;

/** Columns of the charts, each as long as `time`; uPlot takes them as they are. */
export interface StatsSeries {
  /** Unix seconds. */
  time: number[];
  cpuPercent: number[];
  memoryBytes: number[];
  pids: number[];
  /** Bytes per second over all interfaces; null for the first reading (no rate yet). */
  rxPerSecond: (number | null)[];
  txPerSecond: (number | null)[];
  readPerSecond: (number | null)[];
  writePerSecond: (number | null)[];
}

export function emptySeries(): StatsSeries {
  return { time: [], cpuPercent: [], memoryBytes: [], pids: [], rxPerSecond: [], txPerSecond: [], readPerSecond: [], writePerSecond: [] };
}

/** The counters a rate is computed from; kept from the previous reading. */
export interface Counters {
  at: number;
  rx: number;
  tx: number;
  read: number;
  write: number;
}

export function countersOf(reading: ContainerStatsReading): Counters {
  const networks = Object.values(reading.networks ?? {});
  return {
    at: Date.parse(reading.read) / 1000,
    rx: networks.reduce((sum, counters) => sum + counters.rxBytes, 0),
    tx: networks.reduce((sum, counters) => sum + counters.txBytes, 0),
    read: reading.io.reduce((sum, device) => sum + device.readBytes, 0),
    write: reading.io.reduce((sum, device) => sum + device.writeBytes, 0),
  };
}

/**
 * The series with `reading` appended (a new object, so the charts see the change), the
 * oldest points dropped past {@link STATS_WINDOW}. Network and block I/O are cumulative
 * counters; the charts show their rate, which is what an operator watches.
 */
export function appendReading(series: StatsSeries, reading: ContainerStatsReading, previous: Counters | undefined): StatsSeries {
  const now = countersOf(reading);
  const elapsed = previous ? now.at - previous.at : 0;
  // A counter that went down was reset (the container restarted): no honest rate for this step.
  const rate = (current: number, before: number | undefined) =>
    before === undefined || elapsed <= 0 || current < before ? null : (current - before) / elapsed;
  const push = <T>(column: T[], value: T) => [...column, value].slice(-STATS_WINDOW);
  return {
    time: push(series.time, now.at),
    cpuPercent: push(series.cpuPercent, reading.cpuPercent ?? 0),
    memoryBytes: push(series.memoryBytes, reading.memory.usage),
    pids: push(series.pids, reading.pids.current),
    rxPerSecond: push(series.rxPerSecond, rate(now.rx, previous?.rx)),
    txPerSecond: push(series.txPerSecond, rate(now.tx, previous?.tx)),
    readPerSecond: push(series.readPerSecond, rate(now.read, previous?.read)),
    writePerSecond: push(series.writePerSecond, rate(now.write, previous?.write)),
  };
}
