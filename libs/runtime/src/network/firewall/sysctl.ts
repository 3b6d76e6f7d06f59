import { readFileSync, writeFileSync } from 'node:fs';
import { RuntimeError } from '../../model/runtime-error.js';
import { errnoOf } from '../../util/files.js';

/**
 * The two kernel switches NAT to and from bridges needs. Written through /proc/sys directly
 * (what `sysctl -w` does), with no process to start.
 */
function write(path: string, value: string, why: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === value) return;
    writeFileSync(path, value);
  } catch (error) {
    const code = errnoOf(error) ?? 'EIO';
    throw new RuntimeError(
      code,
      `${why}: cannot set ${path.replace('/proc/sys/', '').replaceAll('/', '.')} to ${value} (${code}); run as root on the host network namespace`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Containers on a bridge reach anything beyond the host only if the host routes for them.
 * Docker turns this on for the same reason; it is a host-wide switch that Berth never turns off,
 * since other software may rely on it once on.
 */
export function ensureIpForwarding(): void {
  write('/proc/sys/net/ipv4/ip_forward', '1', 'forwarding container traffic');
}

/**
 * Lets the kernel route packets from 127.0.0.0/8 out of the bridge: a host process connecting
 * to 127.0.0.1:PORT is DNATed to a container, and its packets keep their loopback source until
 * POSTROUTING masquerades them. Per bridge, and gone with the bridge. The risk it opens (a
 * container sending to the host's 127.0.0.1 through the bridge, CVE-2020-8558) is closed by a
 * BERTH-INPUT rule installed with every published port.
 */
export function enableRouteLocalnet(bridge: string): void {
  write(`/proc/sys/net/ipv4/conf/${bridge}/route_localnet`, '1', `publishing a loopback port on ${bridge}`);
}
