import type { LogRecord } from '../engine/runtime-adapter.js';

export interface LogFilter {
  stdout: boolean;
  stderr: boolean;
  /** Only records at or after / before these instants. */
  since?: Date;
  until?: Date;
  /** Only the last N records (of those before following starts). */
  tail?: number;
}

/** `docker logs --since --until --tail --stdout --stderr` over a record stream. */
export async function* filterLogs(records: AsyncIterable<LogRecord>, filter: LogFilter): AsyncGenerator<LogRecord> {
  const keep = (record: LogRecord) =>
    (record.stream === 'stdout' ? filter.stdout : filter.stderr) &&
    (!filter.since || new Date(record.time) >= filter.since) &&
    (!filter.until || new Date(record.time) <= filter.until);
  if (filter.tail === undefined) {
    for await (const record of records) if (keep(record)) yield record;
    return;
  }
  if (filter.tail === 0) return;
  // The history is bounded by rotation (3 × 10 MiB), so holding the last N is cheap.
  const last: LogRecord[] = [];
  for await (const record of records) {
    if (!keep(record)) continue;
    last.push(record);
    if (last.length > filter.tail) last.shift();
  }
  yield* last;
}

/**
 * `--tail N --follow`: the last N records so far, then everything new. The history is read
 * once to its end, then a following read skips the records already seen.
 */
export async function* tailThenFollow(open: (follow: boolean) => AsyncIterable<LogRecord>, filter: LogFilter): AsyncGenerator<LogRecord> {
  let seen = 0;
  const counted = async function* (records: AsyncIterable<LogRecord>) {
    for await (const record of records) {
      seen++;
      yield record;
    }
  };
  yield* filterLogs(counted(open(false)), filter);
  let skip = seen;
  for await (const record of filterLogs(
    (async function* () {
      for await (const record of open(true)) {
        if (skip > 0) {
          skip--;
          continue;
        }
        yield record;
      }
    })(),
    { ...filter, tail: undefined },
  )) {
    yield record;
  }
}
