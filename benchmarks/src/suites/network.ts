import { spawnSync } from 'node:child_process';
import { startWebContainer, type WebContainer } from '../fixtures/web-container.js';
import { findBinary } from '../peers/find-binary.js';
import { getOnNewConnection } from '../peers/http-get.js';
import { runWrk } from '../peers/wrk.js';
import type { WrkReport } from '../peers/wrk-output.js';
import { summarize } from '../stats/summary.js';
import { missingSubject, type Subject } from '../subjects/subject.js';
import type { PreparedSuite, Suite } from './suite.js';

/** One way from the host (or the container itself) to the container's httpd. */
interface Path {
  name: string;
  host: string;
  port: number;
  /** Set for the path that starts inside the container's network namespace. */
  netnsPid?: number;
}

const PUBLISHED = 'published port (127.0.0.1:P → DNAT)';
const DIRECT = 'direct (container IP on the bridge)';
const INSIDE = "inside the container's namespace (127.0.0.1:80)";

const CONNECT_NODE = 'connect + GET (Node, ms per request)';
const CONNECT_WRK = 'connect + GET (wrk -c1, ms per request)';
const TRANSFER_WRK = '1 MiB GETs (wrk -c8, ms per MiB)';

/**
 * The cost of a published port: the same busybox httpd reached through 127.0.0.1:P (the DNAT
 * of publishPort, MASQUERADE, route_localnet), straight at its bridge address, and from inside
 * its own namespace (no bridge at all). Ratios are to the direct path, per metric.
 */
export const networkSuite: Suite = {
  name: 'network',
  description:
    'busybox httpd in a container on a bridge: connection latency and 1 MiB throughput through a published 127.0.0.1 port (DNAT), straight to the container IP, and inside its namespace',
  baseline: DIRECT,
  // One Node request takes well under a millisecond: many samples for a steady p95.
  budget: { iterations: 300, timeMs: 3_000 },
  async prepare(context) {
    const web = await startWebContainer();
    const paths: Path[] = [
      { name: PUBLISHED, host: '127.0.0.1', port: web.hostPort },
      { name: DIRECT, host: web.ip, port: 80 },
      { name: INSIDE, host: '127.0.0.1', port: 80, netnsPid: web.pid },
    ];
    const environment: Record<string, string> = { 'network web container': `${web.ip} on ${web.bridge}, published at 127.0.0.1:${web.hostPort}` };
    // Node cannot enter another network namespace for one socket, so the inside path is wrk's only.
    const subjects: Subject[] = paths.filter((path) => path.netnsPid === undefined).map((path) => nodeConnect(path, web));

    const wrk = findBinary('wrk');
    const nsenter = findBinary('nsenter');
    if (wrk) environment['wrk'] = wrkVersion(wrk);
    for (const [metric, method] of [
      [CONNECT_WRK, "wrk -t1 -c1 -H 'Connection: close' GET /index.html; sample = 1000 / requests/s"],
      [TRANSFER_WRK, 'wrk -t1 -c8 GET /1m.bin (busybox httpd closes after each response); sample = 1000 / MiB/s'],
    ] as const) {
      for (const path of paths) {
        const how = `${path.netnsPid === undefined ? '' : 'nsenter --net=<container> '}${method}`;
        if (!wrk) subjects.push({ ...missingSubject(path.name, how, 'wrk is not installed (apt-get install wrk)'), metric });
        else if (path.netnsPid !== undefined && !nsenter)
          subjects.push({ ...missingSubject(path.name, how, 'nsenter is not installed (apt-get install util-linux)'), metric });
        else subjects.push(wrkSubject(wrk, path, web, metric, how, context.smoke, environment));
      }
    }

    const prepared: PreparedSuite = {
      subjects,
      environment,
      async cleanup() {
        const left = await web.remove();
        if (left.rules > 0 || left.veths.length > 0 || left.bridges.length > 0)
          throw new Error(`teardown left ${left.rules} rules, veths [${left.veths.join(', ')}], bridges [${left.bridges.join(', ')}] (swept now)`);
        context.log(`network: removed ${web.prefix}-* (container, veth, rules, bridge); sweep found nothing left`);
      },
    };
    return prepared;
  },
};

function nodeConnect(path: Path, web: WebContainer): Subject {
  return {
    name: path.name,
    metric: CONNECT_NODE,
    method: `Node http.request without an agent: new TCP connection, GET ${web.smallPath}, read, close (wall time)`,
    run: () => getOnNewConnection(path.host, path.port, web.smallPath),
  };
}

function wrkSubject(wrk: string, path: Path, web: WebContainer, metric: string, method: string, smoke: boolean, environment: Record<string, string>): Subject {
  const throughput = metric === TRANSFER_WRK;
  // wrk runs for whole seconds: one 1 s run in smoke mode, otherwise five 3 s runs after one warm-up.
  const warmupIterations = smoke ? 0 : 1;
  const reports: WrkReport[] = [];
  return {
    name: path.name,
    metric,
    method: `${method}; ${smoke ? '1 run of 1 s' : '5 runs of 3 s after a warm-up run'}`,
    budget: { iterations: 5, smokeIterations: 1, warmupIterations },
    async run() {
      const report = await runWrk(wrk, {
        url: `http://${path.host}:${path.port}${throughput ? web.largePath : web.smallPath}`,
        connections: throughput ? 8 : 1,
        seconds: smoke ? 1 : 3,
        close: !throughput,
        netnsPid: path.netnsPid,
      });
      reports.push(report);
      return throughput ? 1000 / (report.bytesPerSecond / 2 ** 20) : 1000 / report.requestsPerSecond;
    },
    async teardown() {
      // wrk's own rates, for the report: the samples are their inverse.
      const measured = reports.slice(warmupIterations);
      if (measured.length === 0) return;
      const rps = summarize(measured.map((report) => report.requestsPerSecond)).median;
      const mib = summarize(measured.map((report) => report.bytesPerSecond / 2 ** 20)).median;
      const errors = measured.reduce((sum, report) => sum + report.socketErrors, 0);
      const requests = measured.reduce((sum, report) => sum + report.requests, 0);
      environment[`wrk ${path.name} ${throughput ? '1 MiB' : 'connect'}`] =
        `median ${rps.toFixed(0)} requests/s, ${mib.toFixed(1)} MiB/s over ${measured.length} runs; ${errors} socket errors in ${requests} requests`;
    },
  };
}

/** `wrk -v` prints its version and exits 1. */
function wrkVersion(wrk: string): string {
  const result = spawnSync(wrk, ['-v'], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.split('\n')[0]!.trim() || 'unknown';
}
