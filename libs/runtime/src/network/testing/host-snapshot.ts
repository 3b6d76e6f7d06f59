import { execFileSync } from 'node:child_process';

/**
 * What the network tests promise to leave as they found it: the host's links, its named
 * network namespaces and its firewall. Test-only.
 */
export interface NetworkSnapshot {
  links: string;
  netns: string;
  iptables: string;
}

export function networkSnapshot(): NetworkSnapshot {
  return {
    links: execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' }),
    netns: execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }),
    // Without the "# Generated … on <date>" lines, and with packet counters zeroed.
    iptables: execFileSync('iptables-save', { encoding: 'utf8' })
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .map((line) => line.replace(/\[\d+:\d+\]$/, '[0:0]'))
      .join('\n'),
  };
}

/**
 * The kernel reports a bridge's carrier (NO-CARRIER, state DOWN/UP) through linkwatch, up to a
 * second after its last port comes or goes. Comparisons therefore wait for the state to settle.
 */
const LINKWATCH_MS = 1_200;
const SETTLE_LIMIT_MS = 5_000;

/** A snapshot that stayed the same for longer than linkwatch's delay (bounded wait). */
export async function stableSnapshot(): Promise<NetworkSnapshot> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let last = networkSnapshot();
  let since = Date.now();
  while (Date.now() - since < LINKWATCH_MS && Date.now() < deadline) {
    await sleep(100);
    const next = networkSnapshot();
    if (!same(next, last)) [last, since] = [next, Date.now()];
  }
  return last;
}

/** Polls until the host matches `expected` (bounded); returns the last snapshot for the assertion. */
export async function snapshotMatching(expected: NetworkSnapshot): Promise<NetworkSnapshot> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let current = networkSnapshot();
  while (!same(current, expected) && Date.now() < deadline) {
    await sleep(100);
    current = networkSnapshot();
  }
  return current;
}

function same(a: NetworkSnapshot, b: NetworkSnapshot): boolean {
  return a.links === b.links && a.netns === b.netns && a.iptables === b.iptables;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The links of a container's network namespace (`ip -o link` inside it). */
export function containerLinks(pid: number): string {
  return execFileSync('nsenter', [`--net=/proc/${pid}/ns/net`, 'ip', '-o', 'link'], { encoding: 'utf8' });
}
