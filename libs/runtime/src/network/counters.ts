import { readFileSync } from 'node:fs';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import { validateInterfaceName } from './names.js';

export interface InterfaceCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

/**
 * Traffic counters of an interface inside a container, from /proc/<pid>/net/dev: that file
 * shows the network namespace of the process, so no namespace needs to be entered.
 */
export function interfaceCounters(pid: number, ifname = 'eth0'): InterfaceCounters {
  validateInterfaceName(ifname, 'ifname');
  if (!Number.isInteger(pid) || pid <= 0) throw new RuntimeError('INVALID_ARGUMENT', `pid: ${String(pid)} is not a process id`);
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/net/dev`, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new RuntimeError('ESRCH', `process ${pid} does not exist; has the container exited?`);
    throw error;
  }
  const counters = parseNetDev(text).get(ifname);
  if (!counters) throw new RuntimeError('NOT_FOUND', `the network namespace of process ${pid} has no interface ${ifname}`);
  return counters;
}

/**
 * /proc/net/dev: two header lines, then `name: rx bytes packets errs drop fifo frame
 * compressed multicast | tx bytes packets errs drop fifo colls carrier compressed`.
 */
export function parseNetDev(text: string): Map<string, InterfaceCounters> {
  const result = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (fields.length < 16) continue;
    result.set(line.slice(0, colon).trim(), {
      rxBytes: fields[0]!,
      rxPackets: fields[1]!,
      rxErrors: fields[2]!,
      rxDropped: fields[3]!,
      txBytes: fields[8]!,
      txPackets: fields[9]!,
      txErrors: fields[10]!,
      txDropped: fields[11]!,
    });
  }
  return result;
}
