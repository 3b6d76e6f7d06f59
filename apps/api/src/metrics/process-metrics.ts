import { collectDefaultMetrics, Registry } from 'prom-client';

let registry: Registry | undefined;

/**
 * prom-client's default metrics of this Node.js process (CPU seconds, resident memory, open
 * file descriptors, heap, event-loop lag, GC): one registry per process, made on first use,
 * because what it measures is the process — every Nest application in it would report the
 * same numbers, and each collector set up again would add its own event-loop monitor.
 */
export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
