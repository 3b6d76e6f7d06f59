import { processOutput } from './run-process.js';
import { parseWrkOutput, type WrkReport } from './wrk-output.js';

export interface WrkOptions {
  url: string;
  connections: number;
  /** Whole seconds: wrk's -d takes no fractions. */
  seconds: number;
  /** Ask for a new connection per request (busybox httpd closes after every response anyway). */
  close?: boolean;
  /** Run wrk inside this process's network namespace (`nsenter --net`). */
  netnsPid?: number;
}

/**
 * Socket errors a run may have and still measure its path: one per thousand requests. A new
 * connection per request through DNAT, a thousand a second, now and then meets a conntrack
 * entry its source port left behind (one read error in 3,922 requests in a CI run here); the
 * count is kept in the report and shown beside the rates.
 */
const SOCKET_ERRORS_PER_REQUEST = 1 / 1000;

/**
 * One wrk run, one thread. A run with a non-2xx/3xx response, or with more socket errors than
 * SOCKET_ERRORS_PER_REQUEST allows, throws: its rate would describe failures, not the path.
 */
export async function runWrk(wrk: string, options: WrkOptions): Promise<WrkReport> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, ...(options.close ? ['-H', 'Connection: close'] : []), options.url];
  const output =
    options.netnsPid === undefined ? await processOutput(wrk, args) : await processOutput('nsenter', [`--net=/proc/${options.netnsPid}/ns/net`, wrk, ...args]);
  const report = parseWrkOutput(output);
  if (report.socketErrors > report.requests * SOCKET_ERRORS_PER_REQUEST || report.badResponses > 0)
    throw new Error(`wrk ${options.url}: ${report.socketErrors} socket errors, ${report.badResponses} bad responses in ${report.requests} requests`);
  if (report.requests === 0) throw new Error(`wrk ${options.url}: no request completed`);
  return report;
}
