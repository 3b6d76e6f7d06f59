/** The figures of one wrk run that the network suite keeps. */
export interface WrkReport {
  requests: number;
  requestsPerSecond: number;
  /** Bytes per second of responses read (wrk prints binary units: 1MB = 2^20 bytes). */
  bytesPerSecond: number;
  /** Connect, read, write and timeout errors together. */
  socketErrors: number;
  /** Responses that were not 2xx or 3xx. */
  badResponses: number;
}

const BINARY_UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/**
 * Parses wrk's human summary (wrk has no machine-readable output without a Lua script, and a
 * script would be one more thing to ship). A summary without the lines we need is an error,
 * never a zero.
 */
export function parseWrkOutput(text: string): WrkReport {
  const requests = /^\s*(\d+) requests in /m.exec(text);
  const perSecond = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  const transfer = /^Transfer\/sec:\s+([\d.]+)([KMGT]?)B/m.exec(text);
  if (!requests || !perSecond || !transfer) throw new Error(`unexpected wrk output: ${text.trim().split('\n').slice(-3).join(' | ')}`);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  return {
    requests: Number(requests[1]),
    requestsPerSecond: Number(perSecond[1]),
    bytesPerSecond: Number(transfer[1]) * BINARY_UNITS[transfer[2]!]!,
    socketErrors: errors ? errors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
    badResponses: bad ? Number(bad[1]) : 0,
  };
}
